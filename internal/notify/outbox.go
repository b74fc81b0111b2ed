package notify

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Queue writes m to the outbox in tx, with its delivery job, so that it leaves after commit; a
// nil jobs leaves it unsent (tests); a nil at is the database's now. It returns the outbox row's id.
func Queue(ctx context.Context, tx pgx.Tx, jobs Inserter, tenantID int64, m Message, at *time.Time) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO outbox (tenant_id, channel, recipient, subject, body, created_at)
		VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now())) RETURNING id`,
		tenantID, m.Channel, m.Recipient, m.Subject, m.Body, at).Scan(&id)
	if err != nil {
		return 0, postgres.Err("notify: queue", err)
	}
	if jobs != nil {
		if _, err := jobs.InsertTx(ctx, tx, DeliverArgs{TenantID: tenantID, OutboxID: id}, nil); err != nil {
			return 0, postgres.Err("notify: queue delivery", err)
		}
	}
	return id, nil
}
