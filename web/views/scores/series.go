package scores

import (
	"context"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/web/views/charts"
)

// series is a department's (or the store's) figures on a board as a trend chart. A period still
// running, or with too few surveys to judge, is muted and says why under its label.
func series(ctx context.Context, q Query, b scores.Board, title string, figures []scores.Figure) charts.Series {
	s := charts.Series{Title: title, Line: b.Store.Line(b.Kind)}
	for i, f := range figures {
		v, ok := f.Score()
		p := charts.Point{Label: chartLabel(ctx, b.Period, b.Starts[i]), Value: v, OK: ok}
		switch {
		case b.Period.Running(b.Starts[i], q.Today()):
			p.Muted, p.Note = true, i18n.T(ctx, "scores.running")
		case verdict(b, f) == scores.TooFew:
			p.Muted, p.Note = true, i18n.T(ctx, "scores.too_few")
		}
		p.Tip = i18n.T(ctx, "scores.chart_tip", "Period", periodRange(ctx, b.Period, b.Starts[i]), "Score", pct(v),
			"Count", surveyCount(ctx, f.Surveys))
		if p.Note != "" {
			p.Tip += " · " + p.Note
		}
		s.Points = append(s.Points, p)
	}
	return s
}
