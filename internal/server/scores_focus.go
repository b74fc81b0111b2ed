package server

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/csidesk/csidesk/internal/scores"
	views "github.com/csidesk/csidesk/web/views/scores"
)

// handleFocusAdd serves POST /scores/focus: a focus item the weekly or monthly meeting chose,
// kept with the report of its period.
func (s *Server) handleFocusAdd(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	var f views.FocusForm
	errs, ok := s.submit(w, r, &f, func() error {
		_, err := s.scores.AddFocus(r.Context(), p.TenantID, p.UserID, f.Focus())
		return err
	})
	switch {
	case !ok:
	case errs != nil:
		f.Errs = errs
		s.renderFocusReport(w, r, f)
	default:
		s.redirect(w, r, focusReport(f.StoreID, f.Period, f.Start), "flash.focus_added")
	}
}

// renderFocusReport shows the report the focus form was on again, with what was wrong with it.
func (s *Server) renderFocusReport(w http.ResponseWriter, r *http.Request, f views.FocusForm) {
	q, err := s.scoreQueryOf(r, url.Values{"store": {fmt.Sprint(f.StoreID)}, "period": {f.Period}, "start": {f.Start}}, openComplete)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.scores.ReadReport(r.Context(), principal(r).TenantID, q.Key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, views.ReportPage(s.shell(w, r, "scores.report"), q, rep, f))
}

// handleFocusRemove serves POST /scores/focus/{focusID}/delete: a focus item removed by hand.
func (s *Server) handleFocusRemove(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "focusID")
	var f scores.Focus
	if err == nil {
		f, err = s.scores.RemoveFocus(r.Context(), principal(r).TenantID, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, focusReport(f.StoreID, string(f.Period), f.Start.Format(time.DateOnly)), "flash.focus_removed")
}

// focusReport is the address of the focus items on a store's report of a week or month.
func focusReport(storeID int64, period, start string) string {
	return fmt.Sprintf("/scores/report?store=%d&period=%s&start=%s#focus", storeID, url.QueryEscape(period), url.QueryEscape(start))
}
