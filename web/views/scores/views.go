// Package scores renders the score pages: the scoreboard, trends, drill-down, group view and
// reports.
package scores

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/charts"
	"github.com/csidesk/csidesk/web/views/components"
)

// Query is what a score page shows: the figure's key and the group's stores to choose from.
type Query struct {
	scores.Key
	Stores []tenancy.Store
	// Group and Tiers say whether the reader may see the group view and set the tiers.
	Group, Tiers bool
}

// StoreName is the name of the query's store.
func (q Query) StoreName() string {
	for _, s := range q.Stores {
		if s.ID == q.StoreID {
			return s.Name
		}
	}
	return ""
}

// href is a score page's address for q with changes applied (name, value pairs; an empty value
// drops the parameter). It is built by hand, since a scoreboard has one per cell.
func href(path string, q Query, change ...string) templ.SafeURL {
	params := [][2]string{{"dept", ""}, {"kind", q.Kind}, {"period", string(q.Period)},
		{"start", q.Start.Format(time.DateOnly)}, {"store", strconv.FormatInt(q.StoreID, 10)}}
	if q.DepartmentID != 0 {
		params[0][1] = strconv.FormatInt(q.DepartmentID, 10)
	}
	for i := 0; i+1 < len(change); i += 2 {
		if j := slices.IndexFunc(params, func(p [2]string) bool { return p[0] == change[i] }); j >= 0 {
			params[j][1] = change[i+1]
		} else {
			params = append(params, [2]string{change[i], change[i+1]})
		}
	}
	var b strings.Builder
	b.WriteString(path)
	sep := byte('?')
	for _, p := range params {
		if p[1] == "" {
			continue
		}
		b.WriteByte(sep)
		b.WriteString(p[0])
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p[1]))
		sep = '&'
	}
	return templ.SafeURL(b.String())
}

// cellHref is the drill-down of a department's (0: the store's) figure for the period at start.
func cellHref(q Query, dept int64, start time.Time) templ.SafeURL {
	return href("/scores/drill", q, "dept", strconv.FormatInt(dept, 10), "start", start.Format(time.DateOnly))
}

// shift moves the query's period n periods on.
func shift(q Query, n int) templ.SafeURL {
	return href("", q, "start", q.Period.Add(q.Start, n).Format(time.DateOnly))
}

// periodLabel names a period briefly: "W47" for an ISO week, "11月" or "Nov" for a month.
func periodLabel(ctx context.Context, p scores.Period, start time.Time) string {
	if p == scores.Week {
		_, w := start.ISOWeek()
		return fmt.Sprintf("W%02d", w)
	}
	return components.Local(ctx, fmt.Sprintf("%d月", start.Month()), start.Format("Jan"))
}

// periodRange names a period in full: its ISO week and dates, or its month.
func periodRange(ctx context.Context, p scores.Period, start time.Time) string {
	if p == scores.Week {
		y, w := start.ISOWeek()
		return i18n.T(ctx, "scores.week_range", "Year", y, "Week", w,
			"From", start.Format("01-02"), "Until", start.AddDate(0, 0, 6).Format("01-02"))
	}
	return i18n.T(ctx, "scores.month_range", "Year", start.Year(), "Month", int(start.Month()))
}

// scoreText is a figure's score with one decimal, or a dash.
func scoreText(f scores.Figure) string {
	if s, ok := f.Score(); ok {
		return strconv.FormatFloat(s, 'f', 1, 64)
	}
	return "—"
}

// delta is the change from prev to now, signed, or nothing when either has no score.
func delta(now, prev scores.Figure) string {
	a, ok1 := now.Score()
	b, ok2 := prev.Score()
	if !ok1 || !ok2 {
		return ""
	}
	return fmt.Sprintf("%+.1f", a-b)
}

// cellClass marks a figure that fails the line, passes it, or has no score.
func cellClass(f scores.Figure, line float64) string {
	s, ok := f.Score()
	switch {
	case !ok:
		return "cell empty"
	case s < line:
		return "cell fail"
	}
	return "cell pass"
}

// fails reports whether a figure has a score below the line.
func fails(f scores.Figure, line float64) bool {
	s, ok := f.Score()
	return ok && s < line
}

// tierText is the label of the tier a figure reaches, in the reader's language.
func tierText(ctx context.Context, tiers []scores.Tier, f scores.Figure) string {
	s, ok := f.Score()
	if !ok {
		return ""
	}
	t, ok := scores.TierOf(tiers, s)
	if !ok {
		return ""
	}
	return components.Local(ctx, t.ZH, t.EN)
}

func deptName(ctx context.Context, d scores.Department) string {
	return components.DepartmentName(ctx, d.Kind, d.Name)
}

func pct(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// series is a department's figures as a trend chart.
func series(ctx context.Context, b scores.Board, title string, figures []scores.Figure) charts.Series {
	s := charts.Series{Title: title, Line: b.Store.Line(b.Kind)}
	for i, f := range figures {
		v, ok := f.Score()
		s.Points = append(s.Points, charts.Point{Label: periodLabel(ctx, b.Period, b.Starts[i]), Value: v, OK: ok, N: f.Surveys})
	}
	return s
}

func kinds() []string { return []string{"csi", "ssi"} }

// figuresOf is a department's figures on a board, empty ones when the board lacks it.
func figuresOf(b scores.Board, id int64) []scores.Figure {
	for _, d := range b.Departments {
		if d.ID == id {
			return d.Figures
		}
	}
	return make([]scores.Figure, len(b.Starts))
}

// figureOfQuery is the figure the drill-down is about: the department's, or the store's.
func figureOfQuery(q Query, b scores.Board) scores.Figure {
	if q.DepartmentID == 0 {
		return b.Total[len(b.Total)-1]
	}
	f := figuresOf(b, q.DepartmentID)
	return f[len(f)-1]
}

// drillTitle names the figure: department (or store), kind and period.
func drillTitle(ctx context.Context, q Query, b scores.Board) string {
	name := i18n.T(ctx, "scores.store_total")
	for _, d := range b.Departments {
		if d.ID == q.DepartmentID {
			name = deptName(ctx, d)
		}
	}
	return fmt.Sprintf("%s · %s · %s · %s", b.Store.Name, name, i18n.T(ctx, "surveys.kind_"+q.Kind), periodRange(ctx, q.Period, q.Start))
}

func itemText(ctx context.Context, items []scores.ItemScore, id int64) string {
	for _, it := range items {
		if it.ItemID == id {
			return components.Local(ctx, it.TextZH, it.TextEN)
		}
	}
	return ""
}

// groupName is a person's or region's name as it is, or a segment's key in the reader's language.
func groupName(ctx context.Context, g scores.Group, labelPrefix string) string {
	if labelPrefix == "" {
		return g.Name
	}
	return i18n.T(ctx, labelPrefix+g.Name)
}

// reportTitle names the report: the weekly meeting's or the month's.
func reportTitle(ctx context.Context, q Query) string {
	if q.Period == scores.Week {
		return i18n.T(ctx, "scores.weekly_report")
	}
	return i18n.T(ctx, "scores.monthly_report")
}

// newestFirst lists a board's columns from the latest period back, so that a phone, which
// shows the first columns, shows the latest.
func newestFirst[T any](starts []T) []int {
	out := make([]int, len(starts))
	for i := range out {
		out[i] = len(starts) - 1 - i
	}
	return out
}
