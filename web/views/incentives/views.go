// Package incentives renders the incentive pages: a store's monthly statement (a draft, or the
// month a general manager approved), printable and exported to Excel with a payroll sheet; the
// group's rule sets with the form of a new version; and the reasons of a person's lines, which
// their start page shows.
package incentives

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/a-h/templ"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/benchmarks"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/incentives"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/components"
)

// MonthLayout is how a month is written in addresses and forms: "2026-05".
const MonthLayout = "2006-01"

// StatementPage is a store's month: the statement, its lines and totals as far as the reader
// sees them, and whether they may approve it.
type StatementPage struct {
	Stores    []tenancy.Store // the stores held, for the picker
	Statement incentives.Statement
	// Partial says the reader sees only some departments of the store: no store total.
	Partial bool
	// MayApprove says the reader may approve the month now: it has ended and is a draft.
	MayApprove bool
	// Ended says the month is over in the store's time zone.
	Ended bool
	// MayEditRules says the reader may open the group's rules.
	MayEditRules bool
	Now          time.Time
	Problem      *apperr.Error
}

// Query is the statement's store and month as its address holds them.
func (p StatementPage) Query() string {
	return url.Values{"store": {fmt.Sprint(p.Statement.StoreID)}, "month": {p.Statement.Month.Format(MonthLayout)}}.Encode()
}

// LinesOf are the statement's lines of a person.
func (p StatementPage) LinesOf(t incentives.Total) []incentives.Line {
	var out []incentives.Line
	for _, l := range p.Statement.Lines {
		if l.UserID == t.UserID {
			out = append(out, l)
		}
	}
	return out
}

// DepartmentLines are the lines of a department as a whole, such as a reward: those naming no
// person.
func (p StatementPage) DepartmentLines(departmentID int64) []incentives.Line {
	var out []incentives.Line
	for _, l := range p.Statement.Lines {
		if l.UserID == 0 && l.DepartmentID == departmentID {
			out = append(out, l)
		}
	}
	return out
}

// KindName names a kind of rule in the reader's language.
func KindName(ctx context.Context, kind string) string {
	return i18n.T(ctx, "incentives.kind."+kind)
}

// Rule names a line's rule and the version of the rules it was computed with.
func Rule(ctx context.Context, l incentives.Line) string {
	return i18n.T(ctx, "incentives.rule", "Kind", KindName(ctx, l.Kind), "Version", l.RuleVersion)
}

// Amount writes what a line or total comes to: its amount in yuan and its commission cut; "—"
// for neither.
func Amount(ctx context.Context, fen incentives.Fen, percent float64) string {
	switch {
	case fen != 0 && percent != 0:
		return fen.Yuan() + " · " + Cut(ctx, percent)
	case percent != 0:
		return Cut(ctx, percent)
	case fen != 0:
		return fen.Yuan()
	}
	return "—"
}

// Cut writes a commission cut: "−20 %", a cut given back "+5 %".
func Cut(ctx context.Context, percent float64) string {
	text := "−" + Percent(percent)
	if percent < 0 {
		text = "+" + Percent(-percent)
	}
	return i18n.T(ctx, "incentives.cut", "Percent", text)
}

// Percent writes a percentage without trailing zeros: 5, 12.5.
func Percent(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// fineClass marks a fine or a cut red.
func fineClass(fen incentives.Fen, percent float64) string {
	if fen < 0 || percent > 0 {
		return "fail-text"
	}
	return ""
}

// when writes a moment in the group's time zone.
func when(t time.Time) string {
	return t.In(tenancy.Location(tenancy.DefaultTimeZone)).Format("2006-01-02 15:04")
}

// Month names a month: "2026-05".
func Month(t time.Time) string { return t.Format(MonthLayout) }

// points writes a score or gap with up to two decimals.
func points(v float64) string { return benchmarks.Format(&v) }

// signed writes a gap with its sign: "+7", "−3.5".
func signed(v float64) string {
	if v < 0 {
		return "−" + points(-v)
	}
	return "+" + points(v)
}

// totalDepartment names a total's department.
func totalDepartment(ctx context.Context, t incentives.Total) string {
	if t.DepartmentID == 0 {
		return "—"
	}
	return components.DepartmentName(ctx, t.DepartmentKind, t.Department)
}

// department names a line's department.
func department(ctx context.Context, l incentives.Line) string {
	if l.DepartmentID == 0 {
		return "—"
	}
	return components.DepartmentName(ctx, l.DepartmentKind, l.DepartmentName)
}

// scoreHref is the store's scoreboard of a line's month, where its department's cell is.
func scoreHref(storeID int64, c incentives.Cause) templ.SafeURL {
	q := url.Values{"store": {fmt.Sprint(storeID)}, "kind": {c.Kind}, "period": {"month"}, "start": {c.Start.Format(time.DateOnly)}}
	return templ.SafeURL("/scores?" + q.Encode())
}

// gapHref is the store's gap view of a line's quarter.
func gapHref(storeID int64, c incentives.Cause) templ.SafeURL {
	q := url.Values{"store": {fmt.Sprint(storeID)}, "quarter": {benchmarks.QuarterLabel(c.Quarter)}}
	return templ.SafeURL("/benchmarks?" + q.Encode())
}

func complaintHref(id int64) templ.SafeURL { return templ.SafeURL(fmt.Sprintf("/complaints/%d", id)) }

func actionHref(id int64) templ.SafeURL { return templ.SafeURL(fmt.Sprintf("/actions/%d", id)) }

// Href is a store's statement of a month.
func Href(storeID int64, month time.Time) templ.SafeURL {
	q := url.Values{"store": {fmt.Sprint(storeID)}, "month": {Month(month)}}
	return templ.SafeURL("/incentives?" + q.Encode())
}

// CauseText says in words what gave a line, as its link's text: the score against the red line,
// the benchmark gap, or the complaints by number.
func CauseText(ctx context.Context, l incentives.Line) string {
	c := l.Cause
	switch l.Kind {
	case incentives.RedLine:
		return i18n.T(ctx, "incentives.cause_red_line", "Kind", i18n.T(ctx, "benchmarks.programme."+c.Kind),
			"Month", Month(c.Start), "Score", strconv.FormatFloat(c.Score, 'f', 1, 64), "Count", c.Surveys, "Line", points(c.Line))
	case incentives.BenchmarkBelow, incentives.BenchmarkAbove:
		return i18n.T(ctx, "incentives.cause_benchmark", "Programme", i18n.T(ctx, "benchmarks.programme."+c.Programme),
			"Quarter", benchmarks.QuarterLabel(c.Quarter), "Item", c.Item, "Score", points(c.Score),
			"National", points(c.National), "Gap", signed(c.Gap))
	}
	return i18n.T(ctx, "incentives.cause_complaint")
}

// adjusts says which locked month an adjustment line corrects and what changed in it.
func adjusts(ctx context.Context, l incentives.Line) string {
	if l.Cause.Changed == "" {
		return i18n.T(ctx, "incentives.adjusts_month", "Month", Month(l.Adjusts))
	}
	return i18n.T(ctx, "incentives.adjusts", "Month", Month(l.Adjusts), "Changed", i18n.T(ctx, "incentives.changed_"+l.Cause.Changed))
}
