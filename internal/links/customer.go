package links

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Guessing: an address that opened GuessLimit links that were not open (unknown, expired or
// used) within GuessWindow is refused until the window passes. A customer opens one link, a
// few times; no honest address comes near.
const (
	GuessWindow = 10 * time.Minute
	GuessLimit  = 20
	// guessAccount keys the failures in the login throttle's table.
	guessAccount = "survey-link"
)

// link is an open link locked in its transaction.
type link struct {
	id, taskID int64
	channel    string
}

// onLink runs act on the open link of token, from the address client, in one transaction that
// sets the token's group and only its store: row-level security then holds the customer's
// page to that one store's rows, as it holds a person to theirs.
func (s *Service) onLink(ctx context.Context, client, token string, act func(tx pgx.Tx, tenantID int64, l link) error) error {
	if !wellFormed(token) {
		return ErrGone // never a link: not counted, since only a well-formed token could open one
	}
	if err := s.throttle(ctx, client); err != nil {
		return err
	}
	tenantID, storeID, err := s.group(ctx, token)
	if err == nil {
		ctx = postgres.WithScope(ctx, postgres.StoreScope(storeID))
		err = s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
			l, err := lockLink(ctx, tx, tenantID, hashOf(token), s.Now())
			if err == nil {
				err = followups.LinkTask(ctx, tx, tenantID, l.taskID)
			}
			if err != nil {
				return err
			}
			return act(tx, tenantID, l)
		})
	}
	if apperr.Is(err, apperr.NotFound) {
		return s.guessed(ctx, client)
	}
	return err
}

// group finds the group and store of a token, or ErrGone.
func (s *Service) group(ctx context.Context, token string) (tenantID, storeID int64, err error) {
	err = s.DB.Pool.QueryRow(ctx, `SELECT tenant_id, store_id FROM survey_link_tokens WHERE token_hash = $1`,
		hashOf(token)).Scan(&tenantID, &storeID)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, 0, ErrGone
	}
	return tenantID, storeID, postgres.Err("links: token", err)
}

// lockLink locks the link of a token hash if it is still open: neither expired, completed nor
// unsubscribed.
func lockLink(ctx context.Context, tx pgx.Tx, tenantID int64, hash []byte, now time.Time) (link, error) {
	var l link
	err := tx.QueryRow(ctx, `
		SELECT id, task_id, channel FROM survey_links
		WHERE tenant_id = $1 AND (token_hash = $2 OR reminder_hash = $2)
		  AND expires_at > $3 AND completed_at IS NULL AND unsubscribed_at IS NULL
		FOR UPDATE`, tenantID, hash, now).Scan(&l.id, &l.taskID, &l.channel)
	if errors.Is(err, pgx.ErrNoRows) {
		return l, ErrGone
	}
	return l, postgres.Err("links: link", err)
}

