package server

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/complaints"
	views "github.com/csidesk/csidesk/web/views/complaints"
	"github.com/csidesk/csidesk/web/views/components"
)

func (s *Server) registerComplaintRoutes(r chi.Router) {
	r.Get("/complaints", s.handleComplaintQueue)
	r.Get("/complaints/{complaintID}", s.handleComplaint)
	r.Post("/complaints/{complaintID}/{action}", s.handleComplaintAction)
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayOpenComplaint))
		r.Get("/complaints/new", s.handleComplaintNew)
		r.Post("/complaints", s.handleComplaintCreate)
	})
}

func actor(r *http.Request) complaints.Actor {
	p := principal(r)
	return complaints.Actor{UserID: p.UserID, Memberships: p.Memberships}
}

// handleComplaintQueue serves GET /complaints?tab=: the forms waiting on the user, by queue,
// each tab with its count; without a tab, the first queue that holds something.
func (s *Server) handleComplaintQueue(w http.ResponseWriter, r *http.Request) {
	who := actor(r)
	q, err := s.complaints.Queues(r.Context(), principal(r).TenantID, who, complaints.Tab(r.URL.Query().Get("tab")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := views.QueuePage{Tabs: complaints.TabsFor(who), Counts: q.Counts, Tab: q.Tab, Items: q.Items, Now: s.now(),
		MayOpen: mayOpenComplaint.heldBy(principal(r)), Stats: mayReadScores.heldBy(principal(r)),
		Policy: mayAdminister.heldBy(principal(r))}
	s.render(w, r, http.StatusOK, views.Queue(s.shell(w, r, "complaints.title"), page))
}

// handleComplaint serves GET /complaints/{id}: the tracking form with its steps, the actions the
// user may take now, and the timeline; it prints as the paper form.
func (s *Server) handleComplaint(w http.ResponseWriter, r *http.Request) {
	page, err := s.complaintPage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.Form(s.shell(w, r, "complaints.form"), page))
}

// complaintPage gathers the form in the path for the user.
func (s *Server) complaintPage(r *http.Request) (views.FormPage, error) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	var p views.FormPage
	id, err := pathID(r, "complaintID")
	if err != nil {
		return p, err
	}
	if p.C, err = s.complaints.Get(ctx, tenantID, id); err != nil {
		return p, err
	}
	if p.Events, err = s.complaints.Timeline(ctx, tenantID, id); err != nil {
		return p, err
	}
	p.Allowed, p.Now, p.Access = complaints.Allowed(p.C, actor(r)), s.now(), access(r)
	if slices.Contains(p.Allowed, complaints.ActDispatch) {
		if p.Categories, err = s.complaints.Categories(ctx, tenantID); err != nil {
			return p, err
		}
		if p.Departments, err = s.tenancy.Departments(ctx, tenantID, p.C.StoreID); err != nil {
			return p, err
		}
	}
	if slices.Contains(p.Allowed, complaints.ActAssign) || slices.Contains(p.Allowed, complaints.ActResponsible) {
		if p.Handlers, err = s.complaints.Handlers(ctx, tenantID, p.C.DepartmentIDs()); err != nil {
			return p, err
		}
	}
	if slices.Contains(p.Allowed, complaints.ActPause) {
		p.Reasons, err = s.complaints.PauseReasons(ctx, tenantID)
	}
	return p, err
}

// complaintForm is the fields of a form as customer service opens or dispatches it.
type complaintForm struct {
	StoreID        int64   `form:"store_id"`
	CustomerID     int64   `form:"customer_id"`
	VehicleID      int64   `form:"vehicle_id"`
	ServiceOrderID int64   `form:"service_order_id"`
	Departments    []int64 `form:"departments"`
	CategoryID     int64   `form:"category_id"`
	Severity       string  `form:"severity"`
	Channel        string  `form:"channel"`
	FaceToFace     bool    `form:"face_to_face"`
	Description    string  `form:"description"`
	From           string  `form:"from"`
	Note           string  `form:"note"`
	HandlerID      int64   `form:"handler_id"`
	Plan           string  `form:"plan"`
	Yes            string  `form:"yes"` // "true", "false", or "" when nothing was chosen
	ConfirmVoid    bool    `form:"confirm_void"`
	ReasonID       int64   `form:"reason_id"`
	ResumeAt       string  `form:"resume_at"`
	ResponsibleID  int64   `form:"responsible_id"`
}

// input is what the fields bring to an action. A re-visit's result and an appeal's decision
// must be chosen, since the page chooses neither for the person.
func (f complaintForm) input(act complaints.Action) (complaints.Input, components.Errors) {
	in := complaints.Input{From: complaints.Status(f.From), Note: f.Note, Form: f.form(), HandlerID: f.HandlerID,
		Plan: f.Plan, Yes: f.Yes == "true", ConfirmVoid: f.ConfirmVoid, ReasonID: f.ReasonID, ResumeAt: f.ResumeAt,
		ResponsibleID: f.ResponsibleID}
	if (act == complaints.ActRevisit || act == complaints.ActDecideAppeal) && f.Yes == "" {
		return in, components.Errors{"yes": "validation.complaint_outcome"}
	}
	return in, nil
}

