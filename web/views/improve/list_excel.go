package improve

import (
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/components"
	"github.com/csidesk/csidesk/web/views/workbook"
)

// columns are the plan sheet's columns in the seeds' order (提升行动计划表): 序号, 门店, 部门, 弱项,
// 基线, 目标, 原因分析, 改善措施, 责任人, 完成时间, PDCA阶段, 效果, 状态.
var columns = []string{"improve.col_no", "field.store", "improve.department", "improve.weakness", "improve.baseline",
	"improve.target", "improve.cause_analysis", "improve.measure", "improve.owner", "improve.due_on", "improve.stage",
	"improve.effect", "improve.status"}

// covers says what the list holds: its store (or every store held), its filters and how many
// actions they choose.
func covers(ctx context.Context, p ListPage) string {
	parts := []string{StoreName(ctx, p)}
	for _, f := range filterFacts(ctx, p) {
		parts = append(parts, f.Label+"："+f.Value)
	}
	return strings.Join(append(parts, i18n.T(ctx, "improve.count", "Count", p.Pager.Total)), " · ")
}

// filterFacts are the filters chosen beyond the store, named in the reader's language.
func filterFacts(ctx context.Context, p ListPage) []workbook.Fact {
	var out []workbook.Fact
	if i := slices.IndexFunc(p.Departments, func(d tenancy.Department) bool { return d.ID == p.Filter.DepartmentID }); i >= 0 {
		d := p.Departments[i]
		out = append(out, workbook.Fact{Label: i18n.T(ctx, "improve.department"), Value: components.DepartmentName(ctx, string(d.Kind), d.Name)})
	}
	if i := slices.IndexFunc(p.Owners, func(o improve.Person) bool { return o.ID == p.Filter.OwnerID }); i >= 0 {
		out = append(out, workbook.Fact{Label: i18n.T(ctx, "improve.owner"), Value: p.Owners[i].Name})
	}
	if p.Filter.Stage != "" {
		out = append(out, workbook.Fact{Label: i18n.T(ctx, "improve.stage"), Value: stageName(ctx, p.Filter.Stage)})
	}
	if p.Filter.State != "" {
		out = append(out, workbook.Fact{Label: i18n.T(ctx, "improve.status"), Value: i18n.T(ctx, "improve.state_"+string(p.Filter.State))})
	}
	return out
}

// ListExcel writes the plan sheet of the list's actions as a workbook in the reader's language,
// in the page's columns, the overdue ones marked red.
func ListExcel(ctx context.Context, w io.Writer, head components.ListHead, p ListPage) error {
	head.Filters = append([]workbook.Fact{{Label: i18n.T(ctx, "field.store"), Value: StoreName(ctx, p)}}, filterFacts(ctx, p)...)
	book, s := components.ListSheet(ctx, i18n.T(ctx, "improve.sheet"), head)
	names := make([]string, len(columns))
	for i, key := range columns {
		names[i] = i18n.T(ctx, key)
	}
	s.Header(names...)
	for i, a := range p.Items {
		s.Row(excelRow(ctx, i+1, a, scores.Date(p.Now, a.Location()))...)
	}
	return book.Write(w)
}

// excelRow is an action's row of the plan sheet.
func excelRow(ctx context.Context, n int, a improve.Action, today time.Time) []workbook.Cell {
	status := workbook.Text(Status(ctx, a, today))
	if a.Overdue(today) {
		status = status.Marked(workbook.Fail)
	}
	return []workbook.Cell{workbook.Count(n), workbook.Text(a.StoreName), workbook.Text(department(ctx, a)),
		workbook.Text(a.Weakness), figureCell(a.Baseline), figureCell(a.Target), workbook.Text(a.CauseAnalysis),
		workbook.Text(a.Measure), workbook.Text(a.OwnerName), workbook.Text(dateOr(a.DueOn)),
		workbook.Text(stageName(ctx, a.Stage)), workbook.Text(a.Effect), status}
}

// figureCell is a baseline or target as a number, or empty.
func figureCell(v *float64) workbook.Cell {
	if v == nil {
		return workbook.Empty()
	}
	return workbook.Figure(*v)
}

// StoreName is the list's store, or every store held: what chose its workbook.
func StoreName(ctx context.Context, p ListPage) string {
	if i := slices.IndexFunc(p.Stores, func(st tenancy.Store) bool { return st.ID == p.Filter.StoreID }); i >= 0 {
		return p.Stores[i].Name
	}
	return i18n.T(ctx, "improve.all_stores")
}
