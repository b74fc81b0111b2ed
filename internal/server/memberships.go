package server

import (
	"fmt"
	"net/http"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/web/views/admin"
)

type membershipForm struct {
	Role         string `form:"role" validate:"required"`
	StoreID      int64  `form:"store_id"`
	DepartmentID int64  `form:"department_id"`
}

// handleMembershipCreate serves POST /admin/users/{userID}/memberships: gives the user a role.
func (s *Server) handleMembershipCreate(w http.ResponseWriter, r *http.Request) {
	userID, err := pathID(r, "userID")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var f membershipForm
	m := auth.Membership{UserID: userID}
	errs, ok := s.submit(w, r, &f, func() error {
		m.Role, m.StoreID, m.DepartmentID = auth.Role(f.Role), f.StoreID, f.DepartmentID
		return s.auth.AddMembership(r.Context(), principal(r).TenantID, &m)
	})
	switch {
	case !ok:
	case errs != nil:
		add := auth.Membership{Role: auth.Role(f.Role), StoreID: f.StoreID, DepartmentID: f.DepartmentID}
		s.renderUserPage(w, r, http.StatusUnprocessableEntity, admin.UserPage{Form: "membership", Add: add, Errors: errs})
	default:
		s.redirect(w, r, fmt.Sprintf("/admin/users/%d", userID), "flash.role_added")
	}
}

// handleMembershipDelete serves POST /admin/users/{userID}/memberships/{membershipID}/delete.
func (s *Server) handleMembershipDelete(w http.ResponseWriter, r *http.Request) {
	userID, err := pathID(r, "userID")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := pathID(r, "membershipID")
	if err == nil {
		p := principal(r)
		err = s.auth.RemoveMembership(r.Context(), p.TenantID, p.UserID, userID, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/admin/users/%d", userID), "flash.role_removed")
}
