package complaints

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Category is a kind of complaint; a group keeps its own list.
type Category struct {
	ID     int64
	NameZH string
	NameEN string
}

// DefaultCategories are the categories of SPEC §5 a group starts with.
var DefaultCategories = []Category{
	{0, "服务态度", "Staff attitude"}, {0, "维修质量", "Repair quality"}, {0, "等待时间", "Waiting time"},
	{0, "价格收费", "Price and charges"}, {0, "配件", "Parts"}, {0, "车辆清洁", "Cleanliness"},
	{0, "销售过程", "Sales process"}, {0, "交车", "Delivery"}, {0, "产品质量", "Product quality"},
	{0, "设施环境", "Facilities"}, {0, "其他", "Other"},
}

// Categories lists the group's active categories in their order, giving a group without any the
// defaults first.
func (s *Service) Categories(ctx context.Context, tenantID int64) ([]Category, error) {
	var list []Category
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		list, err = categories(ctx, tx, tenantID)
		return err
	})
	return list, err
}

// categories gives the group the defaults when it has no category, and lists the active ones.
func categories(ctx context.Context, tx pgx.Tx, tenantID int64) ([]Category, error) {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM complaint_categories WHERE tenant_id = $1`, tenantID).Scan(&n); err != nil {
		return nil, postgres.Err("complaints.Categories", err)
	}
	for i, c := range DefaultCategories {
		if n > 0 {
			break
		}
		_, err := tx.Exec(ctx, `INSERT INTO complaint_categories (tenant_id, name_zh, name_en, position) VALUES ($1, $2, $3, $4)
			ON CONFLICT (tenant_id, name_zh) DO NOTHING`, tenantID, c.NameZH, c.NameEN, i)
		if err != nil {
			return nil, postgres.Err("complaints.Categories", err)
		}
	}
	rows, _ := tx.Query(ctx, `SELECT id, name_zh, name_en FROM complaint_categories
		WHERE tenant_id = $1 AND active ORDER BY position, id`, tenantID)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Category])
	if err != nil {
		return nil, postgres.Err("complaints.Categories", err)
	}
	return list, nil
}
