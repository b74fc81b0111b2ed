//go:build faults

package faults

import (
	"context"
	"testing"
	"time"
)

// Timings of the rescue test: the rescue setting the server runs with, River's rescuer
// interval, and the slack for leadership to pass to the new process and the retry to be fetched.
const (
	rescueAfter     = 20 * time.Second
	rescuerInterval = 30 * time.Second
	rescueSlack     = 20 * time.Second
	timers          = 6
	helpers         = 3
)

// TestDeadlineTimer_KilledWhileRunning: complaint drafts opened by unhappy surveys have their
// dispatch deadline passed (the step's and its timer's alike: a timer set for another deadline
// does nothing); their timers fire while the step rows are locked, so two of them
// are at work (MaxWorkers) when the server is killed with SIGKILL, which leaves their jobs
// running with the dead process. After a restart with JOB_RESCUE_AFTER=20s every complaint
// escalates exactly once, within the rescue time plus River's rescuer interval and slack.
func TestDeadlineTimer_KilledWhileRunning(t *testing.T) {
	srv := startServer(t, suite, "JOB_RESCUE_AFTER="+rescueAfter.String())
	complaints := unhappySurveys(t, srv, timers)
	settleQueue(t, 90*time.Second)
	mustExec(t, `UPDATE complaint_steps SET due_at = now() - interval '1 minute'
		WHERE complaint_id = ANY($1) AND step = 'dispatch'`, complaints)
	unlock := lockSteps(t, complaints)
	mustExec(t, `UPDATE river_job j SET state = 'available', scheduled_at = now(), args = jsonb_set(j.args, '{due_at}', to_jsonb(s.due_at))
		FROM complaint_steps s
		WHERE j.kind = 'complaints.deadline' AND j.state = 'scheduled' AND (j.args->>'level')::int = 1
		  AND (j.args->>'complaint_id')::bigint = ANY($1)
		  AND s.complaint_id = (j.args->>'complaint_id')::bigint AND s.step = j.args->>'step'`, complaints)
	running := waitRunning(t, complaints, 10*time.Second)
	srv.Kill()
	killed := time.Now()
	unlock()
	if left := timerCount(t, complaints, "running"); left != running {
		t.Fatalf("%d timers left running by the kill, want the %d that were at work", left, running)
	}
	srv.Restart()
	limit := rescueAfter + rescuerInterval + rescueSlack
	for timerCount(t, complaints, "completed") < timers {
		if time.Since(killed) > limit {
			t.Fatalf("%d of %d timers done %v after the kill, want all within %v",
				timerCount(t, complaints, "completed"), timers, time.Since(killed).Round(time.Second), limit)
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Logf("%d timers killed while running; every timer done %v after the kill", running, time.Since(killed).Round(time.Second))
	escalatedOnce(t, complaints)
}

// unhappySurveys completes n surveys with the lowest answers, each opening a complaint draft
// with its dispatch deadline, and returns the complaints.
func unhappySurveys(t *testing.T, srv *proc, n int) []int64 {
	t.Helper()
	cl := caller{c: login(t, srv.URL, demo("agent"), demoPassword), base: srv.URL, answer: lowest}
	tasks := openCalls(t, storeID(t, "浦东"), "csi", n)
	for _, task := range tasks {
		mustComplete(t, cl, task)
	}
	var ids []int64
	mustQueryRow(t, `SELECT array_agg(c.id ORDER BY c.id) FROM complaints c JOIN surveys s ON s.tenant_id = c.tenant_id AND s.id = c.survey_id
		WHERE s.task_id = ANY($1)`, []any{tasks}, &ids)
	if len(ids) != n {
		t.Fatalf("%d complaint drafts from %d unhappy surveys, want one each", len(ids), n)
	}
	return ids
}

// settleQueue waits until the queue has worked every job already due (the demo's past
// deadlines, about a thousand), so that the timers of the test are the next ones fetched, as in
// a deployment whose timers keep up. A server fetches some 20 jobs a second, so helper servers
// join in and leave with SIGTERM, which lets their jobs finish. Jobs left running by the kills of
// an earlier test hold no worker and do not count.
func settleQueue(t *testing.T, limit time.Duration) {
	t.Helper()
	for range helpers {
		defer startServer(t, suite, "JOB_RESCUE_AFTER="+rescueAfter.String()).Term()
	}
	for deadline := time.Now().Add(limit); ; time.Sleep(250 * time.Millisecond) {
		var due int
		mustQueryRow(t, `SELECT count(*) FROM river_job WHERE state IN ('available', 'retryable', 'scheduled') AND scheduled_at <= now()`, nil, &due)
		if due == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d jobs still due after %v", due, limit)
		}
	}
}

// lockSteps locks the complaints' step rows, so that their timers wait at work; unlock lets go.
func lockSteps(t *testing.T, complaints []int64) (unlock func()) {
	t.Helper()
	ctx := context.Background()
	tx, err := suite.Super.Pool.Begin(ctx)
	if err == nil {
		_, err = tx.Exec(ctx, `SELECT FROM complaint_steps WHERE complaint_id = ANY($1) FOR UPDATE`, complaints)
	}
	if err != nil {
		t.Fatal(err)
	}
	return func() { tx.Rollback(ctx) }
}

// waitRunning waits until two of the complaints' timers are at work, and says how many are.
func waitRunning(t *testing.T, complaints []int64, limit time.Duration) int {
	t.Helper()
	for deadline := time.Now().Add(limit); ; time.Sleep(20 * time.Millisecond) {
		if n := timerCount(t, complaints, "running"); n >= 2 {
			return n
		}
		if time.Now().After(deadline) {
			t.Fatalf("no two timers running %v after they were due", limit)
		}
	}
}

// timerCount counts the complaints' level-1 timers in a state.
func timerCount(t *testing.T, complaints []int64, state string) int {
	t.Helper()
	var n int
	mustQueryRow(t, `SELECT count(*) FROM river_job WHERE kind = 'complaints.deadline' AND state = $2::river_job_state
		AND (args->>'complaint_id')::bigint = ANY($1) AND (args->>'level')::int = 1`, []any{complaints, state}, &n)
	return n
}

// escalatedOnce checks that each complaint's dispatch step escalated to level 1 once: the step
// says so and its timeline holds one escalation.
func escalatedOnce(t *testing.T, complaints []int64) {
	t.Helper()
	for _, id := range complaints {
		var level, events int
		mustQueryRow(t, `SELECT (SELECT escalation FROM complaint_steps WHERE complaint_id = $1 AND step = 'dispatch'),
			(SELECT count(*) FROM complaint_events WHERE complaint_id = $1 AND action = 'escalated')::int`, []any{id}, &level, &events)
		if level != 1 || events != 1 {
			t.Errorf("complaint %d: escalation level %d with %d escalation events, want level 1 once", id, level, events)
		}
	}
}
