package server

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/tenancy"
	cviews "github.com/csidesk/csidesk/web/views/complaints"
	"github.com/csidesk/csidesk/web/views/components"
	custviews "github.com/csidesk/csidesk/web/views/customers"
	fviews "github.com/csidesk/csidesk/web/views/followups"
	"github.com/csidesk/csidesk/web/views/workbook"
)

// exportCap is the most rows an exported list holds; the workbook says when the list had more.
const exportCap = 5000

// registerExportRoutes adds the Excel exports of the lists, each beside its page and open to
// whom the page is: the same query, the same scope, every matching row up to exportCap.
func (s *Server) registerExportRoutes(r chi.Router) {
	r.Get("/complaints.xlsx", s.handleComplaintQueueExcel)
	r.Get("/customers.xlsx", s.handleCustomerListExcel)
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayWorkCalls))
		r.Get("/worklist.xlsx", s.handleWorklistExcel)
	})
}

// handleWorklistExcel serves GET /worklist.xlsx?tab=&store=&kind=&department=&assigned=: the
// calls of the worklist's tab that its filters choose, as a workbook.
func (s *Server) handleWorklistExcel(w http.ResponseWriter, r *http.Request) {
	f, _ := worklistFilter(r.URL.Query())
	stores, storeID, err := s.pickStore(r, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.StoreID, f.Limit, f.Offset = storeID, exportCap+1, 0
	list, err := s.followups.Worklist(r.Context(), principal(r).TenantID, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items, cut := upToCap(list.Items)
	title := fviews.WorklistTitle(r.Context(), f.Tab)
	x := fviews.WorklistExport{Head: s.listHead(r, title, stores, storeID, len(items), cut), Filter: f,
		Store: storeOf(stores, storeID).Name, Items: items, Access: access(r)}
	s.sendList(w, r, x.Head, x.Store, "worklist-"+string(f.Tab), func(out io.Writer) error {
		return fviews.WorklistExcel(r.Context(), out, x)
	})
}

// handleComplaintQueueExcel serves GET /complaints.xlsx?tab=: the forms of one of the user's
// queues, every form they follow without a tab, as a workbook.
func (s *Server) handleComplaintQueueExcel(w http.ResponseWriter, r *http.Request) {
	ctx, who := r.Context(), actor(r)
	tab := complaints.Tab(r.URL.Query().Get("tab"))
	if !slices.Contains(complaints.TabsFor(who), tab) {
		tab = complaints.TabAll
	}
	stores, err := s.tenancy.Stores(ctx, principal(r).TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items, err := s.complaints.QueueUpTo(ctx, principal(r).TenantID, who, tab, exportCap+1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items, cut := upToCap(items)
	title := cviews.QueueTitle(ctx, tab)
	head := s.listHead(r, title, stores, 0, len(items), cut)
	s.sendList(w, r, head, "", "complaints-"+string(tab), func(out io.Writer) error {
		return cviews.QueueExcel(ctx, out, head, tab, items, s.now())
	})
}

// handleCustomerListExcel serves GET /customers.xlsx?q=: the customers a search finds, up to
// the search's own cap, as a workbook.
func (s *Server) handleCustomerListExcel(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), strings.TrimSpace(r.URL.Query().Get("q"))
	stores, err := s.tenancy.Stores(ctx, principal(r).TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.customers.Search(ctx, principal(r).TenantID, customers.Filter{Q: q, Limit: customers.SearchCap})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	title := i18n.T(ctx, "customers.export_title")
	head := s.listHead(r, title, stores, 0, len(res.Customers), res.Capped)
	s.sendList(w, r, head, q, "customers", func(out io.Writer) error {
		return custviews.ListExcel(ctx, out, head, q, res.Customers, access(r))
	})
}

// upToCap keeps the first exportCap rows of a list read with one row more, and says whether
// there were more.
func upToCap[T any](rows []T) ([]T, bool) {
	if len(rows) > exportCap {
		return rows[:exportCap], true
	}
	return rows, false
}

// listHead heads an exported list: its title, who exports it, and when, in the time zone of
// the list's store or else of the first store the person holds.
func (s *Server) listHead(r *http.Request, title string, stores []tenancy.Store, storeID int64, rows int, cut bool) components.ListHead {
	st := storeOf(stores, storeID)
	if st.ID == 0 && len(stores) > 0 {
		st = stores[0]
	}
	return components.ListHead{Title: title, By: principal(r).Name, At: s.now().In(tenancy.Location(st.TimeZone)),
		Rows: rows, Cut: cut}
}

// sendList answers with an exported list's workbook, named after its title, what chose it (a
// store, a search) and the day it was made, with an ASCII name built from slug for the
// browsers that cannot take the first.
func (s *Server) sendList(w http.ResponseWriter, r *http.Request, head components.ListHead, chosen, slug string, write func(io.Writer) error) {
	day := head.At.Format("2006-01-02")
	name := workbook.FileName(strings.ReplaceAll(head.Title, " · ", "-"), chosen, day)
	s.sendWorkbook(w, r, name, fmt.Sprintf("csi-desk-%s-%s.xlsx", slug, day), write)
}
