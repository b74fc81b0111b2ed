package customers

import (
	"context"
	"io"
	"strings"

	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/web/views/components"
	"github.com/csidesk/csidesk/web/views/workbook"
)

// ListExcel writes a search's customers as a workbook in the reader's language: the search on
// top, then a row per customer with the page's columns, phones shown as the page shows them.
func ListExcel(ctx context.Context, w io.Writer, head components.ListHead, query string, found []customers.Match, acc Access) error {
	q := query
	if q == "" {
		q = i18n.T(ctx, "customers.search_all")
	}
	head.Filters = []workbook.Fact{{Label: i18n.T(ctx, "customers.search_for"), Value: q}}
	book, s := components.ListSheet(ctx, i18n.T(ctx, "nav.customers"), head)
	s.Header(i18n.T(ctx, "field.name"), i18n.T(ctx, "field.phone"), i18n.T(ctx, "field.plate"), i18n.T(ctx, "field.city"),
		i18n.T(ctx, "customers.contact"))
	for _, m := range found {
		contact := ""
		if !m.Reachable() {
			contact = i18n.T(ctx, "customers.no_contact")
		}
		s.Row(workbook.Text(m.Name), workbook.Text(acc.Phone(m.Phone)), workbook.Text(strings.Join(m.Plates, " ")),
			workbook.Text(m.City), workbook.Text(contact))
	}
	return book.Write(w)
}
