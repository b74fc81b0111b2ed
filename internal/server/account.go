package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/web/views/account"
)

// registerAccountRoutes adds the start page and the user's own account.
func (s *Server) registerAccountRoutes(r chi.Router) {
	r.Get("/", s.handleHome)
	r.Get("/account", s.handleAccount)
	r.Post("/account/password", s.handlePasswordChange)
}

// handleAccount serves GET /account: the user's profile, roles and password form.
func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, account.Page(s.shell(w, r, "account.title"), principal(r), nil))
}

type passwordForm struct {
	Current string `form:"current_password" validate:"required,max=128"`
	New     string `form:"new_password" validate:"required,max=128"`
	Confirm string `form:"confirm_password" validate:"required,eqfield=New"`
}

// handlePasswordChange serves POST /account/password: checks the current password, sets the
// new one and ends the user's other sessions.
func (s *Server) handlePasswordChange(w http.ResponseWriter, r *http.Request) {
	var f passwordForm
	errs, ok := s.submit(w, r, &f, func() error {
		return s.auth.ChangePassword(r.Context(), principal(r), f.Current, f.New)
	})
	switch {
	case !ok:
	case errs != nil:
		s.render(w, r, http.StatusUnprocessableEntity, account.Page(s.shell(w, r, "account.title"), principal(r), errs))
	default:
		s.redirect(w, r, "/account", "flash.password_changed")
	}
}
