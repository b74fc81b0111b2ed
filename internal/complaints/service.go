package complaints

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Service opens forms and takes their steps, each in one transaction that writes the form, its
// timeline event, its step deadlines with their timers, and the notices it sends.
type Service struct {
	DB     *postgres.DB
	Now    func() time.Time
	Jobs   notify.Inserter
	Notify *notify.Service
}

// Form is a complaint as customer service opens it: letter, SMS, hotline, walk-in or web, or
// the details of a follow-up call's draft when it is dispatched.
type Form struct {
	StoreID        int64
	CustomerID     int64
	VehicleID      int64
	ServiceOrderID int64
	DeliveryID     int64
	Departments    []int64
	CategoryID     int64
	Severity       Severity
	Channel        string
	FaceToFace     bool
	Description    string
}

// Input is what an action brings: the status the actor saw (another person's step in between is
// a conflict), a note, and the fields of the action.
type Input struct {
	From      Status
	Note      string
	Form      Form  // dispatch: departments, category, severity, channel, description
	HandlerID int64 // assign
	Plan      string
	// Yes is the customer's acceptance (re-visit), an upheld appeal (decision), or a major
	// complaint reported to the manufacturer's region (instruction).
	Yes bool
}

// Open opens a form and dispatches it to its departments at once: customer service fills in
// everything a direct complaint needs. It returns the form's id.
func (s *Service) Open(ctx context.Context, tenantID int64, who Actor, f Form) (int64, error) {
	if err := f.validate(true); err != nil {
		return 0, err
	}
	if !who.customerService(Complaint{StoreID: f.StoreID}) {
		return 0, apperr.New(apperr.Forbidden, "error.complaint_cs_only")
	}
	tx, err := s.DB.BeginTenant(ctx, tenantID)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	now := s.Now()
	var id int64
	err = tx.QueryRow(ctx, `
		INSERT INTO complaints (tenant_id, store_id, customer_id, vehicle_id, service_order_id, delivery_id, channel,
		                        face_to_face, description, created_by, created_at, opened_at)
		VALUES ($1, $2, $3, nullif($4, 0), nullif($5, 0), nullif($6, 0), $7, $8, $9, $10, $11, $11) RETURNING id`,
		tenantID, f.StoreID, f.CustomerID, f.VehicleID, f.ServiceOrderID, f.DeliveryID, f.Channel, f.FaceToFace,
		f.Description, who.UserID, now).Scan(&id)
	if err != nil {
		return 0, postgres.Err("complaints.Open", err)
	}
	if err := s.opened(ctx, tx, tenantID, id, who.UserID, now); err != nil {
		return 0, err
	}
	c, err := load(ctx, tx, tenantID, id)
	if err != nil {
		return 0, err
	}
	if err := s.dispatch(ctx, tx, tenantID, who, c, Input{Form: f}, now); err != nil {
		return 0, err
	}
	return id, tx.Commit(ctx)
}

// Opened starts the clock of a form just opened in tx (by a follow-up call or by Open): its
// timeline's first event, and the 30-minute dispatch deadline with its timer.
func (s *Service) Opened(ctx context.Context, tx pgx.Tx, tenantID, complaintID, actorID int64, now time.Time) error {
	return s.opened(ctx, tx, tenantID, complaintID, actorID, now)
}

func (s *Service) opened(ctx context.Context, tx pgx.Tx, tenantID, id, actorID int64, now time.Time) error {
	if err := event(ctx, tx, tenantID, id, "opened", actorID, "", nil, now); err != nil {
		return err
	}
	policy, err := readPolicy(ctx, tx, tenantID)
	if err != nil {
		return err
	}
	return s.setSteps(ctx, tx, tenantID, id, policy[Grievance], []Step{Dispatch}, true, now)
}

