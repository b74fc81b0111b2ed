package complaints_test

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/calendar"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/testkit"
)

var shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return z
}

// sh is a time in Shanghai, "2006-01-02 15:04".
func sh(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// weekdays is a store open Monday to Friday 09:00–18:00 in Shanghai, closed at weekends.
func weekdays() calendar.Calendar {
	c := calendar.Calendar{Zone: shanghai}
	for d := time.Monday; d <= time.Friday; d++ {
		c.Week[d] = []calendar.Range{{Start: 9 * 60, End: 18 * 60}}
	}
	return c
}

// timerAt is when the level's timer of a step set for due is scheduled, and how many there are.
func (f *fixture) timerAt(t *testing.T, id int64, step complaints.Step, level int, due time.Time) (time.Time, int) {
	t.Helper()
	var at *time.Time
	var n int
	testkit.Must(t, f.db.Owner.Pool.QueryRow(context.Background(), `SELECT max(scheduled_at), count(*) FROM river_job
		WHERE kind = 'complaints.deadline' AND (args->>'complaint_id')::bigint = $1 AND args->>'step' = $2
		  AND (args->>'level')::int = $3 AND (args->>'due_at')::timestamptz = $4`, id, step, level, due).Scan(&at, &n))
	if at == nil {
		return time.Time{}, 0
	}
	return *at, n
}

// events counts a form's timeline events of an action.
func (f *fixture) events(t *testing.T, id int64, action string) int {
	t.Helper()
	list, err := f.svc.Timeline(context.Background(), f.tenantID, id)
	testkit.Must(t, err)
	n := 0
	for _, e := range list {
		if e.Action == action {
			n++
		}
	}
	return n
}

// TestDeadline_FridayEveningToMonday: a store open on weekdays 09:00–18:00; a grievance opened
// on Friday at 17:30 is to be assigned by Monday 09:30 and contacted by Monday 10:30 (2 h of
// business time), and its timers are set for those instants; the step keeps its calendar
// version, so a later edit of the calendar moves nothing. It escalates at Monday 10:30, not
// before.
func TestDeadline_FridayEveningToMonday(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	version := f.calendar(t, weekdays())
	f.now = sh("2026-11-27 17:30") // a Friday
	id := f.open(t, complaints.Grievance)
	f.calendar(t, calendar.Calendar{AlwaysOpen: true}) // edited afterwards
	c := f.get(t, id)
	contact := step(t, c, complaints.Contact)
	if !step(t, c, complaints.Assign).DueAt.Equal(sh("2026-11-30 09:30")) || !contact.DueAt.Equal(sh("2026-11-30 10:30")) {
		t.Fatalf("assign due %v, contact due %v; want Monday 09:30 and 10:30", step(t, c, complaints.Assign).DueAt, contact.DueAt)
	}
	if !contact.Business || contact.CalendarID != version {
		t.Errorf("contact counts business %v with calendar %d, want business time with version %d", contact.Business, contact.CalendarID, version)
	}
	if at, n := f.timerAt(t, id, complaints.Contact, 1, contact.DueAt); n != 1 || !at.Equal(contact.DueAt) {
		t.Errorf("contact timer %v (%d), want one at Monday 10:30", at, n)
	}
	if at, _ := f.timerAt(t, id, complaints.Contact, 0, contact.DueAt); !at.Equal(sh("2026-11-30 10:00")) {
		t.Errorf("contact warning at %v, want Monday 10:00 (75 %% of 2 h business time)", at)
	}
	f.now = sh("2026-11-28 17:30") // a day later on the clock, but Saturday
	if left := f.get(t, id).Steps[2].Left(f.now); left != 90*time.Minute {
		t.Errorf("Saturday: %v of business time left, want 1h30m", left)
	}
	args := complaints.DeadlineArgs{TenantID: f.tenantID, ComplaintID: id, Step: complaints.Contact, Level: 1, DueAt: contact.DueAt}
	f.now = sh("2026-11-30 10:29")
	testkit.Must(t, f.svc.Escalate(ctx, args))
	if got := f.escalation(t, id, complaints.Contact); got != 0 {
		t.Errorf("Monday 10:29: escalation %d, want none yet", got)
	}
	f.now = sh("2026-11-30 10:31")
	testkit.Must(t, f.svc.Escalate(ctx, args))
	if got := f.escalation(t, id, complaints.Contact); got != 1 {
		t.Errorf("Monday 10:31: escalation %d, want 1", got)
	}
}

// TestPause_OverWeekend: the handler pauses first contact on Friday at 17:00 with 1 h 30 min of
// business time left; the old timer does nothing while paused or after; resumed by hand on
// Monday at 10:00 the step is due at 11:30, with a new timer, and the pause and the resume are
// on the timeline. While paused it waits in the paused queue of the handler and the department
// head, not in the handler's own queue, and not as overdue.
func TestPause_OverWeekend(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.calendar(t, weekdays())
	reasons, err := f.svc.PauseReasons(ctx, f.tenantID)
	testkit.Must(t, err)
	f.now = sh("2026-11-27 16:30")
	id := f.open(t, complaints.Grievance)
	f.now = sh("2026-11-27 16:40")
	f.act(t, "head", id, complaints.ActAssign, complaints.Input{HandlerID: f.people["staff"].UserID})
	old := step(t, f.get(t, id), complaints.Contact).DueAt // Monday 09:30
	f.now = sh("2026-11-27 17:00")
	f.act(t, "staff", id, complaints.ActPause, complaints.Input{ReasonID: reasons[0].ID, Note: "客户周末不方便"})
	in := func(who string, tab complaints.Tab) bool {
		t.Helper()
		items, err := f.svc.Queue(ctx, f.tenantID, f.people[who], tab)
		testkit.Must(t, err)
		for _, it := range items {
			if it.ID == id {
				return true
			}
		}
		return false
	}
	f.now = sh("2026-11-30 09:45") // past the old deadline on Monday, still paused
	if !in("staff", complaints.TabPaused) || !in("head", complaints.TabPaused) || in("staff", complaints.TabMine) ||
		in("gm", complaints.TabOverdue) || in("sales_head", complaints.TabPaused) {
		t.Errorf("paused: want it in the paused queue of the handler and the head, not the sales head's, not the handler's own, not overdue")
	}
	testkit.Must(t, f.svc.Escalate(ctx, complaints.DeadlineArgs{TenantID: f.tenantID, ComplaintID: id, Step: complaints.Contact, Level: 1, DueAt: old}))
	f.now = sh("2026-11-30 10:00")
	f.act(t, "staff", id, complaints.ActResume, complaints.Input{})
	cur := step(t, f.get(t, id), complaints.Contact)
	if !cur.DueAt.Equal(sh("2026-11-30 11:30")) || cur.PausedAt != nil {
		t.Fatalf("resumed: due %v, paused %v; want Monday 11:30, running", cur.DueAt, cur.PausedAt)
	}
	if _, n := f.timerAt(t, id, complaints.Contact, 1, cur.DueAt); n != 1 {
		t.Errorf("%d timers for the new deadline, want 1", n)
	}
	f.now = sh("2026-11-30 11:00")
	testkit.Must(t, f.svc.Escalate(ctx, complaints.DeadlineArgs{TenantID: f.tenantID, ComplaintID: id, Step: complaints.Contact, Level: 1, DueAt: old}))
	if f.escalation(t, id, complaints.Contact) != 0 || !in("staff", complaints.TabMine) {
		t.Errorf("the old timer escalated, or the form is not back in the handler's queue")
	}
	if f.events(t, id, "pause") != 1 || f.events(t, id, "resume") != 1 {
		t.Errorf("timeline: %d pauses, %d resumes; want one each", f.events(t, id, "pause"), f.events(t, id, "resume"))
	}
}

// TestPause_ResumesAtSetTime: a pause set to end on Monday at 09:00 ends then, however late its
// timer runs, and a timer of an earlier pause does nothing.
func TestPause_ResumesAtSetTime(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.calendar(t, weekdays())
	reasons, err := f.svc.PauseReasons(ctx, f.tenantID)
	testkit.Must(t, err)
	f.now = sh("2026-11-27 16:30")
	id := f.open(t, complaints.General)
	f.now = sh("2026-11-27 17:00")
	f.act(t, "head", id, complaints.ActPause, complaints.Input{ReasonID: reasons[1].ID, ResumeAt: "2026-11-30T09:00"})
	paused := *step(t, f.get(t, id), complaints.Contact).PausedAt
	testkit.Must(t, f.svc.Resume(ctx, complaints.ResumeArgs{TenantID: f.tenantID, ComplaintID: id, Step: complaints.Contact,
		PausedAt: paused.Add(-time.Hour)}))
	if !f.get(t, id).Paused() {
		t.Fatalf("a timer of another pause resumed the step")
	}
	f.now = sh("2026-11-30 13:00") // the timer runs late, after a restart
	testkit.Must(t, f.svc.Resume(ctx, complaints.ResumeArgs{TenantID: f.tenantID, ComplaintID: id, Step: complaints.Contact, PausedAt: paused}))
	if cur := step(t, f.get(t, id), complaints.Contact); cur.PausedAt != nil || !cur.DueAt.Equal(sh("2026-11-30 10:30")) {
		t.Errorf("resumed by its timer: paused %v, due %v; want running, due Monday 10:30 (1 h 30 min from 09:00)", cur.PausedAt, cur.DueAt)
	}
}

// TestPause_Refused: a pause without a reason, one set to end in the past, a second pause, a
// resume of a step not paused, a pause by someone who does not own the step, and a pause of a
// step that does not wait on the customer are refused with their message, and nothing is
// written.
func TestPause_Refused(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	reasons, err := f.svc.PauseReasons(ctx, f.tenantID)
	testkit.Must(t, err)
	id := f.open(t, complaints.General)
	reason := reasons[0].ID
	tests := []struct {
		name, who string
		act       complaints.Action
		in        complaints.Input
		field     string // the field refused, or the message
	}{
		{"no reason", "head", complaints.ActPause, complaints.Input{}, "reason_id"},
		{"in the past", "head", complaints.ActPause, complaints.Input{ReasonID: reason, ResumeAt: f.now.In(shanghai).Add(-time.Hour).Format(complaints.ResumeLayout)}, "resume_at"},
		{"not a time", "head", complaints.ActPause, complaints.Input{ReasonID: reason, ResumeAt: "next week"}, "resume_at"},
		{"another group's reason", "head", complaints.ActPause, complaints.Input{ReasonID: reason + 1000}, "reason_id"},
		{"not paused", "head", complaints.ActResume, complaints.Input{}, "error.complaint_not_paused"},
		{"not the owner", "sales_head", complaints.ActPause, complaints.Input{ReasonID: reason}, "error.complaint_owner_only"},
		{"customer service", "agent", complaints.ActPause, complaints.Input{ReasonID: reason}, "error.complaint_owner_only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(mustTimeline(t, f, id))
			err := f.svc.Act(ctx, f.tenantID, f.people[tt.who], id, tt.act, tt.in)
			e, _ := apperr.As(err)
			if e == nil || e.Fields[tt.field] == "" && e.Key != tt.field {
				t.Errorf("err=%v, want %s", err, tt.field)
			}
			if f.get(t, id).Paused() || len(mustTimeline(t, f, id)) != before {
				t.Errorf("something was written")
			}
		})
	}
	f.act(t, "head", id, complaints.ActPause, complaints.Input{ReasonID: reason})
	if err := f.svc.Act(ctx, f.tenantID, f.people["gm"], id, complaints.ActPause, complaints.Input{ReasonID: reason}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("second pause: %v, want a conflict", err)
	}
	if err := f.svc.Act(ctx, f.tenantID, f.people["head"], id, complaints.ActContact, complaints.Input{Note: "已联系"}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("contact while paused: %v, want a conflict", err)
	}
	f.act(t, "gm", id, complaints.ActResume, complaints.Input{}) // the GM, above the step's owner
	f.now = f.now.Add(3 * time.Hour)                             // first contact is overdue
	if err := f.svc.Act(ctx, f.tenantID, f.people["head"], id, complaints.ActPause, complaints.Input{ReasonID: reason}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("pause of an overdue step: %v, want a conflict", err)
	}
}

