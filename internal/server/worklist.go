package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/components"
	views "github.com/csidesk/csidesk/web/views/followups"
)

// worklistPageSize is how many tasks a worklist page shows.
const worklistPageSize = 50

func (s *Server) registerWorklistRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayWorkCalls))
		r.Get("/worklist", s.handleWorklist)
		r.Post("/worklist/{taskID}/claim", s.handleTaskClaim)
		r.Post("/worklist/{taskID}/release", s.handleTaskRelease)
	})
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayAssignCalls))
		r.Post("/worklist/{taskID}/assign", s.handleTaskAssign)
	})
}

// worklistFilter reads the worklist's query: tab, kind, department, unassigned only, and page.
func worklistFilter(q url.Values) (followups.WorkFilter, int) {
	f := followups.WorkFilter{Tab: followups.Tab(q.Get("tab")), Kind: q.Get("kind"), Limit: worklistPageSize}
	if !slices.Contains(followups.Tabs, f.Tab) {
		f.Tab = followups.DueToday
	}
	if !slices.Contains(views.WorklistKinds, f.Kind) {
		f.Kind = ""
	}
	if d := tenancy.DepartmentKind(q.Get("department")); followups.DepartmentReasons[d] != nil {
		f.Department = d
	}
	f.Unassigned = q.Get("assigned") == "none"
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	f.Offset = (page - 1) * worklistPageSize
	return f, page
}

// handleWorklist serves GET /worklist?tab=&store=&kind=&page=: the calls to make, in one store
// held or, for those who hold several, in all of them.
func (s *Server) handleWorklist(w http.ResponseWriter, r *http.Request) {
	f, page := worklistFilter(r.URL.Query())
	stores, storeID, err := s.pickStore(r, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.StoreID = storeID
	body, err := s.worklistBody(r, f, page, stores)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.Worklist(s.shell(w, r, "worklist.title"), body))
}

// worklistBody is the body of the worklist page f and page select, over the stores the viewer
// may pick: kept rendered per person, language and query until a call of those stores or one of
// the group's people changes, a claim it shows runs out or a store's day ends.
func (s *Server) worklistBody(r *http.Request, f followups.WorkFilter, page int, stores []tenancy.Store) (templ.Component, error) {
	ctx, p := r.Context(), principal(r)
	ids := make([]int64, len(stores))
	for i, st := range stores {
		ids[i] = st.ID
	}
	key := fmt.Sprintf("%d %d %s %+v", p.TenantID, p.UserID, lang(r), f)
	return s.keptBody(r, s.worklists, key, ids, func() (templ.Component, time.Time, error) {
		list, err := s.followups.Worklist(ctx, p.TenantID, f)
		if err != nil {
			return nil, time.Time{}, err
		}
		var agents []auth.User
		if mayAssignCalls.heldBy(p) {
			if agents, err = s.auth.Holders(ctx, p.TenantID, auth.Agent); err != nil {
				return nil, time.Time{}, err
			}
		}
		pager := components.Pager{Base: "/worklist", Query: views.WorklistQuery(f), Page: page, Size: worklistPageSize, Total: list.Total}
		return views.WorklistBody(views.WorklistPage{List: list, Filter: f, Stores: stores, Agents: agents, Pager: pager,
			Access: access(r), Me: p.UserID}), list.Until, nil
	})
}

// worklistFrom is the worklist tab a request came from, as the worklist's links carry it in
// ?tab=…, or nil.
func (s *Server) worklistFrom(r *http.Request) *followups.WorkFilter {
	q := r.URL.Query()
	if !q.Has("tab") {
		return nil
	}
	f, _ := worklistFilter(q)
	if _, storeID, err := s.pickStore(r, true); err == nil {
		f.StoreID = storeID
	}
	return &f
}

// handleTaskClaim serves POST /worklist/{taskID}/claim?tab=…: the agent takes the call and
// opens the call screen, which keeps the tab it was taken from; a call another agent holds
// sends them back where they were, which says so.
func (s *Server) handleTaskClaim(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "taskID")
	if err == nil {
		err = s.followups.Claim(r.Context(), principal(r).TenantID, principal(r).UserID, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, views.WithWorklist(fmt.Sprintf("/tasks/%d", id), s.worklistFrom(r)), "")
}

// handleTaskRelease serves POST /worklist/{taskID}/release: the agent gives the call back.
func (s *Server) handleTaskRelease(w http.ResponseWriter, r *http.Request) {
	s.taskAction(w, r, "flash.task_released", func(id int64) error {
		return s.followups.Release(r.Context(), principal(r).TenantID, principal(r).UserID, id)
	})
}

// handleTaskAssign serves POST /worklist/{taskID}/assign: a manager gives the call to an agent.
func (s *Server) handleTaskAssign(w http.ResponseWriter, r *http.Request) {
	agentID, _ := strconv.ParseInt(r.PostFormValue("agent_id"), 10, 64)
	s.taskAction(w, r, "flash.task_assigned", func(id int64) error {
		return s.followups.Assign(r.Context(), principal(r).TenantID, id, agentID)
	})
}

// taskAction runs an action on the task in the path and goes back to the worklist.
func (s *Server) taskAction(w http.ResponseWriter, r *http.Request, flashKey string, act func(id int64) error) {
	id, err := pathID(r, "taskID")
	if err == nil {
		err = act(id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, localPath(backTo(r)), flashKey)
}