// Act takes an action on a form for who, in one transaction that locks the form: a form that
// moved on since the actor saw it, a step out of order, or a person not entitled to it is
// refused with a message, and nothing is written.
func (s *Service) Act(ctx context.Context, tenantID int64, who Actor, id int64, act Action, in Input) error {
	tx, err := s.DB.BeginTenant(ctx, tenantID)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	c, err := load(ctx, tx, tenantID, id, "FOR UPDATE")
	if err != nil {
		return err
	}
	if in.From != "" && in.From != c.Status {
		return moved(ctx, tx, tenantID, id)
	}
	if err := Check(c, act, who); err != nil {
		return err
	}
	if err := s.apply(ctx, tx, tenantID, who, c, act, in, s.Now()); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// moved says what happened to a form since the actor saw it: the latest step and who took it.
func moved(ctx context.Context, tx pgx.Tx, tenantID, id int64) error {
	var action, name string
	err := tx.QueryRow(ctx, `SELECT e.action, coalesce(u.name, '')
		FROM complaint_events e LEFT JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.actor_id
		WHERE e.tenant_id = $1 AND e.complaint_id = $2 ORDER BY e.id DESC LIMIT 1`, tenantID, id).Scan(&action, &name)
	if err != nil {
		return postgres.Err("complaints.Moved", err)
	}
	return apperr.WithArgs(apperr.Conflict, "error.complaint_moved", "Name", name, "Action", action)
}

func (s *Service) apply(ctx context.Context, tx pgx.Tx, tenantID int64, who Actor, c Complaint, act Action, in Input, now time.Time) error {
	in.Note, in.Plan = strings.TrimSpace(in.Note), strings.TrimSpace(in.Plan)
	if err := in.validate(act); err != nil {
		return err
	}
	switch act {
	case ActDispatch:
		return s.dispatch(ctx, tx, tenantID, who, c, in, now)
	case ActAssign:
		return s.assign(ctx, tx, tenantID, who, c, in, now)
	case ActContact:
		return s.step(ctx, tx, tenantID, who, c, act, in, now, Contacted, Contact,
			`handler_id = coalesce(handler_id, $3)`, nil)
	case ActPlan:
		return s.step(ctx, tx, tenantID, who, c, act, in, now, Planned, "", `plan = $4`,
			&notice{"notice.to_sign", heads})
	case ActSign:
		next := &notice{"notice.to_revisit", customerService}
		if c.Severity == Major {
			next = &notice{"notice.to_instruct", gms}
		}
		return s.step(ctx, tx, tenantID, who, c, act, in, now, Signed, Resolve, "", next)
	case ActInstruct:
		return s.step(ctx, tx, tenantID, who, c, act, in, now, Instructed, Instruct, `reported_to_region = $5`,
			&notice{"notice.to_revisit", customerService})
	case ActRevisit:
		if !in.Yes {
			return s.reopen(ctx, tx, tenantID, who, c, in, now)
		}
		return s.step(ctx, tx, tenantID, who, c, act, in, now, Accepted, Revisit, "", &notice{"notice.to_approve", gms})
	case ActApprove:
		return s.step(ctx, tx, tenantID, who, c, act, in, now, Closed, Approve, `closed_at = $6`, nil)
	}
	return s.appeal(ctx, tx, tenantID, who, c, act, in, now)
}

// step moves a form to status next, marks its deadline step done, records the event, applies
// set (SQL over $3 actor, $4 plan, $5 yes, $6 now) and sends the notice to those it names.
func (s *Service) step(ctx context.Context, tx pgx.Tx, tenantID int64, who Actor, c Complaint, act Action, in Input,
	now time.Time, next Status, done Step, set string, n *notice) error {
	if set != "" {
		set = ", " + set
	}
	// every parameter is typed here, since set uses only some of them
	_, err := tx.Exec(ctx, `UPDATE complaints SET status = $7`+set+` WHERE tenant_id = $1 AND id = $2
		AND ($3::bigint, $4::text, $5::boolean, $6::timestamptz) IS NOT NULL`,
		tenantID, c.ID, who.UserID, in.Plan, in.Yes, now, next)
	if err != nil {
		return postgres.Err("complaints.Step", err)
	}
	if done != "" {
		if err := stepDone(ctx, tx, tenantID, c.ID, done, who.UserID, now); err != nil {
			return err
		}
	}
	detail := map[string]any{"status": next}
	if act == ActInstruct || act == ActRevisit {
		detail["yes"] = in.Yes
	}
	if err := event(ctx, tx, tenantID, c.ID, string(act), who.UserID, noteOf(in), detail, now); err != nil {
		return err
	}
	return s.tell(ctx, tx, tenantID, c, n)
}

func noteOf(in Input) string {
	if in.Plan != "" {
		return in.Plan
	}
	return in.Note
}

// dispatch sends a form to its departments with its details, and sets the deadlines of the
// steps ahead by the group's policy.
func (s *Service) dispatch(ctx context.Context, tx pgx.Tx, tenantID int64, who Actor, c Complaint, in Input, now time.Time) error {
	f := in.Form
	if f.Description == "" {
		f.Description = c.Description // kept as the call recorded it
	}
	if err := f.validate(false); err != nil {
		return err
	}
	if err := setDepartments(ctx, tx, tenantID, c.ID, c.StoreID, f.Departments); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE complaints SET status = 'dispatched', category_id = $3, severity = $4,
		face_to_face = $5, description = $6, channel = coalesce(nullif($7, ''), channel)
		WHERE tenant_id = $1 AND id = $2`, tenantID, c.ID, f.CategoryID, f.Severity, f.FaceToFace, f.Description, f.Channel)
	if err != nil {
		return postgres.Err("complaints.Dispatch", err)
	}
	if err := stepDone(ctx, tx, tenantID, c.ID, Dispatch, who.UserID, now); err != nil {
		return err
	}
	policy, err := readPolicy(ctx, tx, tenantID)
	if err != nil {
		return err
	}
	if err := s.setSteps(ctx, tx, tenantID, c.ID, policy[f.Severity], StepsFor(f.Severity), f.FaceToFace, c.OpenedAt); err != nil {
		return err
	}
	detail := map[string]any{"severity": f.Severity, "departments": f.Departments}
	if err := event(ctx, tx, tenantID, c.ID, string(ActDispatch), who.UserID, in.Note, detail, now); err != nil {
		return err
	}
	c.Departments = nil
	for _, d := range f.Departments {
		c.Departments = append(c.Departments, Department{ID: d})
	}
	return s.tell(ctx, tx, tenantID, c, &notice{"notice.dispatched", heads})
}

// assign gives a grievance to a person of one of its departments.
func (s *Service) assign(ctx context.Context, tx pgx.Tx, tenantID int64, who Actor, c Complaint, in Input, now time.Time) error {
	var ok bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM memberships m JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
		WHERE m.tenant_id = $1 AND m.user_id = $2 AND u.active AND m.role IN ('staff', 'dept_manager') AND m.department_id = ANY($3))`,
		tenantID, in.HandlerID, c.DepartmentIDs()).Scan(&ok)
	if err != nil {
		return postgres.Err("complaints.Assign", err)
	}
	if !ok {
		return apperr.Fields(map[string]string{"handler_id": "validation.complaint_handler"})
	}
	if _, err := tx.Exec(ctx, `UPDATE complaints SET status = 'assigned', handler_id = $3 WHERE tenant_id = $1 AND id = $2`,
		tenantID, c.ID, in.HandlerID); err != nil {
		return postgres.Err("complaints.Assign", err)
	}
	if err := stepDone(ctx, tx, tenantID, c.ID, Assign, who.UserID, now); err != nil {
		return err
	}
	if err := event(ctx, tx, tenantID, c.ID, string(ActAssign), who.UserID, in.Note, map[string]any{"handler": in.HandlerID}, now); err != nil {
		return err
	}
	return s.send(ctx, tx, tenantID, c, "notice.assigned", []int64{in.HandlerID})
}

