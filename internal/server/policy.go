package server

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
	views "github.com/csidesk/csidesk/web/views/customers"
)

// capability is something a person may do, with the roles that give it. A store capability is
// held in the stores (and departments) where the person holds one of the roles; a group
// capability changes what every store shares, so only a role held for the whole group gives it.
type capability struct {
	roles []auth.Role
	group bool
}

// The capabilities: the routes, the navigation and the views' flags all ask these.
var (
	// mayWorkCalls: the worklist and the call screen, editing customers, vehicles and orders,
	// and seeing phone numbers in full.
	mayWorkCalls = capability{roles: []auth.Role{auth.Agent, auth.CSManager, auth.Admin}}
	// mayReadCalls: reading a call with the customer's answers.
	mayReadCalls = capability{roles: []auth.Role{auth.Agent, auth.CSManager, auth.DeptManager, auth.GM, auth.Admin}}
	// mayAssignCalls: giving calls to agents.
	mayAssignCalls = capability{roles: []auth.Role{auth.CSManager, auth.Admin}}
	// mayImport: DMS file imports.
	mayImport = capability{roles: []auth.Role{auth.CSManager, auth.Admin}}
	// mayEditSurveys: questionnaires, call scripts, follow-up rules and the complaint level.
	mayEditSurveys = capability{roles: []auth.Role{auth.CSManager, auth.Admin}}
	// mayReadScores: scores, reports, follow-up figures and complaint statistics.
	mayReadScores = capability{roles: []auth.Role{auth.CSManager, auth.DeptManager, auth.GM, auth.Admin}}
	// mayCompareStores: the group ranking of the stores held.
	mayCompareStores = capability{roles: []auth.Role{auth.CSManager, auth.GM, auth.Admin}}
	// mayVoid: taking a completed survey out of every score.
	mayVoid = capability{roles: []auth.Role{auth.CSManager, auth.Admin}}
	// mayOpenComplaint: opening a complaint from the customer's page.
	mayOpenComplaint = capability{roles: []auth.Role{auth.Agent, auth.CSManager}}
	// mayFollow: customers (read), complaints, notifications and the home page.
	mayFollow = capability{roles: auth.Roles}
	// mayManageKeys: the DMS API keys of the stores held.
	mayManageKeys = capability{roles: []auth.Role{auth.Admin}}
	// maySetTiers: the group's score tier labels.
	maySetTiers = capability{roles: []auth.Role{auth.CSManager, auth.Admin}, group: true}
	// mayReadBenchmarks: the manufacturer's quarterly results and their gaps.
	mayReadBenchmarks = capability{roles: []auth.Role{auth.CSManager, auth.DeptManager, auth.GM, auth.Admin}}
	// mayImportBenchmarks: importing, entering and correcting quarterly results.
	mayImportBenchmarks = capability{roles: []auth.Role{auth.CSManager, auth.Admin}}
	// mayEditBenchmarkItems: the group's catalogue of benchmark items.
	mayEditBenchmarkItems = capability{roles: []auth.Role{auth.CSManager, auth.Admin}, group: true}
	// mayFollowActions: reading improvement actions, and adding evidence to one's own.
	mayFollowActions = capability{roles: auth.Roles}
	// mayManageActions: opening improvement actions by hand, editing them and moving their stages.
	mayManageActions = capability{roles: []auth.Role{auth.CSManager, auth.DeptManager, auth.GM, auth.Admin}}
	// mayReadIncentives: the monthly incentive statements of the stores held (a department
	// manager's of their department).
	mayReadIncentives = capability{roles: []auth.Role{auth.CSManager, auth.DeptManager, auth.GM, auth.Admin}}
	// mayApproveIncentives: approving a store's month, which locks it.
	mayApproveIncentives = capability{roles: []auth.Role{auth.GM}}
	// mayEditIncentives: the group's incentive rules: administrators, and general managers where
	// the rules in force allow it (rulesEditors).
	mayEditIncentives = capability{roles: []auth.Role{auth.Admin, auth.GM}, group: true}
	// mayAdminister: stores, departments, users and their roles, the complaint deadline policy.
	mayAdminister = capability{roles: []auth.Role{auth.Admin}, group: true}
)

// heldBy reports whether the person holds the capability somewhere.
func (c capability) heldBy(p *auth.Principal) bool {
	if c.group {
		return p.HasWhole(c.roles...)
	}
	return p.Has(c.roles...)
}

// scope is where the person holds the capability.
func (c capability) scope(p *auth.Principal) postgres.Scope {
	return p.Scope(c.roles...)
}

// may reports whether the request's person holds the capability in the store.
func may(r *http.Request, c capability, storeID int64) bool {
	p := principal(r)
	return c.heldBy(p) && c.scope(p).Sees(storeID)
}

// access says what the requesting user may see and do on customer pages.
func access(r *http.Request) views.Access {
	p := principal(r)
	return views.Access{Phones: mayWorkCalls.heldBy(p), Edit: mayWorkCalls.heldBy(p), Complain: mayOpenComplaint.heldBy(p)}
}

// require admits people who hold the capability somewhere and narrows the request's scope to
// where they hold it, so that its pages list, count and change nothing beyond it; others get 403.
// A form that names a store outside the scope is not found before anything reads it.
func (s *Server) require(c capability) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p := principal(r)
			if !c.heldBy(p) {
				s.renderStatus(w, r, http.StatusForbidden)
				return
			}
			sc := c.scope(p)
			if id, ok := formStore(r); ok && !sc.Sees(id) {
				s.renderStatus(w, r, http.StatusNotFound)
				return
			}
			next.ServeHTTP(w, r.WithContext(postgres.WithScope(r.Context(), sc)))
		})
	}
}

// formStore is the store a posted form names in store_id. Uploads (multipart forms) are left to
// their handler, which reads them within its limits; their store is checked where it is written.
func formStore(r *http.Request) (int64, bool) {
	if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		return 0, false
	}
	id, err := strconv.ParseInt(r.PostFormValue("store_id"), 10, 64)
	return id, err == nil && id != 0
}

// chooseStore is the store a page asks for in ?store=, which must be in the request's scope (else
// not found, as another group's store is); without one, the first store held. all allows 0, all
// the stores held, to a person who holds more than one.
func chooseStore(stores []tenancy.Store, asked int64, all bool) (int64, error) {
	switch {
	case asked == 0 && all && len(stores) > 1:
		return 0, nil
	case asked == 0 && len(stores) > 0:
		return stores[0].ID, nil
	case slices.ContainsFunc(stores, func(st tenancy.Store) bool { return st.ID == asked }):
		return asked, nil
	}
	return 0, apperr.New(apperr.NotFound, "error.not_found")
}

// pickStore reads the store a page asks for in ?store= (chooseStore), with the stores held for
// its picker: the stores of the request's scope, which are all the database shows.
func (s *Server) pickStore(r *http.Request, all bool) ([]tenancy.Store, int64, error) {
	stores, err := s.tenancy.Stores(r.Context(), principal(r).TenantID)
	if err != nil {
		return nil, 0, err
	}
	asked, _ := strconv.ParseInt(r.URL.Query().Get("store"), 10, 64)
	id, err := chooseStore(stores, asked, all)
	return stores, id, err
}

// storeOf finds the store in the list.
func storeOf(stores []tenancy.Store, id int64) tenancy.Store {
	i := slices.IndexFunc(stores, func(st tenancy.Store) bool { return st.ID == id })
	if i < 0 {
		return tenancy.Store{}
	}
	return stores[i]
}
