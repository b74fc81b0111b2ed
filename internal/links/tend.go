package links

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Tended counts what one run of Tend did.
type Tended struct {
	Sent, FellBack, Reminded, Expired int
}

// Tend does a tenant's link work that falls due with time, in one transaction: it sends the
// links of tasks whose rule sends one from the start and that fell due (a customer who cannot
// take one is left to the agents' calls), reminds once the customers who have not answered
// after their store's reminder delay, closes as unreachable the tasks whose link expired, and
// takes the tokens out of the messages that have left.
func (s *Service) Tend(ctx context.Context, tenantID int64) (Tended, error) {
	var r Tended
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		if err = s.sendDue(ctx, tx, tenantID, &r); err == nil {
			err = s.remind(ctx, tx, tenantID, &r)
		}
		if err == nil {
			err = s.expire(ctx, tx, tenantID, &r)
		}
		if err == nil {
			err = s.redact(ctx, tx, tenantID)
		}
		return err
	})
	return r, err
}

// sendDue sends the links of open tasks of channel ByLink due today or before in their store.
func (s *Service) sendDue(ctx context.Context, tx pgx.Tx, tenantID int64, r *Tended) error {
	rows, _ := tx.Query(ctx, `
		SELECT t.id, ru.link_via FROM follow_up_tasks t
		JOIN stores st ON st.tenant_id = t.tenant_id AND st.id = t.store_id
		JOIN follow_up_rules ru ON ru.tenant_id = t.tenant_id AND ru.store_id = t.store_id AND ru.reason = t.reason
		WHERE t.tenant_id = $1 AND t.status = 'open' AND t.channel = 'link'
		  AND t.due_from <= ($2::timestamptz AT TIME ZONE st.time_zone)::date
		ORDER BY t.due_from, t.id`, tenantID, s.Now())
	due, err := pgx.CollectRows(rows, pgx.RowToStructByPos[dueTask])
	if err != nil {
		return postgres.Err("links: Tend: due", err)
	}
	for _, d := range due {
		sent, err := s.sendIfSendable(ctx, tx, tenantID, d.TaskID, d.Via, followups.TaskOpen)
		if err != nil {
			return err
		}
		if sent {
			r.Sent++
			continue
		}
		r.FellBack++
		if err := followups.SetTask(ctx, tx, tenantID, d.TaskID, `channel = 'phone'`); err != nil {
			return err
		}
	}
	return nil
}

type dueTask struct {
	TaskID int64
	Via    followups.Via
}

// SendAfterCalls sends, in tx, the link of a task its last unanswered call just closed, by its
// rule's way (followups.Service.LinkAfterCalls); a customer who cannot take one leaves the task
// unreachable.
func (s *Service) SendAfterCalls(ctx context.Context, tx pgx.Tx, tenantID, taskID int64) error {
	var via followups.Via
	err := tx.QueryRow(ctx, `SELECT ru.link_via FROM follow_up_tasks t
		JOIN follow_up_rules ru ON ru.tenant_id = t.tenant_id AND ru.store_id = t.store_id AND ru.reason = t.reason
		WHERE t.tenant_id = $1 AND t.id = $2`, tenantID, taskID).Scan(&via)
	if err != nil {
		return postgres.Err("links: SendAfterCalls", err)
	}
	_, err = s.sendIfSendable(ctx, tx, tenantID, taskID, via, followups.TaskUnreachable)
	return err
}

// sendIfSendable sends a task's link when the task is in status from and its customer can take
// one, and says whether it did.
func (s *Service) sendIfSendable(ctx context.Context, tx pgx.Tx, tenantID, taskID int64, via followups.Via, from followups.TaskStatus) (bool, error) {
	t, err := s.lockTarget(ctx, tx, tenantID, taskID)
	if err != nil || t.status != from || t.sendable(via) != nil {
		return false, err
	}
	return true, s.send(ctx, tx, tenantID, 0, taskID, via, t)
}