func (f complaintForm) form() complaints.Form {
	return complaints.Form{StoreID: f.StoreID, CustomerID: f.CustomerID, VehicleID: f.VehicleID,
		ServiceOrderID: f.ServiceOrderID, Departments: f.Departments, CategoryID: f.CategoryID,
		Severity: complaints.Severity(f.Severity), Channel: f.Channel, FaceToFace: f.FaceToFace, Description: f.Description}
}

// handleComplaintAction serves POST /complaints/{id}/{action}: a step on the form. Bad input
// comes back at its field; a step someone else took first, or one out of order or not the
// user's, comes back on the form with what happened.
func (s *Server) handleComplaintAction(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "complaintID")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	act := complaints.Action(chi.URLParam(r, "action"))
	if !slices.Contains(complaints.Actions, act) {
		s.renderStatus(w, r, http.StatusNotFound)
		return
	}
	var f complaintForm
	errs, err := s.decode(r, &f)
	if err == nil && len(errs) == 0 {
		var in complaints.Input
		if in, errs = f.input(act); errs == nil {
			err = s.complaints.Act(r.Context(), principal(r).TenantID, actor(r), id, act, in)
			errs = fieldErrors(err)
		}
	}
	e, _ := apperr.As(err)
	switch {
	case len(errs) > 0:
		s.renderComplaint(w, r, http.StatusUnprocessableEntity, func(p *views.FormPage) {
			p.Errs, p.Acting = errs, act
			p.Sent = views.Sent{Note: f.Note, Choice: f.Yes, ReasonID: strconv.FormatInt(f.ReasonID, 10), ResumeAt: f.ResumeAt,
				Responsible: strconv.FormatInt(f.ResponsibleID, 10)}
		})
	case e != nil && (e.Code == apperr.Conflict || e.Code == apperr.Forbidden):
		s.renderComplaint(w, r, statusOf(e.Code), func(p *views.FormPage) { p.Problem = e })
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/complaints/"+strconv.FormatInt(id, 10), "flash.complaint_"+string(act))
	}
}

// renderComplaint renders the form in the path again with what went wrong.
func (s *Server) renderComplaint(w http.ResponseWriter, r *http.Request, code int, with func(*views.FormPage)) {
	page, err := s.complaintPage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	with(&page)
	s.render(w, r, code, views.Form(s.shell(w, r, "complaints.form"), page))
}

// handleComplaintNew serves GET /complaints/new?customer=&store=: a complaint by letter, SMS,
// hotline, walk-in or web for a customer, to be dispatched at once.
func (s *Server) handleComplaintNew(w http.ResponseWriter, r *http.Request) {
	customerID, _ := strconv.ParseInt(r.URL.Query().Get("customer"), 10, 64)
	storeID, _ := strconv.ParseInt(r.URL.Query().Get("store"), 10, 64)
	s.renderNew(w, r, http.StatusOK, complaintForm{CustomerID: customerID, StoreID: storeID, Channel: "hotline",
		Severity: string(complaints.Grievance)}, nil)
}

// handleComplaintCreate serves POST /complaints: opens and dispatches a complaint.
func (s *Server) handleComplaintCreate(w http.ResponseWriter, r *http.Request) {
	var f complaintForm
	var id int64
	errs, ok := s.submit(w, r, &f, func() (err error) {
		id, err = s.complaints.Open(r.Context(), principal(r).TenantID, actor(r), f.form())
		return err
	})
	switch {
	case !ok:
	case errs != nil:
		s.renderNew(w, r, http.StatusUnprocessableEntity, f, errs)
	default:
		s.redirect(w, r, "/complaints/"+strconv.FormatInt(id, 10), "flash.complaint_opened")
	}
}

// renderNew renders the new-complaint form for the customer: their vehicles, the group's stores
// with the chosen one's departments, and the categories.
func (s *Server) renderNew(w http.ResponseWriter, r *http.Request, code int, f complaintForm, errs map[string]string) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	page := views.NewPage{Form: f.form(), Errs: errs}
	var err error
	if f.CustomerID == 0 {
		s.render(w, r, code, views.New(s.shell(w, r, "complaints.new"), page))
		return
	}
	if page.Customer, err = s.customers.Customer(ctx, tenantID, f.CustomerID); err != nil {
		s.fail(w, r, err)
		return
	}
	if page.Vehicles, err = s.customers.Vehicles(ctx, tenantID, f.CustomerID); err == nil {
		page.Stores, err = s.tenancy.Stores(ctx, tenantID)
	}
	if err == nil {
		page.Form.StoreID, err = chooseStore(page.Stores, page.Form.StoreID, false)
	}
	if err == nil {
		page.Departments, err = s.tenancy.Departments(ctx, tenantID, page.Form.StoreID)
	}
	if err == nil {
		page.Categories, err = s.complaints.Categories(ctx, tenantID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, code, views.New(s.shell(w, r, "complaints.new"), page))
}
