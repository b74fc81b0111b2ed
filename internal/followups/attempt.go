package followups

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
)

// Outcome is what came of an attempt to reach a customer.
type Outcome string

// The outcomes of a call attempt.
const (
	Reached     Outcome = "reached"
	NoAnswer    Outcome = "no_answer"
	Busy        Outcome = "busy"
	SwitchedOff Outcome = "switched_off"
	WrongNumber Outcome = "wrong_number"
	Refused     Outcome = "refused"
	CallBack    Outcome = "call_back"
)

// Outcomes lists the outcomes in the order the call screen offers them.
var Outcomes = []Outcome{Reached, NoAnswer, Busy, SwitchedOff, WrongNumber, Refused, CallBack}

// Attempt is one try at reaching the customer of a task.
type Attempt struct {
	Outcome    Outcome
	CallBackAt *time.Time
	Notes      string
	AgentName  string
	At         time.Time
}

// Validate checks an attempt as the agent recorded it; now bounds the call-back time.
func (a *Attempt) Validate(now time.Time) error {
	a.Notes = strings.TrimSpace(a.Notes)
	errs := map[string]string{}
	if !slices.Contains(Outcomes, a.Outcome) {
		errs["outcome"] = "validation.choice"
	}
	switch {
	case a.Outcome == CallBack && (a.CallBackAt == nil || !a.CallBackAt.After(now)):
		errs["call_back_at"] = "validation.call_back_at"
	case a.Outcome != CallBack:
		a.CallBackAt = nil
	}
	if utf8.RuneCountInString(a.Notes) > 1000 {
		errs["notes"] = "validation.too_long"
	}
	if len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return nil
}

// Unanswered says the outcome did not reach the customer: such attempts count once a day.
func (o Outcome) Unanswered() bool { return o == NoAnswer || o == Busy || o == SwitchedOff }

