package components

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/web/views/workbook"
)

// ListHead is what heads an exported list, so that a printed or filed copy says what it holds:
// which list, the filters that chose it, who exported it and when, and how many rows it holds.
type ListHead struct {
	// Title names the list, translated.
	Title string
	// Filters are the page's filters as they were chosen, translated.
	Filters []workbook.Fact
	// By is the name of the person exporting; At is when, in the store's time zone.
	By string
	At time.Time
	// Rows is how many rows the sheet holds; Cut says the list had more than that.
	Rows int
	Cut  bool
}

// ListSheet starts the workbook of an exported list: one sheet named name under the list's
// heading, with a note when the list was cut, ready for its header row.
func ListSheet(ctx context.Context, name string, h ListHead) (*workbook.Book, *workbook.Sheet) {
	book := workbook.New()
	s := book.Sheet(name)
	s.Heading(h.Title, append(slices.Clone(h.Filters),
		workbook.Fact{Label: i18n.T(ctx, "field.exported_by"), Value: h.By},
		workbook.Fact{Label: i18n.T(ctx, "field.exported_at"), Value: h.At.Format("2006-01-02 15:04")},
		workbook.Fact{Label: i18n.T(ctx, "field.rows"), Value: strconv.Itoa(h.Rows)})...)
	if h.Cut {
		s.Note(i18n.T(ctx, "field.export_cut", "Count", h.Rows))
	}
	s.Note("") // a blank row between the heading and the list
	return book, s
}
