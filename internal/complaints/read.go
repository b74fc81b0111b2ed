package complaints

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
)

// load reads a form with its departments and steps in tx; lock may be "FOR UPDATE". Every table
// is read on the constant tenant ($1), so that a distributed engine routes the statement, and its
// lock, to the group's shard alone.
func load(ctx context.Context, tx pgx.Tx, tenantID, id int64, lock ...string) (Complaint, error) {
	var c Complaint
	lockSQL := ""
	if len(lock) > 0 {
		lockSQL = " FOR UPDATE OF c"
	}
	err := tx.QueryRow(ctx, `
		SELECT c.id, c.store_id, st.name, st.time_zone, c.customer_id, cu.name, cu.phone, coalesce(c.vehicle_id, 0),
		       coalesce(c.service_order_id, 0), coalesce(c.delivery_id, 0), coalesce(c.survey_id, 0),
		       coalesce((SELECT task_id FROM surveys sv WHERE sv.tenant_id = $1 AND sv.id = c.survey_id), 0),
		       coalesce(c.category_id, 0), coalesce(cat.name_zh, ''), coalesce(cat.name_en, ''), c.severity, c.channel,
		       c.face_to_face, c.status, c.description, c.plan, c.reported_to_region, c.appeal, coalesce(c.handler_id, 0),
		       coalesce(h.name, ''), coalesce(c.responsible_id, 0), coalesce(rp.name, ''), coalesce(c.parent_id, 0),
		       coalesce((SELECT k.id FROM complaints k WHERE k.tenant_id = $1 AND k.parent_id = c.id LIMIT 1), 0),
		       coalesce(c.created_by, 0), c.opened_at, c.closed_at, c.details
		FROM complaints c
		JOIN stores st ON st.tenant_id = $1 AND st.id = c.store_id
		JOIN customers cu ON cu.tenant_id = $1 AND cu.id = c.customer_id
		LEFT JOIN complaint_categories cat ON cat.tenant_id = $1 AND cat.id = c.category_id
		LEFT JOIN users h ON h.tenant_id = $1 AND h.id = c.handler_id
		LEFT JOIN users rp ON rp.tenant_id = $1 AND rp.id = c.responsible_id
		WHERE c.tenant_id = $1 AND c.id = $2`+lockSQL, tenantID, id).Scan(
		&c.ID, &c.StoreID, &c.StoreName, &c.TimeZone, &c.CustomerID, &c.CustomerName, &c.Phone, &c.VehicleID, &c.ServiceOrderID,
		&c.DeliveryID, &c.SurveyID, &c.TaskID, &c.CategoryID, &c.CategoryZH, &c.CategoryEN, &c.Severity, &c.Channel,
		&c.FaceToFace, &c.Status, &c.Description, &c.Plan, &c.ReportedToRegion, &c.Appeal, &c.HandlerID, &c.HandlerName,
		&c.ResponsibleID, &c.ResponsibleName, &c.ParentID, &c.ChildID, &c.CreatedBy, &c.OpenedAt, &c.ClosedAt, &c.Call)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, apperr.New(apperr.NotFound, "error.not_found")
	}
	if err != nil {
		return c, postgres.Err("complaints.Load", err)
	}
	rows, _ := tx.Query(ctx, `SELECT d.id, d.kind, d.name FROM complaint_departments cd
		JOIN departments d ON d.tenant_id = cd.tenant_id AND d.id = cd.department_id
		WHERE cd.tenant_id = $1 AND cd.complaint_id = $2 ORDER BY d.kind, d.id`, tenantID, id)
	if c.Departments, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Department]); err != nil {
		return c, postgres.Err("complaints.Load: departments", err)
	}
	if c.Steps, err = loadSteps(ctx, tx, tenantID, c); err != nil {
		return c, err
	}
	return c, nil
}

// loadSteps reads a form's steps in tx, each with how its time counts.
func loadSteps(ctx context.Context, tx pgx.Tx, tenantID int64, c Complaint) ([]StepState, error) {
	rows, _ := tx.Query(ctx, `SELECT s.step, s.due_at, s.done_at, coalesce(u.name, ''), s.escalation, s.business,
		       coalesce(s.calendar_id, 0), s.warn_at, s.warned_at, s.paused_at, s.resume_at, coalesce(r.name_zh, ''), coalesce(r.name_en, '')
		FROM complaint_steps s
		LEFT JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.done_by
		LEFT JOIN complaint_pause_reasons r ON r.tenant_id = s.tenant_id AND r.id = s.pause_reason_id
		WHERE s.tenant_id = $1 AND s.complaint_id = $2 ORDER BY s.due_at, s.step`, tenantID, c.ID)
	steps, err := pgx.CollectRows(rows, pgx.RowToStructByPos[StepState])
	if err != nil {
		return nil, postgres.Err("complaints.Load: steps", err)
	}
	cals := newCalendars(tx, tenantID)
	for i, st := range steps {
		if steps[i].Timing, err = cals.timing(ctx, c.StoreID, st.Business, st.CalendarID); err != nil {
			return nil, err
		}
	}
	return steps, nil
}

// Get reads a form with its departments and steps.
func (s *Service) Get(ctx context.Context, tenantID, id int64) (Complaint, error) {
	var c Complaint
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		c, err = load(ctx, tx, tenantID, id)
		return err
	})
	return c, err
}

// Timeline reads a form's events, oldest first.
func (s *Service) Timeline(ctx context.Context, tenantID, id int64) ([]Event, error) {
	return postgres.List[Event](ctx, s.DB, tenantID, "complaints.Timeline", `
		SELECT e.id, e.action, coalesce(u.name, ''), e.note, e.detail, e.created_at FROM complaint_events e
		LEFT JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.actor_id
		WHERE e.tenant_id = $1 AND e.complaint_id = $2 ORDER BY e.id`, id)
}

// Person is someone a form may be assigned to.
type Person struct {
	ID   int64
	Name string
}

// Handlers lists the active staff and managers of the departments, who may handle a form.
func (s *Service) Handlers(ctx context.Context, tenantID int64, departments []int64) ([]Person, error) {
	return postgres.List[Person](ctx, s.DB, tenantID, "complaints.Handlers", `
		SELECT DISTINCT u.id, u.name FROM memberships m JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
		WHERE m.tenant_id = $1 AND u.active AND m.role IN ('staff', 'dept_manager') AND m.department_id = ANY($2)
		ORDER BY u.name, u.id`, departments)
}
