package complaints

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// request is an action under way on a form locked for it: the group, who takes it, the form as
// they found it, the action, what they bring, and when.
type request struct {
	tenantID int64
	who      Actor
	c        Complaint
	act      Action
	in       Input
	now      time.Time
}

// transition is what one step does to a form, as its action builds it and apply writes it.
type transition struct {
	action      Action     // the timeline event's action
	status      Status     // the form's new status; empty leaves it
	set         []column   // the other columns of the form it sets
	departments []int64    // the departments it sends the form to; nil leaves them
	done        Step       // the deadline step it completes, if any
	deadlines   *deadlines // the deadlines it sets, if any
	note        string     // the event's note
	detail      map[string]any
	notices     []notice // whom it tells
}

// column is a column of the form a transition sets, and its value.
type column struct {
	name  string
	value any
}

// deadlines are the steps whose deadlines a transition sets, by the group's policy for the
// severity and the way the complaint was made, counted from an instant.
type deadlines struct {
	severity   Severity
	steps      []Step
	faceToFace bool
	from       time.Time
}

// apply writes a transition in tx: the form's departments and columns, the step it completes,
// the deadlines ahead with their timers, the timeline event, and the notice.
func (s *Service) apply(ctx context.Context, tx pgx.Tx, r request, t transition) error {
	c := r.c
	if t.departments != nil {
		if err := setDepartments(ctx, tx, r.tenantID, c.ID, c.StoreID, t.departments); err != nil {
			return err
		}
		c.Departments = departmentsOf(t.departments)
	}
	if err := t.update(ctx, tx, r.tenantID, c.ID); err != nil {
		return err
	}
	if t.done != "" {
		if err := stepDone(ctx, tx, r.tenantID, c.ID, t.done, r.who.UserID, r.now); err != nil {
			return err
		}
	}
	if t.deadlines != nil {
		if err := s.setDeadlines(ctx, tx, r.tenantID, c.ID, *t.deadlines); err != nil {
			return err
		}
	}
	if err := event(ctx, tx, r.tenantID, c.ID, string(t.action), r.who.UserID, t.note, t.detail, r.now); err != nil {
		return err
	}
	return s.tell(ctx, tx, r.tenantID, c, t.notices)
}

// update sets the form's status and columns; a transition that changes neither writes nothing.
func (t transition) update(ctx context.Context, tx pgx.Tx, tenantID, id int64) error {
	set := t.set
	if t.status != "" {
		set = append([]column{{"status", t.status}}, set...)
	}
	if len(set) == 0 {
		return nil
	}
	args, assign := []any{tenantID, id}, make([]string, len(set))
	for i, col := range set {
		args = append(args, col.value)
		assign[i] = fmt.Sprintf("%s = $%d", col.name, len(args))
	}
	_, err := tx.Exec(ctx, `UPDATE complaints SET `+strings.Join(assign, ", ")+` WHERE tenant_id = $1 AND id = $2`, args...)
	return postgres.Err("complaints.Apply: "+string(t.action), err)
}

// departmentsOf are the departments of the ids, as a form names them before they are read.
func departmentsOf(ids []int64) []Department {
	var out []Department
	for _, d := range ids {
		out = append(out, Department{ID: d})
	}
	return out
}

// setDepartments gives a form its departments, which must be the store's.
func setDepartments(ctx context.Context, tx pgx.Tx, tenantID, id, storeID int64, depts []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM complaint_departments WHERE tenant_id = $1 AND complaint_id = $2`, tenantID, id); err != nil {
		return postgres.Err("complaints.SetDepartments", err)
	}
	// the group and store come from the departments' own row, so that a distributed engine
	// writes on the group's shard rather than copying through the coordinator
	tag, err := tx.Exec(ctx, `INSERT INTO complaint_departments (tenant_id, complaint_id, store_id, department_id)
		SELECT d.tenant_id, $2, d.store_id, d.id FROM departments d WHERE d.tenant_id = $1 AND d.store_id = $3 AND d.id = ANY($4)`,
		tenantID, id, storeID, depts)
	if err != nil {
		return postgres.Err("complaints.SetDepartments", err)
	}
	if int(tag.RowsAffected()) != len(slices.Compact(slices.Sorted(slices.Values(depts)))) {
		return apperr.Fields(map[string]string{"departments": "validation.complaint_departments"})
	}
	return KeepDepartmentIDs(ctx, tx, tenantID, id)
}

// KeepDepartmentIDs copies the departments of the complaints ids (none: every complaint of the
// group) into their rows, where the policy that shows a complaint to its departments reads them.
// Whatever writes complaint_departments calls it in the same transaction.
func KeepDepartmentIDs(ctx context.Context, tx pgx.Tx, tenantID int64, ids ...int64) error {
	_, err := tx.Exec(ctx, `
		UPDATE complaints c SET department_ids = coalesce((SELECT array_agg(d.department_id ORDER BY d.department_id)
		                                                   FROM complaint_departments d
		                                                   WHERE d.tenant_id = $1 AND d.complaint_id = c.id), '{}')
		WHERE c.tenant_id = $1 AND (cardinality($2::bigint[]) = 0 OR c.id = ANY ($2))`, tenantID, ids)
	return postgres.Err("complaints: department ids", err)
}

// event appends to a form's timeline, and announces that a form of its store changed. Every
// write to a form, its steps or its departments records an event in the same transaction, so
// that the queues kept in memory (Service.Kept) hear of each.
func event(ctx context.Context, tx pgx.Tx, tenantID, id int64, action string, actorID int64, note string, detail map[string]any, now time.Time) error {
	if detail == nil {
		detail = map[string]any{}
	}
	var actor *int64
	if actorID != 0 {
		actor = &actorID
	}
	var storeID int64
	err := tx.QueryRow(ctx, `WITH e AS (INSERT INTO complaint_events (tenant_id, complaint_id, action, actor_id, note, detail, created_at)
		                    VALUES ($1, $2, $3, $4, $5, $6, $7))
		SELECT store_id FROM complaints WHERE tenant_id = $1 AND id = $2`,
		tenantID, id, action, actor, note, detail, now).Scan(&storeID)
	if err != nil {
		return postgres.Err("complaints.Event", err)
	}
	return changes.AnnounceComplaints(ctx, tx, tenantID, storeID)
}

// stepDone marks a step done, once.
func stepDone(ctx context.Context, tx pgx.Tx, tenantID, id int64, step Step, actorID int64, now time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE complaint_steps SET done_at = $4, done_by = $5
		WHERE tenant_id = $1 AND complaint_id = $2 AND step = $3 AND done_at IS NULL`, tenantID, id, step, now, actorID)
	return postgres.Err("complaints.StepDone", err)
}