// remind sends the one reminder of each link still unanswered after its store's delay.
func (s *Service) remind(ctx context.Context, tx pgx.Tx, tenantID int64, r *Tended) error {
	rows, _ := tx.Query(ctx, `
		SELECT l.id, l.channel, l.recipient, l.language, st.name,
		       greatest(1, ceil(extract(epoch FROM l.expires_at - $2::timestamptz) / 86400))::int
		FROM survey_links l
		JOIN stores st ON st.tenant_id = l.tenant_id AND st.id = l.store_id
		JOIN follow_up_tasks t ON t.tenant_id = l.tenant_id AND t.id = l.task_id AND t.status = 'linked'
		WHERE l.tenant_id = $1 AND l.completed_at IS NULL AND l.unsubscribed_at IS NULL AND l.reminder_id IS NULL
		  AND st.link_reminder_days > 0 AND l.created_at + make_interval(days => st.link_reminder_days) <= $2
		  AND l.expires_at > $2
		ORDER BY l.id
		FOR UPDATE OF l`, tenantID, s.Now())
	waiting, err := pgx.CollectRows(rows, pgx.RowToStructByPos[waitingLink])
	if err != nil {
		return postgres.Err("links: Tend: reminders", err)
	}
	now := s.Now()
	for _, w := range waiting {
		token, hash := newToken()
		m := s.message(w.Via, w.Recipient, w.Language, "reminder", w.Store, token, w.DaysLeft)
		outboxID, err := notify.Queue(ctx, tx, s.Jobs, tenantID, m, &now)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE survey_links SET reminder_id = $3, reminder_hash = $4 WHERE tenant_id = $1 AND id = $2`,
			tenantID, w.ID, outboxID, hash)
		if err == nil {
			_, err = tx.Exec(ctx, `INSERT INTO survey_link_tokens (token_hash, tenant_id, store_id)
				SELECT $2, tenant_id, store_id FROM survey_links WHERE tenant_id = $1 AND id = $3`, tenantID, hash, w.ID)
		}
		if err != nil {
			return postgres.Err("links: Tend: remind", err)
		}
		r.Reminded++
	}
	return nil
}

type waitingLink struct {
	ID        int64
	Via       followups.Via
	Recipient string
	Language  string
	Store     string
	DaysLeft  int
}

// expire closes as unreachable the linked tasks whose link expired unanswered.
func (s *Service) expire(ctx context.Context, tx pgx.Tx, tenantID int64, r *Tended) error {
	rows, _ := tx.Query(ctx, `
		UPDATE follow_up_tasks t SET status = 'unreachable', closed_at = $2
		FROM survey_links l
		WHERE t.tenant_id = $1 AND t.status = 'linked' AND l.tenant_id = $1 AND l.task_id = t.id AND l.expires_at <= $2
		RETURNING t.store_id`, tenantID, s.Now())
	stores, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	r.Expired = len(stores)
	if err == nil {
		err = changes.AnnounceTasks(ctx, tx, tenantID, stores...)
	}
	return postgres.Err("links: Tend: expire", err)
}

// redact takes the token out of each link message that has left, so that the database keeps no
// token but as its hash once the message no longer needs it.
func (s *Service) redact(ctx context.Context, tx pgx.Tx, tenantID int64) error {
	_, err := tx.Exec(ctx, `
		UPDATE outbox o SET body = regexp_replace(o.body, '/s/[A-Za-z0-9_-]{43}', '/s/…', 'g')
		FROM survey_links l
		WHERE l.tenant_id = $1 AND l.expires_at > $2::timestamptz - interval '1 day'
		  AND o.tenant_id = $1 AND o.id IN (l.outbox_id, l.reminder_id) AND o.sent_at IS NOT NULL
		  AND o.body ~ '/s/[A-Za-z0-9_-]{43}'`, tenantID, s.Now())
	return postgres.Err("links: Tend: redact", err)
}
