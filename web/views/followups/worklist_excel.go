package followups

import (
	"context"
	"io"

	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/web/views/components"
	views "github.com/csidesk/csidesk/web/views/customers"
	"github.com/csidesk/csidesk/web/views/workbook"
)

// WorklistExport is a worklist tab to export: the calls its filters chose, as the page lists
// them, and the store they were chosen in ("" for all the stores held).
type WorklistExport struct {
	Head   components.ListHead
	Filter followups.WorkFilter
	Store  string
	Items  []followups.WorkItem
	Access views.Access
}

// WorklistTitle names a worklist tab, as its workbook's heading and file do.
func WorklistTitle(ctx context.Context, tab followups.Tab) string {
	return i18n.T(ctx, "worklist.export_title", "Tab", i18n.T(ctx, "worklist.tab_"+string(tab)))
}

// WorklistExcel writes the calls as a workbook in the reader's language: the tab and filters
// on top, then a row per call with the page's columns, phones shown as the page shows them.
func WorklistExcel(ctx context.Context, w io.Writer, x WorklistExport) error {
	x.Head.Filters = worklistFilters(ctx, x.Filter, x.Store)
	book, s := components.ListSheet(ctx, i18n.T(ctx, "nav.worklist"), x.Head)
	s.Header(i18n.T(ctx, "worklist.customer"), i18n.T(ctx, "field.phone"), i18n.T(ctx, "worklist.reason"),
		i18n.T(ctx, "field.store"), i18n.T(ctx, "worklist.due"), i18n.T(ctx, "worklist.dropped_on"),
		i18n.T(ctx, "worklist.attempts"), i18n.T(ctx, "worklist.attempts_allowed"), i18n.T(ctx, "worklist.tried_today"),
		i18n.T(ctx, "worklist.holder"))
	for _, it := range x.Items {
		s.Row(workbook.Text(it.CustomerName), workbook.Text(x.Access.Phone(it.Phone)),
			workbook.Text(i18n.T(ctx, "reason."+string(it.Reason))), workbook.Text(it.StoreName),
			workbook.Text(dueText(ctx, it)), workbook.Text(it.ExpiresOn.Format("2006-01-02")),
			workbook.Count(it.Attempts), workbook.Count(it.MaxAttempts), workbook.Text(yes(ctx, it.TriedToday)),
			workbook.Text(holderText(ctx, it)))
	}
	return book.Write(w)
}

// worklistFilters are the filters of the page as it shows them: the store, the kind, the
// department and who the calls are assigned to.
func worklistFilters(ctx context.Context, f followups.WorkFilter, store string) []workbook.Fact {
	t := func(key string) string { return i18n.T(ctx, key) }
	if store == "" {
		store = t("worklist.all_stores")
	}
	dept := t("worklist.all_departments")
	if f.Department != "" {
		dept = t("department." + string(f.Department))
	}
	assigned := t("worklist.assigned_any")
	if f.Unassigned {
		assigned = t("worklist.assigned_none")
	}
	return []workbook.Fact{{Label: t("field.store"), Value: store}, {Label: t("worklist.kind"), Value: t("worklist.kind_" + kindKey(f.Kind))},
		{Label: t("field.department"), Value: dept}, {Label: t("worklist.assigned"), Value: assigned}}
}

// holderText says who is calling, or whom the call is assigned to, by name.
func holderText(ctx context.Context, it followups.WorkItem) string {
	switch {
	case it.HolderID != 0:
		return i18n.T(ctx, "worklist.claimed_by", "Name", it.HolderName)
	case it.AssignedID != 0:
		return i18n.T(ctx, "worklist.assigned_to", "Name", it.AssignedTo)
	}
	return ""
}

// yes marks a yes in a column that says what it means.
func yes(ctx context.Context, b bool) string {
	if b {
		return i18n.T(ctx, "field.yes")
	}
	return ""
}
