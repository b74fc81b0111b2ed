package server

import (
	"context"
	"net/http"
	"slices"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/home"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
	views "github.com/csidesk/csidesk/web/views/home"
)

// handleHome serves GET /: the work waiting on each of the user's roles today, every count
// linking to the list it counts.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	page, err := s.homePage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.Page(s.shell(w, r, "nav.home"), page))
}

// homePage reads a section for each role the user holds. Each figure is read by the service of
// the list it links to, in the scope that list is read in (the capability its route requires),
// so that the two show the same number; the complaint queues and the worklist are each read
// once for every section that shows them.
func (s *Server) homePage(r *http.Request) (home.Page, error) {
	p := principal(r)
	page := home.Page{Name: p.Name, HasRoles: len(p.Memberships) > 0,
		Today: s.now().In(tenancy.Location(tenancy.DefaultTimeZone))}
	var queues map[complaints.Tab]int
	var calls followups.Today
	steps := []struct {
		roles []auth.Role
		read  func() error
	}{
		{[]auth.Role{auth.DeptManager, auth.GM, auth.CSManager, auth.Staff}, func() (err error) {
			queues, err = s.complaints.Counts(r.Context(), p.TenantID, actor(r))
			return err
		}},
		{[]auth.Role{auth.Agent, auth.CSManager}, func() (err error) {
			calls, err = s.followups.Today(within(r, mayWorkCalls), p.TenantID, p.UserID)
			return err
		}},
		{[]auth.Role{auth.Agent}, func() (err error) { page.Agent, err = s.homeAgent(r, calls); return err }},
		{[]auth.Role{auth.Staff}, func() error { page.Staff = &home.Staff{Complaints: queues}; return nil }},
		{[]auth.Role{auth.DeptManager}, func() (err error) { page.Manager, err = s.homeManager(r, queues); return err }},
		{[]auth.Role{auth.GM}, func() (err error) { page.GM, err = s.homeGM(r, queues); return err }},
		{[]auth.Role{auth.CSManager}, func() (err error) { page.CS, err = s.homeCS(r, queues, calls); return err }},
		{auth.Roles, func() (err error) { page.Actions, err = s.homeActions(r); return err }},
		{auth.Roles, func() (err error) { page.Incentives, err = s.homeIncentives(r); return err }},
	}
	for _, st := range steps {
		if p.Has(st.roles...) {
			if err := st.read(); err != nil {
				return page, err
			}
		}
	}
	return page, nil
}

// within is the request's context narrowed to where the person holds the capability, as the
// route that requires it narrows it.
func within(r *http.Request, c capability) context.Context {
	return postgres.WithScope(r.Context(), c.scope(principal(r)))
}

// coverOf reads the stores a list under the capability is read in: what its figures cover.
func (s *Server) coverOf(r *http.Request, c capability) (home.Cover, []tenancy.Store, error) {
	p := principal(r)
	stores, err := s.tenancy.Stores(within(r, c), p.TenantID)
	return home.StoresCover(c.scope(p).All, stores), stores, err
}

// homeAgent is the agent's section: the worklist's counts, in the worklist's scope, and their
// calls in progress.
func (s *Server) homeAgent(r *http.Request, calls followups.Today) (*home.Agent, error) {
	cover, _, err := s.coverOf(r, mayWorkCalls)
	return &home.Agent{Cover: cover, Counts: calls.Counts, Started: calls.Started}, err
}

// homeManager is the department manager's section: each of their departments' scores this
// week and last week, from the scoreboards of their stores (kept in memory, as the scoreboard
// keeps them), and their complaint queues.
func (s *Server) homeManager(r *http.Request, queues map[complaints.Tab]int) (*home.Manager, error) {
	p, ctx := principal(r), within(r, mayReadScores)
	_, stores, err := s.coverOf(r, mayReadScores)
	if err != nil {
		return nil, err
	}
	var keys []scores.Key
	var held []int64
	for _, m := range p.Memberships {
		if m.Role != auth.DeptManager {
			continue
		}
		held = append(held, m.DepartmentID)
		if !slices.ContainsFunc(keys, func(k scores.Key) bool { return k.StoreID == m.StoreID }) {
			start := scores.Week.Start(s.now(), tenancy.Location(storeOf(stores, m.StoreID).TimeZone))
			keys = append(keys, scores.Key{StoreID: m.StoreID, Kind: "ssi", Period: scores.Week, Start: start},
				scores.Key{StoreID: m.StoreID, Kind: "csi", Period: scores.Week, Start: start})
		}
	}
	boards, err := s.scores.ReadBoards(ctx, p.TenantID, 2, keys...)
	if err != nil {
		return nil, err
	}
	departments, err := s.tenancy.Departments(ctx, p.TenantID, 0)
	return &home.Manager{Cover: home.DepartmentsCover(held, departments, stores),
		Scores: home.DepartmentScores(boards, held), Complaints: queues}, err
}

// homeGM is the general manager's section: for each kind, the stores below the line last week
// and this week, from the group ranking the group page shows (its week in the time zone of the
// first store, as that page reads it), and their complaint queues.
func (s *Server) homeGM(r *http.Request, queues map[complaints.Tab]int) (*home.GM, error) {
	p, ctx := principal(r), within(r, mayCompareStores)
	cover, stores, err := s.coverOf(r, mayCompareStores)
	if err != nil {
		return nil, err
	}
	zone := tenancy.DefaultTimeZone
	if len(stores) > 0 {
		zone = stores[0].TimeZone
	}
	start := scores.Week.Start(s.now(), tenancy.Location(zone))
	gm := &home.GM{Cover: cover, Complaints: queues}
	for _, kind := range []string{"ssi", "csi"} {
		ranking, err := s.scores.ReadGroup(ctx, p.TenantID, kind, scores.Week, start)
		if err != nil {
			return nil, err
		}
		last, this := home.BelowLine(kind, start, ranking)
		gm.Below = append(gm.Below, last, this)
	}
	return gm, nil
}

// homeCS is the customer-service manager's section: this month's samples as the follow-up
// figures show them, the calls no agent is assigned, and their complaint queues.
func (s *Server) homeCS(r *http.Request, queues map[complaints.Tab]int, calls followups.Today) (*home.CustomerService, error) {
	month := scores.MonthStart(s.now(), tenancy.Location(tenancy.DefaultTimeZone))
	samples, err := s.scores.Samples(within(r, mayReadScores), principal(r).TenantID, month)
	if err != nil {
		return nil, err
	}
	cover, _, err := s.coverOf(r, mayWorkCalls)
	return &home.CustomerService{Cover: cover, Month: month, Samples: samples, Unassigned: calls.Unassigned,
		Complaints: queues}, err
}
