package followups

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
)

// Answer is the current answer to one question of a survey.
type Answer struct {
	ItemID int64
	Value  *int
	Text   string
}

// Survey is the survey of a reached call.
type Survey struct {
	ID              int64
	QuestionnaireID int64
	Status          SurveyStatus
	Score           *float64
	Answers         map[int64]Answer
	// AgentName is who took the survey: "" when the customer answered it through a link.
	AgentName string
	// ComplaintID is the complaint the survey opened, if any, and ComplaintStatus where it
	// stands now.
	ComplaintID     int64
	ComplaintStatus string
	// VoidedBy, VoidedAt and VoidReason say who voided the survey, when and why.
	VoidedBy   string
	VoidedAt   *time.Time
	VoidReason string
}

// SurveyOf returns the survey of a task, or nil when the customer has not been reached, in one
// round trip.
func (s *Service) SurveyOf(ctx context.Context, tenantID, taskID int64) (*Survey, error) {
	var sv *Survey
	var r postgres.Reads
	QueueSurvey(&r, taskID, &sv)
	return sv, s.DB.Run(ctx, tenantID, &r)
}

// QueueSurvey queues the read of SurveyOf into dst.
func QueueSurvey(r *postgres.Reads, taskID int64, dst **Survey) {
	r.AddBatch(func(b *pgx.Batch, tenantID int64) { queueSurvey(b, tenantID, taskID, "") },
		func(br pgx.BatchResults) (err error) { *dst, err = readSurvey(br); return err })
}

// surveyOf reads a task's survey with its current answers in the caller's transaction; lock is
// "" or "FOR UPDATE".
func surveyOf(ctx context.Context, tx pgx.Tx, tenantID, taskID int64, lock string) (sv *Survey, err error) {
	err = postgres.TxBatch(ctx, tx, func(b *pgx.Batch) { queueSurvey(b, tenantID, taskID, lock) },
		func(br pgx.BatchResults) (err error) { sv, err = readSurvey(br); return err })
	return sv, err
}

// queueSurvey queues the reads of a task's survey and its current answers; readSurvey reads them.
// Every table read is filtered by the tenant itself, so that on Citus the read, locking or not,
// goes whole to the group's worker.
func queueSurvey(b *pgx.Batch, tenantID, taskID int64, lock string) {
	b.Queue(`SELECT s.id, s.questionnaire_id, s.status, s.score::float8,
		       coalesce((SELECT u.name FROM users u WHERE u.tenant_id = $1 AND u.id = s.agent_id), ''),
		       coalesce((SELECT c.id FROM complaints c WHERE c.tenant_id = $1 AND c.survey_id = s.id), 0),
		       coalesce((SELECT c.status FROM complaints c WHERE c.tenant_id = $1 AND c.survey_id = s.id), ''),
		       coalesce((SELECT u.name FROM users u WHERE u.tenant_id = $1 AND u.id = s.voided_by), ''),
		       s.voided_at, s.void_reason
		FROM surveys s WHERE s.tenant_id = $1 AND s.task_id = $2 `+lock, tenantID, taskID)
	b.Queue(`SELECT DISTINCT ON (item_id) item_id, value, text FROM survey_answers
		WHERE tenant_id = $1 AND survey_id = (SELECT id FROM surveys WHERE tenant_id = $1 AND task_id = $2)
		ORDER BY item_id, id DESC`, tenantID, taskID)
}

// readSurvey reads the answers of queueSurvey: nil when the task has no survey.
func readSurvey(br pgx.BatchResults) (*Survey, error) {
	sv := &Survey{Answers: map[int64]Answer{}}
	err := br.QueryRow().Scan(&sv.ID, &sv.QuestionnaireID, &sv.Status, &sv.Score, &sv.AgentName, &sv.ComplaintID,
		&sv.ComplaintStatus, &sv.VoidedBy, &sv.VoidedAt, &sv.VoidReason)
	rows, _ := br.Query() // the answers, read also when there is no survey: other reads may follow
	answers, aerr := pgx.CollectRows(rows, pgx.RowToStructByPos[Answer])
	if err == pgx.ErrNoRows {
		return nil, postgres.Err("followups.surveyOf: answers", aerr)
	}
	if err != nil {
		return nil, postgres.Err("followups.surveyOf", err)
	}
	err = aerr
	for _, a := range answers {
		sv.Answers[a.ItemID] = a
	}
	return sv, postgres.Err("followups.surveyOf: answers", err)
}

