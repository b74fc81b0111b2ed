package links

import (
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Message is one message of a link as the call screen shows it: when it was written, and
// what came of sending it (sent, the provider's delivery report, or the tries and last error).
type Message struct {
	At       time.Time
	SentAt   *time.Time
	Delivery string
	Attempts int
	Error    string
}

// Failed says the message has not left after a try, or the provider reported it undelivered.
func (m Message) Failed() bool {
	return m.Delivery == "failed" || (m.SentAt == nil && m.Attempts > 0)
}

// Sent is a task's survey link: how and to whom it went, by whom ("" when its rule sent it),
// its messages, and how far the customer got.
type Sent struct {
	Channel      string
	Recipient    string
	SentBy       string
	ExpiresAt    time.Time
	First        Message
	Reminder     *Message
	Opened       *time.Time
	Completed    *time.Time
	Unsubscribed *time.Time
}

// QueueSent adds the read of a task's link, if it has one, to r, into dst.
func QueueSent(r *postgres.Reads, taskID int64, dst *[]Sent) {
	postgres.AddScanned(r, dst, scanSent, "links.Sent", `
		SELECT l.channel, l.recipient, coalesce(u.name, ''), l.expires_at,
		       o.created_at, o.sent_at, o.delivery, o.attempts, o.last_error,
		       m.id IS NOT NULL, coalesce(m.created_at, l.created_at), m.sent_at, coalesce(m.delivery, ''),
		       coalesce(m.attempts, 0), coalesce(m.last_error, ''),
		       l.opened_at, l.completed_at, l.unsubscribed_at
		FROM survey_links l
		JOIN outbox o ON o.tenant_id = l.tenant_id AND o.id = l.outbox_id
		LEFT JOIN outbox m ON m.tenant_id = l.tenant_id AND m.id = l.reminder_id
		LEFT JOIN users u ON u.tenant_id = l.tenant_id AND u.id = l.sent_by
		WHERE l.tenant_id = $1 AND l.task_id = $2`, taskID)
}

func scanSent(row pgx.CollectableRow) (Sent, error) {
	var s Sent
	var reminded bool
	var m Message
	err := row.Scan(&s.Channel, &s.Recipient, &s.SentBy, &s.ExpiresAt,
		&s.First.At, &s.First.SentAt, &s.First.Delivery, &s.First.Attempts, &s.First.Error,
		&reminded, &m.At, &m.SentAt, &m.Delivery, &m.Attempts, &m.Error, &s.Opened, &s.Completed, &s.Unsubscribed)
	if reminded {
		s.Reminder = &m
	}
	return s, err
}
