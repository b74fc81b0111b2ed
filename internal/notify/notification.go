package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/changes"
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
	// ActionID is the improvement action it is about, 0 for none.
	ActionID int64
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
	ActionID    int64
	Message     string
	Args        []byte
	CreatedAt   time.Time
	Read        bool
}

// notification decodes a stored row.
func (r notificationRow) notification() (Notification, error) {
	args, err := decodeArgs(r.Args)
	if err != nil {
		return Notification{}, fmt.Errorf("notification %d: %w", r.ID, err)
	}
	return Notification{ID: r.ID, ComplaintID: r.ComplaintID, ActionID: r.ActionID, Message: r.Message, Args: args,
		CreatedAt: r.CreatedAt, Read: r.Read}, nil
}

// List returns a user's latest notifications, newest first, at most limit (1 to 500).
func (in *Inbox) List(ctx context.Context, tenantID, userID int64, limit int) ([]Notification, error) {
	limit = min(max(limit, 1), 500)
	rows, err := postgres.List[notificationRow](ctx, in.DB, tenantID, "notify: list", `
		SELECT id, coalesce(complaint_id, 0), coalesce(action_id, 0), message, args, created_at, read_at IS NOT NULL
		FROM notifications
		WHERE tenant_id = $1 AND user_id = $2
		ORDER BY id DESC
		LIMIT $3`, userID, limit)
	if err != nil {
		return nil, err
	}
	out := make([]Notification, len(rows))
	for i, r := range rows {
		if out[i], err = r.notification(); err != nil {
			return nil, fmt.Errorf("notify: list: %w", err)
		}
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

// UnreadCap is the most unread notifications counted: beyond it the count reads "99+". The
// header shows the count on every page, and a user who never reads them must not make every
// page count thousands.
const UnreadCap = 99

// UnreadOf is the statement that counts, up to UnreadCap + 1, the unread notifications of tenant
// $1's user named by who (an expression), from the partial index of unread ones. The session
// lookup counts them with the same statement in its own round trip, naming the session's user.
func UnreadOf(who string) string {
	return `
	SELECT count(*)::int FROM (
		SELECT 1 FROM notifications
		WHERE tenant_id = $1 AND user_id = ` + who + ` AND read_at IS NULL
		LIMIT ` + strconv.Itoa(UnreadCap+1) + `) x`
}

// Unread counts a user's unread notifications, up to UnreadCap + 1 so that "more than the cap"
// can be told from "the cap", in one round trip.
func (in *Inbox) Unread(ctx context.Context, tenantID, userID int64) (int, error) {
	var n int
	err := in.DB.ReadBatch(ctx, tenantID, func(b *pgx.Batch) {
		b.Queue(UnreadOf("$2"), tenantID, userID)
	}, func(br pgx.BatchResults) error {
		return br.QueryRow().Scan(&n)
	})
	return n, postgres.Err("notify: unread", err)
}

// MarkAllRead marks a user's unread notifications up to and including upTo read at now (upTo 0:
// every one). The page passes the newest notification it showed, so that a notice that arrived
// after the user looked stays unread.
func (in *Inbox) MarkAllRead(ctx context.Context, tenantID, userID, upTo int64, now time.Time) error {
	if upTo <= 0 {
		upTo = math.MaxInt64
	}
	return in.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			UPDATE notifications SET read_at = $4
			WHERE tenant_id = $1 AND user_id = $2 AND read_at IS NULL AND id <= $3`, tenantID, userID, upTo, now)
		if err != nil {
			return postgres.Err("notify: mark all read", err)
		}
		return changes.AnnouncePeople(ctx, tx, tenantID)
	})
}
