package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/links"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/components"
	views "github.com/csidesk/csidesk/web/views/followups"
)

func (s *Server) registerCallRoutes(r chi.Router) {
	r.With(s.require(mayReadCalls)).Get("/tasks/{taskID}", s.handleCall)
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayWorkCalls))
		r.Post("/tasks/{taskID}/attempts", s.handleAttempt)
		r.Post("/tasks/{taskID}/answers", s.handleAnswers)
		r.Post("/tasks/{taskID}/complete", s.handleComplete)
		r.Post("/tasks/{taskID}/link", s.handleSendLink)
	})
}

// callPage gathers the call screen of the task in the path, with, for a call opened from a
// worklist tab, that tab's next call.
func (s *Server) callPage(r *http.Request) (views.CallPage, error) {
	var cp views.CallPage
	steps := []func() error{
		func() error { return s.callFacts(r, &cp) },
		func() error { s.callRoles(r, &cp); return nil },
		func() error { return s.nextCall(r, &cp) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return cp, err
		}
	}
	return cp, nil
}

// callFacts reads the task in the path with what the call screen shows of its customer's calls
// and complaints, the task's attempts and its survey in one round trip, with the customer's
// file unless it is kept, and the questionnaire the call asks, kept.
func (s *Server) callFacts(r *http.Request, cp *views.CallPage) error {
	ctx, tenantID := r.Context(), principal(r).TenantID
	id, err := pathID(r, "taskID")
	if err != nil {
		return err
	}
	cid, err := s.followups.CustomerOf(ctx, tenantID, id)
	if err != nil {
		return err
	}
	var reads postgres.Reads
	var file customerFile
	followups.QueueTask(&reads, id, s.now(), &cp.Task) // first: a task out of scope reads nothing more
	keep := s.queueFile(r, &reads, cid, &file)
	followups.QueueCustomerCalls(&reads, cid, &cp.Calls)
	followups.QueueCustomerComplaints(&reads, cid, &cp.Complaints)
	followups.QueueAttempts(&reads, id, &cp.Attempts)
	links.QueueSent(&reads, id, &cp.Links)
	followups.QueueSurvey(&reads, id, &cp.Survey)
	if err := s.db.Run(ctx, tenantID, &reads); err != nil {
		return err
	}
	keep()
	cp.Customer, cp.Vehicles, cp.ServiceOrders, cp.Deliveries = file.Customer, file.Vehicles, file.ServiceOrders, file.Deliveries
	if cp.Task.QuestionnaireID == 0 { // a call without a survey, or a store without a questionnaire
		return nil
	}
	q, err := s.surveys.Version(ctx, tenantID, cp.Task.StoreID, cp.Task.QuestionnaireID)
	cp.Questionnaire, cp.Skipped = q.For(cp.Task.WorkType)
	return err
}

// callRoles says whom the call screen's script speaks as, and what the viewer may do there: an
// agent works an open call that no other agent holds now.
func (s *Server) callRoles(r *http.Request, cp *views.CallPage) {
	p, now := principal(r), s.now()
	works := may(r, mayWorkCalls, cp.Task.StoreID)
	if holder := cp.Task.Holder(now); holder != 0 && holder != p.UserID {
		cp.HeldBy = cp.Task.ClaimedName
	}
	cp.Mine = cp.Task.Status == followups.TaskOpen && cp.HeldBy == "" && works
	cp.Agent = followups.ScriptAgent(cp.Task, cp.Survey, cp.Attempts, p.Name, works, now)
	cp.Script = followups.Script(cp.Task, cp.Questionnaire)
	cp.MayVoid, cp.ReadOnly, cp.Access = may(r, mayVoid, cp.Task.StoreID), !works, access(r)
}

// nextCall reads the worklist tab a call was opened from and, once the call needs nothing more
// today from an agent who works it, that tab's next call.
func (s *Server) nextCall(r *http.Request, cp *views.CallPage) error {
	cp.Worklist = s.worklistFrom(r)
	if cp.Worklist == nil || cp.ReadOnly || !cp.Task.DoneForNow() {
		return nil
	}
	var err error
	cp.Next, err = s.followups.NextCall(r.Context(), principal(r).TenantID, principal(r).UserID, *cp.Worklist, cp.Task.ID)
	return err
}

// callForm loads the call screen of a post and reads the posted form; ok is false when it has
// answered the request itself.
func (s *Server) callForm(w http.ResponseWriter, r *http.Request) (views.CallPage, bool) {
	cp, err := s.callPage(r)
	if err == nil {
		err = r.ParseForm()
	}
	if err != nil {
		s.fail(w, r, err)
		return cp, false
	}
	return cp, true
}

// handleCall serves GET /tasks/{taskID}: the call screen.
func (s *Server) handleCall(w http.ResponseWriter, r *http.Request) {
	cp, err := s.callPage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderCall(w, r, http.StatusOK, cp)
}

func (s *Server) renderCall(w http.ResponseWriter, r *http.Request, code int, cp views.CallPage) {
	sh := s.shell(w, r, "call.title")
	sh.Title = cp.Customer.Name
	s.render(w, r, code, views.Call(sh, cp))
}