// RecordAttempt records an attempt on an open task by agentID, who then holds the task. A
// reached customer starts the task's survey, or completes a call without one; a customer not
// reached counts one attempt a day (a second such attempt the same day is refused, since it
// would not count), and the task closes as unreachable after its last; a wrong number closes it
// as unreachable and a refusal as cancelled; a call-back time puts it in the call-backs. A rule
// that sends a link after its calls sends it instead of closing the task as unreachable.
func (s *Service) RecordAttempt(ctx context.Context, tenantID, agentID, taskID int64, a Attempt) error {
	now := s.Now()
	if err := a.Validate(now); err != nil {
		return err
	}
	return s.onTask(ctx, tenantID, taskID, func(tx pgx.Tx, t lockedTask) error {
		if err := holdable(t, agentID, now); err != nil {
			return err
		}
		if a.Outcome.Unanswered() && t.triedOn(now) {
			return apperr.Fields(map[string]string{"outcome": "validation.tried_today"})
		}
		_, err := tx.Exec(ctx, `INSERT INTO call_attempts (tenant_id, task_id, agent_id, outcome, call_back_at, notes, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, tenantID, taskID, agentID, a.Outcome, a.CallBackAt, a.Notes, now)
		if err != nil {
			return postgres.Err("followups.RecordAttempt", err)
		}
		if err := countSample(ctx, tx, tenantID, taskID, a.Outcome); err != nil {
			return err
		}
		if a.Outcome == Reached {
			return reach(ctx, tx, tenantID, agentID, taskID, now)
		}
		if err := notReached(ctx, tx, tenantID, agentID, taskID, a, now, t.today(now)); err != nil {
			return err
		}
		return s.linkAfterCalls(ctx, tx, tenantID, taskID, a.Outcome)
	})
}

// linkAfterCalls sends the survey as a link when an unanswered last attempt closed a task whose
// rule says so (PhoneThenLink), instead of leaving it unreachable.
func (s *Service) linkAfterCalls(ctx context.Context, tx pgx.Tx, tenantID, taskID int64, o Outcome) error {
	if !o.Unanswered() || s.LinkAfterCalls == nil {
		return nil
	}
	var last bool
	err := tx.QueryRow(ctx, `SELECT status = 'unreachable' AND channel = 'phone_then_link' FROM follow_up_tasks
		WHERE tenant_id = $1 AND id = $2`, tenantID, taskID).Scan(&last)
	if err != nil || !last {
		return postgres.Err("followups.RecordAttempt: link after calls", err)
	}
	return s.LinkAfterCalls(ctx, tx, tenantID, taskID)
}

// notReached updates a task after an attempt that did not reach the customer for the survey:
// the agent holds it, an unanswered attempt counts and marks the day tried (today, now's date in
// the store), and the last attempt, a wrong number or a refusal closes it.
func notReached(ctx context.Context, tx pgx.Tx, tenantID, agentID, taskID int64, a Attempt, now, today time.Time) error {
	_, err := tx.Exec(ctx, `
		UPDATE follow_up_tasks SET claimed_by = $3, claimed_at = $4,
		       call_back_at = CASE WHEN $5 = 'call_back' THEN $6::timestamptz END,
		       attempts = attempts + CASE WHEN $7 THEN 1 ELSE 0 END,
		       last_attempt_on = CASE WHEN $5 = 'call_back' THEN last_attempt_on ELSE $8::date END
		WHERE tenant_id = $1 AND id = $2`,
		tenantID, taskID, agentID, now, a.Outcome, a.CallBackAt, a.Outcome.Unanswered(), today)
	if err != nil {
		return postgres.Err("followups.RecordAttempt: task", err)
	}
	_, err = tx.Exec(ctx, `
		UPDATE follow_up_tasks SET status = CASE WHEN $3 = 'refused' THEN 'cancelled' ELSE 'unreachable' END,
		       closed_at = $4, claimed_by = NULL, claimed_at = NULL
		WHERE tenant_id = $1 AND id = $2 AND ($3 IN ('wrong_number', 'refused') OR attempts >= max_attempts)`,
		tenantID, taskID, a.Outcome, now)
	return postgres.Err("followups.RecordAttempt: close", err)
}

// countSample counts a task's first attempt as attempted and its first reached attempt as
// reached, in the sample of the period it is due in.
func countSample(ctx context.Context, tx pgx.Tx, tenantID, taskID int64, o Outcome) error {
	var all, reached int
	err := tx.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE outcome = 'reached') FROM call_attempts
		WHERE tenant_id = $1 AND task_id = $2`, tenantID, taskID).Scan(&all, &reached)
	if err == nil && all == 1 {
		err = scores.Count(ctx, tx, tenantID, scores.Attempted, 1, taskID)
	}
	if err == nil && o == Reached && reached == 1 {
		err = scores.Count(ctx, tx, tenantID, scores.Reached, 1, taskID)
	}
	return err
}

// holdable refuses an action on a task that is closed or that another agent holds.
func holdable(t lockedTask, agentID int64, now time.Time) error {
	switch {
	case t.status != TaskOpen:
		return apperr.New(apperr.Conflict, "error.task_closed")
	case t.claimedBy != nil && *t.claimedBy != agentID && now.Sub(*t.claimedAt) < ClaimTimeout:
		return apperr.New(apperr.Conflict, "error.task_taken")
	}
	return nil
}

// reach marks the customer reached: the agent holds the task, and its survey starts on the
// store's newest questionnaire of its kind, which is frozen from now on; a call without a survey
// is done.
func reach(ctx context.Context, tx pgx.Tx, tenantID, agentID, taskID int64, now time.Time) error {
	var kind string
	err := tx.QueryRow(ctx, `
		UPDATE follow_up_tasks SET claimed_by = $3, claimed_at = $4, call_back_at = NULL,
		       status = CASE WHEN survey_kind = '' THEN 'completed' ELSE status END,
		       closed_at = CASE WHEN survey_kind = '' THEN $4::timestamptz END
		WHERE tenant_id = $1 AND id = $2 RETURNING survey_kind`, tenantID, taskID, agentID, now).Scan(&kind)
	if err != nil || kind == "" {
		return postgres.Err("followups.reach", err)
	}
	return startSurvey(ctx, tx, tenantID, taskID, agentID, "phone", now)
}

// startSurvey starts a task's survey on the store's newest questionnaire of its kind, which is
// frozen from now on: taken by agentID by phone, or by the customer through a link (agentID 0,
// channel "sms" or "email"). A survey already started stays as it is, and freezes nothing. The
// freeze is announced: kept questionnaires say whether they are frozen.
func startSurvey(ctx context.Context, tx pgx.Tx, tenantID, taskID, agentID int64, channel string, now time.Time) error {
	// the version's row as it was before (was) tells whether this call froze it
	rows, _ := tx.Query(ctx, `
		WITH q AS (
			UPDATE questionnaires q SET frozen = true
			FROM follow_up_tasks t, questionnaires was
			WHERE q.tenant_id = $1 AND t.tenant_id = $1 AND t.id = $2 AND q.store_id = t.store_id
			  AND q.kind = t.survey_kind
			  AND q.version = (SELECT max(version) FROM questionnaires l
			                   WHERE l.tenant_id = $1 AND l.store_id = t.store_id AND l.kind = t.survey_kind)
			  AND was.tenant_id = $1 AND was.id = q.id
			  AND NOT EXISTS (SELECT FROM surveys WHERE tenant_id = $1 AND task_id = $2)
			RETURNING q.id, t.store_id, t.customer_id, was.frozen),
		s AS (
			INSERT INTO surveys (tenant_id, task_id, questionnaire_id, store_id, customer_id, agent_id, channel, started_at)
			SELECT $1, $2, q.id, q.store_id, q.customer_id, NULLIF($3::bigint, 0), $5, $4 FROM q
			ON CONFLICT (tenant_id, task_id) DO NOTHING)
		SELECT store_id FROM q WHERE NOT q.frozen`, tenantID, taskID, agentID, now, channel)
	froze, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err == nil { // the kept questionnaires of the store now say it is frozen
		err = changes.Announce(ctx, tx, tenantID, froze...)
	}
	if err != nil {
		return postgres.Err("followups.reach: survey", err)
	}
	var started bool
	err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM surveys WHERE tenant_id = $1 AND task_id = $2)`, tenantID, taskID).Scan(&started)
	if err == nil && !started {
		return apperr.New(apperr.Conflict, "error.no_questionnaire")
	}
	return postgres.Err("followups.reach: check", err)
}
