// Package scores renders the score pages: the scoreboard, trends, drill-down, group view and
// reports.
package scores

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Query is what a score page shows: the figure's key, the group's stores to choose from, and
// the time it is shown at.
type Query struct {
	scores.Key
	Stores []tenancy.Store
	// Group and Tiers say whether the reader may see the group view and set the tiers.
	Group, Tiers bool
	// Act says whether the reader may open improvement actions in the store and choose a
	// meeting's focus items.
	Act bool
	// Now is the time of the request in the store's time zone: the periods it falls in are
	// still running, and a workbook says when it was made.
	Now time.Time
	// Chosen says that the reader chose the period; otherwise each page shows its default.
	Chosen bool
	// Split says that the scoreboard shows its latest period by channel.
	Split bool
}

// acts says whether the reader may open improvement actions from the query's figures: they
// follow CSI and SSI, and the event survey is reported apart.
func (q Query) acts() bool {
	return q.Act && q.Kind != string(surveys.Event)
}

// chosenStart is the start of the period the reader chose, or nothing.
func chosenStart(q Query) string {
	if !q.Chosen {
		return ""
	}
	return q.Start.Format(time.DateOnly)
}

// Today is the store's date at the time of the request, as periods start: midnight UTC.
func (q Query) Today() time.Time {
	return scores.Date(q.Now, q.Now.Location())
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

// actionHref opens a new improvement action on a department's figure (or, with item, one of
// its questions by short name) of the query's store and kind, for the period starting on start.
func actionHref(q Query, dept int64, start time.Time, item string) templ.SafeURL {
	u := fmt.Sprintf("/actions/new?store=%d&source=score&department=%d&kind=%s&period=%s&start=%s",
		q.StoreID, dept, q.Kind, q.Period, start.Format(time.DateOnly))
	if item != "" {
		u += "&item=" + url.QueryEscape(item)
	}
	return templ.SafeURL(u)
}

// kinds are the kinds of survey the score pages show.
func kinds() []string { return []string{"csi", "ssi", string(surveys.Event)} }

// figuresOf is a department's figures on a board, empty ones when the board lacks it.
func figuresOf(b scores.Board, id int64) []scores.Figure {
	for _, d := range b.Departments {
		if d.ID == id {
			return d.Figures
		}
	}
	return make([]scores.Figure, len(b.Starts))
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

// kindQuery is q for another kind of survey, on the whole store.
func kindQuery(q Query, kind string) Query {
	q.Kind, q.DepartmentID = kind, 0
	return q
}
