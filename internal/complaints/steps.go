package complaints

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/csidesk/csidesk/internal/calendar"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/postgres"
)

// GMAfter is how long after an overdue step's owner and department manager are told the
// general manager is told, unless the step is done by then.
const GMAfter = 2 * time.Hour

// DeadlineArgs is the timer of a step's deadline: at level 0 it warns the step's owner that
// WarnAt percent of its time is used, at level 1 it tells the owner and the department manager
// the step is overdue, at level 2 the general manager. DueAt is the deadline it was set for: a
// plan sent back or a pause ended gives the step a new deadline, and the timers of the old one
// then do nothing (a timer set before timers carried it has none and always acts).
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

// setDeadlines sets the deadlines of a form's steps ahead by the group's policy, those counted
// in business time by the store's current calendar, whose version each step keeps.
func (s *Service) setDeadlines(ctx context.Context, tx pgx.Tx, tenantID, id int64, d deadlines) error {
	policy, err := readPolicy(ctx, tx, tenantID)
	if err != nil {
		return err
	}
	var storeID int64
	if err := tx.QueryRow(ctx, `SELECT store_id FROM complaints WHERE tenant_id = $1 AND id = $2`, tenantID, id).Scan(&storeID); err != nil {
		return postgres.Err("complaints.SetDeadlines", err)
	}
	cal, version, err := calendar.Current(ctx, tx, tenantID, storeID)
	if err != nil {
		return err
	}
	for _, st := range d.steps {
		if err := s.setStep(ctx, tx, tenantID, id, st, policy.Due(d.severity, d.faceToFace, st, d.from, cal), version); err != nil {
			return err
		}
	}
	return nil
}

// setStep sets a step's deadline and inserts its timers in the same transaction, so that they
// fire even after a restart. A step set again (a plan sent back) is to be done again: what was
// done of it, its warning and its escalation are cleared, and stay on the timeline.
func (s *Service) setStep(ctx context.Context, tx pgx.Tx, tenantID, id int64, st Step, d Deadline, version int64) error {
	due, warn := d.Due.Truncate(time.Microsecond), d.Warn.Truncate(time.Microsecond) // as the columns keep them, for the timers' DueAt
	var calendarID *int64
	if d.Timing.Business && version != 0 {
		calendarID = &version
	}
	_, err := tx.Exec(ctx, `INSERT INTO complaint_steps (tenant_id, complaint_id, step, due_at, business, calendar_id, clock_due_at, warn_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (tenant_id, complaint_id, step)
		DO UPDATE SET due_at = EXCLUDED.due_at, business = EXCLUDED.business, calendar_id = EXCLUDED.calendar_id,
		              clock_due_at = EXCLUDED.clock_due_at, warn_at = EXCLUDED.warn_at, done_at = NULL, done_by = NULL,
		              escalation = 0, warned_at = NULL, paused_at = NULL, resume_at = NULL, pause_reason_id = NULL`,
		tenantID, id, st, due, d.Timing.Business, calendarID, d.OnClock, warn)
	if err != nil {
		return postgres.Err("complaints.SetSteps", err)
	}
	return s.timers(ctx, tx, tenantID, id, st, due, &warn)
}

// timers inserts a step's timers for its deadline due: the warning at warn (nil: its owner was
// warned already) and the escalation at due.
func (s *Service) timers(ctx context.Context, tx pgx.Tx, tenantID, id int64, st Step, due time.Time, warn *time.Time) error {
	a := DeadlineArgs{TenantID: tenantID, ComplaintID: id, Step: st, Level: 1, DueAt: due}
	if warn != nil {
		w := a
		w.Level = 0
		if err := s.timer(ctx, tx, w, *warn); err != nil {
			return err
		}
	}
	return s.timer(ctx, tx, a, due)
}

// timer inserts a timer that fires at at, in tx.
func (s *Service) timer(ctx context.Context, tx pgx.Tx, args river.JobArgs, at time.Time) error {
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
	rows, err := tx.Query(ctx, `SELECT severity, step, minutes, remote_minutes, business FROM complaint_sla WHERE tenant_id = $1`, tenantID)
	if err != nil {
		return nil, postgres.Err("complaints.ReadPolicy", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sev Severity
		var st Step
		var m Minutes
		if err := rows.Scan(&sev, &st, &m.FaceToFace, &m.Remote, &m.Business); err != nil {
			return nil, err
		}
		p[sev][st] = m
	}
	return p, postgres.Err("complaints.ReadPolicy", rows.Err())
}

// Escalate fires a step's timer: if the step is still open, not paused, and its deadline is the
// one the timer was set for, level 0 warns its owner once, and levels 1 and 2 escalate it, once
// each: the timeline records it, the owner and the department manager (level 1) or the general
// manager (level 2) are told, and level 1 sets the general manager's timer. However often a
// timer fires, it acts once.
func (s *Service) Escalate(ctx context.Context, a DeadlineArgs) error {
	return s.DB.InTenantTx(ctx, a.TenantID, func(tx pgx.Tx) error {
		var t stepTimes
		err := tx.QueryRow(ctx, `SELECT due_at, warn_at, done_at, paused_at, warned_at, escalation FROM complaint_steps
			WHERE tenant_id = $1 AND complaint_id = $2 AND step = $3 FOR UPDATE`, a.TenantID, a.ComplaintID, a.Step).
			Scan(&t.due, &t.warn, &t.done, &t.paused, &t.warned, &t.level)
		if err != nil {
			return postgres.Err("complaints.Escalate", err)
		}
		c, err := load(ctx, tx, a.TenantID, a.ComplaintID)
		if err != nil {
			return err
		}
		if c.Status.Ended() || !t.fires(a, s.Now()) {
			return nil
		}
		if a.Level == 0 {
			return s.warn(ctx, tx, a, c)
		}
		return s.escalate(ctx, tx, a, c, t.due)
	})
}

// stepTimes are what a step's timer reads of it.
type stepTimes struct {
	due                time.Time
	warn, done, paused *time.Time
	warned             *time.Time
	level              int
}

// fires reports whether the timer a acts on the step at now: the step is open and not paused,
// its deadline is the timer's, and the timer's instant has come without it having acted.
func (t stepTimes) fires(a DeadlineArgs, now time.Time) bool {
	stale := !a.DueAt.IsZero() && !a.DueAt.Equal(t.due)
	if stale || t.done != nil || t.paused != nil {
		return false
	}
	if a.Level == 0 {
		return t.warn != nil && t.warned == nil && t.level == 0 && !now.Before(*t.warn)
	}
	return t.level < a.Level && !now.Before(t.due)
}

// warn records in tx that a step of c has used WarnAt percent of its time, and tells its owner.
func (s *Service) warn(ctx context.Context, tx pgx.Tx, a DeadlineArgs, c Complaint) error {
	now := s.Now()
	if _, err := tx.Exec(ctx, `UPDATE complaint_steps SET warned_at = $4 WHERE tenant_id = $1 AND complaint_id = $2 AND step = $3`,
		a.TenantID, a.ComplaintID, a.Step, now); err != nil {
		return postgres.Err("complaints.Warn", err)
	}
	if err := event(ctx, tx, a.TenantID, c.ID, "warned", 0, "", map[string]any{"step": a.Step}, now); err != nil {
		return err
	}
	return s.escalateTo(ctx, tx, a, c, "notice.step_warning", ownersOf(a.Step))
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
