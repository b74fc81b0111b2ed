package server

import (
	"net/http"

	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/scores"
)

// actionFigures reads what an action is checked against: for a benchmark result, the store's
// later quarters of the item; for a score, the periods since it started from the store's
// scoreboard and, for an item, the drill-downs of its department, read by the score pages' own
// service so that the check shows the figures those pages show.
func (s *Server) actionFigures(r *http.Request, a improve.Action) (improve.Figures, error) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	if a.ResultID != 0 {
		return s.improve.BenchmarkFigures(ctx, tenantID, a)
	}
	today := scores.Date(s.now(), a.Location())
	starts := improve.CheckStarts(a, today)
	if len(starts) == 0 {
		return improve.Figures{Period: a.Period}, nil
	}
	k := scores.Key{StoreID: a.StoreID, DepartmentID: a.DepartmentID, Kind: a.Kind, Period: scores.Period(a.Period),
		Start: starts[len(starts)-1]}
	b, err := s.scores.ReadBoard(ctx, tenantID, k, len(starts))
	if err != nil {
		return improve.Figures{}, err
	}
	var drills []scores.Drill
	for i := 0; a.ItemShort != "" && i < len(b.Starts); i++ {
		k.Start = b.Starts[i]
		d, err := s.scores.ReadDrill(ctx, tenantID, k, 0)
		if err != nil {
			return improve.Figures{}, err
		}
		drills = append(drills, d)
	}
	return improve.ScoreFigures(a, b, drills, today), nil
}
