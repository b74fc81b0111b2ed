package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/complaints"
	views "github.com/csidesk/csidesk/web/views/complaints"
)

func (s *Server) registerComplaintPolicyRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayAdminister))
		r.Get("/complaints/policy", s.handlePolicy)
		r.Post("/complaints/policy", s.handlePolicySave)
		r.Post("/complaints/policy/reasons", s.handlePauseReasonsSave)
	})
}

// handlePolicy serves GET /complaints/policy: the group's deadlines per severity and step, how
// each counts, and the pause reasons.
func (s *Server) handlePolicy(w http.ResponseWriter, r *http.Request) {
	p, err := s.complaints.ReadPolicy(r.Context(), principal(r).TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPolicy(w, r, http.StatusOK, views.Policy{Values: views.PolicyValues(p)})
}

// renderPolicy renders the policy page, reading what the page does not bring: the deadlines as
// saved, or the pause reasons.
func (s *Server) renderPolicy(w http.ResponseWriter, r *http.Request, code int, page views.Policy) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	var err error
	if page.Values == nil {
		var p complaints.Policy
		p, err = s.complaints.ReadPolicy(ctx, tenantID)
		page.Values = views.PolicyValues(p)
	}
	if err == nil && page.Reasons == nil {
		page.Reasons, err = s.complaints.PauseReasons(ctx, tenantID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, code, views.PolicyPage(s.shell(w, r, "complaints.policy"), page))
}

// handlePolicySave serves POST /complaints/policy: replaces the deadlines and how each counts; a
// bad one comes back at its field and nothing is saved.
func (s *Server) handlePolicySave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	values := map[string]string{}
	p := complaints.Policy{}
	for _, sev := range complaints.Severities {
		p[sev] = map[complaints.Step]complaints.Minutes{}
		for _, st := range complaints.Steps {
			key := string(sev) + "_" + string(st)
			f2f, _ := strconv.Atoi(r.PostFormValue(key + "_f2f"))
			remote, _ := strconv.Atoi(r.PostFormValue(key + "_remote"))
			business := r.PostFormValue(key+"_business") == "true"
			values[key+"_f2f"], values[key+"_remote"] = r.PostFormValue(key+"_f2f"), r.PostFormValue(key+"_remote")
			values[key+"_business"] = strconv.FormatBool(business)
			p[sev][st] = complaints.Minutes{FaceToFace: f2f, Remote: remote, Business: business}
		}
	}
	err := s.complaints.SavePolicy(r.Context(), principal(r).TenantID, p)
	if errs := fieldErrors(err); errs != nil {
		s.renderPolicy(w, r, http.StatusUnprocessableEntity, views.Policy{Values: values, Errs: errs})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/complaints/policy", "flash.policy_saved")
}

// handlePauseReasonsSave serves POST /complaints/policy/reasons: replaces the pause reasons, in
// the order given; bad ones come back at their field and nothing is saved.
func (s *Server) handlePauseReasonsSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	ids, zh, en := r.PostForm["reason_id"], r.PostForm["reason_zh"], r.PostForm["reason_en"]
	list := make([]complaints.PauseReason, 0, len(zh))
	for i := range zh {
		var rs complaints.PauseReason
		rs.NameZH = zh[i]
		if i < len(en) {
			rs.NameEN = en[i]
		}
		if i < len(ids) {
			rs.ID, _ = strconv.ParseInt(ids[i], 10, 64)
		}
		list = append(list, rs)
	}
	err := s.complaints.SavePauseReasons(r.Context(), principal(r).TenantID, list)
	if errs := fieldErrors(err); errs != nil {
		s.renderPolicy(w, r, http.StatusUnprocessableEntity, views.Policy{Reasons: withoutEmptyTail(list), ReasonErrs: errs})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/complaints/policy", "flash.pause_reasons_saved")
}

// withoutEmptyTail drops the empty rows at the end of the reasons as sent, which the page offers
// again, and keeps the others where they were, with their errors.
func withoutEmptyTail(list []complaints.PauseReason) []complaints.PauseReason {
	n := len(list)
	for n > 0 && strings.TrimSpace(list[n-1].NameZH+list[n-1].NameEN) == "" {
		n--
	}
	return list[:n]
}
