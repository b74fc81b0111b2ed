package server

import (
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/incentives"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
	views "github.com/csidesk/csidesk/web/views/incentives"
)

// registerIncentiveRoutes registers the incentive pages: the statements, which a person who may
// not read them is sent away from to their own lines; their approval; and the group's rules.
func (s *Server) registerIncentiveRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayFollow))
		r.Get("/incentives", s.handleStatement)
		r.Get("/incentives.xlsx", s.handleStatement)
	})
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayApproveIncentives))
		r.Post("/incentives/approve", s.handleApprove)
	})
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayEditIncentives), s.rulesEditors)
		r.Get("/incentives/rules", s.handleIncentiveRules)
		r.Post("/incentives/rules", s.handleIncentiveRulesSave)
	})
}

// handleStatement serves GET /incentives?store=&month=: a store's monthly statement, the draft
// computed now or the approved month, printable; /incentives.xlsx is the same as a workbook with
// its payroll sheet. A person who reads no statements is sent to their own lines on the start
// page (a store they do not hold is not found first).
func (s *Server) handleStatement(w http.ResponseWriter, r *http.Request) {
	if !mayReadIncentives.heldBy(principal(r)) {
		if _, _, err := s.pickStore(r, false); err != nil {
			s.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/#my-incentives", http.StatusSeeOther)
		return
	}
	r = r.WithContext(within(r, mayReadIncentives))
	asked, _ := strconv.ParseInt(r.URL.Query().Get("store"), 10, 64)
	p, err := s.statementPage(r, asked, r.URL.Query().Get("month"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		name, fallback := views.File(r.Context(), p)
		s.sendWorkbook(w, r, name, fallback, func(out io.Writer) error { return views.StatementExcel(r.Context(), out, p) })
		return
	}
	s.render(w, r, http.StatusOK, views.Statement(s.shell(w, r, "incentives.title"), p))
}

// statementPage reads the statement of the store asked for (by default the first held) and the
// month written "2006-01" (by default the last month that has ended in the store), as far as
// the reader sees it: a department manager sees their departments' lines and people alone.
func (s *Server) statementPage(r *http.Request, asked int64, month string) (views.StatementPage, error) {
	ctx, p := r.Context(), principal(r)
	stores, err := s.tenancy.Stores(ctx, p.TenantID)
	if err != nil {
		return views.StatementPage{}, err
	}
	storeID, err := chooseStore(stores, asked, false)
	if err != nil {
		return views.StatementPage{}, err
	}
	loc := tenancy.Location(storeOf(stores, storeID).TimeZone)
	now := s.now().In(loc)
	m, err := time.Parse(views.MonthLayout, month)
	if err != nil {
		m = scores.Month.Add(scores.MonthStart(now, loc), -1)
	}
	st, err := s.incentives.Statement(ctx, p.TenantID, storeID, m)
	if err != nil {
		return views.StatementPage{}, err
	}
	editsRules, err := s.editsRules(r)
	if err != nil {
		return views.StatementPage{}, err
	}
	page := views.StatementPage{Stores: stores, Statement: st, Now: now, MayEditRules: editsRules,
		Ended: !now.Before(time.Date(m.Year(), m.Month()+1, 1, 0, 0, 0, 0, loc))}
	page.MayApprove = may(r, mayApproveIncentives, storeID) && page.Ended && !st.Approved && st.RuleSet.ID != 0
	if sc := mayReadIncentives.scope(p); !sc.SeesWhole(storeID) {
		page.Statement, page.Partial = onlyDepartments(st, sc.Departments), true
	}
	return page, nil
}

// onlyDepartments is the statement with the lines, people and departments of the departments
// alone.
func onlyDepartments(st incentives.Statement, departments []int64) incentives.Statement {
	in := func(id int64) bool { return slices.Contains(departments, id) }
	st.Lines = slices.DeleteFunc(slices.Clone(st.Lines), func(l incentives.Line) bool { return !in(l.DepartmentID) })
	st.People = slices.DeleteFunc(slices.Clone(st.People), func(t incentives.Total) bool { return !in(t.DepartmentID) })
	st.Departments = slices.DeleteFunc(slices.Clone(st.Departments), func(t incentives.Total) bool { return !in(t.DepartmentID) })
	st.StoreFen = 0
	return st
}

// approveForm is the store and month a general manager approves.
type approveForm struct {
	StoreID int64  `form:"store_id"`
	Month   string `form:"month"`
}

// handleApprove serves POST /incentives/approve: the general manager approves a store's month,
// which locks it. A month not yet over, already approved or without rules is refused (409) on
// the statement with the reason; a month that cannot be read, likewise (422).
func (s *Server) handleApprove(w http.ResponseWriter, r *http.Request) {
	var f approveForm
	errs, err := s.decode(r, &f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	month, perr := time.Parse(views.MonthLayout, f.Month)
	if errs != nil || perr != nil {
		s.renderRefusal(w, r, f, http.StatusUnprocessableEntity, apperr.New(apperr.Invalid, "incentives.month_invalid"))
		return
	}
	err = s.incentives.Approve(r.Context(), principal(r).TenantID, principal(r).UserID, f.StoreID, month)
	if e, ok := apperr.As(err); ok && e.Code == apperr.Conflict {
		s.renderRefusal(w, r, f, http.StatusConflict, e)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, string(views.Href(f.StoreID, month)), "flash.incentives_approved")
}

// renderRefusal shows the statement the form named, with why the approval was refused.
func (s *Server) renderRefusal(w http.ResponseWriter, r *http.Request, f approveForm, code int, problem *apperr.Error) {
	p, err := s.statementPage(r, f.StoreID, f.Month)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Problem = problem
	s.render(w, r, code, views.Statement(s.shell(w, r, "incentives.title"), p))
}
