package server

import (
	"net/http"

	"github.com/csidesk/csidesk/internal/benchmarks"
	"github.com/csidesk/csidesk/internal/tenancy"
	views "github.com/csidesk/csidesk/web/views/benchmarks"
	"github.com/csidesk/csidesk/web/views/components"
)

// handleBenchmarkItems serves GET /benchmarks/items: the group's item catalogue.
func (s *Server) handleBenchmarkItems(w http.ResponseWriter, r *http.Request) {
	s.renderBenchmarkItems(w, r, http.StatusOK, views.ItemForm{Programme: string(benchmarks.CSI)}, nil)
}

func (s *Server) renderBenchmarkItems(w http.ResponseWriter, r *http.Request, code int, f views.ItemForm, errs components.Errors) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	items, err := s.benchmarks.Items(ctx, tenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	shorts, err := s.benchmarks.ItemShorts(ctx, tenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, code, views.Items(s.shell(w, r, "benchmarks.items"),
		views.ItemsPage{Items: items, Form: f, Errs: errs, Shorts: shorts, Tabs: benchmarkTabs(r)}))
}

// handleBenchmarkItemCreate serves POST /benchmarks/items: add an item to the catalogue.
func (s *Server) handleBenchmarkItemCreate(w http.ResponseWriter, r *http.Request) {
	var f views.ItemForm
	errs, ok := s.submit(w, r, &f, func() error {
		it := itemOf(f)
		return s.benchmarks.SaveItem(r.Context(), principal(r).TenantID, &it)
	})
	switch {
	case !ok:
	case errs != nil:
		s.renderBenchmarkItems(w, r, http.StatusUnprocessableEntity, f, errs)
	default:
		s.redirect(w, r, "/benchmarks/items", "flash.benchmark_item_saved")
	}
}

// handleBenchmarkItem serves GET /benchmarks/items/{benchmarkItemID}: an item's form.
func (s *Server) handleBenchmarkItem(w http.ResponseWriter, r *http.Request) {
	it, err := s.pathBenchmarkItem(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := views.ItemForm{Programme: string(it.Programme), Name: it.Name, ItemShort: it.ItemShort,
		DepartmentKind: string(it.DepartmentKind)}
	s.renderBenchmarkItem(w, r, http.StatusOK, it, f, nil)
}

func (s *Server) renderBenchmarkItem(w http.ResponseWriter, r *http.Request, code int, it benchmarks.Item, f views.ItemForm, errs components.Errors) {
	shorts, err := s.benchmarks.ItemShorts(r.Context(), principal(r).TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, code, views.Item(s.shell(w, r, "benchmarks.items"),
		views.ItemPage{ID: it.ID, Name: it.Name, Form: f, Errs: errs, Shorts: shorts, Tabs: benchmarkTabs(r)}))
}

// handleBenchmarkItemUpdate serves POST /benchmarks/items/{benchmarkItemID}: rename an item,
// link it to a questionnaire item, or give its actions a department.
func (s *Server) handleBenchmarkItemUpdate(w http.ResponseWriter, r *http.Request) {
	old, err := s.pathBenchmarkItem(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var f views.ItemForm
	errs, ok := s.submit(w, r, &f, func() error {
		it := itemOf(f)
		it.ID = old.ID
		return s.benchmarks.SaveItem(r.Context(), principal(r).TenantID, &it)
	})
	switch {
	case !ok:
	case errs != nil:
		s.renderBenchmarkItem(w, r, http.StatusUnprocessableEntity, old, f, errs)
	default:
		s.redirect(w, r, "/benchmarks/items", "flash.benchmark_item_saved")
	}
}

func (s *Server) pathBenchmarkItem(r *http.Request) (benchmarks.Item, error) {
	id, err := pathID(r, "benchmarkItemID")
	if err != nil {
		return benchmarks.Item{}, err
	}
	return s.benchmarks.Item(r.Context(), principal(r).TenantID, id)
}

// itemOf is the item a form posts.
func itemOf(f views.ItemForm) benchmarks.Item {
	return benchmarks.Item{Programme: benchmarks.Programme(f.Programme), Name: f.Name, ItemShort: f.ItemShort,
		DepartmentKind: tenancy.DepartmentKind(f.DepartmentKind)}
}
