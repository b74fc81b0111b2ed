package followups

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/complaints/call"
	"github.com/csidesk/csidesk/internal/postgres"
)

// TaskView is one task as the call screen shows it.
type TaskView struct {
	ID         int64
	StoreID    int64
	StoreName  string
	TimeZone   string
	CustomerID int64
	VehicleID  int64
	Reason     Reason
	Survey     string
	// DeliveryID or ServiceOrderID name what the call is about; a birthday call has neither.
	DeliveryID     int64
	ServiceOrderID int64
	DueFrom        time.Time
	DueUntil       time.Time
	ExpiresOn      time.Time
	Status         TaskStatus
	Attempts       int
	MaxAttempts    int
	CallBackAt     *time.Time
	ClaimedBy      int64
	ClaimedName    string
	ClaimedAt      *time.Time
	AssignedName   string
	// TriedToday says an attempt today, in the store's calendar, did not reach the customer.
	TriedToday bool
	// WorkType is the work type of the service order, which decides the questions asked.
	WorkType string
	// QuestionnaireID is the version the call asks: its survey's, or before the customer is
	// reached the store's newest of its kind, which the survey will take; 0 when there is none.
	QuestionnaireID int64
}

// Holder is who holds the task now: its claimant until the claim times out, else 0.
func (t TaskView) Holder(now time.Time) int64 {
	if t.ClaimedAt == nil || now.Sub(*t.ClaimedAt) >= ClaimTimeout {
		return 0
	}
	return t.ClaimedBy
}

// DoneForNow says the call needs nothing more from an agent today: it is closed, or it was
// tried today without reaching the customer, or it waits for a call-back.
func (t TaskView) DoneForNow() bool {
	return t.Status != TaskOpen || t.TriedToday || t.CallBackAt != nil
}

// Task returns one task, or a NotFound error.
func (s *Service) Task(ctx context.Context, tenantID, id int64) (TaskView, error) {
	var t TaskView
	var r postgres.Reads
	QueueTask(&r, id, s.Now(), &t)
	return t, s.DB.Run(ctx, tenantID, &r)
}

// QueueTask adds the read of Task to r, into dst; now is the clock, which says whether the call
// was tried today.
func QueueTask(r *postgres.Reads, id int64, now time.Time, dst *TaskView) {
	postgres.AddOne(r, dst, "followups.Task", `
		SELECT t.id, t.store_id, st.name, st.time_zone, t.customer_id, coalesce(t.vehicle_id, 0), t.reason,
		       t.survey_kind, coalesce(t.delivery_id, 0), coalesce(t.service_order_id, 0),
		       t.due_from, t.due_until, t.expires_on, t.status, t.attempts, t.max_attempts,
		       t.call_back_at, coalesce(t.claimed_by, 0), coalesce(u.name, ''), t.claimed_at, coalesce(au.name, ''),
		       coalesce(t.last_attempt_on = ($3::timestamptz AT TIME ZONE st.time_zone)::date, false),
		       coalesce(o.work_type, ''),
		       coalesce((SELECT sv.questionnaire_id FROM surveys sv WHERE sv.tenant_id = $1 AND sv.task_id = t.id),
		                (SELECT q.id FROM questionnaires q
		                 WHERE q.tenant_id = $1 AND q.store_id = t.store_id AND q.kind = t.survey_kind
		                 ORDER BY q.version DESC LIMIT 1), 0)
		FROM follow_up_tasks t
		JOIN stores st ON st.tenant_id = t.tenant_id AND st.id = t.store_id
		LEFT JOIN users u ON u.tenant_id = t.tenant_id AND u.id = t.claimed_by
		LEFT JOIN users au ON au.tenant_id = t.tenant_id AND au.id = t.assigned_to
		LEFT JOIN service_orders o ON o.tenant_id = t.tenant_id AND o.id = t.service_order_id
		WHERE t.tenant_id = $1 AND t.id = $2`, id, now)
}

// CustomerOf returns the customer task id calls, or a NotFound error. A task's customer never
// changes, so once read it is kept in memory (at most maxCallees tasks), and the call screen
// reads the task with its customer's facts in one round trip.
func (s *Service) CustomerOf(ctx context.Context, tenantID, id int64) (int64, error) {
	key := [2]int64{tenantID, id}
	s.callees.mu.Lock()
	c, ok := s.callees.m[key]
	s.callees.mu.Unlock()
	if ok {
		return c, nil
	}
	row, err := postgres.One[struct{ CustomerID int64 }](ctx, s.DB, tenantID, "followups.CustomerOf",
		`SELECT customer_id FROM follow_up_tasks WHERE tenant_id = $1 AND id = $2`, id)
	if err != nil {
		return 0, err
	}
	c = row.CustomerID
	s.callees.mu.Lock()
	defer s.callees.mu.Unlock()
	if s.callees.m == nil || len(s.callees.m) >= maxCallees {
		s.callees.m = map[[2]int64]int64{}
	}
	s.callees.m[key] = c
	return c, nil
}

