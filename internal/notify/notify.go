// Package notify tells people about work: an in-app notification per user and an e-mail in the
// user's own language, queued in an outbox in the caller's transaction and delivered by a River
// job after commit, so that a message is sent once the work it reports is saved and survives a
// restart.
package notify

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Inserter inserts River jobs in the caller's transaction (river.Client[pgx.Tx] is one).
type Inserter interface {
	InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// Notice is what to tell people: a catalog key (prefix "notice.") with its template args, and
// the complaint or the improvement action it is about (0: none).
type Notice struct {
	ComplaintID int64
	ActionID    int64
	Message     string
	Args        map[string]any
	// At is when the notice is given; zero: the database's now.
	At time.Time
}

// Validate checks that the notice names a catalog key the notifications table can hold.
func (n Notice) Validate() error {
	if !strings.HasPrefix(n.Message, "notice.") || len(n.Message) > 100 || n.ComplaintID < 0 || n.ActionID < 0 {
		return apperr.New(apperr.Invalid, "error.invalid")
	}
	return nil
}

// Service sends notices.
type Service struct {
	Bundle *i18n.Bundle
	// Jobs enqueues the delivery of each message; nil leaves messages in the outbox unsent (tests).
	Jobs Inserter
}

// recipient is a user a notice goes to.
type recipient struct {
	ID     int64
	Email  string
	Locale string
	Active bool
}

// Send, in tx, gives each distinct user an in-app notification and queues an e-mail in the
// user's own language in the outbox, with a River DeliverArgs job inserted in the same tx so
// the message leaves after commit. Zero ids are skipped (an unfilled role), and so are
// deactivated users, who can neither log in nor should receive mail; an id that is no user of
// the tenant is NotFound.
func (s *Service) Send(ctx context.Context, tx pgx.Tx, tenantID int64, n Notice, userIDs ...int64) error {
	if err := n.Validate(); err != nil {
		return fmt.Errorf("notify: send: %w", err)
	}
	users, err := recipients(ctx, tx, tenantID, distinct(userIDs))
	if err != nil {
		return err
	}
	for _, u := range users {
		if err := s.sendOne(ctx, tx, tenantID, n, u); err != nil {
			return err
		}
	}
	return nil
}

// distinct drops zero and repeated ids, keeping the first occurrence's order.
func distinct(ids []int64) []int64 {
	var out []int64
	for _, id := range ids {
		if id > 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// recipients reads the active users among ids, in the order given.
func recipients(ctx context.Context, tx pgx.Tx, tenantID int64, ids []int64) ([]recipient, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, _ := tx.Query(ctx, `
		SELECT id, email, locale, active
		FROM users
		WHERE tenant_id = $1 AND id = ANY($2)`, tenantID, ids)
	found, err := pgx.CollectRows(rows, pgx.RowToStructByPos[recipient])
	if err != nil {
		return nil, postgres.Err("notify: recipients", err)
	}
	var out []recipient
	for _, id := range ids {
		i := slices.IndexFunc(found, func(u recipient) bool { return u.ID == id })
		if i < 0 {
			return nil, postgres.Err("notify: recipients", pgx.ErrNoRows)
		}
		if found[i].Active {
			out = append(out, found[i])
		}
	}
	return out, nil
}

// sendOne writes one user's notification and outbox row and enqueues the delivery.
func (s *Service) sendOne(ctx context.Context, tx pgx.Tx, tenantID int64, n Notice, u recipient) error {
	args := n.Args
	if args == nil {
		args = map[string]any{}
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO notifications (tenant_id, user_id, complaint_id, action_id, message, args, created_at)
		VALUES ($1, $2, NULLIF($3, 0), NULLIF($4, 0), $5, $6, coalesce($7, now()))`,
		tenantID, u.ID, n.ComplaintID, n.ActionID, n.Message, args, at(n.At)); err != nil {
		return postgres.Err("notify: insert notification", err)
	}
	if err := changes.AnnouncePeople(ctx, tx, tenantID); err != nil { // the unread count of every page
		return err
	}
	m := s.Compose(u.Locale, n)
	m.Recipient = u.Email
	_, err := Queue(ctx, tx, s.Jobs, tenantID, m, at(n.At))
	return err
}

// Compose writes the e-mail for a notice in lang: a short subject naming the complaint (or the
// improvement action), and the message followed by its path.
func (s *Service) Compose(lang string, n Notice) Message {
	l := s.Bundle.Localizer(lang)
	subject := l.T("notifications.subject_general")
	body := l.T(n.Message, Pairs(n.Args, func(key string) string { return l.T(key) })...)
	if n.ComplaintID != 0 {
		subject = l.T("notifications.subject", "ID", n.ComplaintID)
		body += "\n\n" + Path(n.ComplaintID)
	} else if n.ActionID != 0 {
		subject = l.T("notifications.subject_action", "ID", n.ActionID)
		body += "\n\n" + ActionPath(n.ActionID)
	}
	return Message{Channel: "email", Subject: clip(oneLine(subject), 200), Body: clip(body, 4000)}
}

// Path is the page of a complaint.
func Path(complaintID int64) string { return fmt.Sprintf("/complaints/%d", complaintID) }

// ActionPath is the page of an improvement action.
func ActionPath(actionID int64) string { return fmt.Sprintf("/actions/%d", actionID) }

// Pairs turns template args into the name, value pairs i18n's T takes, in name order. An arg
// named xKey holds a message key: it becomes x, translated by t into the reader's language.
func Pairs(args map[string]any, t func(key string) string) []any {
	names := make([]string, 0, len(args))
	for k := range args {
		names = append(names, k)
	}
	slices.Sort(names)
	out := make([]any, 0, 2*len(names))
	for _, k := range names {
		if key, ok := args[k].(string); ok && strings.HasSuffix(k, "Key") {
			out = append(out, strings.TrimSuffix(k, "Key"), t(key))
			continue
		}
		out = append(out, k, args[k])
	}
	return out
}

// oneLine keeps a header value on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// clip cuts s to at most n characters, as the table's length checks count them.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// at is a time for a timestamptz parameter; zero is NULL.
func at(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