func mustTimeline(t *testing.T, f *fixture, id int64) []complaints.Event {
	t.Helper()
	list, err := f.svc.Timeline(context.Background(), f.tenantID, id)
	testkit.Must(t, err)
	return list
}

// TestWarning_FiresOnce: the handler is told once when 75 % of first contact's time is used, not
// before, however often the timer fires; the escalation at 100 % follows; a pause and resume
// after the warning do not warn again.
func TestWarning_FiresOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	opened := f.now
	id := f.open(t, complaints.Grievance)
	f.act(t, "head", id, complaints.ActAssign, complaints.Input{HandlerID: f.people["staff"].UserID})
	due := step(t, f.get(t, id), complaints.Contact).DueAt
	warn := complaints.DeadlineArgs{TenantID: f.tenantID, ComplaintID: id, Step: complaints.Contact, Level: 0, DueAt: due}
	f.now = opened.Add(89 * time.Minute)
	testkit.Must(t, f.svc.Escalate(ctx, warn))
	if n := f.notices(t, "staff", id, "notice.step_warning"); n != 0 {
		t.Fatalf("warned at 89 of 120 minutes (%d)", n)
	}
	f.now = opened.Add(91 * time.Minute)
	for range 3 {
		testkit.Must(t, f.svc.Escalate(ctx, warn))
	}
	if n := f.notices(t, "staff", id, "notice.step_warning"); n != 1 || f.events(t, id, "warned") != 1 {
		t.Errorf("%d warnings, %d warning events; want one each", n, f.events(t, id, "warned"))
	}
	reasons, err := f.svc.PauseReasons(ctx, f.tenantID)
	testkit.Must(t, err)
	f.act(t, "staff", id, complaints.ActPause, complaints.Input{ReasonID: reasons[0].ID})
	f.now = opened.Add(100 * time.Minute)
	f.act(t, "staff", id, complaints.ActResume, complaints.Input{})
	due = step(t, f.get(t, id), complaints.Contact).DueAt
	if _, n := f.timerAt(t, id, complaints.Contact, 0, due); n != 0 {
		t.Errorf("a warning timer was set again after the warning")
	}
	f.now = due.Add(time.Minute)
	testkit.Must(t, f.svc.Escalate(ctx, complaints.DeadlineArgs{TenantID: f.tenantID, ComplaintID: id, Step: complaints.Contact, Level: 1, DueAt: due}))
	if f.notices(t, "staff", id, "notice.step_warning") != 1 || f.notices(t, "staff", id, "notice.step_overdue") != 1 {
		t.Errorf("after the deadline: %d warnings, %d overdue notices; want one each",
			f.notices(t, "staff", id, "notice.step_warning"), f.notices(t, "staff", id, "notice.step_overdue"))
	}
}

