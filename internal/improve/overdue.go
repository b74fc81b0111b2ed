package improve

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/postgres"
)

// overdueAction is an open action past its due date, with who is told: its owner and the
// managers of its department.
type overdueAction struct {
	ID       int64
	Weakness string
	DueOn    time.Time
	OwnerID  int64
	Heads    []int64
}

// NotifyOverdue tells the owner and the department managers of every open action of the group
// past its due date (in its store's time zone), at most once a day per action, through the
// notices; in one transaction, so that an action is marked told exactly when it was. It
// returns how many actions it told of.
func (s *Service) NotifyOverdue(ctx context.Context, tenantID int64) (int, error) {
	n := 0
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `
			WITH due AS (
				SELECT a.id, (($2::timestamptz) AT TIME ZONE st.time_zone)::date AS today
				FROM improvement_actions a JOIN stores st ON st.tenant_id = a.tenant_id AND st.id = a.store_id
				WHERE a.tenant_id = $1 AND a.stage <> 'closed')
			UPDATE improvement_actions a SET overdue_notified = due.today
			FROM due
			WHERE a.tenant_id = $1 AND a.id = due.id AND a.due_on < due.today
			  AND (a.overdue_notified IS NULL OR a.overdue_notified < due.today)
			RETURNING a.id, a.weakness, a.due_on, coalesce(a.owner_id, 0),
			          ARRAY(SELECT DISTINCT m.user_id FROM memberships m
			                JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id AND u.active
			                WHERE m.tenant_id = $1 AND m.role = 'dept_manager' AND m.department_id = a.department_id)`,
			tenantID, s.Now())
		due, err := pgx.CollectRows(rows, pgx.RowToStructByPos[overdueAction])
		if err != nil {
			return postgres.Err("improve.NotifyOverdue", err)
		}
		for _, a := range due {
			notice := notify.Notice{ActionID: a.ID, Message: "notice.action_overdue", At: s.Now(),
				Args: map[string]any{"ID": a.ID, "Weakness": a.Weakness, "Due": a.DueOn.Format(time.DateOnly)}}
			if err := s.Notify.Send(ctx, tx, tenantID, notice, append([]int64{a.OwnerID}, a.Heads...)...); err != nil {
				return err
			}
		}
		n = len(due)
		return nil
	})
	return n, err
}
