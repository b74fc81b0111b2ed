package complaints

import (
	"context"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/postgres"
)

// audience is a group of people a notice goes to.
type audience int

const (
	customerService audience = iota // the store's agents and customer-service managers
	heads                           // the managers of the form's departments
	gms                             // the store's general managers
	handlerOrHeads                  // the person handling it, else the heads
	handlerAndHeads                 // the person handling it and the heads
)

// notice is a message key with its arguments beyond the form's number and customer, and who
// it goes to: the people named, else the audience.
type notice struct {
	key  string
	to   audience
	ids  []int64
	args map[string]any
}

// recipients are the active users of an audience for a form.
func recipients(ctx context.Context, tx pgx.Tx, tenantID int64, c Complaint, who audience) ([]int64, error) {
	var handler []int64
	if c.HandlerID != 0 && (who == handlerOrHeads || who == handlerAndHeads) {
		handler = []int64{c.HandlerID}
		if who == handlerOrHeads {
			return handler, nil
		}
	}
	where := map[audience]string{
		customerService: `m.role IN ('agent', 'cs_manager') AND (m.store_id IS NULL OR m.store_id = $2)`,
		heads:           `m.role = 'dept_manager' AND m.department_id = ANY($3)`,
		handlerOrHeads:  `m.role = 'dept_manager' AND m.department_id = ANY($3)`,
		handlerAndHeads: `m.role = 'dept_manager' AND m.department_id = ANY($3)`,
		gms:             `m.role = 'gm' AND (m.store_id IS NULL OR m.store_id = $2)`,
	}[who]
	rows, err := tx.Query(ctx, `SELECT DISTINCT m.user_id FROM memberships m
		JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id AND u.active
		WHERE m.tenant_id = $1 AND $2::bigint > 0 AND cardinality($3::bigint[]) >= 0 AND `+where+` ORDER BY 1`,
		tenantID, c.StoreID, c.DepartmentIDs())
	if err != nil {
		return nil, postgres.Err("complaints.Recipients", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return append(handler, ids...), postgres.Err("complaints.Recipients", err)
}

// tell sends a transition's notices about a form, each to its audience; a person is told once,
// by the first notice that reaches them.
func (s *Service) tell(ctx context.Context, tx pgx.Tx, tenantID int64, c Complaint, notices []notice) error {
	var told []int64
	for _, n := range notices {
		ids := n.ids
		if ids == nil {
			var err error
			if ids, err = recipients(ctx, tx, tenantID, c, n.to); err != nil {
				return err
			}
		}
		ids = slices.DeleteFunc(ids, func(id int64) bool { return slices.Contains(told, id) })
		if err := s.send(ctx, tx, tenantID, c, n, ids); err != nil {
			return err
		}
		told = append(told, ids...)
	}
	return nil
}

func (s *Service) send(ctx context.Context, tx pgx.Tx, tenantID int64, c Complaint, n notice, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	args := map[string]any{"ID": c.ID, "Customer": c.CustomerName}
	maps.Copy(args, n.args)
	return s.Notify.Send(ctx, tx, tenantID, notify.Notice{ComplaintID: c.ID, Message: n.key, Args: args, At: s.Now()}, ids...)
}
