package server

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/web/views/components"
	views "github.com/csidesk/csidesk/web/views/improve"
)

// handleAction serves GET /actions/{actionID}: the action's plan and stage, its figures since it
// started, its evidence and its timeline, with the steps the reader may take now.
func (s *Server) handleAction(w http.ResponseWriter, r *http.Request) {
	s.renderAction(w, r, http.StatusOK, func(*views.ActionPage) {})
}

// renderAction renders the action in the path, with what with changes of its page (a form sent
// back, a problem).
func (s *Server) renderAction(w http.ResponseWriter, r *http.Request, code int, with func(*views.ActionPage)) {
	page, err := s.actionPage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	with(&page)
	sh := s.shell(w, r, "improve.title")
	sh.Title = page.A.Weakness
	s.render(w, r, code, views.Show(sh, page))
}

// actionPage reads the action in the path for the reader.
func (s *Server) actionPage(r *http.Request) (views.ActionPage, error) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	var p views.ActionPage
	id, err := pathID(r, "actionID")
	if err != nil {
		return p, err
	}
	if p.A, err = s.improve.Get(ctx, tenantID, id); err != nil {
		return p, err
	}
	p.Now, p.Allowed, p.Form = s.now(), improve.Allowed(p.A, improveActor(r)), views.FormOf(p.A)
	if p.Events, err = s.improve.Timeline(ctx, tenantID, id); err != nil {
		return p, err
	}
	if p.Evidence, err = s.improve.EvidenceOf(ctx, tenantID, id); err != nil {
		return p, err
	}
	if p.Figures, err = s.actionFigures(r, p.A); err != nil {
		return p, err
	}
	if slices.Contains(p.Allowed, improve.StepEdit) {
		p.Choices, err = s.planChoices(r, p.A.StoreID)
	}
	return p, err
}

// planChoices are what a plan of the store may choose: its departments and its people.
func (s *Server) planChoices(r *http.Request, storeID int64) (views.Choices, error) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	var c views.Choices
	var err error
	if storeID == 0 {
		return c, nil
	}
	if c.Departments, err = s.tenancy.Departments(ctx, tenantID, storeID); err != nil {
		return c, err
	}
	c.People, err = s.improve.People(ctx, tenantID, storeID)
	return c, err
}

// handleActionEdit serves POST /actions/{actionID}: the plan of an open action saved, every
// change an event; bad input comes back at its field.
func (s *Server) handleActionEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "actionID")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var f views.Form
	errs, ok := s.submit(w, r, &f, func() error {
		p, err := planOf(f)
		if err != nil {
			return err
		}
		return s.improve.Edit(r.Context(), principal(r).TenantID, improveActor(r), id, p)
	})
	switch {
	case !ok:
	case errs != nil:
		s.renderAction(w, r, http.StatusUnprocessableEntity, func(p *views.ActionPage) {
			p.Form, p.Acting, p.Errs = f, improve.StepEdit, errs
		})
	default:
		s.redirect(w, r, "/actions/"+strconv.FormatInt(id, 10), "flash.action_saved")
	}
}

// planOf reads the plan's typed fields: a figure that is not a number, or a date that is not
// one, is an error at its field.
func planOf(f views.Form) (improve.Plan, error) {
	p := improve.Plan{DepartmentID: f.DepartmentID, Weakness: f.Weakness, CauseAnalysis: f.CauseAnalysis,
		Measure: f.Measure, OwnerID: f.OwnerID}
	errs := components.Errors{}
	for field, v := range map[string]struct {
		text string
		dst  **float64
	}{"baseline": {f.Baseline, &p.Baseline}, "target": {f.Target, &p.Target}} {
		if t := strings.TrimSpace(v.text); t != "" {
			n, err := strconv.ParseFloat(t, 64)
			if err != nil {
				errs[field] = "validation.number"
			}
			*v.dst = &n
		}
	}
	if t := strings.TrimSpace(f.DueOn); t != "" {
		d, err := time.Parse(time.DateOnly, t)
		if err != nil {
			errs["due_on"] = "validation.date"
		}
		p.DueOn = d
	}
	if len(errs) > 0 {
		return p, apperr.Fields(errs)
	}
	return p, nil
}

// stageForm is a step that moves an action's stage: the stage the person saw, and a closing
// note.
type stageForm struct {
	Step string `form:"step"`
	From string `form:"from"`
	Note string `form:"note"`
}

// handleActionStage serves POST /actions/{actionID}/stage: a step of the PDCA cycle. Closing
// as met goes by the figures since the start, read afresh; signing that it did not work opens
// the action that follows. Bad input comes back at its field; a step out of turn or not the
// person's comes back on the page with why.
func (s *Server) handleActionStage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "actionID")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var f stageForm
	errs, err := s.decode(r, &f)
	step := improve.Step(f.Step)
	if _, ok := improve.Moves[step]; !ok && err == nil {
		s.renderAction(w, r, http.StatusUnprocessableEntity, func(p *views.ActionPage) {
			p.Problem = apperr.New(apperr.Invalid, "improve.error.step")
		})
		return
	}
	if err == nil && errs == nil {
		errs, err = s.move(r, id, step, f)
	}
	e, _ := apperr.As(err)
	switch {
	case errs != nil:
		s.renderAction(w, r, http.StatusUnprocessableEntity, func(p *views.ActionPage) { p.Acting, p.Errs, p.Note = step, errs, f.Note })
	case e != nil && (e.Code == apperr.Conflict || e.Code == apperr.Forbidden):
		s.renderAction(w, r, statusOf(e.Code), func(p *views.ActionPage) { p.Problem = e })
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/actions/"+strconv.FormatInt(id, 10), "flash.action_"+string(step))
	}
}

// move takes the step, with the figures closing goes by; it returns the field errors to show.
func (s *Server) move(r *http.Request, id int64, step improve.Step, f stageForm) (components.Errors, error) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	c := improve.Closing{Note: f.Note}
	if step == improve.StepClose {
		a, err := s.improve.Get(ctx, tenantID, id)
		if err != nil {
			return nil, err
		}
		if c.Figures, err = s.actionFigures(r, a); err != nil {
			return nil, err
		}
	}
	_, err := s.improve.Move(ctx, tenantID, improveActor(r), id, step, improve.Stage(f.From), c)
	return fieldErrors(err), err
}