// throttle refuses an address that guessed too often.
func (s *Service) throttle(ctx context.Context, client string) error {
	var n int
	err := s.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM login_failures WHERE account = $1 AND client = $2 AND failed_at > $3`,
		guessAccount, client, s.Now().Add(-GuessWindow)).Scan(&n)
	if err != nil {
		return postgres.Err("links: throttle", err)
	}
	if n >= GuessLimit {
		return apperr.New(apperr.TooMany, "linksend.too_many")
	}
	return nil
}

// guessed counts a link that was not open against the address, and answers ErrGone.
func (s *Service) guessed(ctx context.Context, client string) error {
	_, err := s.DB.Pool.Exec(ctx, `INSERT INTO login_failures (account, client, failed_at) VALUES ($1, $2, $3)`,
		guessAccount, client, s.Now())
	if err != nil {
		return postgres.Err("links: guessed", err)
	}
	return ErrGone
}

// Open reads the survey of a link for its page, starting it the first time: the store's
// questionnaire of the task's kind is the one a call would ask, frozen from then on.
func (s *Service) Open(ctx context.Context, client, token string) (Survey, error) {
	var out Survey
	err := s.onLink(ctx, client, token, func(tx pgx.Tx, tenantID int64, l link) error {
		if err := s.start(ctx, tx, tenantID, l); err != nil {
			return err
		}
		sv, asked, err := s.Followups.LinkSurvey(ctx, tx, tenantID, l.taskID)
		if err != nil {
			return err
		}
		out = Survey{Items: asked, Answers: sv.Answers}
		err = tx.QueryRow(ctx, `SELECT st.name, st.brand, l.language, q.kind, l.expires_at
			FROM survey_links l
			JOIN stores st ON st.tenant_id = l.tenant_id AND st.id = l.store_id
			JOIN questionnaires q ON q.tenant_id = l.tenant_id AND q.id = $3
			WHERE l.tenant_id = $1 AND l.id = $2`, tenantID, l.id, sv.QuestionnaireID).Scan(
			&out.StoreName, &out.Brand, &out.Language, &out.Kind, &out.ExpiresAt)
		return postgres.Err("links: Open", err)
	})
	return out, err
}

// start starts the link's survey and marks the link opened, the first time.
func (s *Service) start(ctx context.Context, tx pgx.Tx, tenantID int64, l link) error {
	now := s.Now()
	if err := followups.StartLinkSurvey(ctx, tx, tenantID, l.taskID, l.channel, now); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE survey_links SET opened_at = $3 WHERE tenant_id = $1 AND id = $2 AND opened_at IS NULL`,
		tenantID, l.id, now)
	return postgres.Err("links: opened", err)
}

// Answer records the customer's answers as they give them: an answer off its question's scale
// is refused at that question, and nothing is written.
func (s *Service) Answer(ctx context.Context, client, token string, answers []followups.Answer) error {
	return s.onLink(ctx, client, token, func(tx pgx.Tx, tenantID int64, l link) error {
		if err := s.start(ctx, tx, tenantID, l); err != nil {
			return err
		}
		return s.Followups.AnswerLink(ctx, tx, tenantID, l.taskID, answers)
	})
}

// Complete completes the customer's survey as a call's is completed (every mandatory question
// answered, else an error at each), and closes the link.
func (s *Service) Complete(ctx context.Context, client, token string) error {
	return s.onLink(ctx, client, token, func(tx pgx.Tx, tenantID int64, l link) error {
		if err := s.start(ctx, tx, tenantID, l); err != nil {
			return err
		}
		if err := s.Followups.CompleteLink(ctx, tx, tenantID, l.taskID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE survey_links SET completed_at = $3 WHERE tenant_id = $1 AND id = $2`,
			tenantID, l.id, s.Now())
		return postgres.Err("links: Complete", err)
	})
}

// Unsubscribe sets the customer not to be contacted again (客户退订), closes the link and
// cancels its task.
func (s *Service) Unsubscribe(ctx context.Context, client, token string) error {
	return s.onLink(ctx, client, token, func(tx pgx.Tx, tenantID int64, l link) error {
		now := s.Now()
		_, err := tx.Exec(ctx, `UPDATE survey_links SET unsubscribed_at = $3 WHERE tenant_id = $1 AND id = $2`, tenantID, l.id, now)
		if err == nil {
			_, err = tx.Exec(ctx, `UPDATE customers c SET do_not_contact = true, dnc_reason = 'unsubscribed', updated_at = $3
				FROM survey_links l WHERE l.tenant_id = $1 AND l.id = $2 AND c.tenant_id = $1 AND c.id = l.customer_id`,
				tenantID, l.id, now)
		}
		if err == nil {
			err = changes.AnnounceCustomers(ctx, tx, tenantID) // the kept searches show them unreachable
		}
		if err == nil {
			err = followups.SetTask(ctx, tx, tenantID, l.taskID, `status = 'cancelled', closed_at = $3`, now)
		}
		return postgres.Err("links: Unsubscribe", err)
	})
}
