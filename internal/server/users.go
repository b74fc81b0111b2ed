package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/web/views/admin"
	"github.com/csidesk/csidesk/web/views/components"
)

// userPageSize is how many users a list page shows.
const userPageSize = 50

func (s *Server) registerUserRoutes(r chi.Router) {
	r.Get("/admin/users", s.handleUserList)
	r.Get("/admin/users/new", s.handleUserNew)
	r.Post("/admin/users", s.handleUserCreate)
	r.Get("/admin/users/{userID}", s.handleUserShow)
	r.Post("/admin/users/{userID}", s.handleUserUpdate)
	r.Post("/admin/users/{userID}/password", s.handleUserPassword)
	r.Post("/admin/users/{userID}/memberships", s.handleMembershipCreate)
	r.Post("/admin/users/{userID}/memberships/{membershipID}/delete", s.handleMembershipDelete)
}

// handleUserList serves GET /admin/users?q=&page=: a page of users, searched by name or e-mail.
func (s *Server) handleUserList(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	users, total, err := s.auth.Users(r.Context(), principal(r).TenantID,
		auth.UserFilter{Query: q, Limit: userPageSize, Offset: (page - 1) * userPageSize})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pager := components.Pager{Base: "/admin/users", Query: url.Values{"q": {q}}, Page: page, Size: userPageSize, Total: total}
	s.render(w, r, http.StatusOK, admin.Users(s.shell(w, r, "users.title"), users, q, pager))
}

// handleUserNew serves GET /admin/users/new.
func (s *Server) handleUserNew(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, admin.NewUser(s.shell(w, r, "users.new"), auth.NewUser{Locale: auth.Locales[0]}, nil))
}

type newUserForm struct {
	Email      string `form:"email"`
	Name       string `form:"name"`
	Locale     string `form:"locale"`
	Password   string `form:"password"`
	EmployeeNo string `form:"employee_no"`
}

// handleUserCreate serves POST /admin/users and opens the new user's page to give them a role.
func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) {
	var f newUserForm
	var id int64
	errs, ok := s.submit(w, r, &f, func() (err error) {
		id, err = s.auth.CreateUser(r.Context(), principal(r).TenantID, auth.NewUser(f))
		return err
	})
	switch {
	case !ok:
	case errs != nil:
		nu := auth.NewUser(f)
		nu.Password = ""
		s.render(w, r, http.StatusUnprocessableEntity, admin.NewUser(s.shell(w, r, "users.new"), nu, errs))
	default:
		s.redirect(w, r, fmt.Sprintf("/admin/users/%d", id), "flash.user_created")
	}
}

// handleUserShow serves GET /admin/users/{userID}.
func (s *Server) handleUserShow(w http.ResponseWriter, r *http.Request) {
	s.renderUserPage(w, r, http.StatusOK, admin.UserPage{})
}

// renderUserPage loads the user of the route and the store and department choices, and renders
// the page with v's form state; v.Edit is filled from the user unless a form was sent.
func (s *Server) renderUserPage(w http.ResponseWriter, r *http.Request, code int, v admin.UserPage) {
	tenantID := principal(r).TenantID
	id, err := pathID(r, "userID")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if v.User, v.Memberships, err = s.auth.User(r.Context(), tenantID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Stores, err = s.tenancy.Stores(r.Context(), tenantID); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Departments, err = s.tenancy.Departments(r.Context(), tenantID, 0); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Form != "edit" {
		v.Edit = auth.UserUpdate{Email: v.User.Email, Name: v.User.Name, Locale: v.User.Locale, Active: v.User.Active,
			EmployeeNo: v.User.EmployeeNo}
	}
	sh := s.shell(w, r, "users.title")
	sh.Title = v.User.Name
	s.render(w, r, code, admin.User(sh, v))
}

type userForm struct {
	Email      string `form:"email"`
	Name       string `form:"name"`
	Locale     string `form:"locale"`
	Active     bool   `form:"active"`
	EmployeeNo string `form:"employee_no"`
}

// handleUserUpdate serves POST /admin/users/{userID}; deactivating ends the user's sessions.
func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "userID")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var f userForm
	p := principal(r)
	errs, ok := s.submit(w, r, &f, func() error {
		return s.auth.UpdateUser(r.Context(), p.TenantID, p.UserID, id, auth.UserUpdate(f))
	})
	switch {
	case !ok:
	case errs != nil:
		s.renderUserPage(w, r, http.StatusUnprocessableEntity, admin.UserPage{Form: "edit", Edit: auth.UserUpdate(f), Errors: errs})
	default:
		s.redirect(w, r, fmt.Sprintf("/admin/users/%d", id), "flash.user_saved")
	}
}

type resetPasswordForm struct {
	Password string `form:"password"`
}

// handleUserPassword serves POST /admin/users/{userID}/password: an admin sets a new password.
func (s *Server) handleUserPassword(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "userID")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var f resetPasswordForm
	errs, ok := s.submit(w, r, &f, func() error {
		return s.auth.ResetPassword(r.Context(), principal(r).TenantID, id, f.Password)
	})
	switch {
	case !ok:
	case errs != nil:
		s.renderUserPage(w, r, http.StatusUnprocessableEntity, admin.UserPage{Form: "password", Errors: errs})
	default:
		s.redirect(w, r, fmt.Sprintf("/admin/users/%d", id), "flash.password_reset")
	}
}
