package followups

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
)

// The customer's side of a survey sent as a link (internal/links holds the link itself). The
// task is "linked" while the link is out; the survey starts when the customer first opens it,
// their answers are recorded as an agent's are (answered_by empty), and completing it counts in
// the scores, the samples and the complaint drafts exactly as a call does.

// ErrNotLinked is what a task no longer waiting for its link gets.
var ErrNotLinked = apperr.New(apperr.NotFound, "links.gone")

// LinkTask locks a task in tx and checks that its survey waits for the customer's link.
func LinkTask(ctx context.Context, tx pgx.Tx, tenantID, taskID int64) error {
	var status TaskStatus
	err := tx.QueryRow(ctx, `SELECT status FROM follow_up_tasks WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
		tenantID, taskID).Scan(&status)
	if err != nil {
		return postgres.Err("followups.LinkTask", err)
	}
	if status != TaskLinked {
		return ErrNotLinked
	}
	return nil
}

// StartLinkSurvey starts, in tx, the survey of a linked task the customer opened, through
// channel ("sms" or "email"), and counts the customer reached in the sample unless a call
// reached them before. A survey already started stays as it is.
func StartLinkSurvey(ctx context.Context, tx pgx.Tx, tenantID, taskID int64, channel string, now time.Time) error {
	var started, reached bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM surveys WHERE tenant_id = $1 AND task_id = $2),
		       EXISTS (SELECT FROM call_attempts WHERE tenant_id = $1 AND task_id = $2 AND outcome = 'reached')`,
		tenantID, taskID).Scan(&started, &reached)
	if err != nil || started {
		return postgres.Err("followups.StartLinkSurvey", err)
	}
	if err := startSurvey(ctx, tx, tenantID, taskID, 0, channel, now); err != nil {
		return err
	}
	if reached {
		return nil
	}
	return scores.Count(ctx, tx, tenantID, scores.Reached, 1, taskID)
}

// LinkSurvey reads, in tx, the open survey of a linked task with the questions asked.
func (s *Service) LinkSurvey(ctx context.Context, tx pgx.Tx, tenantID, taskID int64) (*Survey, []surveys.Item, error) {
	var sv *Survey
	var asked []surveys.Item
	err := openSurvey(ctx, tx, tenantID, taskID, noCheck, func(_ pgx.Tx, got *Survey, q surveys.Questionnaire, _ []surveys.Item) error {
		sv, asked = got, q.Items
		return nil
	})
	return sv, asked, err
}

// AnswerLink records, in tx, the customer's answers to the open survey of a linked task, as
// SaveAnswers records an agent's.
func (s *Service) AnswerLink(ctx context.Context, tx pgx.Tx, tenantID, taskID int64, answers []Answer) error {
	return openSurvey(ctx, tx, tenantID, taskID, noCheck, func(tx pgx.Tx, sv *Survey, q surveys.Questionnaire, skipped []surveys.Item) error {
		return s.saveAnswers(ctx, tx, tenantID, 0, sv, q, skipped, answers)
	})
}

// CompleteLink completes, in tx, the customer's survey of a linked task, as Complete completes a
// call's.
func (s *Service) CompleteLink(ctx context.Context, tx pgx.Tx, tenantID, taskID int64) error {
	return openSurvey(ctx, tx, tenantID, taskID, noCheck, func(tx pgx.Tx, sv *Survey, q surveys.Questionnaire, _ []surveys.Item) error {
		return s.complete(ctx, tx, tenantID, 0, taskID, sv, q, Completion{})
	})
}

func noCheck() error { return nil }
