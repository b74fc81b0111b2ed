package complaints

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/complaints/call"
	"github.com/csidesk/csidesk/internal/postgres"
)

// topics are the words by which a low answer's name tells which of the default categories a
// complaint about it falls in, most telling first: an item on the explanation of the price is
// about price before it is about the sales process.
var topics = []struct {
	category string
	words    []string
}{
	{"设施环境", []string{"展厅", "环境", "休息区", "showroom", "facilit"}},
	{"服务态度", []string{"态度", "接待", "attitude", "manner", "welcome", "reception"}},
	{"价格收费", []string{"收费", "价格", "费用", "报价", "charge", "price", "cost"}},
	{"配件", []string{"配件", "parts"}},
	{"车辆清洁", []string{"清洁", "干净", "clean"}},
	{"等待时间", []string{"时间", "等待", "how long", "wait"}},
	{"交车", []string{"交车", "handover", "delivery"}},
	{"维修质量", []string{"维修", "钣金", "喷漆", "做好", "repair", "paint", "work done"}},
	{"销售过程", []string{"销售顾问", "试驾", "试乘", "购车", "sales consultant", "test drive", "buying"}},
	{"产品质量", []string{"精品", "质量", "accessor", "quality"}},
}

// topicOf is the default category a low answer's name speaks of, or "".
func topicOf(a call.LowAnswer) string {
	name := a.NameZH + " " + strings.ToLower(a.NameEN)
	for _, t := range topics {
		if slices.ContainsFunc(t.words, func(w string) bool { return strings.Contains(name, w) }) {
			return t.category
		}
	}
	return ""
}

// suggestCategory is the category a complaint about a call's low answers is suggested in: the
// topic of the lowest answer that has one, among the group's active categories; 0 when none
// fits, and customer service chooses.
func suggestCategory(ctx context.Context, tx pgx.Tx, tenantID int64, d call.Details) (int64, error) {
	cats, err := categories(ctx, tx, tenantID)
	if err != nil {
		return 0, err
	}
	low := slices.Clone(d.Low)
	slices.SortStableFunc(low, func(a, b call.LowAnswer) int { return cmp.Compare(a.Points, b.Points) })
	for _, a := range low {
		if i := slices.IndexFunc(cats, func(c Category) bool { return c.NameZH == topicOf(a) }); i >= 0 {
			return cats[i].ID, nil
		}
	}
	return 0, nil
}

// suggest gives a form a call just opened the departments its low answers are scored for (those
// of its store) and the category of the lowest, for customer service to confirm or change when
// it dispatches the form. Other forms have no low answers, and get nothing.
func suggest(ctx context.Context, tx pgx.Tx, tenantID, id int64) error {
	var d call.Details
	if err := tx.QueryRow(ctx, `SELECT details FROM complaints WHERE tenant_id = $1 AND id = $2`, tenantID, id).Scan(&d); err != nil {
		return postgres.Err("complaints.Suggest", err)
	}
	if len(d.Low) == 0 {
		return nil
	}
	category, err := suggestCategory(ctx, tx, tenantID, d)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE complaints SET category_id = nullif($3, 0) WHERE tenant_id = $1 AND id = $2`, tenantID, id, category)
	if err != nil {
		return postgres.Err("complaints.Suggest", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO complaint_departments (tenant_id, complaint_id, store_id, department_id)
		SELECT c.tenant_id, c.id, c.store_id, d.id FROM complaints c
		JOIN departments d ON d.tenant_id = $1 AND d.store_id = c.store_id AND d.id = ANY($3)
		WHERE c.tenant_id = $1 AND c.id = $2`, tenantID, id, d.Departments())
	if err != nil {
		return postgres.Err("complaints.Suggest", err)
	}
	return KeepDepartmentIDs(ctx, tx, tenantID, id)
}
