package incentives

import (
	"context"
	"fmt"
	"io"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/incentives"
	"github.com/csidesk/csidesk/web/views/workbook"
)

// StatementExcel writes the statement as a workbook in the reader's language: a sheet of its
// lines as the page has them, and a payroll sheet with one row per person, by employee number.
func StatementExcel(ctx context.Context, w io.Writer, p StatementPage) error {
	book := workbook.New()
	linesSheet(ctx, book, p)
	payrollSheet(ctx, book, p)
	return book.Write(w)
}

// heading is the block that opens each sheet: the store, the month and the statement's status.
func heading(ctx context.Context, s *workbook.Sheet, title string, p StatementPage) {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	st := p.Statement
	status := t("incentives.draft") + " · " + t("incentives.made_at", "At", when(p.Now))
	if st.Approved {
		status = t("incentives.approved_by", "Name", st.ApprovedBy, "At", when(st.ApprovedAt))
	}
	s.Heading(title,
		workbook.Fact{Label: t("field.store"), Value: st.Store},
		workbook.Fact{Label: t("incentives.month"), Value: Month(st.Month)},
		workbook.Fact{Label: t("incentives.status"), Value: status})
}

// linesSheet writes every line with its person, department, rule, reason and amount, then the
// store's total.
func linesSheet(ctx context.Context, book *workbook.Book, p StatementPage) {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	s := book.Sheet(t("incentives.title"))
	heading(ctx, s, t("incentives.title"), p)
	s.Header(t("incentives.person"), t("incentives.employee_no_head"), t("incentives.department"), t("incentives.rule_col"),
		t("incentives.reason"), t("incentives.amount_yuan"), t("incentives.cut_head"), t("incentives.adjusts_head"))
	for _, l := range p.Statement.Lines {
		reason := CauseText(ctx, l)
		for _, id := range l.Cause.ComplaintIDs {
			reason += " " + t("incentives.complaint_no", "ID", id)
		}
		adj := ""
		if l.Adjustment() {
			adj = adjusts(ctx, l)
		}
		s.Row(workbook.Text(l.Person), workbook.Text(l.EmployeeNo), workbook.Text(department(ctx, l)), workbook.Text(Rule(ctx, l)),
			workbook.Text(reason), money(l.AmountFen), cut(l.Percent), workbook.Text(adj))
	}
	if !p.Partial {
		s.Row(workbook.Text(t("incentives.store_total")), workbook.Empty(), workbook.Empty(), workbook.Empty(), workbook.Empty(),
			workbook.Yuan(int64(p.Statement.StoreFen)))
	}
}

// payrollSheet writes one row per person: employee number, name, department, the total in yuan
// and the commission cut, as payroll takes them.
func payrollSheet(ctx context.Context, book *workbook.Book, p StatementPage) {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	s := book.Sheet(t("incentives.payroll"))
	heading(ctx, s, t("incentives.payroll"), p)
	s.Header(t("incentives.employee_no_head"), t("incentives.person"), t("incentives.department"), t("incentives.amount_yuan"),
		t("incentives.cut_head"))
	for _, pt := range p.Statement.People {
		s.Row(workbook.Text(pt.EmployeeNo), workbook.Text(pt.Person), workbook.Text(totalDepartment(ctx, pt)),
			workbook.Yuan(int64(pt.Fen)), cut(pt.Percent))
	}
}

// money is an amount, red when it is a fine, empty for none.
func money(f incentives.Fen) workbook.Cell {
	switch {
	case f == 0:
		return workbook.Empty()
	case f < 0:
		return workbook.Yuan(int64(f)).Marked(workbook.Fail)
	}
	return workbook.Yuan(int64(f))
}

// cut is a commission cut in percent, empty for none.
func cut(percent float64) workbook.Cell {
	if percent == 0 {
		return workbook.Empty()
	}
	return workbook.Figure(percent)
}

// File names the statement's workbook: its store and month, and a plain ASCII name for the
// browsers that cannot take the first.
func File(ctx context.Context, p StatementPage) (name, fallback string) {
	m := Month(p.Statement.Month)
	return workbook.FileName(i18n.T(ctx, "incentives.title"), p.Statement.Store, m),
		fmt.Sprintf("csi-desk-incentives-%s-store-%d.xlsx", m, p.Statement.StoreID)
}
