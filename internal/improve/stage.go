package improve

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/scores"
)

// Closing is what closing an action brings: the note that signs it, and its figures, which
// must show the target met to close it as met.
type Closing struct {
	Note    string
	Figures Figures
}

// Move takes a step that moves an action's stage (Moves), as who; from is the stage the person
// saw, so that a step someone else took first is not taken twice. Closing as not met opens the
// action that follows it, whose id it returns. Every change is an event, in one transaction.
func (s *Service) Move(ctx context.Context, tenantID int64, who Actor, id int64, step Step, from Stage, c Closing) (next int64, err error) {
	to, ok := Moves[step]
	if !ok {
		return 0, apperr.New(apperr.Invalid, "error.invalid")
	}
	c.Note = strings.TrimSpace(c.Note)
	err = s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		a, err := lock(ctx, tx, tenantID, id)
		if err != nil {
			return err
		}
		if a.Stage != from {
			return apperr.New(apperr.Conflict, "improve.error.moved")
		}
		if err := Check(a, step, who); err != nil {
			return err
		}
		changes, err := s.moveChanges(a, step, who, c)
		if err != nil {
			return err
		}
		changes = append([]change{{column: "stage", field: "stage", value: to, before: string(a.Stage), after: string(to)}}, changes...)
		if err := record(ctx, tx, tenantID, who.UserID, s.Now(), a, changes); err != nil {
			return err
		}
		if step == StepGiveUp {
			next, err = followUp(ctx, tx, tenantID, who.UserID, s.Now(), a)
		}
		return err
	})
	return next, err
}

// moveChanges are what a step sets besides the stage, once what it needs is there: starting
// needs the whole plan and sets the day it started; closing needs the target met (or, for an
// action without figures, a note), and giving up needs the signed note.
func (s *Service) moveChanges(a Action, step Step, who Actor, c Closing) ([]change, error) {
	switch step {
	case StepStart:
		if err := complete(a); err != nil {
			return nil, err
		}
		today := scores.Date(s.Now(), a.Location())
		return []change{{column: "started_on", field: "started_on", value: today.Format(time.DateOnly), after: today.Format(time.DateOnly)}}, nil
	case StepClose:
		if a.HasFigure() && !c.Figures.Met(a.Target) {
			return nil, apperr.Fields(map[string]string{"outcome": "improve.error.target_not_met"})
		}
		if !a.HasFigure() && c.Note == "" {
			return nil, apperr.Fields(map[string]string{"note": "improve.error.note_required"})
		}
		return s.outcome(Met, who, c.Note), nil
	case StepGiveUp:
		if c.Note == "" {
			return nil, apperr.Fields(map[string]string{"note": "improve.error.signed_note_required"})
		}
		return s.outcome(NotMet, who, c.Note), nil
	}
	return nil, nil
}

// complete refuses to start an action whose plan lacks its cause, measure, owner or due date.
func complete(a Action) error {
	f := map[string]string{}
	for field, missing := range map[string]bool{"cause_analysis": a.CauseAnalysis == "", "action": a.Measure == "",
		"owner_id": a.OwnerID == 0, "due_on": a.DueOn == nil} {
		if missing {
			f[field] = "improve.error.needed_to_start"
		}
	}
	if len(f) > 0 {
		return apperr.Fields(f)
	}
	return nil
}

// outcome is what closing sets: the outcome, the note, who closed it and when.
func (s *Service) outcome(o Outcome, who Actor, note string) []change {
	out := []change{
		{column: "outcome", field: "outcome", value: o, after: string(o)},
		{column: "outcome_by", value: who.UserID},
		{column: "closed_at", value: s.Now()},
	}
	if note != "" {
		out = append(out, change{column: "outcome_note", field: "outcome_note", value: note, after: note})
	}
	return out
}

// followUp opens, in tx, the action that follows one that did not work: the same weakness,
// figure, department, owner and target, back at the plan, at the time at.
func followUp(ctx context.Context, tx pgx.Tx, tenantID, userID int64, at time.Time, a Action) (int64, error) {
	c := Cause{Source: a.Source, StoreID: a.StoreID, DepartmentID: a.DepartmentID, Kind: a.Kind, Period: a.Period,
		ItemShort: a.ItemShort, ResultID: a.ResultID, ComparedWith: a.ComparedWith, ComplaintCategory: a.Category,
		Weakness: a.Weakness, Baseline: a.Baseline, Target: a.Target, OwnerID: a.OwnerID, FollowsID: a.ID}
	if a.PeriodStart != nil {
		c.PeriodStart = *a.PeriodStart
	}
	id, _, err := Open(ctx, tx, tenantID, userID, at, c)
	if err != nil {
		return 0, err
	}
	return id, record(ctx, tx, tenantID, userID, at, a, []change{{field: "follow_up", after: "#" + strconv.FormatInt(id, 10)}})
}
