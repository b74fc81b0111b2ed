package server

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/web/views/components"
	views "github.com/csidesk/csidesk/web/views/improve"
)

// actionPageSize is how many actions a page of the list shows.
const actionPageSize = 50

// registerActionRoutes registers the improvement action pages: everyone follows the actions of
// their stores and departments and adds evidence to their own; managers open, edit and move them.
func (s *Server) registerActionRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayFollowActions))
		r.Get("/actions", s.handleActionList)
		r.Get("/actions.xlsx", s.handleActionList)
		r.Get("/actions/{actionID}", s.handleAction)
		r.Post("/actions/{actionID}/evidence", s.handleEvidenceAdd)
		r.Get("/actions/{actionID}/evidence/{evidenceID}", s.handleEvidenceFile)
	})
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayManageActions))
		r.Get("/actions/new", s.handleActionNew)
		r.Post("/actions", s.handleActionCreate)
		r.Post("/actions/{actionID}", s.handleActionEdit)
		r.Post("/actions/{actionID}/stage", s.handleActionStage)
	})
}

// improveActor is the requesting person as the PDCA machine sees them.
func improveActor(r *http.Request) improve.Actor {
	p := principal(r)
	return improve.Actor{UserID: p.UserID, Memberships: p.Memberships}
}

// handleActionList serves GET /actions and /actions.xlsx?store=&department=&owner=&stage=&state=
// &page=: the improvement actions the filters choose (提升行动计划表), a page of them or, as a
// workbook, every one up to exportCap.
func (s *Server) handleActionList(w http.ResponseWriter, r *http.Request) {
	excel := strings.HasSuffix(r.URL.Path, ".xlsx")
	page, err := s.actionList(r, excel)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !excel {
		s.render(w, r, http.StatusOK, views.List(s.shell(w, r, "improve.title"), page))
		return
	}
	items, cut := upToCap(page.Items)
	page.Items = items
	title := i18n.T(r.Context(), "improve.sheet")
	head := s.listHead(r, title, page.Stores, page.Filter.StoreID, len(items), cut)
	s.sendList(w, r, head, views.StoreName(r.Context(), page), "improvement-actions", func(out io.Writer) error {
		return views.ListExcel(r.Context(), out, head, page)
	})
}

// actionList reads the list's filters and the actions they choose: a page of them, or for a
// workbook the first exportCap and one more.
func (s *Server) actionList(r *http.Request, excel bool) (views.ListPage, error) {
	ctx, tenantID, q := r.Context(), principal(r).TenantID, r.URL.Query()
	stores, storeID, err := s.pickStore(r, true)
	if err != nil {
		return views.ListPage{}, err
	}
	number := func(name string) int64 { n, _ := strconv.ParseInt(q.Get(name), 10, 64); return n }
	f := improve.Filter{StoreID: storeID, DepartmentID: number("department"), OwnerID: number("owner"),
		Stage: improve.Stage(q.Get("stage")), State: improve.State(q.Get("state")), Limit: actionPageSize}
	pageNo := max(1, int(number("page")))
	f.Offset = (pageNo - 1) * actionPageSize
	if excel {
		f.Limit, f.Offset = exportCap+1, 0
	}
	f.Clean()
	p := views.ListPage{Stores: stores, Filter: f, Now: s.now(), MayOpen: mayManageActions.heldBy(principal(r))}
	if storeID != 0 {
		if p.Departments, err = s.tenancy.Departments(ctx, tenantID, storeID); err != nil {
			return p, err
		}
	}
	if p.Owners, err = s.improve.Owners(ctx, tenantID); err != nil {
		return p, err
	}
	p.Items, p.Pager.Total, err = s.improve.List(ctx, tenantID, f)
	p.Pager = components.Pager{Base: "/actions", Query: views.Query(f), Page: pageNo, Size: actionPageSize, Total: p.Pager.Total}
	return p, err
}