// SaveAnswers records answers to the open survey of a task as the agent gives them: an answer
// off its question's scale is refused at that question, and nothing is written. An answer to a
// question that does not apply to the task's order is not recorded.
func (s *Service) SaveAnswers(ctx context.Context, tenantID, agentID, taskID int64, answers []Answer) error {
	return s.onSurvey(ctx, tenantID, agentID, taskID, func(tx pgx.Tx, sv *Survey, q surveys.Questionnaire, skipped []surveys.Item) error {
		return s.saveAnswers(ctx, tx, tenantID, agentID, sv, q, skipped, answers)
	})
}

// saveAnswers records answers given by agentID, or by the customer through a link when it is 0.
func (s *Service) saveAnswers(ctx context.Context, tx pgx.Tx, tenantID, agentID int64, sv *Survey, q surveys.Questionnaire,
	skipped []surveys.Item, answers []Answer) error {
	errs := map[string]string{}
	for _, a := range answers {
		if _, skip := itemByID(skipped, a.ItemID); skip {
			continue
		}
		it, ok := itemByID(q.Items, a.ItemID)
		switch {
		case !ok:
			return apperr.New(apperr.Invalid, "status.400.title")
		case it.Scale == surveys.Text:
			a.Value = nil
		case a.Value != nil && !scores.Valid(it.Scale, *a.Value):
			errs[ItemField(it.ID)] = "validation.answer_scale"
		}
		_, err := tx.Exec(ctx, `INSERT INTO survey_answers (tenant_id, survey_id, item_id, value, text, answered_by, answered_at)
			VALUES ($1, $2, $3, $4, $5, NULLIF($6, 0), $7)`, tenantID, sv.ID, a.ItemID, a.Value, strings.TrimSpace(a.Text), agentID, s.Now())
		if err != nil {
			return postgres.Err("followups.SaveAnswers", err)
		}
	}
	if len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return nil
}

// ItemField names a question's answer in forms and field errors.
func ItemField(itemID int64) string { return fmt.Sprintf("item-%d", itemID) }

func itemByID(items []surveys.Item, id int64) (surveys.Item, bool) {
	for _, it := range items {
		if it.ID == id {
			return it, true
		}
	}
	return surveys.Item{}, false
}

// Completion is what the agent adds when completing a survey: their own sense that the customer
// is unhappy, and a note for the complaint.
type Completion struct {
	Flagged bool
	Note    string
}

// Complete completes the open survey of a task in one transaction: every mandatory question
// asked about the task's order must have an answer (else each unanswered one is an error at it;
// a question that does not apply to the order's work is neither asked nor scored); the survey's score is the
// weighted mean of its scored answers; each department's week and month roll-ups take in its
// answers; the task is done; and an answer at or below the store's complaint level (see
// callComplaint.take), or the agent's flag, opens a complaint linked to the survey. A survey is
// completed once.
func (s *Service) Complete(ctx context.Context, tenantID, agentID, taskID int64, c Completion) error {
	return s.onSurvey(ctx, tenantID, agentID, taskID, func(tx pgx.Tx, sv *Survey, q surveys.Questionnaire, _ []surveys.Item) error {
		return s.complete(ctx, tx, tenantID, agentID, taskID, sv, q, c)
	})
}