// reopen records that the customer did not accept the result: the form ends, and a new form
// linked to it goes back to the department manager with the customer's words.
func (s *Service) reopen(ctx context.Context, tx pgx.Tx, tenantID int64, who Actor, c Complaint, in Input, now time.Time) error {
	if err := s.step(ctx, tx, tenantID, who, c, ActRevisit, in, now, NotAccepted, Revisit, `closed_at = $6`, nil); err != nil {
		return err
	}
	var child int64
	err := tx.QueryRow(ctx, `
		INSERT INTO complaints (tenant_id, store_id, customer_id, vehicle_id, service_order_id, delivery_id, category_id,
		                        severity, channel, face_to_face, description, created_by, created_at, opened_at, parent_id, status)
		SELECT tenant_id, store_id, customer_id, vehicle_id, service_order_id, delivery_id, category_id, severity, channel,
		       face_to_face, $3, $4, $5, $5, id, 'dispatched'
		FROM complaints WHERE tenant_id = $1 AND id = $2 RETURNING id`, tenantID, c.ID, in.Note, who.UserID, now).Scan(&child)
	if err != nil {
		return postgres.Err("complaints.Reopen", err)
	}
	if err := setDepartments(ctx, tx, tenantID, child, c.StoreID, c.DepartmentIDs()); err != nil {
		return err
	}
	if err := event(ctx, tx, tenantID, child, "reopened", who.UserID, in.Note, map[string]any{"parent": c.ID}, now); err != nil {
		return err
	}
	if err := event(ctx, tx, tenantID, c.ID, "linked", who.UserID, "", map[string]any{"child": child}, now); err != nil {
		return err
	}
	policy, err := readPolicy(ctx, tx, tenantID)
	if err != nil {
		return err
	}
	if err := s.setSteps(ctx, tx, tenantID, child, policy[c.Severity], StepsFor(c.Severity), c.FaceToFace, now); err != nil {
		return err
	}
	ids, err := recipients(ctx, tx, tenantID, Complaint{ID: child, StoreID: c.StoreID, Departments: c.Departments}, heads)
	if err != nil {
		return err
	}
	return s.Notify.Send(ctx, tx, tenantID, notify.Notice{ComplaintID: child, Message: "notice.reopened",
		Args: map[string]any{"ID": child, "Parent": c.ID}, At: s.Now()}, ids...)
}

