package complaints

import (
	"context"
	"io"
	"time"

	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/web/views/components"
	"github.com/csidesk/csidesk/web/views/workbook"
)

// QueueTitle names a queue, as its workbook's heading and file do.
func QueueTitle(ctx context.Context, tab complaints.Tab) string {
	return i18n.T(ctx, "complaints.export_title", "Tab", i18n.T(ctx, "complaints.tab_"+string(tab)))
}

// QueueExcel writes a queue's forms as a workbook in the reader's language: a row per form
// with the page's columns, times in each form's store's time zone, the time left at now.
func QueueExcel(ctx context.Context, w io.Writer, head components.ListHead, tab complaints.Tab, items []complaints.Item, now time.Time) error {
	head.Filters = []workbook.Fact{{Label: i18n.T(ctx, "complaints.queue"), Value: i18n.T(ctx, "complaints.tab_"+string(tab))}}
	book, s := components.ListSheet(ctx, i18n.T(ctx, "nav.complaints"), head)
	s.Header("#", i18n.T(ctx, "worklist.customer"), i18n.T(ctx, "complaints.severity"), i18n.T(ctx, "field.store"),
		i18n.T(ctx, "complaints.opened_at"), i18n.T(ctx, "complaints.next_deadline"), i18n.T(ctx, "complaints.time_left"),
		i18n.T(ctx, "complaints.status"), i18n.T(ctx, "complaints.appeal"), i18n.T(ctx, "complaints.category"))
	for _, it := range items {
		s.Row(queueRow(ctx, it, now)...)
	}
	return book.Write(w)
}

// queueRow is a form's row: the overdue time left in red, as the page shows it.
func queueRow(ctx context.Context, it complaints.Item, now time.Time) []workbook.Cell {
	deadline, left := "", workbook.Empty()
	if cur, ok := it.Current(); ok {
		deadline, left = at(cur.DueAt, it.TimeZone), workbook.Text(timeLeft(ctx, cur, now))
		if cur.PausedAt != nil {
			left = workbook.Text(pausedText(ctx, cur, it.TimeZone))
		}
	}
	if it.Overdue(now) {
		left = left.Marked(workbook.Fail)
	}
	appeal := ""
	if it.Appeal != "" {
		appeal = i18n.T(ctx, "complaints.appeal_"+string(it.Appeal))
	}
	return []workbook.Cell{workbook.Count(int(it.ID)), workbook.Text(it.CustomerName),
		workbook.Text(i18n.T(ctx, "complaints.severity_"+string(it.Severity))), workbook.Text(it.StoreName),
		workbook.Text(at(it.OpenedAt, it.TimeZone)), workbook.Text(deadline), left,
		workbook.Text(i18n.T(ctx, "complaints.status_"+string(it.Status))), workbook.Text(appeal),
		workbook.Text(categoryName(ctx, it.CategoryZH, it.CategoryEN))}
}
