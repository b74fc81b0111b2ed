package server

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/complaints"
	views "github.com/csidesk/csidesk/web/views/complaints"
)

func (s *Server) registerComplaintPolicyRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayAdminister))
		r.Get("/complaints/policy", s.handlePolicy)
		r.Post("/complaints/policy", s.handlePolicySave)
	})
}

// handlePolicy serves GET /complaints/policy: the group's deadlines per severity and step.
func (s *Server) handlePolicy(w http.ResponseWriter, r *http.Request) {
	p, err := s.complaints.ReadPolicy(r.Context(), principal(r).TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.PolicyPage(s.shell(w, r, "complaints.policy"), views.PolicyValues(p), nil))
}

// handlePolicySave serves POST /complaints/policy: replaces the deadlines; a bad one comes back
// at its field and nothing is saved.
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
			values[key+"_f2f"], values[key+"_remote"] = r.PostFormValue(key+"_f2f"), r.PostFormValue(key+"_remote")
			p[sev][st] = complaints.Minutes{FaceToFace: f2f, Remote: remote}
		}
	}
	err := s.complaints.SavePolicy(r.Context(), principal(r).TenantID, p)
	if errs := fieldErrors(err); errs != nil {
		s.render(w, r, http.StatusUnprocessableEntity, views.PolicyPage(s.shell(w, r, "complaints.policy"), values, errs))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/complaints/policy", "flash.policy_saved")
}
