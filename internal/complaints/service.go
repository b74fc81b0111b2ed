package complaints

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Service opens forms and takes their steps, each in one transaction that writes the form, its
// timeline event, its step deadlines with their timers, and the notices it sends.
type Service struct {
	DB     *postgres.DB
	Now    func() time.Time
	Jobs   notify.Inserter
	Notify *notify.Service
	// Stores lists the stores of ctx's scope as kept in memory (tenancy.Service.Stores): the
	// stores whose changes void what Kept keeps for a person.
	Stores func(ctx context.Context, tenantID int64) ([]tenancy.Store, error)
	// Kept keeps what a person's queues show until a form of their stores changes (area
	// changes.Complaints) or the clock makes one overdue; nil reads them afresh every time.
	Kept *changes.Memo[KeptQueues]
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
	// ConfirmVoid is the GM's confirmation that upholding the appeal voids the form: a void
	// cannot be undone, so it is never taken on a single click.
	ConfirmVoid bool
	ReasonID    int64  // pause: the reason, from the group's list
	ResumeAt    string // pause: when it ends by itself (ResumeLayout, the store's time); "" by hand
	// ResponsibleID is the person the complaint is against (responsible); 0 clears the one named.
	ResponsibleID int64
}

// Open opens a form and dispatches it to its departments at once: customer service fills in
// everything a direct complaint needs. It returns the form's id.
func (s *Service) Open(ctx context.Context, tenantID int64, who Actor, f Form) (int64, error) {
	if err := f.validate(true, false); err != nil {
		return 0, err
	}
	if !who.customerService(Complaint{StoreID: f.StoreID}) {
		return 0, apperr.New(apperr.Forbidden, "error.complaint_cs_only")
	}
	var id int64
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		id, err = s.open(ctx, tx, tenantID, who, f)
		return err
	})
	return id, err
}

// open writes the form in tx, starts its clock and dispatches it; it returns the form's id.
func (s *Service) open(ctx context.Context, tx pgx.Tx, tenantID int64, who Actor, f Form) (int64, error) {
	now := s.Now()
	id, err := insertForm(ctx, tx, tenantID, who.UserID, f, now)
	if err != nil {
		return 0, err
	}
	if err := s.opened(ctx, tx, tenantID, id, who.UserID, now); err != nil {
		return 0, err
	}
	c, err := load(ctx, tx, tenantID, id)
	if err != nil {
		return 0, err
	}
	r := request{tenantID: tenantID, who: who, c: c, act: ActDispatch, in: Input{Form: f}, now: now}
	if err := s.take(ctx, tx, r); err != nil {
		return 0, err
	}
	return id, nil
}

// insertForm writes a form just opened by actorID and returns its id.
func insertForm(ctx context.Context, tx pgx.Tx, tenantID, actorID int64, f Form, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO complaints (tenant_id, store_id, customer_id, vehicle_id, service_order_id, delivery_id, channel,
		                        face_to_face, description, created_by, created_at, opened_at)
		VALUES ($1, $2, $3, nullif($4, 0), nullif($5, 0), nullif($6, 0), $7, $8, $9, $10, $11, $11) RETURNING id`,
		tenantID, f.StoreID, f.CustomerID, f.VehicleID, f.ServiceOrderID, f.DeliveryID, f.Channel, f.FaceToFace,
		f.Description, actorID, now).Scan(&id)
	return id, postgres.Err("complaints.Open", err)
}

// Opened starts the clock of a form opened in tx outside Open, as a follow-up call opens one: its
// timeline's first event, and the 30-minute dispatch deadline with its timer; the departments
// and the category the call's low answers suggest are filled in for customer service to confirm.
func (s *Service) Opened(ctx context.Context, tx pgx.Tx, tenantID, complaintID, actorID int64, now time.Time) error {
	if err := suggest(ctx, tx, tenantID, complaintID); err != nil {
		return err
	}
	return s.opened(ctx, tx, tenantID, complaintID, actorID, now)
}

func (s *Service) opened(ctx context.Context, tx pgx.Tx, tenantID, id, actorID int64, now time.Time) error {
	r := request{tenantID: tenantID, who: Actor{UserID: actorID}, c: Complaint{ID: id}, now: now}
	return s.apply(ctx, tx, r, transition{action: "opened",
		deadlines: &deadlines{severity: Grievance, steps: []Step{Dispatch}, faceToFace: true, from: now}})
}

// Act takes an action on a form for who, in one transaction that locks the form: a form that
// moved on since the actor saw it, a step out of order, or a person not entitled to it is
// refused with a message, and nothing is written.
func (s *Service) Act(ctx context.Context, tenantID int64, who Actor, id int64, act Action, in Input) error {
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
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
		return s.take(ctx, tx, request{tenantID: tenantID, who: who, c: c, act: act, in: in, now: s.Now()})
	})
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
