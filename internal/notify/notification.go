package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Inbox reads and marks the users' in-app notifications.
type Inbox struct {
	DB *postgres.DB
}

// Notification is one in-app notice to a user.
type Notification struct {
	ID int64
	// ComplaintID is the complaint it is about, 0 for none.
	ComplaintID int64
	// Message is the catalog key, translated with Args when shown.
	Message   string
	Args      map[string]any
	CreatedAt time.Time
	Read      bool
}

// notificationRow is a notification as stored, its args still JSON.
type notificationRow struct {
	ID          int64
	ComplaintID int64
	Message     string
	Args        []byte
	CreatedAt   time.Time
	Read        bool
}

// List returns a user's latest notifications, newest first, at most limit (1 to 500).
func (in *Inbox) List(ctx context.Context, tenantID, userID int64, limit int) ([]Notification, error) {
	limit = min(max(limit, 1), 500)
	rows, err := postgres.List[notificationRow](ctx, in.DB, tenantID, "notify: list", `
		SELECT id, coalesce(complaint_id, 0), message, args, created_at, read_at IS NOT NULL
		FROM notifications
		WHERE tenant_id = $1 AND user_id = $2
		ORDER BY id DESC
		LIMIT $3`, userID, limit)
	if err != nil {
		return nil, err
	}
	out := make([]Notification, len(rows))
	for i, r := range rows {
		args, err := decodeArgs(r.Args)
		if err != nil {
			return nil, fmt.Errorf("notify: list: notification %d: %w", r.ID, err)
		}
		out[i] = Notification{ID: r.ID, ComplaintID: r.ComplaintID, Message: r.Message, Args: args,
			CreatedAt: r.CreatedAt, Read: r.Read}
	}
	return out, nil
}

// decodeArgs reads stored template args; numbers stay json.Number so that an id prints as
// written rather than as a float ("1.234567e+06").
func decodeArgs(raw []byte) (map[string]any, error) {
	args := map[string]any{}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&args); err != nil {
		return nil, err
	}
	return args, nil
}

// Unread counts a user's unread notifications.
func (in *Inbox) Unread(ctx context.Context, tenantID, userID int64) (int, error) {
	n, err := postgres.One[struct{ N int }](ctx, in.DB, tenantID, "notify: unread", `
		SELECT count(*)
		FROM notifications
		WHERE tenant_id = $1 AND user_id = $2 AND read_at IS NULL`, userID)
	return n.N, err
}

// MarkAllRead marks every unread notification of a user read at now.
func (in *Inbox) MarkAllRead(ctx context.Context, tenantID, userID int64, now time.Time) error {
	return in.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			UPDATE notifications SET read_at = $3
			WHERE tenant_id = $1 AND user_id = $2 AND read_at IS NULL`, tenantID, userID, now)
		return postgres.Err("notify: mark all read", err)
	})
}