// TestPause_RestartEscalatesOnce: a step is paused to resume by itself, and the process stops;
// a new process's queue resumes it from the persisted timer and, once the moved deadline has
// passed, escalates it exactly once, while the timers of the deadline before the pause do
// nothing.
func TestPause_RestartEscalatesOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.now = time.Now()
	reasons, err := f.svc.PauseReasons(ctx, f.tenantID)
	testkit.Must(t, err)
	id := f.open(t, complaints.General)
	until := f.now.Add(5 * time.Minute).In(shanghai)
	f.act(t, "head", id, complaints.ActPause, complaints.Input{ReasonID: reasons[0].ID, ResumeAt: until.Format(complaints.ResumeLayout)})
	// the process stops; its timers are in river_job. The new one runs its timers now, with a
	// clock a day ahead, when every deadline of the form has passed.
	worker := &complaints.Service{DB: f.svc.DB, Now: func() time.Time { return time.Now().Add(24 * time.Hour) }, Jobs: f.svc.Jobs, Notify: f.svc.Notify}
	workers := river.NewWorkers()
	river.AddWorker(workers, complaints.NewDeadlineWorker(worker))
	river.AddWorker(workers, complaints.NewResumeWorker(worker))
	client, err := river.NewClient(riverpgxv5.New(f.db.App.Pool), &river.Config{
		Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}}, Workers: workers, FetchPollInterval: 100 * time.Millisecond})
	testkit.Must(t, err)
	testkit.Must(t, client.Start(ctx))
	defer client.Stop(ctx)
	runDue := func() {
		_, err := f.db.Owner.Pool.Exec(ctx, `UPDATE river_job SET scheduled_at = now() WHERE state = 'scheduled'
			AND (args->>'complaint_id')::bigint = $1 AND (kind = 'complaint_steps.resume' OR args->>'step' = 'contact' AND args->>'level' = '1')`, id)
		testkit.Must(t, err)
	}
	runDue()
	deadline := time.Now().Add(15 * time.Second)
	for f.get(t, id).Paused() && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	runDue() // the timer of the moved deadline, and again those before it
	for f.escalation(t, id, complaints.Contact) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // let any other timer finish
	if got, n := f.escalation(t, id, complaints.Contact), f.events(t, id, "escalated"); got != 1 || n != 1 {
		t.Errorf("contact escalation level %d with %d escalation events, want level 1 once", got, n)
	}
	if n := f.events(t, id, "resume"); n != 1 {
		t.Errorf("%d resumes, want 1", n)
	}
}
