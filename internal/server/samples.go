package server

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/tenancy"
	views "github.com/csidesk/csidesk/web/views/followups"
)

func (s *Server) registerSampleRoutes(r chi.Router) {
	r.With(s.require(mayReadScores)).Get("/followups/samples", s.handleSamples)
}

// handleSamples serves GET /followups/samples?month=2026-11: a month's survey calls per store and
// kind, this month by default (in the group's default time zone).
func (s *Server) handleSamples(w http.ResponseWriter, r *http.Request) {
	month, err := time.Parse("2006-01", r.URL.Query().Get("month"))
	if err != nil {
		y, m, _ := s.now().In(tenancy.Location(tenancy.DefaultTimeZone)).Date()
		month = time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	}
	samples, err := s.scores.Samples(r.Context(), principal(r).TenantID, month)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.Samples(s.shell(w, r, "samples.title"), month.Format("2006-01"), samples))
}
