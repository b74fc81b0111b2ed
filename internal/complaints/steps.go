package complaints

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/postgres"
)

// GMAfter is how long after an overdue step's owner and department manager are told the
// general manager is told, unless the step is done by then.
const GMAfter = 2 * time.Hour

// DeadlineArgs is the timer of a step's deadline: at level 1 it tells the owner and the
// department manager, at level 2 the general manager. DueAt is the deadline it was set for: a
// plan sent back gives its steps new deadlines, and the timers of the old ones then do nothing
// (a timer set before timers carried it has none and always acts).
type DeadlineArgs struct {
	TenantID    int64     `json:"tenant_id"`
	ComplaintID int64     `json:"complaint_id"`
	Step        Step      `json:"step"`
	Level       int       `json:"level"`
	DueAt       time.Time `json:"due_at,omitzero"`
}

// Kind names the job.
func (DeadlineArgs) Kind() string { return "complaints.deadline" }

// InsertOpts make a timer unique by its arguments.
func (DeadlineArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// setSteps sets the deadlines of steps, each from opened by the minutes given, and inserts their
// timers in the same transaction, so that they fire even after a restart. A step set again (a
// plan sent back) is to be done again: what was done of it and its escalation are cleared, and
// stay on the timeline.
func (s *Service) setSteps(ctx context.Context, tx pgx.Tx, tenantID, id int64, minutes map[Step]Minutes, steps []Step, faceToFace bool, opened time.Time) error {
	p := Policy{Grievance: minutes}
	for _, st := range steps {
		due := p.Due(Grievance, faceToFace, st, opened).Truncate(time.Microsecond) // as the column keeps it, for the timer's DueAt
		_, err := tx.Exec(ctx, `INSERT INTO complaint_steps (tenant_id, complaint_id, step, due_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (tenant_id, complaint_id, step)
			DO UPDATE SET due_at = EXCLUDED.due_at, done_at = NULL, done_by = NULL, escalation = 0`, tenantID, id, st, due)
		if err != nil {
			return postgres.Err("complaints.SetSteps", err)
		}
		if err := s.timer(ctx, tx, DeadlineArgs{TenantID: tenantID, ComplaintID: id, Step: st, Level: 1, DueAt: due}, due); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) timer(ctx context.Context, tx pgx.Tx, args DeadlineArgs, at time.Time) error {
	if s.Jobs == nil {
		return nil
	}
	_, err := s.Jobs.InsertTx(ctx, tx, args, &river.InsertOpts{ScheduledAt: at})
	return err
}

// readPolicy reads the group's deadlines in tx: its own rows over the defaults.
func readPolicy(ctx context.Context, tx pgx.Tx, tenantID int64) (Policy, error) {
	p := Policy{}
	for sev, steps := range DefaultPolicy {
		p[sev] = map[Step]Minutes{}
		for st, m := range steps {
			p[sev][st] = m
		}
	}
	rows, err := tx.Query(ctx, `SELECT severity, step, minutes, remote_minutes FROM complaint_sla WHERE tenant_id = $1`, tenantID)
	if err != nil {
		return nil, postgres.Err("complaints.ReadPolicy", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sev Severity
		var st Step
		var m Minutes
		if err := rows.Scan(&sev, &st, &m.FaceToFace, &m.Remote); err != nil {
			return nil, err
		}
		p[sev][st] = m
	}
	return p, postgres.Err("complaints.ReadPolicy", rows.Err())
}

// Escalate fires a step's timer: if the step is still open and not yet escalated this far, the
// timeline records it, the owner and the department manager (level 1) or the general manager
// (level 2) are told, and level 1 sets the general manager's timer. However often a timer fires,
// a step escalates once per level.
func (s *Service) Escalate(ctx context.Context, a DeadlineArgs) error {
	return s.DB.InTenantTx(ctx, a.TenantID, func(tx pgx.Tx) error {
		var due time.Time
		var done *time.Time
		var level int
		err := tx.QueryRow(ctx, `SELECT due_at, done_at, escalation FROM complaint_steps
			WHERE tenant_id = $1 AND complaint_id = $2 AND step = $3 FOR UPDATE`, a.TenantID, a.ComplaintID, a.Step).
			Scan(&due, &done, &level)
		if err != nil {
			return postgres.Err("complaints.Escalate", err)
		}
		c, err := load(ctx, tx, a.TenantID, a.ComplaintID)
		if err != nil {
			return err
		}
		stale := !a.DueAt.IsZero() && !a.DueAt.Equal(due)
		if stale || done != nil || level >= a.Level || c.Status.Ended() || s.Now().Before(due) {
			return nil
		}
		return s.escalate(ctx, tx, a, c, due)
	})
}

// escalate records in tx that a step of c, due at due, escalated to a.Level, tells who that
// level tells, and at level 1 sets the general manager's timer.
func (s *Service) escalate(ctx context.Context, tx pgx.Tx, a DeadlineArgs, c Complaint, due time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE complaint_steps SET escalation = $4 WHERE tenant_id = $1 AND complaint_id = $2 AND step = $3`,
		a.TenantID, a.ComplaintID, a.Step, a.Level); err != nil {
		return postgres.Err("complaints.Escalate", err)
	}
	now := s.Now()
	if err := event(ctx, tx, a.TenantID, c.ID, "escalated", 0, "", map[string]any{"step": a.Step, "level": a.Level}, now); err != nil {
		return err
	}
	if a.Level == 1 {
		if err := s.escalateTo(ctx, tx, a, c, "notice.step_overdue", ownersOf(a.Step)); err != nil {
			return err
		}
		if err := s.escalateTo(ctx, tx, a, c, "notice.escalated", heads); err != nil {
			return err
		}
		next := a
		next.Level = 2
		return s.timer(ctx, tx, next, due.Add(GMAfter))
	}
	return s.escalateTo(ctx, tx, a, c, "notice.escalated", gms)
}

func (s *Service) escalateTo(ctx context.Context, tx pgx.Tx, a DeadlineArgs, c Complaint, key string, who audience) error {
	ids, err := recipients(ctx, tx, a.TenantID, c, who)
	if err != nil {
		return err
	}
	return s.Notify.Send(ctx, tx, a.TenantID, notify.Notice{ComplaintID: c.ID, Message: key,
		Args: map[string]any{"ID": c.ID, "Customer": c.CustomerName, "StepKey": "complaints.step_" + string(a.Step)}, At: s.Now()}, ids...)
}

// ownersOf is who owns a step: customer service dispatches and re-visits, the department heads
// assign and sign, the handler (else the heads) contacts, the general manager instructs and
// approves.
func ownersOf(st Step) audience {
	switch st {
	case Dispatch, Revisit:
		return customerService
	case Assign, Resolve:
		return heads
	case Contact:
		return handlerOrHeads
	}
	return gms
}

// NewDeadlineWorker works the deadline timers.
func NewDeadlineWorker(s *Service) river.Worker[DeadlineArgs] { return &deadlineWorker{svc: s} }

type deadlineWorker struct {
	river.WorkerDefaults[DeadlineArgs]
	svc *Service
}

func (w *deadlineWorker) Work(ctx context.Context, job *river.Job[DeadlineArgs]) error {
	return w.svc.Escalate(ctx, job.Args)
}
