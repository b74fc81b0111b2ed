// Package improve renders the improvement actions (CSI提升行动计划表): the list, printable and
// exported to Excel, an action's page with its PDCA stages, check against the figures, evidence
// and timeline, and the form that opens one.
package improve

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/components"
)

// Form is the plan of an action as its form posts it: what it was opened from (hidden), and
// the fields people write.
type Form struct {
	StoreID       int64  `form:"store_id"`
	Source        string `form:"source"`
	Kind          string `form:"kind"`
	Period        string `form:"period"`
	PeriodStart   string `form:"period_start"`
	ItemShort     string `form:"item_short"`
	ResultID      int64  `form:"result_id"`
	ComparedWith  string `form:"compared_with"`
	Category      string `form:"complaint_category"`
	DepartmentID  int64  `form:"department_id"`
	Weakness      string `form:"weakness"`
	Baseline      string `form:"baseline"`
	Target        string `form:"target"`
	CauseAnalysis string `form:"cause_analysis"`
	Measure       string `form:"action"`
	OwnerID       int64  `form:"owner_id"`
	DueOn         string `form:"due_on"`
}

// FormOf fills the form from an action.
func FormOf(a improve.Action) Form {
	f := Form{StoreID: a.StoreID, DepartmentID: a.DepartmentID, Weakness: a.Weakness, Baseline: Number(a.Baseline),
		Target: Number(a.Target), CauseAnalysis: a.CauseAnalysis, Measure: a.Measure, OwnerID: a.OwnerID}
	if a.DueOn != nil {
		f.DueOn = a.DueOn.Format(time.DateOnly)
	}
	return f
}

// Choices are what a plan's selects offer: the store's departments and the people who may own
// its actions.
type Choices struct {
	Departments []tenancy.Department
	People      []improve.Person
}

// NewPage is the form that opens an action by hand, prefilled from what it is opened from.
type NewPage struct {
	Stores []tenancy.Store
	Form   Form
	Choices
	Errs components.Errors
}

// Number writes a figure with up to two decimals, as the plan sheet shows it; "" for none.
func Number(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// numberOr writes a figure, or a dash for none.
func numberOr(v *float64) string {
	if v == nil {
		return "—"
	}
	return Number(v)
}

// score writes a score with one decimal.
func score(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// stageName names a stage in the reader's language.
func stageName(ctx context.Context, s improve.Stage) string {
	return i18n.T(ctx, "improve.stage_"+string(s))
}

// Status names where an action stands: open, overdue, or closed with its outcome.
func Status(ctx context.Context, a improve.Action, today time.Time) string {
	switch {
	case a.Stage == improve.StageClosed:
		return i18n.T(ctx, "improve.status_"+string(a.Outcome))
	case a.Overdue(today):
		return i18n.T(ctx, "improve.status_overdue")
	}
	return i18n.T(ctx, "improve.status_open")
}

// department names the action's department, or a dash for none.
func department(ctx context.Context, a improve.Action) string {
	if a.DepartmentID == 0 {
		return "—"
	}
	return components.DepartmentName(ctx, a.DeptKind, a.DeptName)
}

// dateOr writes a date, or a dash for none.
func dateOr(d *time.Time) string {
	if d == nil {
		return "—"
	}
	return d.Format(time.DateOnly)
}

// PeriodName names a period in the reader's language: "2026 年 11 月", "Week 49 of 2026".
func PeriodName(ctx context.Context, period string, start time.Time) string {
	return improve.PeriodText(func(key string, args ...any) string { return i18n.T(ctx, key, args...) }, period, start)
}

// Figure names what the action stands for: the department (or item), survey kind and period of
// a score, the programme's item and quarter of a benchmark result, or a complaint category.
func Figure(ctx context.Context, a improve.Action) string {
	var parts []string
	switch {
	case a.ScoreBased():
		parts = append(parts, department(ctx, a), strings.ToUpper(a.Kind), PeriodName(ctx, a.Period, *a.PeriodStart))
		if a.ItemShort != "" {
			parts = append(parts, a.ItemShort)
		}
	case a.ResultID != 0 && a.Quarter != nil:
		parts = append(parts, a.ItemShort, PeriodName(ctx, string(scores.Quarter), *a.Quarter))
		if a.ComparedWith != "" {
			parts = append(parts, i18n.T(ctx, "improve.compared_"+a.ComparedWith))
		}
	case a.Category != "":
		parts = append(parts, components.Local(ctx, a.CategoryZH, a.CategoryEN))
		if a.PeriodStart != nil {
			parts = append(parts, PeriodName(ctx, "month", *a.PeriodStart))
		}
	}
	return strings.Join(parts, " · ")
}

// FigureHref is the page of the figure that caused the action: the drill-down of a score (the
// scoreboard for the whole store), the gap view of a benchmark result's quarter, or the month's
// complaint statistics; "" when it stands for none.
func FigureHref(a improve.Action) templ.SafeURL {
	store := strconv.FormatInt(a.StoreID, 10)
	switch {
	case a.ScoreBased():
		q := url.Values{"store": {store}, "kind": {a.Kind}, "period": {a.Period}, "start": {a.PeriodStart.Format(time.DateOnly)}}
		if a.DepartmentID == 0 {
			return templ.SafeURL("/scores?" + q.Encode())
		}
		q.Set("dept", strconv.FormatInt(a.DepartmentID, 10))
		return templ.SafeURL("/scores/drill?" + q.Encode())
	case a.ResultID != 0 && a.Quarter != nil:
		q := url.Values{"store": {store}, "quarter": {fmt.Sprintf("%dQ%d", a.Quarter.Year(), (int(a.Quarter.Month())+2)/3)}}
		return templ.SafeURL("/benchmarks?" + q.Encode())
	case a.Category != "" && a.PeriodStart != nil:
		q := url.Values{"store": {store}, "month": {a.PeriodStart.Format("2006-01")}}
		return templ.SafeURL("/complaints/stats?" + q.Encode())
	}
	return ""
}

// href is an action's page.
func href(id int64) templ.SafeURL { return templ.SafeURL(fmt.Sprintf("/actions/%d", id)) }

// problem is the message of an action refused as a whole, in the reader's language.
func problem(ctx context.Context, e *apperr.Error) string { return i18n.T(ctx, e.Key, e.Args...) }
