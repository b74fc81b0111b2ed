package server

import (
	"fmt"
	"net/http"

	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/admin"
	"github.com/csidesk/csidesk/web/views/components"
)

type departmentForm struct {
	Kind string `form:"kind" validate:"required"`
	Name string `form:"name"`
}

// departmentIDs reads the store and department ids of the route.
func departmentIDs(r *http.Request) (storeID, id int64, err error) {
	if storeID, err = pathID(r, "storeID"); err != nil {
		return 0, 0, err
	}
	id, err = pathID(r, "departmentID")
	return storeID, id, err
}

// handleDepartmentCreate serves POST /admin/stores/{storeID}/departments.
func (s *Server) handleDepartmentCreate(w http.ResponseWriter, r *http.Request) {
	storeID, err := pathID(r, "storeID")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var f departmentForm
	d := tenancy.Department{StoreID: storeID}
	errs, ok := s.submit(w, r, &f, func() error {
		d.Kind, d.Name = tenancy.DepartmentKind(f.Kind), f.Name
		return s.tenancy.CreateDepartment(r.Context(), principal(r).TenantID, &d)
	})
	switch {
	case !ok:
	case errs != nil:
		s.renderStorePage(w, r, http.StatusUnprocessableEntity, tenancy.Department{Kind: tenancy.DepartmentKind(f.Kind), Name: f.Name}, errs)
	default:
		s.redirect(w, r, fmt.Sprintf("/admin/stores/%d", storeID), "flash.department_added")
	}
}

// handleDepartmentEdit serves GET /admin/stores/{storeID}/departments/{departmentID}/edit.
func (s *Server) handleDepartmentEdit(w http.ResponseWriter, r *http.Request) {
	storeID, id, err := departmentIDs(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.tenancy.Department(r.Context(), principal(r).TenantID, storeID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderDepartmentForm(w, r, http.StatusOK, d, nil)
}

func (s *Server) renderDepartmentForm(w http.ResponseWriter, r *http.Request, code int, d tenancy.Department, errs components.Errors) {
	st, err := s.tenancy.Store(r.Context(), principal(r).TenantID, d.StoreID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, code, admin.DepartmentForm(s.shell(w, r, "departments.edit_title"), st, d, errs))
}

// handleDepartmentUpdate serves POST /admin/stores/{storeID}/departments/{departmentID}.
func (s *Server) handleDepartmentUpdate(w http.ResponseWriter, r *http.Request) {
	storeID, id, err := departmentIDs(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var f departmentForm
	d := tenancy.Department{ID: id, StoreID: storeID}
	errs, ok := s.submit(w, r, &f, func() error {
		d.Kind, d.Name = tenancy.DepartmentKind(f.Kind), f.Name
		return s.tenancy.UpdateDepartment(r.Context(), principal(r).TenantID, &d)
	})
	switch {
	case !ok:
	case errs != nil:
		d.Kind, d.Name = tenancy.DepartmentKind(f.Kind), f.Name
		s.renderDepartmentForm(w, r, http.StatusUnprocessableEntity, d, errs)
	default:
		s.redirect(w, r, fmt.Sprintf("/admin/stores/%d", storeID), "flash.department_saved")
	}
}

// handleDepartmentDelete serves POST /admin/stores/{storeID}/departments/{departmentID}/delete;
// a department that people belong to is kept, with a message.
func (s *Server) handleDepartmentDelete(w http.ResponseWriter, r *http.Request) {
	storeID, id, err := departmentIDs(r)
	if err == nil {
		err = s.tenancy.DeleteDepartment(r.Context(), principal(r).TenantID, storeID, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/admin/stores/%d", storeID), "flash.department_deleted")
}