// appeal files, reviews or decides a staff member's appeal; an upheld appeal voids the form.
func (s *Service) appeal(ctx context.Context, tx pgx.Tx, tenantID int64, who Actor, c Complaint, act Action, in Input, now time.Time) error {
	state, status, n := AppealPending, c.Status, &notice{"notice.appeal", heads}
	switch act {
	case ActReviewAppeal:
		state, n = AppealReviewed, &notice{"notice.appeal", gms}
	case ActDecideAppeal:
		state, n = AppealDismissed, &notice{"notice.appeal_decided", handlerAndHeads}
		if in.Yes {
			state, status = AppealUpheld, Void
		}
	}
	_, err := tx.Exec(ctx, `UPDATE complaints SET appeal = $3, status = $4,
		closed_at = CASE WHEN $4 = 'void' THEN $5::timestamptz ELSE closed_at END WHERE tenant_id = $1 AND id = $2`,
		tenantID, c.ID, state, status, now)
	if err != nil {
		return postgres.Err("complaints.Appeal", err)
	}
	if err := event(ctx, tx, tenantID, c.ID, string(act), who.UserID, in.Note, map[string]any{"appeal": state}, now); err != nil {
		return err
	}
	return s.tell(ctx, tx, tenantID, c, n)
}

// validate checks a form's fields; opening also needs the customer.
func (f *Form) validate(opening bool) error {
	f.Description = strings.TrimSpace(f.Description)
	errs := map[string]string{}
	if opening && f.CustomerID == 0 {
		errs["customer_id"] = "validation.required"
	}
	if opening && !slices.Contains(Channels, f.Channel) {
		errs["channel"] = "validation.choice"
	}
	if len(f.Departments) == 0 {
		errs["departments"] = "validation.complaint_departments"
	}
	if f.CategoryID == 0 {
		errs["category_id"] = "validation.required"
	}
	if !slices.Contains(Severities, f.Severity) {
		errs["severity"] = "validation.choice"
	}
	switch n := utf8.RuneCountInString(f.Description); {
	case n == 0:
		errs["description"] = "validation.required"
	case n > 4000:
		errs["description"] = "validation.too_long"
	}
	if len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return nil
}

// validate checks what an action needs: a note for the steps that record what was said or
// decided, a plan for the plan, and at most 4,000 characters.
func (in Input) validate(act Action) error {
	errs := map[string]string{}
	switch act {
	case ActContact, ActInstruct, ActRevisit, ActAppeal, ActReviewAppeal, ActDecideAppeal:
		if in.Note == "" {
			errs["note"] = "validation.required"
		}
	case ActPlan:
		if in.Plan == "" {
			errs["plan"] = "validation.required"
		}
	}
	if utf8.RuneCountInString(in.Note) > 4000 {
		errs["note"] = "validation.too_long"
	}
	if utf8.RuneCountInString(in.Plan) > 4000 {
		errs["plan"] = "validation.too_long"
	}
	if len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return nil
}

// setDepartments gives a form its departments, which must be the store's.
func setDepartments(ctx context.Context, tx pgx.Tx, tenantID, id, storeID int64, depts []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM complaint_departments WHERE tenant_id = $1 AND complaint_id = $2`, tenantID, id); err != nil {
		return postgres.Err("complaints.SetDepartments", err)
	}
	tag, err := tx.Exec(ctx, `INSERT INTO complaint_departments (tenant_id, complaint_id, store_id, department_id)
		SELECT $1, $2, $3, d.id FROM departments d WHERE d.tenant_id = $1 AND d.store_id = $3 AND d.id = ANY($4)`,
		tenantID, id, storeID, depts)
	if err != nil {
		return postgres.Err("complaints.SetDepartments", err)
	}
	if int(tag.RowsAffected()) != len(slices.Compact(slices.Sorted(slices.Values(depts)))) {
		return apperr.Fields(map[string]string{"departments": "validation.complaint_departments"})
	}
	return nil
}

// event appends to a form's timeline.
func event(ctx context.Context, tx pgx.Tx, tenantID, id int64, action string, actorID int64, note string, detail map[string]any, now time.Time) error {
	if detail == nil {
		detail = map[string]any{}
	}
	var actor *int64
	if actorID != 0 {
		actor = &actorID
	}
	_, err := tx.Exec(ctx, `INSERT INTO complaint_events (tenant_id, complaint_id, action, actor_id, note, detail, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, tenantID, id, action, actor, note, detail, now)
	return postgres.Err("complaints.Event", err)
}

// stepDone marks a step done, once.
func stepDone(ctx context.Context, tx pgx.Tx, tenantID, id int64, step Step, actorID int64, now time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE complaint_steps SET done_at = $4, done_by = $5
		WHERE tenant_id = $1 AND complaint_id = $2 AND step = $3 AND done_at IS NULL`, tenantID, id, step, now, actorID)
	return postgres.Err("complaints.StepDone", err)
}
