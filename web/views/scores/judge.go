package scores

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/web/views/components"
)

// verdict is the verdict on a figure of the board's store and kind.
func verdict(b scores.Board, f scores.Figure) scores.Verdict {
	return b.Store.JudgeFigure(b.Kind, f)
}

// cellClass marks a figure by its verdict: none, too few (grey), below the line, or on target.
func cellClass(v scores.Verdict) string {
	switch v {
	case scores.NoScore:
		return "cell empty"
	case scores.TooFew:
		return "cell few"
	case scores.Below:
		return "cell fail"
	}
	return "cell pass"
}

// scoreText is a figure's score with one decimal, or a dash.
func scoreText(f scores.Figure) string {
	if s, ok := f.Score(); ok {
		return pct(s)
	}
	return "—"
}

func pct(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// judged reports whether both figures have enough surveys for a verdict, as a change between
// them needs: a change from a handful of surveys is noise.
func judged(st scores.Store, kind string, figures ...scores.Figure) bool {
	for _, f := range figures {
		if v := st.JudgeFigure(kind, f); v != scores.Below && v != scores.OnTarget {
			return false
		}
	}
	return true
}

// change is the signed change from prev to now, or nothing unless both are judged.
func change(st scores.Store, kind string, now, prev scores.Figure) string {
	if !judged(st, kind, now, prev) {
		return ""
	}
	return fmt.Sprintf("%+.1f", shownChange(now, prev))
}

// shownChange is the change between two scores as shown, with one decimal: 96.2 after 93.2 is
// +3.0, whatever further decimals the scores had, so that a reader's sum comes out the same.
func shownChange(now, prev scores.Figure) float64 {
	a, _ := now.Score()
	b, _ := prev.Score()
	return math.Round(a*10)/10 - math.Round(b*10)/10
}

// tierText is the label of the tier a judged figure reaches, in the reader's language.
func tierText(ctx context.Context, b scores.Board, f scores.Figure) string {
	s, _ := f.Score()
	if !judged(b.Store, b.Kind, f) {
		return ""
	}
	t, ok := scores.TierOf(b.Tiers, s)
	if !ok {
		return ""
	}
	return components.Local(ctx, t.ZH, t.EN)
}

// numClass is the class of a score from n surveys (or answers) in a table: red below the line,
// grey from too few to judge.
func numClass(st scores.Store, kind string, score float64, n int) string {
	switch st.Judge(kind, score, n) {
	case scores.TooFew:
		return "num muted"
	case scores.Below:
		return "num fail-text"
	}
	return "num"
}

// fewTitle explains a grey figure when pointed at.
func fewTitle(ctx context.Context, st scores.Store) string {
	return i18n.T(ctx, "scores.few_hint", "Min", st.MinSample)
}

// figureOfQuery is the figure the drill-down is about: the department's, or the whole store's.
func figureOfQuery(q Query, b scores.Board) scores.Figure {
	if len(b.Total) == 0 {
		return scores.Figure{}
	}
	if q.DepartmentID == 0 {
		return b.Total[len(b.Total)-1]
	}
	f := figuresOf(b, q.DepartmentID)
	return f[len(f)-1]
}

// surveyPart names the part of each survey a drill-down's survey scores count: the chosen
// question, or the part the drill-down covers.
func surveyPart(ctx context.Context, q Query, b scores.Board, itemID int64) string {
	if itemID != 0 {
		return i18n.T(ctx, "scores.this_question")
	}
	return partName(ctx, q, b)
}
