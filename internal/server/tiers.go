package server

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/scores"
	views "github.com/csidesk/csidesk/web/views/scores"
)

func (s *Server) registerTierRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.require(maySetTiers))
		r.Get("/scores/tiers", s.handleTiers)
		r.Post("/scores/tiers", s.handleTiersSave)
	})
}

// handleTiers serves GET /scores/tiers: the group's tier labels, with room for more.
func (s *Server) handleTiers(w http.ResponseWriter, r *http.Request) {
	tiers, err := s.scores.Tiers(r.Context(), principal(r).TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := make([]scores.TierRow, scores.MaxTiers)
	for i, t := range tiers {
		rows[i] = scores.TierRow{Min: strconv.FormatFloat(t.Min, 'f', -1, 64), ZH: t.ZH, EN: t.EN}
	}
	s.render(w, r, http.StatusOK, views.TiersPage(s.shell(w, r, "scores.tiers"), rows, nil))
}

// handleTiersSave serves POST /scores/tiers: replaces the group's tiers; a bad row gets its
// message and nothing is saved.
func (s *Server) handleTiersSave(w http.ResponseWriter, r *http.Request) {
	rows := make([]scores.TierRow, scores.MaxTiers)
	for i := range rows {
		n := strconv.Itoa(i)
		rows[i] = scores.TierRow{Min: r.PostFormValue("min_" + n), ZH: r.PostFormValue("zh_" + n), EN: r.PostFormValue("en_" + n)}
	}
	err := postedText(r)
	var tiers []scores.Tier
	if err == nil {
		tiers, err = scores.ParseTiers(rows)
	}
	if err == nil {
		err = s.scores.SaveTiers(r.Context(), principal(r).TenantID, tiers)
	}
	if e, ok := apperr.As(err); ok && e.Fields != nil {
		s.render(w, r, http.StatusUnprocessableEntity, views.TiersPage(s.shell(w, r, "scores.tiers"), rows, e.Fields))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/scores/tiers", "flash.tiers_saved")
}