// complete completes sv for agentID, or for the customer through a link when it is 0.
func (s *Service) complete(ctx context.Context, tx pgx.Tx, tenantID, agentID, taskID int64, sv *Survey, q surveys.Questionnaire, c Completion) error {
	cc, err := newCallComplaint(ctx, tx, tenantID, q.StoreID)
	if err != nil {
		return err
	}
	r := result{call: cc}
	errs := map[string]string{}
	for _, it := range q.Items {
		a, answered := sv.Answers[it.ID]
		if it.Mandatory && (!answered || (it.Scale == surveys.Text && a.Text == "") || (it.Scale != surveys.Text && a.Value == nil)) {
			errs[ItemField(it.ID)] = "validation.answer_required"
		}
		if p, ok := scores.Points(it.Scale, a.Value); ok {
			r.scored = append(r.scored, scores.Scored{Weight: it.Weight, Points: p})
		}
		r.call.take(it, a)
	}
	if len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return s.finish(ctx, tx, tenantID, agentID, taskID, sv, r, c)
}

// result is what a completed survey's answers add up to.
type result struct {
	scored []scores.Scored
	call   callComplaint
}

func (s *Service) finish(ctx context.Context, tx pgx.Tx, tenantID, agentID, taskID int64, sv *Survey, r result, c Completion) error {
	now := s.Now()
	var score *float64
	if v, ok := scores.Weighted(r.scored); ok {
		score = &v
	}
	_, err := tx.Exec(ctx, `UPDATE surveys SET status = 'completed', score = $3, flagged = $4, completed_at = $5
		WHERE tenant_id = $1 AND id = $2`, tenantID, sv.ID, score, c.Flagged, now)
	if err == nil {
		err = SetTask(ctx, tx, tenantID, taskID, `status = 'completed', closed_at = $3, claimed_by = NULL, claimed_at = NULL`, now)
	}
	if err == nil {
		err = scores.Add(ctx, tx, tenantID, sv.ID, 1)
	}
	if err == nil {
		err = scores.Count(ctx, tx, tenantID, scores.Completed, 1, taskID)
	}
	if err == nil && (r.call.opens || c.Flagged) {
		return s.openComplaint(ctx, tx, tenantID, agentID, sv.ID, r.call, c, now)
	}
	return postgres.Err("followups.Complete", err)
}

// onSurvey runs act on the open survey of a task that agentID may work on, with its
// questionnaire as asked about the task's service order and the items skipped since they do not
// apply to its work, in one transaction that locks the task.
func (s *Service) onSurvey(ctx context.Context, tenantID, agentID, taskID int64, act surveyAct) error {
	return s.onTask(ctx, tenantID, taskID, func(tx pgx.Tx, t lockedTask) error {
		return openSurvey(ctx, tx, tenantID, taskID, func() error { return holdable(t, agentID, s.Now()) }, act)
	})
}

// surveyAct acts on an open survey with its questionnaire as asked and the items skipped.
type surveyAct func(pgx.Tx, *Survey, surveys.Questionnaire, []surveys.Item) error

// openSurvey reads the open survey of a task locked in tx, checks that its caller may act on
// it (may), and runs act.
func openSurvey(ctx context.Context, tx pgx.Tx, tenantID, taskID int64, may func() error, act surveyAct) error {
	sv, err := surveyOf(ctx, tx, tenantID, taskID, "FOR UPDATE")
	switch {
	case err != nil:
		return err
	case sv == nil:
		return apperr.New(apperr.Conflict, "error.not_reached")
	case sv.Status != SurveyOpen:
		return apperr.New(apperr.Conflict, "error.survey_done")
	}
	if err := may(); err != nil {
		return err
	}
	q, err := surveys.QuestionnaireTx(ctx, tx, tenantID, sv.QuestionnaireID)
	if err != nil {
		return err
	}
	var work string
	err = tx.QueryRow(ctx, `SELECT coalesce(o.work_type, '') FROM follow_up_tasks t
		LEFT JOIN service_orders o ON o.tenant_id = t.tenant_id AND o.id = t.service_order_id
		WHERE t.tenant_id = $1 AND t.id = $2`, tenantID, taskID).Scan(&work)
	if err != nil {
		return postgres.Err("followups.onSurvey: work type", err)
	}
	asked, skipped := q.For(work)
	return act(tx, sv, asked, skipped)
}
