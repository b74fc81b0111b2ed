package followups

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Claim makes userID the holder of an open task, unless another agent claimed it less than
// ClaimTimeout ago: that is a conflict, and the worklist shows who holds it.
func (s *Service) Claim(ctx context.Context, tenantID, userID, taskID int64) error {
	return s.onTask(ctx, tenantID, taskID, func(tx pgx.Tx, t lockedTask) error {
		now := s.Now()
		switch {
		case t.status != TaskOpen:
			return apperr.New(apperr.Conflict, "error.task_closed")
		case t.claimedBy != nil && *t.claimedBy != userID && now.Sub(*t.claimedAt) < ClaimTimeout:
			return apperr.New(apperr.Conflict, "error.task_taken")
		}
		_, err := tx.Exec(ctx, `UPDATE follow_up_tasks SET claimed_by = $3, claimed_at = $4 WHERE tenant_id = $1 AND id = $2`,
			tenantID, taskID, userID, now)
		return postgres.Err("followups.Claim", err)
	})
}

// Release gives up userID's claim on a task; a task they do not hold stays as it is.
func (s *Service) Release(ctx context.Context, tenantID, userID, taskID int64) error {
	return s.onTask(ctx, tenantID, taskID, func(tx pgx.Tx, _ lockedTask) error {
		_, err := tx.Exec(ctx, `UPDATE follow_up_tasks SET claimed_by = NULL, claimed_at = NULL
			WHERE tenant_id = $1 AND id = $2 AND claimed_by = $3`, tenantID, taskID, userID)
		return postgres.Err("followups.Release", err)
	})
}

// Assign gives an open task to an agent, or to no one when agentID is 0.
func (s *Service) Assign(ctx context.Context, tenantID, taskID, agentID int64) error {
	return s.onTask(ctx, tenantID, taskID, func(tx pgx.Tx, t lockedTask) error {
		if t.status != TaskOpen {
			return apperr.New(apperr.Conflict, "error.task_closed")
		}
		tag, err := tx.Exec(ctx, `
			UPDATE follow_up_tasks t SET assigned_to = nullif($3, 0)
			WHERE tenant_id = $1 AND id = $2
			  AND ($3 = 0 OR EXISTS (SELECT FROM memberships m JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
			                         WHERE m.tenant_id = $1 AND m.user_id = $3 AND m.role = 'agent' AND u.active
			                           AND (m.store_id IS NULL OR m.store_id = t.store_id)))`,
			tenantID, taskID, agentID)
		if err == nil && tag.RowsAffected() == 0 {
			return apperr.Fields(map[string]string{"agent_id": "validation.choice"})
		}
		return postgres.Err("followups.Assign", err)
	})
}

// lockedTask is what the actions on a task decide by.
type lockedTask struct {
	storeID   int64
	status    TaskStatus
	claimedBy *int64
	claimedAt *time.Time
	// lastAttemptOn is the store's date of the last attempt that did not reach the customer.
	lastAttemptOn *time.Time
	timeZone      string
}

// triedOn says the task was tried without reaching the customer on now's date in its store.
func (t lockedTask) triedOn(now time.Time) bool {
	return t.lastAttemptOn != nil && t.lastAttemptOn.Equal(t.today(now))
}

// today is now's date in the task's store, as a date column reads.
func (t lockedTask) today(now time.Time) time.Time {
	y, m, d := now.In(tenancy.Location(t.timeZone)).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// onTask runs act on a task locked for the transaction, so that of two agents acting on it at
// once the second sees what the first did.
func (s *Service) onTask(ctx context.Context, tenantID, taskID int64, act func(pgx.Tx, lockedTask) error) error {
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		var t lockedTask
		err := tx.QueryRow(ctx, `SELECT t.store_id, t.status, t.claimed_by, t.claimed_at, t.last_attempt_on, st.time_zone
			FROM follow_up_tasks t JOIN stores st ON st.tenant_id = t.tenant_id AND st.id = t.store_id
			WHERE t.tenant_id = $1 AND t.id = $2 FOR UPDATE OF t`, tenantID, taskID).Scan(
			&t.storeID, &t.status, &t.claimedBy, &t.claimedAt, &t.lastAttemptOn, &t.timeZone)
		if err != nil {
			return postgres.Err("followups.onTask", err)
		}
		if err := act(tx, t); err != nil {
			return err
		}
		return changes.AnnounceTasks(ctx, tx, tenantID, t.storeID)
	})
}
