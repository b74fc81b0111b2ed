package notify

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/csidesk/csidesk/internal/postgres"
)

// DeliverArgs asks for one outbox message to be sent.
type DeliverArgs struct {
	TenantID int64 `json:"tenant_id"`
	OutboxID int64 `json:"outbox_id"`
}

// Kind names the job.
func (DeliverArgs) Kind() string { return "notify.deliver" }

type deliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	db     *postgres.DB
	sender Sender
}

// NewDeliverWorker returns the worker that sends an outbox message through s, once: a message
// already sent is skipped, and a failed one is counted and its error kept before River retries;
// a text message the provider accepted keeps its reference and waits for its delivery report.
func NewDeliverWorker(db *postgres.DB, s Sender) river.Worker[DeliverArgs] {
	return &deliverWorker{db: db, sender: s}
}

// Work holds the outbox row locked while it sends, so that two runs of one job (a retry racing
// a rescued run) cannot both send it.
func (w *deliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	tenantID, id := job.Args.TenantID, job.Args.OutboxID
	tx, err := w.db.BeginTenant(ctx, tenantID)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	m, sent, err := lockMessage(ctx, tx, tenantID, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return river.JobCancel(postgres.Err("notify: deliver", err))
	}
	if err != nil {
		return postgres.Err("notify: deliver", err)
	}
	if sent {
		return nil
	}
	ref, sendErr := w.sender.Send(ctx, m)
	if sendErr != nil {
		if err := recordFailure(ctx, tx, tenantID, id, sendErr); err != nil {
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("notify: deliver: %w", err)
		}
		return fmt.Errorf("notify: deliver outbox %d: %w", id, sendErr)
	}
	if err := markSent(ctx, tx, tenantID, id, ref); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// markSent records a message sent; one with the provider's reference waits for its delivery
// report (Deliveries).
func markSent(ctx context.Context, tx pgx.Tx, tenantID, id int64, ref string) error {
	_, err := tx.Exec(ctx, `
		UPDATE outbox SET sent_at = now(), attempts = attempts + 1, last_error = '', provider_ref = $3,
		       delivery = CASE WHEN $3 = '' THEN '' ELSE 'pending' END
		WHERE tenant_id = $1 AND id = $2`, tenantID, id, ref)
	return postgres.Err("notify: mark sent", err)
}

// lockMessage reads an outbox row FOR UPDATE and reports whether it was sent already.
func lockMessage(ctx context.Context, tx pgx.Tx, tenantID, id int64) (Message, bool, error) {
	var m Message
	var sent bool
	err := tx.QueryRow(ctx, `
		SELECT channel, recipient, subject, body, sent_at IS NOT NULL
		FROM outbox
		WHERE tenant_id = $1 AND id = $2
		FOR UPDATE`, tenantID, id).Scan(&m.Channel, &m.Recipient, &m.Subject, &m.Body, &sent)
	return m, sent, err
}

// recordFailure counts a failed attempt and keeps its error.
func recordFailure(ctx context.Context, tx pgx.Tx, tenantID, id int64, sendErr error) error {
	_, err := tx.Exec(ctx, `
		UPDATE outbox SET attempts = attempts + 1, last_error = left($3, 4000)
		WHERE tenant_id = $1 AND id = $2`, tenantID, id, sendErr.Error())
	return postgres.Err("notify: record failure", err)
}
