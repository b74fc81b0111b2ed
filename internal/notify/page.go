package notify

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Cursor is where a page of notifications starts: after the notification given at At with id
// ID, of the unread part, or of the read part when Read. The zero Cursor is the first page.
type Cursor struct {
	Read bool
	At   time.Time
	ID   int64
}

// ParseCursor reads a cursor as String writes it ("u1733450000000000-123"); anything else is
// the first page, so that a stale or mangled address still shows something sensible.
func ParseCursor(s string) Cursor {
	if len(s) < 2 || (s[0] != 'u' && s[0] != 'r') {
		return Cursor{}
	}
	at, id, ok := strings.Cut(s[1:], "-")
	micros, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil || micros <= 0 || n <= 0 {
		return Cursor{}
	}
	return Cursor{Read: s[0] == 'r', At: time.UnixMicro(micros), ID: n}
}

// String writes the cursor for an address, to the microsecond the database keeps; the first
// page is "".
func (c Cursor) String() string {
	if c.ID == 0 {
		return ""
	}
	part := "u"
	if c.Read {
		part = "r"
	}
	return part + strconv.FormatInt(c.At.UnixMicro(), 10) + "-" + strconv.FormatInt(c.ID, 10)
}

// Page is one page of a user's notifications: the unread ones first, then the read ones, each
// part newest first.
type Page struct {
	Items []Notification
	// Next is where the following page starts; the zero Cursor when this is the last page.
	Next Cursor
	// NewestUnread is the id of the user's newest unread notification, 0 when none is: marking
	// all read up to it leaves unread whatever arrives after the page was shown.
	NewestUnread int64
}

// pageSQL reads up to $5 notifications of user $2 after a cursor: the unread ones before ($3,
// $4), then the read ones before ($6, $7), each part newest first. Each part is a range of its
// own partial index (notifications_unread_time, notifications_read_time), so a page costs the
// same however many notifications a user has; a cursor in the read part gives the unread part
// an empty range, since a condition the planner folds to false can cost a parallel plan.
const pageSQL = `
	SELECT id, complaint_id, action_id, message, args, created_at, is_read FROM (
		(SELECT id, coalesce(complaint_id, 0) AS complaint_id, coalesce(action_id, 0) AS action_id, message, args, created_at,
		        false AS is_read
		 FROM notifications
		 WHERE tenant_id = $1 AND user_id = $2 AND read_at IS NULL AND (created_at, id) < ($3, $4)
		 ORDER BY created_at DESC, id DESC LIMIT $5)
		UNION ALL
		(SELECT id, coalesce(complaint_id, 0), coalesce(action_id, 0), message, args, created_at, true
		 FROM notifications
		 WHERE tenant_id = $1 AND user_id = $2 AND read_at IS NOT NULL AND (created_at, id) < ($6, $7)
		 ORDER BY created_at DESC, id DESC LIMIT $5)) p
	ORDER BY is_read, created_at DESC, id DESC
	LIMIT $5`

// The bounds of a part read whole (after every notification) and of a part not read at all
// (before every one).
var (
	pageEnd   = Cursor{At: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), ID: 1<<63 - 1}
	pageStart = Cursor{At: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)}
)

// Page reads a page of at most limit (1 to 100) of a user's notifications after a cursor, and
// the newest unread one's id, in one round trip.
func (in *Inbox) Page(ctx context.Context, tenantID, userID int64, after Cursor, limit int) (Page, error) {
	limit = min(max(limit, 1), 100)
	unread, read := pageEnd, pageEnd
	switch {
	case after.ID > 0 && after.Read:
		unread, read = pageStart, after
	case after.ID > 0:
		unread = after
	}
	var p Page
	var rows []notificationRow
	err := in.DB.ReadBatch(ctx, tenantID, func(b *pgx.Batch) {
		b.Queue(pageSQL, tenantID, userID, unread.At, unread.ID, limit+1, read.At, read.ID)
		b.Queue(`SELECT coalesce(max(id), 0) FROM notifications
			WHERE tenant_id = $1 AND user_id = $2 AND read_at IS NULL`, tenantID, userID)
	}, func(br pgx.BatchResults) error {
		found, _ := br.Query()
		var err error
		if rows, err = pgx.CollectRows(found, pgx.RowToStructByPos[notificationRow]); err != nil {
			return err
		}
		return br.QueryRow().Scan(&p.NewestUnread)
	})
	if err != nil {
		return Page{}, postgres.Err("notify: page", err)
	}
	if len(rows) > limit {
		rows = rows[:limit]
		last := rows[limit-1]
		p.Next = Cursor{Read: last.Read, At: last.CreatedAt, ID: last.ID}
	}
	p.Items = make([]Notification, len(rows))
	for i, r := range rows {
		if p.Items[i], err = r.notification(); err != nil {
			return Page{}, fmt.Errorf("notify: page: %w", err)
		}
	}
	return p, nil
}
