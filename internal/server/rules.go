package server

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/surveys"
	views "github.com/csidesk/csidesk/web/views/followups"
)

func (s *Server) registerRuleRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayEditSurveys))
		r.Get("/rules", s.handleRules)
		r.Post("/rules", s.handleRuleSave)
		r.Post("/rules/defaults", s.handleRuleDefaults)
		r.Post("/rules/complaint-level", s.handleComplaintLevel)
	})
}

// rulesPage loads a store's rules: the store asked for, else the first held.
func (s *Server) rulesPage(r *http.Request, storeID int64) (views.RulesPage, error) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	var p views.RulesPage
	stores, err := s.tenancy.Stores(ctx, tenantID)
	if err != nil || len(stores) == 0 {
		return p, err
	}
	p.Stores = stores
	if p.StoreID, err = chooseStore(stores, storeID, false); err != nil {
		return p, err
	}
	if p.Rules, err = s.followups.Rules(ctx, tenantID, p.StoreID); err != nil {
		return p, err
	}
	p.Dissatisfied, err = s.followups.Dissatisfied(ctx, tenantID, p.StoreID)
	return p, err
}

// handleRuleDefaults serves POST /rules/defaults: the default rules for a store created before
// follow-up rules existed.
func (s *Server) handleRuleDefaults(w http.ResponseWriter, r *http.Request) {
	storeID, err := strconv.ParseInt(r.PostFormValue("store_id"), 10, 64)
	if err != nil {
		err = apperr.New(apperr.Invalid, "status.400.title")
	} else {
		_, err = s.tenancy.Store(r.Context(), principal(r).TenantID, storeID)
	}
	if err == nil {
		err = s.followups.EnsureDefaultRules(r.Context(), principal(r).TenantID, storeID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/rules?store="+strconv.FormatInt(storeID, 10), "flash.rules_created")
}

type levelForm struct {
	StoreID int64 `form:"store_id"`
	Points  int   `form:"dissatisfied_points"`
}

// handleComplaintLevel serves POST /rules/complaint-level: the points at or below which an
// answer opens a complaint draft in a store.
func (s *Server) handleComplaintLevel(w http.ResponseWriter, r *http.Request) {
	var f levelForm
	errs, ok := s.submit(w, r, &f, func() error {
		return s.followups.SetDissatisfied(r.Context(), principal(r).TenantID, f.StoreID, f.Points)
	})
	switch {
	case !ok:
	case errs != nil:
		p, err := s.rulesPage(r, f.StoreID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Dissatisfied, p.LevelErrs = f.Points, errs
		s.render(w, r, http.StatusUnprocessableEntity, views.Rules(s.shell(w, r, "rules.title"), p))
	default:
		s.redirect(w, r, "/rules?store="+strconv.FormatInt(f.StoreID, 10), "flash.level_saved")
	}
}

// handleRules serves GET /rules?store=.
func (s *Server) handleRules(w http.ResponseWriter, r *http.Request) {
	storeID, _ := strconv.ParseInt(r.URL.Query().Get("store"), 10, 64)
	p, err := s.rulesPage(r, storeID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.Rules(s.shell(w, r, "rules.title"), p))
}

type ruleForm struct {
	StoreID    int64  `form:"store_id"`
	Reason     string `form:"reason"`
	Survey     string `form:"survey"`
	StartDays  int    `form:"start_days"`
	EndDays    int    `form:"end_days"`
	ExpireDays int    `form:"expire_days"`
	Attempts   int    `form:"attempts"`
	Active     bool   `form:"active"`
	Channel    string `form:"channel"`
	LinkVia    string `form:"link_via"`
}

func (f ruleForm) rule() followups.Rule {
	return followups.Rule{StoreID: f.StoreID, Reason: followups.Reason(f.Reason), Survey: surveys.Kind(f.Survey),
		StartDays: f.StartDays, EndDays: f.EndDays, ExpireDays: f.ExpireDays, Attempts: f.Attempts, Active: f.Active,
		Channel: followups.Channel(f.Channel), LinkVia: followups.Via(f.LinkVia)}
}

// handleRuleSave serves POST /rules: one rule of one store.
func (s *Server) handleRuleSave(w http.ResponseWriter, r *http.Request) {
	var f ruleForm
	errs, ok := s.submit(w, r, &f, func() error {
		rule := f.rule()
		if err := rule.Validate(); err != nil {
			return err
		}
		if _, err := s.tenancy.Store(r.Context(), principal(r).TenantID, f.StoreID); err != nil {
			return err
		}
		return s.followups.SaveRule(r.Context(), principal(r).TenantID, rule)
	})
	switch {
	case !ok:
	case errs != nil:
		p, err := s.rulesPage(r, f.StoreID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for i := range p.Rules {
			if p.Rules[i].Reason == followups.Reason(f.Reason) {
				p.Rules[i] = f.rule()
			}
		}
		p.Bad, p.Errs = followups.Reason(f.Reason), errs
		s.render(w, r, http.StatusUnprocessableEntity, views.Rules(s.shell(w, r, "rules.title"), p))
	default:
		s.redirect(w, r, "/rules?store="+strconv.FormatInt(f.StoreID, 10), "flash.rule_saved")
	}
}