// maxCallees bounds the tasks whose customers a Service keeps; when it is reached it starts afresh.
const maxCallees = 1 << 16

// callees are the customers of the tasks read, by tenant and task.
type callees struct {
	mu sync.Mutex
	m  map[[2]int64]int64
}

// Attempts lists a task's call attempts, oldest first.
func (s *Service) Attempts(ctx context.Context, tenantID, taskID int64) ([]Attempt, error) {
	var out []Attempt
	var r postgres.Reads
	QueueAttempts(&r, taskID, &out)
	return out, s.DB.Run(ctx, tenantID, &r)
}

// QueueAttempts adds the read of Attempts to r, into dst.
func QueueAttempts(r *postgres.Reads, taskID int64, dst *[]Attempt) {
	postgres.Add(r, dst, "followups.Attempts", `
		SELECT a.outcome, a.call_back_at, a.notes, u.name, a.created_at
		FROM call_attempts a JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.agent_id
		WHERE a.tenant_id = $1 AND a.task_id = $2 ORDER BY a.id`, taskID)
}

// Call is one follow-up of a customer, for their history.
type Call struct {
	TaskID   int64
	Reason   Reason
	Status   TaskStatus
	DueFrom  time.Time
	Score    *float64
	Attempts int
}

// CustomerCalls lists a customer's follow-ups, newest first.
func (s *Service) CustomerCalls(ctx context.Context, tenantID, customerID int64) ([]Call, error) {
	var out []Call
	var r postgres.Reads
	QueueCustomerCalls(&r, customerID, &out)
	return out, s.DB.Run(ctx, tenantID, &r)
}

// QueueCustomerCalls adds the read of CustomerCalls to r, into dst.
func QueueCustomerCalls(r *postgres.Reads, customerID int64, dst *[]Call) {
	postgres.Add(r, dst, "followups.CustomerCalls", `
		SELECT t.id, t.reason, t.status, t.due_from, sv.score::float8, t.attempts
		FROM follow_up_tasks t
		LEFT JOIN surveys sv ON sv.tenant_id = t.tenant_id AND sv.task_id = t.id
		WHERE t.tenant_id = $1 AND t.customer_id = $2 AND (t.status <> 'open' OR t.attempts > 0 OR sv.id IS NOT NULL)
		ORDER BY t.due_from DESC, t.id DESC LIMIT 20`, customerID)
}

// Complaint is a customer's complaint as their history shows it.
type Complaint struct {
	ID          int64
	Status      string
	Description string
	CreatedAt   time.Time
	// Details are what the call that opened it said beyond the customer's words.
	Details call.Details
}

// CustomerComplaints lists a customer's complaints, newest first.
func (s *Service) CustomerComplaints(ctx context.Context, tenantID, customerID int64) ([]Complaint, error) {
	var out []Complaint
	var r postgres.Reads
	QueueCustomerComplaints(&r, customerID, &out)
	return out, s.DB.Run(ctx, tenantID, &r)
}

// QueueCustomerComplaints adds the read of CustomerComplaints to r, into dst.
func QueueCustomerComplaints(r *postgres.Reads, customerID int64, dst *[]Complaint) {
	postgres.Add(r, dst, "followups.CustomerComplaints", `
		SELECT id, status, description, created_at, details FROM complaints
		WHERE tenant_id = $1 AND customer_id = $2 ORDER BY created_at DESC, id DESC`, customerID)
}

// SetTask sets columns of one task (set, whose parameters after the tenant ($1) and the task ($2)
// are args) and announces the change to its store's calls, in tx.
func SetTask(ctx context.Context, tx pgx.Tx, tenantID, taskID int64, set string, args ...any) error {
	stores, err := changes.Stores(ctx, tx, `UPDATE follow_up_tasks SET `+set+` WHERE tenant_id = $1 AND id = $2 RETURNING store_id`,
		append([]any{tenantID, taskID}, args...)...)
	if err == nil {
		err = changes.AnnounceTasks(ctx, tx, tenantID, stores...)
	}
	return postgres.Err("followups: task", err)
}
