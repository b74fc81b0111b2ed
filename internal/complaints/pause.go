package complaints

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Pausable reports whether a step may be paused: those that wait on the customer, the first
// contact, the agreement and the re-visit.
func Pausable(st Step) bool { return st == Contact || st == Resolve || st == Revisit }

// MaxPause bounds how far ahead a pause may be set to end.
const MaxPause = 90 * 24 * time.Hour

// ResumeLayout is how a pause's end is written: a date and time in the store's time zone.
const ResumeLayout = "2006-01-02T15:04"

// ResumeArgs is the timer that resumes a paused step at the time set when pausing it. PausedAt
// is the pause it ends: once the step is resumed by hand, or paused again, it does nothing.
type ResumeArgs struct {
	TenantID    int64     `json:"tenant_id"`
	ComplaintID int64     `json:"complaint_id"`
	Step        Step      `json:"step"`
	PausedAt    time.Time `json:"paused_at"`
}

// Kind names the job.
func (ResumeArgs) Kind() string { return "complaint_steps.resume" }

// InsertOpts make a timer unique by its arguments.
func (ResumeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// pause pauses the step the form waits on, with a reason of the group's list and, if given, the
// time it resumes by itself, for which it sets a timer. The step's timers stay and do nothing
// while it is paused; a step already overdue cannot be paused.
func (s *Service) pause(ctx context.Context, tx pgx.Tx, r request) error {
	cur, _ := r.c.Current()
	now := r.now.Truncate(time.Microsecond)
	until, err := resumeTime(r.in.ResumeAt, r.c.TimeZone, now)
	if err != nil {
		return err
	}
	if cur.Overdue(now) {
		return apperr.New(apperr.Conflict, "error.complaint_pause_overdue")
	}
	var zh, en string
	err = tx.QueryRow(ctx, `SELECT name_zh, name_en FROM complaint_pause_reasons WHERE tenant_id = $1 AND id = $2 AND active`,
		r.tenantID, r.in.ReasonID).Scan(&zh, &en)
	if errors.Is(err, pgx.ErrNoRows) {
		return apperr.Fields(map[string]string{"reason_id": "validation.choice"})
	}
	if err != nil {
		return postgres.Err("complaints.Pause", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE complaint_steps SET paused_at = $4, resume_at = $5, pause_reason_id = $6, pauses = pauses + 1
		WHERE tenant_id = $1 AND complaint_id = $2 AND step = $3`, r.tenantID, r.c.ID, cur.Step, now, until, r.in.ReasonID); err != nil {
		return postgres.Err("complaints.Pause", err)
	}
	detail := map[string]any{"step": cur.Step, "reason_zh": zh, "reason_en": en}
	if until != nil {
		detail["until"] = *until
	}
	if err := event(ctx, tx, r.tenantID, r.c.ID, string(ActPause), r.who.UserID, r.in.Note, detail, now); err != nil {
		return err
	}
	if until == nil {
		return nil
	}
	return s.timer(ctx, tx, ResumeArgs{TenantID: r.tenantID, ComplaintID: r.c.ID, Step: cur.Step, PausedAt: now}, *until)
}

// resumeTime reads when a pause is to end, in the store's time zone: nothing for a pause ended
// by hand, else a time after now and within MaxPause.
func resumeTime(v, zone string, now time.Time) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	t, err := time.ParseInLocation(ResumeLayout, v, tenancy.Location(zone))
	switch {
	case err != nil:
		return nil, apperr.Fields(map[string]string{"resume_at": "validation.datetime"})
	case !t.After(now):
		return nil, apperr.Fields(map[string]string{"resume_at": "validation.resume_future"})
	case t.Sub(now) > MaxPause:
		return nil, apperr.Fields(map[string]string{"resume_at": "validation.resume_within"})
	}
	return &t, nil
}

// resume ends the pause of the step c waits on at the instant at: the step's time that was left
// when it was paused counts again from at, in business time by its calendar version or on the
// clock, which moves its deadline and, unless its owner was warned already, its warning. New
// timers are set for them; the old ones do nothing. The actor is 0 when the pause ended at its
// set time.
func (s *Service) resume(ctx context.Context, tx pgx.Tx, tenantID int64, c Complaint, actorID int64, at time.Time, note string) error {
	cur, _ := c.Current()
	at = at.Truncate(time.Microsecond)
	due := cur.Timing.Add(at, cur.Left(at)).Truncate(time.Microsecond)
	var warn *time.Time
	if cur.WarnAt != nil && cur.WarnedAt == nil {
		w := cur.Timing.Add(at, max(cur.Timing.Between(*cur.PausedAt, *cur.WarnAt), 0)).Truncate(time.Microsecond)
		warn = &w
	}
	_, err := tx.Exec(ctx, `UPDATE complaint_steps SET due_at = $4, warn_at = coalesce($5, warn_at), paused = paused + ($6 - paused_at),
		       paused_at = NULL, resume_at = NULL, pause_reason_id = NULL
		WHERE tenant_id = $1 AND complaint_id = $2 AND step = $3`, tenantID, c.ID, cur.Step, due, warn, at)
	if err != nil {
		return postgres.Err("complaints.Resume", err)
	}
	detail := map[string]any{"step": cur.Step, "due": due, "minutes": int(at.Sub(*cur.PausedAt).Minutes())}
	if err := event(ctx, tx, tenantID, c.ID, string(ActResume), actorID, note, detail, at); err != nil {
		return err
	}
	return s.timers(ctx, tx, tenantID, c.ID, cur.Step, due, warn)
}

// Resume fires a pause's timer: if the step is still paused by that pause, it resumes at the
// time that was set, however late the timer runs.
func (s *Service) Resume(ctx context.Context, a ResumeArgs) error {
	return s.DB.InTenantTx(ctx, a.TenantID, func(tx pgx.Tx) error {
		c, err := load(ctx, tx, a.TenantID, a.ComplaintID, "FOR UPDATE")
		if err != nil {
			return err
		}
		cur, ok := c.Current()
		if !ok || c.Status.Ended() || cur.Step != a.Step || cur.PausedAt == nil || !cur.PausedAt.Equal(a.PausedAt) || cur.ResumeAt == nil {
			return nil
		}
		return s.resume(ctx, tx, a.TenantID, c, 0, *cur.ResumeAt, "")
	})
}

// NewResumeWorker works the timers that end pauses.
func NewResumeWorker(s *Service) river.Worker[ResumeArgs] { return &resumeWorker{svc: s} }

type resumeWorker struct {
	river.WorkerDefaults[ResumeArgs]
	svc *Service
}

func (w *resumeWorker) Work(ctx context.Context, job *river.Job[ResumeArgs]) error {
	return w.svc.Resume(ctx, job.Args)
}
