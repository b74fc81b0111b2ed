package notify

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/csidesk/csidesk/internal/postgres"
)

// DeliveryInterval is how often the provider is asked what became of the text messages it
// accepted.
const DeliveryInterval = 5 * time.Minute

// DeliveryWindow is how long after sending a message's delivery is asked about; a message still
// pending after it stays pending.
const DeliveryWindow = 24 * time.Hour

// deliveryBatch bounds the messages of one group asked about in one run; the next run asks
// about the rest.
const deliveryBatch = 100

// DeliveryArgs asks what became of every group's pending text messages.
type DeliveryArgs struct{}

// Kind names the job.
func (DeliveryArgs) Kind() string { return "notify.delivery" }

// InsertOpts runs the job once: a run that fails (the provider away) is not retried, since the
// next periodic run asks again.
func (DeliveryArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 1} }

// Deliveries asks the provider what became of the text messages it accepted and records it.
type Deliveries struct {
	DB  *postgres.DB
	Now func() time.Time
	SMS SMS
}

// NewDeliveries is the recorder of sms's delivery reports; without a provider there is none (nil).
func NewDeliveries(db *postgres.DB, now func() time.Time, sms SMS) *Deliveries {
	if sms == nil {
		return nil
	}
	return &Deliveries{DB: db, Now: now, SMS: sms}
}

// pendingSMS is a text message waiting for its delivery report.
type pendingSMS struct {
	ID  int64
	Ref string
}

// Check asks about a group's text messages still pending that were sent within DeliveryWindow,
// and records those reported delivered or failed (a failure with the provider's reason as the
// message's last error). It returns how many it recorded; a message the provider could not be
// asked about is an error once the others are done.
func (d *Deliveries) Check(ctx context.Context, tenantID int64) (int, error) {
	pending, err := postgres.List[pendingSMS](ctx, d.DB, tenantID, "notify: pending deliveries", `
		SELECT id, provider_ref
		FROM outbox
		WHERE tenant_id = $1 AND delivery = 'pending' AND sent_at > $2
		ORDER BY sent_at
		LIMIT $3`, d.Now().Add(-DeliveryWindow), deliveryBatch)
	if err != nil {
		return 0, err
	}
	n, errs := 0, []error(nil)
	for _, p := range pending {
		state, reason, err := d.SMS.Status(ctx, p.Ref)
		if err != nil {
			errs = append(errs, fmt.Errorf("notify: delivery of outbox %d: %w", p.ID, err))
			if ctx.Err() != nil {
				break
			}
			continue
		}
		if state == Pending {
			continue
		}
		if err := d.record(ctx, tenantID, p.ID, state, reason); err != nil {
			return n, err
		}
		n++
	}
	return n, errors.Join(errs...)
}

// record keeps a message's delivery report, unless another run did first.
func (d *Deliveries) record(ctx context.Context, tenantID, id int64, state Delivery, reason string) error {
	return d.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			UPDATE outbox SET delivery = $3, last_error = CASE WHEN $3 = 'failed' THEN left($4, 4000) ELSE last_error END
			WHERE tenant_id = $1 AND id = $2 AND delivery = 'pending'`, tenantID, id, string(state), reason)
		return postgres.Err("notify: record delivery", err)
	})
}