// handleAttempt serves POST /tasks/{taskID}/attempts: what came of a try to reach the customer.
func (s *Server) handleAttempt(w http.ResponseWriter, r *http.Request) {
	cp, ok := s.callForm(w, r)
	if !ok {
		return
	}
	var err error
	a := followups.Attempt{Outcome: followups.Outcome(r.PostForm.Get("outcome")), Notes: r.PostForm.Get("notes")}
	if v := r.PostForm.Get("call_back_at"); v != "" {
		if t, ok := orders.ParseTime(v, tenancy.Location(cp.Task.TimeZone)); ok {
			a.CallBackAt = &t
		} else {
			a.CallBackAt = &time.Time{} // not a time: refused as no valid call-back time
		}
	}
	if err = postedText(r); err == nil {
		err = s.followups.RecordAttempt(r.Context(), principal(r).TenantID, principal(r).UserID, cp.Task.ID, a)
	}
	s.afterCallAction(w, r, cp, err, "flash.attempt_recorded")
}

// handleAnswers serves POST /tasks/{taskID}/answers: answers saved as the agent goes. The
// page's script sends each answer as it is given and gets 204, or 422 with the message; without
// the script, the form's save button sends them all and sees the page again.
func (s *Server) handleAnswers(w http.ResponseWriter, r *http.Request) {
	cp, ok := s.callForm(w, r)
	if !ok {
		return
	}
	answers := postedAnswers(r.PostForm, cp.Questionnaire.Items)
	err := postedText(r)
	if err == nil {
		err = s.followups.SaveAnswers(r.Context(), principal(r).TenantID, principal(r).UserID, cp.Task.ID, answers)
	}
	if r.Header.Get("X-Autosave") != "" {
		s.autosaveResult(w, r, err)
		return
	}
	s.afterCallAction(w, r, cp, err, "flash.answers_saved")
}

// autosaveResult answers the page's script: 204, or 422 with the first message as text, or for
// postedAnswers reads the answers to items that a form sends, each in its item's field
// (followups.ItemField): the words of a text item, else a number on the item's scale, or an
// empty value, which clears the answer. A value that is not a number is sent on as -1, to be
// refused as off the scale. Items the form does not send are left as they are.
func postedAnswers(form url.Values, items []surveys.Item) []followups.Answer {
	var answers []followups.Answer
	for _, it := range items {
		v, sent := form[followups.ItemField(it.ID)]
		if !sent {
			continue
		}
		a := followups.Answer{ItemID: it.ID}
		raw := strings.TrimSpace(strings.Join(v, ""))
		switch {
		case it.Scale == surveys.Text:
			a.Text = raw
		case raw != "": // an empty value clears the answer
			n, err := strconv.Atoi(raw)
			if err != nil {
				n = -1 // not a number: refused as off the scale
			}
			a.Value = &n
		}
		answers = append(answers, a)
	}
	return answers
}

// any other failure the page of its status (fail), such as a 503 while the database is away.
func (s *Server) autosaveResult(w http.ResponseWriter, r *http.Request, err error) {
	if err == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	e, ok := apperr.As(err)
	if !ok || (e.Code != apperr.Invalid && e.Code != apperr.Conflict) {
		s.fail(w, r, err) // the script keeps the answer and tries again
		return
	}
	key := e.Key
	for _, k := range e.Fields {
		key = k
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusUnprocessableEntity)
	fmt.Fprint(w, i18n.T(r.Context(), key))
}

// handleComplete serves POST /tasks/{taskID}/complete: the survey is done.
func (s *Server) handleComplete(w http.ResponseWriter, r *http.Request) {
	cp, ok := s.callForm(w, r)
	if !ok {
		return
	}
	c := followups.Completion{Flagged: r.PostForm.Get("flagged") == "true", Note: r.PostForm.Get("note")}
	err := postedText(r)
	if err == nil {
		err = s.followups.Complete(r.Context(), principal(r).TenantID, principal(r).UserID, cp.Task.ID, c)
	}
	s.afterCallAction(w, r, cp, err, "flash.survey_completed")
}

// handleSendLink serves POST /tasks/{taskID}/link: the survey sent to the customer as a link,
// by SMS or e-mail, instead of asked on the phone.
func (s *Server) handleSendLink(w http.ResponseWriter, r *http.Request) {
	cp, ok := s.callForm(w, r)
	if !ok {
		return
	}
	via := followups.Via(r.PostForm.Get("via"))
	err := s.links.Send(r.Context(), principal(r).TenantID, principal(r).UserID, cp.Task.ID, via)
	s.afterCallAction(w, r, cp, err, "flash.link_sent")
}

// afterCallAction shows the call screen again: with the errors at their fields (422), or, after
// success, fresh with a flash message and the worklist tab the call came from, so that it offers
// that tab's next call once this one is done.
func (s *Server) afterCallAction(w http.ResponseWriter, r *http.Request, cp views.CallPage, err error, flashKey string) {
	if errs := fieldErrors(err); errs != nil {
		cp.Errs = components.Errors(errs)
		s.renderCall(w, r, http.StatusUnprocessableEntity, cp)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	from := cp.Worklist
	if from == nil { // a call opened by its name goes on as if from the day's calls
		from = &followups.WorkFilter{Tab: followups.DueToday, StoreID: cp.Task.StoreID}
	}
	s.redirect(w, r, views.WithWorklist(fmt.Sprintf("/tasks/%d", cp.Task.ID), from), flashKey)
}
