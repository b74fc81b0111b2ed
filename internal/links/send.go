package links

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
)

// target is a task about to go as a link, with what deciding and writing it needs.
type target struct {
	status     followups.TaskStatus
	survey     string
	storeID    int64
	customerID int64
	claimedBy  *int64
	claimedAt  *time.Time
	consent    bool
	dnc        bool
	phone      string
	email      string
	language   string
	storeName  string
	expiryDays int
	// recent says another survey of the customer started within the cooldown.
	recent bool
	// called says an agent tried the task before; started that its survey began on a call.
	called, started bool
}

// Send sends the survey of an open task as a link by via, as agentID asks from the call screen,
// in one transaction: the task waits for the customer from then on. A customer who may not be
// contacted, or was surveyed within the cooldown, gets none; nor does one without an e-mail
// address by e-mail.
func (s *Service) Send(ctx context.Context, tenantID, agentID, taskID int64, via followups.Via) error {
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		t, err := s.lockTarget(ctx, tx, tenantID, taskID)
		if err != nil {
			return err
		}
		now := s.Now()
		if t.status != followups.TaskOpen {
			return apperr.New(apperr.Conflict, "error.task_closed")
		}
		if t.claimedBy != nil && *t.claimedBy != agentID && now.Sub(*t.claimedAt) < followups.ClaimTimeout {
			return apperr.New(apperr.Conflict, "error.task_taken")
		}
		if err := t.sendable(via); err != nil {
			return err
		}
		return s.send(ctx, tx, tenantID, agentID, taskID, via, t)
	})
}

// sendable says why t cannot go as a link by via, or nil.
func (t target) sendable(via followups.Via) error {
	switch {
	case t.survey == "":
		return apperr.New(apperr.Conflict, "linksend.no_survey")
	case t.started:
		return apperr.New(apperr.Conflict, "linksend.started")
	case !t.consent || t.dnc:
		return apperr.New(apperr.Conflict, "linksend.no_consent")
	case t.recent:
		return apperr.New(apperr.Conflict, "linksend.cooldown")
	case via != followups.BySMS && via != followups.ByEmail:
		return apperr.Fields(map[string]string{"via": "validation.choice"})
	case via == followups.ByEmail && t.email == "":
		return apperr.Fields(map[string]string{"via": "linksend.no_email"})
	}
	return nil
}

// lockTarget locks a task in tx and reads what sending it as a link needs.
func (s *Service) lockTarget(ctx context.Context, tx pgx.Tx, tenantID, taskID int64) (target, error) {
	var t target
	err := tx.QueryRow(ctx, `
		SELECT t.status, t.survey_kind, t.store_id, t.customer_id, t.claimed_by, t.claimed_at,
		       c.consent, c.do_not_contact, c.phone, c.email, c.language, st.name, st.link_expiry_days,
		       EXISTS (SELECT FROM surveys sv WHERE sv.tenant_id = $1 AND sv.customer_id = t.customer_id
		                 AND sv.task_id <> t.id AND sv.status <> 'voided'
		                 AND sv.started_at > $3::timestamptz - make_interval(days => $4)),
		       EXISTS (SELECT FROM call_attempts a WHERE a.tenant_id = $1 AND a.task_id = t.id),
		       EXISTS (SELECT FROM surveys sv WHERE sv.tenant_id = $1 AND sv.task_id = t.id)
		FROM follow_up_tasks t
		JOIN customers c ON c.tenant_id = t.tenant_id AND c.id = t.customer_id
		JOIN stores st ON st.tenant_id = t.tenant_id AND st.id = t.store_id
		WHERE t.tenant_id = $1 AND t.id = $2 FOR UPDATE OF t`, tenantID, taskID, s.Now(), s.Cooldown).Scan(
		&t.status, &t.survey, &t.storeID, &t.customerID, &t.claimedBy, &t.claimedAt, &t.consent, &t.dnc, &t.phone,
		&t.email, &t.language, &t.storeName, &t.expiryDays, &t.recent, &t.called, &t.started)
	return t, postgres.Err("links: lockTarget", err)
}

// send writes the link of a locked task and its message, and moves the task to TaskLinked; a
// task no agent tried before counts as attempted in the sample.
func (s *Service) send(ctx context.Context, tx pgx.Tx, tenantID, agentID, taskID int64, via followups.Via, t target) error {
	now := s.Now()
	token, hash := newToken()
	recipient := t.phone
	if via == followups.ByEmail {
		recipient = t.email
	}
	expires := now.AddDate(0, 0, t.expiryDays)
	var linkID int64
	err := tx.QueryRow(ctx, `
		INSERT INTO survey_links (tenant_id, task_id, store_id, customer_id, channel, recipient, language, token_hash,
		                          sent_by, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULLIF($9::bigint, 0), $10, $11) RETURNING id`,
		tenantID, taskID, t.storeID, t.customerID, via, recipient, t.language, hash, agentID, now, expires).Scan(&linkID)
	if err == nil {
		_, err = tx.Exec(ctx, `INSERT INTO survey_link_tokens (token_hash, tenant_id, store_id) VALUES ($1, $2, $3)`,
			hash, tenantID, t.storeID)
	}
	if err != nil {
		return postgres.Err("links: send", err)
	}
	m := s.message(via, recipient, t.language, "message", t.storeName, token, t.expiryDays)
	outboxID, err := notify.Queue(ctx, tx, s.Jobs, tenantID, m, &now)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE survey_links SET outbox_id = $3 WHERE tenant_id = $1 AND id = $2`, tenantID, linkID, outboxID)
	if err == nil {
		err = followups.SetTask(ctx, tx, tenantID, taskID,
			`status = 'linked', closed_at = NULL, claimed_by = NULL, claimed_at = NULL, call_back_at = NULL`)
	}
	if err != nil {
		return postgres.Err("links: send: task", err)
	}
	if t.called {
		return nil
	}
	return scores.Count(ctx, tx, tenantID, scores.Attempted, 1, taskID)
}

// message writes a link's first message ("message") or its reminder ("reminder") in lang: a
// text message, or an e-mail with its subject.
func (s *Service) message(via followups.Via, recipient, lang, which, store, token string, days int) notify.Message {
	l, key := s.Bundle.Localizer(lang), "linksend."+which
	args := []any{"Store", store, "URL", s.URL(token), "Days", strconv.Itoa(days)}
	m := notify.Message{Channel: string(via), Recipient: recipient, Body: l.T(key+"_sms", args...)}
	if via == followups.ByEmail {
		m.Subject = l.T(key+"_subject", args...)
		m.Body = l.T(key+"_email", args...)
	}
	return m
}
