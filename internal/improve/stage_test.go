package improve_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/testkit"
)

// fieldsOf are the fields an error names, sorted.
func fieldsOf(err error) []string {
	e, ok := apperr.As(err)
	if !ok {
		return nil
	}
	return slices.Sorted(maps.Keys(e.Fields))
}

// move takes a step as who from the stage the action is in now.
func (f *fixture) move(id int64, who string, step improve.Step, c improve.Closing) (int64, error) {
	f.t.Helper()
	a, err := f.svc.Get(context.Background(), f.tenantID, id)
	testkit.Must(f.t, err)
	return f.svc.Move(context.Background(), f.tenantID, f.actor(who), id, step, a.Stage, c)
}

// events are an action's timeline as "field before→after".
func (f *fixture) events(id int64) []string {
	f.t.Helper()
	list, err := f.svc.Timeline(context.Background(), f.tenantID, id)
	testkit.Must(f.t, err)
	var out []string
	for _, e := range list {
		out = append(out, e.Field+" "+e.Before+"→"+e.After)
	}
	return out
}

// met and short are figures after the start: December at 96 and at 93, from 6 surveys.
var (
	met   = improve.Figures{Period: "month", List: []improve.Figure{{Start: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Score: 96, Scored: true, Sample: 6, Valid: true}}}
	short = improve.Figures{Period: "month", List: []improve.Figure{{Start: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Score: 93, Scored: true, Sample: 6, Valid: true}}}
)

// TestMove_StartNeedsThePlan: an action without its cause, measure, owner and due date stays
// at the plan, with a message at each missing field, and nothing is written.
func TestMove_StartNeedsThePlan(t *testing.T) {
	f := newFixture(t)
	id, err := f.svc.Create(context.Background(), f.tenantID, f.actor("cs"), f.scoreCause(),
		improve.Plan{DepartmentID: f.after, Weakness: "保养等待时间过长"}, f.today())
	testkit.Must(t, err)
	_, err = f.move(id, "cs", improve.StepStart, improve.Closing{})
	if got, want := fieldsOf(err), []string{"action", "cause_analysis", "due_on", "owner_id"}; !slices.Equal(got, want) {
		t.Errorf("fields=%v, want %v", got, want)
	}
	if got := f.events(id); !slices.Equal(got, []string{"opened →score"}) {
		t.Errorf("events=%v, want the opening alone", got)
	}
}

// TestMove_Cycle: plan → do (started today) → check → act → do again → check → act; closing
// as met is refused while the figure after the start is below the target and taken once it
// reaches it; every change is an event.
func TestMove_Cycle(t *testing.T) {
	f := newFixture(t)
	id := f.create("head")
	for _, step := range []improve.Step{improve.StepStart, improve.StepCheck, improve.StepAct, improve.StepRedo,
		improve.StepCheck, improve.StepAct} {
		_, err := f.move(id, "head", step, improve.Closing{})
		testkit.Must(t, err)
	}
	_, err := f.move(id, "cs", improve.StepClose, improve.Closing{Figures: short})
	if got := fieldsOf(err); !slices.Equal(got, []string{"outcome"}) {
		t.Fatalf("closing below the target: err=%v, want it at the outcome", err)
	}
	_, err = f.move(id, "cs", improve.StepClose, improve.Closing{Figures: met})
	testkit.Must(t, err)
	a, err := f.svc.Get(context.Background(), f.tenantID, id)
	testkit.Must(t, err)
	if a.Stage != improve.StageClosed || a.Outcome != improve.Met || a.StartedOn.Format(time.DateOnly) != "2026-12-09" ||
		a.ClosedAt == nil || a.OutcomeBy != "cs" {
		t.Errorf("action=%+v, want closed as met by cs, started on 2026-12-09", a)
	}
	want := []string{"opened →score", "stage plan→do", "started_on →2026-12-09", "stage do→check", "stage check→act",
		"stage act→do", "stage do→check", "stage check→act", "stage act→closed", "outcome →met"}
	if got := f.events(id); !slices.Equal(got, want) {
		t.Errorf("events=%v\nwant %v", got, want)
	}
	if _, err := f.move(id, "cs", improve.StepEdit, improve.Closing{}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("edit as a move: err=%v, want invalid", err)
	}
}

