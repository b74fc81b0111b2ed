package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/admin"
	"github.com/csidesk/csidesk/web/views/components"
)

func (s *Server) registerStoreRoutes(r chi.Router) {
	r.Get("/admin/stores", s.handleStoreList)
	r.Get("/admin/stores/new", s.handleStoreNew)
	r.Post("/admin/stores", s.handleStoreCreate)
	r.Get("/admin/stores/{storeID}", s.handleStoreShow)
	r.Get("/admin/stores/{storeID}/edit", s.handleStoreEdit)
	r.Post("/admin/stores/{storeID}", s.handleStoreUpdate)
	r.Post("/admin/stores/{storeID}/departments", s.handleDepartmentCreate)
	r.Get("/admin/stores/{storeID}/departments/{departmentID}/edit", s.handleDepartmentEdit)
	r.Post("/admin/stores/{storeID}/departments/{departmentID}", s.handleDepartmentUpdate)
	r.Post("/admin/stores/{storeID}/departments/{departmentID}/delete", s.handleDepartmentDelete)
}

type storeForm struct {
	Name         string   `form:"name"`
	Brand        string   `form:"brand"`
	Region       string   `form:"region"`
	TimeZone     string   `form:"time_zone"`
	SSIThreshold float64  `form:"ssi_threshold"`
	CSIThreshold float64  `form:"csi_threshold"`
	MinSample    []string `form:"min_sample"`
	// ActionWeek asks for improvement actions of the weeks below the red line, besides the months.
	ActionWeek   bool     `form:"action_week"`
	LinkExpiry   []string `form:"link_expiry_days"`
	LinkReminder []string `form:"link_reminder_days"`
	// EventInCSI counts the event survey in the store's CSI.
	EventInCSI bool `form:"event_in_csi"`
}

func (f storeForm) store(id int64) tenancy.Store {
	return tenancy.Store{ID: id, Name: f.Name, Brand: f.Brand, Region: f.Region, TimeZone: f.TimeZone,
		SSIThreshold: f.SSIThreshold, CSIThreshold: f.CSIThreshold, MinSample: postedNumber(f.MinSample, 1),
		WeeklyActions: f.ActionWeek, LinkExpiryDays: postedNumber(f.LinkExpiry, 1),
		LinkReminderDays: postedNumber(f.LinkReminder, 0), EventInCSI: f.EventInCSI}
}

// postedNumber reads a posted whole number from lowest up: 0, not given, when the form lacks
// the field (a client that predates it); -1, which validation refuses at the field, for
// anything posted but a whole number from lowest up, so that a blank does not pass for "not
// given".
func postedNumber(posted []string, lowest int) int {
	if len(posted) == 0 {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(posted[0]))
	if err != nil || n < lowest {
		return -1
	}
	return n
}

// handleStoreList serves GET /admin/stores.
func (s *Server) handleStoreList(w http.ResponseWriter, r *http.Request) {
	stores, err := s.tenancy.Stores(r.Context(), principal(r).TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, admin.Stores(s.shell(w, r, "stores.title"), stores))
}

// handleStoreNew serves GET /admin/stores/new with the defaults filled in.
func (s *Server) handleStoreNew(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, admin.StoreForm(s.shell(w, r, "stores.new"), tenancy.NewStore(), nil))
}

// handleStoreCreate serves POST /admin/stores: the store and its standard departments.
func (s *Server) handleStoreCreate(w http.ResponseWriter, r *http.Request) {
	var f storeForm
	var st tenancy.Store
	errs, ok := s.submit(w, r, &f, func() error {
		st = f.store(0)
		return s.tenancy.CreateStore(r.Context(), principal(r).TenantID, &st)
	})
	switch {
	case !ok:
	case errs != nil:
		s.render(w, r, http.StatusUnprocessableEntity, admin.StoreForm(s.shell(w, r, "stores.new"), f.store(0), errs))
	default:
		s.redirect(w, r, fmt.Sprintf("/admin/stores/%d", st.ID), "flash.store_created")
	}
}

// handleStoreShow serves GET /admin/stores/{storeID}: settings and departments.
func (s *Server) handleStoreShow(w http.ResponseWriter, r *http.Request) {
	s.renderStorePage(w, r, http.StatusOK, tenancy.Department{Kind: tenancy.Other}, nil)
}

func (s *Server) renderStorePage(w http.ResponseWriter, r *http.Request, code int, add tenancy.Department, errs components.Errors) {
	tenantID := principal(r).TenantID
	id, err := pathID(r, "storeID")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.tenancy.Store(r.Context(), tenantID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	deps, err := s.tenancy.Departments(r.Context(), tenantID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sh := s.shell(w, r, "stores.title")
	sh.Title = st.Name
	s.render(w, r, code, admin.StorePage(sh, st, deps, add, errs))
}

// handleStoreEdit serves GET /admin/stores/{storeID}/edit.
func (s *Server) handleStoreEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "storeID")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.tenancy.Store(r.Context(), principal(r).TenantID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, admin.StoreForm(s.shell(w, r, "stores.edit_title"), st, nil))
}

// handleStoreUpdate serves POST /admin/stores/{storeID}.
func (s *Server) handleStoreUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "storeID")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var f storeForm
	errs, ok := s.submit(w, r, &f, func() error {
		st := f.store(id)
		return s.tenancy.UpdateStore(r.Context(), principal(r).TenantID, &st)
	})
	switch {
	case !ok:
	case errs != nil:
		s.render(w, r, http.StatusUnprocessableEntity, admin.StoreForm(s.shell(w, r, "stores.edit_title"), f.store(id), errs))
	default:
		s.redirect(w, r, fmt.Sprintf("/admin/stores/%d", id), "flash.store_saved")
	}
}
