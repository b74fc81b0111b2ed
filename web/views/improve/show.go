package improve

import (
	"context"
	"fmt"
	"strings"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/components"
)

// verdict says what a figure of the check says against the target.
func verdict(ctx context.Context, f improve.Figure, target *float64) string {
	switch {
	case !f.Scored:
		return i18n.T(ctx, "improve.verdict_none")
	case !f.Valid:
		return i18n.T(ctx, "improve.verdict_few")
	case f.Running:
		return i18n.T(ctx, "improve.running")
	case target == nil:
		return "—"
	case f.Reaches(target):
		return i18n.T(ctx, "improve.verdict_met")
	}
	return i18n.T(ctx, "improve.verdict_short")
}

// deciding says what closing goes by: the latest ended period's figure against the target.
func deciding(ctx context.Context, c improve.Figures, target *float64) string {
	f, ok := c.Deciding()
	switch {
	case !ok:
		return i18n.T(ctx, "improve.deciding_none")
	case c.Met(target):
		return i18n.T(ctx, "improve.deciding_met", "Period", PeriodName(ctx, c.Period, f.Start), "Score", score(f.Score))
	}
	return i18n.T(ctx, "improve.deciding_short", "Period", PeriodName(ctx, c.Period, f.Start), "Score", score(f.Score))
}

// noteLabel is the label of a closing step's note: a signed note for giving up.
func noteLabel(st improve.Step) string {
	if st == improve.StepGiveUp {
		return "improve.signed_note"
	}
	return "improve.closing_note"
}

// fileSize writes a file's size in KB or MB.
func fileSize(n int) string {
	if n < 1<<20 {
		return fmt.Sprintf("%.0f KB", float64(n)/1024+0.5)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// departmentOptions offer the store's departments, or none.
func departmentOptions(ctx context.Context, list []tenancy.Department) []components.Option {
	out := []components.Option{{Value: "0", Label: "—"}}
	for _, d := range list {
		out = append(out, components.Option{Value: fmt.Sprint(d.ID), Label: components.DepartmentName(ctx, string(d.Kind), d.Name)})
	}
	return out
}

// personOptions offer the people who may own the action, or none yet.
func personOptions(ctx context.Context, list []improve.Person) []components.Option {
	out := []components.Option{{Value: "0", Label: i18n.T(ctx, "improve.no_owner")}}
	for _, p := range list {
		out = append(out, components.Option{Value: fmt.Sprint(p.ID), Label: p.Name})
	}
	return out
}

// orSystem names who made a change: a person, or the system.
func orSystem(ctx context.Context, person string) string {
	if person == "" {
		return i18n.T(ctx, "improve.system")
	}
	return person
}

// change writes an event's values, before → after, in the reader's language.
func change(ctx context.Context, e improve.Event) string {
	show := func(v string) string {
		switch {
		case v == "":
			return "—"
		case e.Field == "stage":
			return stageName(ctx, improve.Stage(v))
		case e.Field == "outcome":
			return i18n.T(ctx, "improve.status_"+v)
		case e.Field == "opened":
			return i18n.T(ctx, "improve.source_"+v)
		case e.Field == "department_id":
			kind, name, _ := strings.Cut(v, ":")
			return components.DepartmentName(ctx, kind, name)
		}
		return v
	}
	if e.Before == "" {
		return show(e.After)
	}
	return show(e.Before) + " → " + show(e.After)
}