// TestMove_GiveUpOpensFollowUp: only the department's manager (or the general manager) signs
// that an action did not work, and only with a note; signing closes it as not met and opens, in
// the same transaction, the action that follows it with the same weakness, owner and target.
func TestMove_GiveUpOpensFollowUp(t *testing.T) {
	f := newFixture(t)
	id := f.create("cs")
	for _, step := range []improve.Step{improve.StepStart, improve.StepCheck, improve.StepAct} {
		_, err := f.move(id, "cs", step, improve.Closing{})
		testkit.Must(t, err)
	}
	if _, err := f.move(id, "cs", improve.StepGiveUp, improve.Closing{Note: "没有效果"}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("the customer-service manager signs: err=%v, want forbidden", err)
	}
	if _, err := f.move(id, "head", improve.StepGiveUp, improve.Closing{Note: "  "}); !slices.Equal(fieldsOf(err), []string{"note"}) {
		t.Errorf("without a note: err=%v, want it at the note", err)
	}
	next, err := f.move(id, "head", improve.StepGiveUp, improve.Closing{Note: "高峰期工位仍不足，需要调整排班"})
	testkit.Must(t, err)
	a, err := f.svc.Get(context.Background(), f.tenantID, id)
	testkit.Must(t, err)
	if a.Outcome != improve.NotMet || a.OutcomeNote != "高峰期工位仍不足，需要调整排班" || a.FollowedByID != next {
		t.Errorf("action=%+v, want closed as not met, followed by %d", a, next)
	}
	b, err := f.svc.Get(context.Background(), f.tenantID, next)
	testkit.Must(t, err)
	if b.FollowsID != id || b.Stage != improve.StagePlan || b.Weakness != a.Weakness || b.OwnerID != a.OwnerID ||
		*b.Target != 95 || b.Kind != "csi" || b.PeriodStart.Format(time.DateOnly) != "2026-11-01" {
		t.Errorf("follow-up=%+v, want the same weakness and figure at the plan", b)
	}
	if got := f.events(id); got[len(got)-1] != "follow_up →#"+itoa(next) {
		t.Errorf("last event=%q, want the follow-up", got[len(got)-1])
	}
}

// TestMove_Stale: a step from a stage the action has left, someone else having moved it, is
// a conflict and changes nothing.
func TestMove_Stale(t *testing.T) {
	f := newFixture(t)
	id := f.create("cs")
	_, err := f.svc.Move(context.Background(), f.tenantID, f.actor("cs"), id, improve.StepCheck, improve.StageDo, improve.Closing{})
	if !apperr.Is(err, apperr.Conflict) {
		t.Errorf("err=%v, want conflict", err)
	}
	if len(f.events(id)) != 1 {
		t.Errorf("events=%v, want the opening alone", f.events(id))
	}
}

// TestMove_WithoutFigure: an action opened from nothing in particular closes as met on a note.
func TestMove_WithoutFigure(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id, err := f.svc.Create(ctx, f.tenantID, f.actor("cs"), improve.Cause{Source: improve.ByHand, StoreID: f.store.ID}, f.plan(), f.today())
	testkit.Must(t, err)
	for _, step := range []improve.Step{improve.StepStart, improve.StepCheck, improve.StepAct} {
		_, err := f.move(id, "cs", step, improve.Closing{})
		testkit.Must(t, err)
	}
	if _, err := f.move(id, "cs", improve.StepClose, improve.Closing{}); !slices.Equal(fieldsOf(err), []string{"note"}) {
		t.Errorf("without a note: err=%v, want it at the note", err)
	}
	_, err = f.move(id, "cs", improve.StepClose, improve.Closing{Note: "客户等待时间已缩短到 30 分钟内"})
	testkit.Must(t, err)
}
