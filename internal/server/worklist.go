package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

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
	ctx, p := r.Context(), principal(r)
	f, page := worklistFilter(r.URL.Query())
	stores, storeID, err := s.pickStore(r, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.StoreID = storeID
	list, err := s.followups.Worklist(ctx, p.TenantID, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var agents []auth.User
	if mayAssignCalls.heldBy(p) {
		if agents, err = s.auth.Holders(ctx, p.TenantID, auth.Agent); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	pager := components.Pager{Base: "/worklist", Query: views.WorklistQuery(f), Page: page, Size: worklistPageSize, Total: list.Total}
	s.render(w, r, http.StatusOK, views.Worklist(s.shell(w, r, "worklist.title"),
		views.WorklistPage{List: list, Filter: f, Stores: stores, Agents: agents, Pager: pager, Access: access(r), Me: p.UserID}))
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
