//go:build faults

package faults

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/scores"
)

// Sizes of the kill test: agents per store, calls each, and how often the server is killed.
const (
	agentsPerStore = 3
	callsPerAgent  = 22
	kills          = 12
)

// TestSIGKILL_ConcurrentSurveys: six agents, three of each store, make follow-up calls through
// the call screen (customer reached, each answer saved as given, survey completed) while the
// server is killed with SIGKILL and started again twelve times. Every write the server
// acknowledged is in the database, no survey is half written, and the score and sample
// roll-ups equal a rebuild from the raw answers.
func TestSIGKILL_ConcurrentSurveys(t *testing.T) {
	srv := startServer(t, suite)
	var l ledger
	agents := startAgents(t, srv, &l)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	deadline := time.Now().Add(90 * time.Second)
	for _, a := range agents {
		wg.Go(func() { a.run(stop, deadline) })
	}
	started := time.Now()
	for range kills {
		time.Sleep(time.Duration(300+rand.IntN(600)) * time.Millisecond)
		srv.Restart()
	}
	storm := time.Since(started)
	close(stop)
	wg.Wait()
	srv.Kill() // nothing writes while the roll-ups are rebuilt
	report(t, agents, &l, storm)
	tasks := l.tasks()
	if lost := lostWrites(t, l.writes); len(lost) > 0 {
		t.Errorf("%d of %d acknowledged writes are not in the database: %v", len(lost), len(l.writes), lost[:min(len(lost), 10)])
	}
	for _, c := range halfWritten {
		if bad := taskIDs(t, c.sql, tasks); len(bad) > 0 {
			t.Errorf("%s: tasks %v", c.what, bad)
		}
	}
	r, err := scores.NewService(suite.Super, nil).Rebuild(context.Background(), tenantID(t))
	if err != nil || r.Different != 0 || r.SamplesDifferent != 0 {
		t.Errorf("rebuild of the roll-ups: %+v %v, want no score or sample row different", r, err)
	}
}

// ledger keeps the writes the server acknowledged.
type ledger struct {
	mu     sync.Mutex
	writes []write
}

func (l *ledger) add(w write) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writes = append(l.writes, w)
}

// tasks are the tasks of the writes.
func (l *ledger) tasks() []int64 {
	seen := map[int64]bool{}
	var ids []int64
	for _, w := range l.writes {
		if !seen[w.Task] {
			seen[w.Task] = true
			ids = append(ids, w.Task)
		}
	}
	return ids
}

// agent makes its calls one after another, trying each again until its survey is completed.
type agent struct {
	cl        caller
	tasks     []int64
	completed int
	cut       int     // requests a kill left without an answer
	busy      int     // 503s
	odd       []error // any other failure
}

// startAgents logs in the agents of both stores, each with its own session and calls.
func startAgents(t *testing.T, srv *proc, l *ledger) []*agent {
	var agents []*agent
	for _, s := range []struct{ login, store string }{{"agent", "浦东"}, {"agent2", "杭州"}} {
		calls := openCalls(t, storeID(t, s.store), "", agentsPerStore*callsPerAgent)
		for i := range agentsPerStore {
			cl := caller{c: login(t, srv.URL, demo(s.login), demoPassword), base: srv.URL, answer: anyAnswer, saved: l.add}
			agents = append(agents, &agent{cl: cl, tasks: calls[i*callsPerAgent : (i+1)*callsPerAgent]})
		}
	}
	return agents
}

// run makes the agent's calls until stop is closed (the call at hand is finished first).
func (a *agent) run(stop <-chan struct{}, deadline time.Time) {
	for _, task := range a.tasks {
		select {
		case <-stop:
			return
		default:
		}
		if !a.call(task, deadline) {
			return
		}
	}
}

// call makes one call through to its completed survey; false says it could not.
func (a *agent) call(task int64, deadline time.Time) bool {
	for time.Now().Before(deadline) {
		done, err := a.cl.step(task)
		var se *statusError
		var ue *url.Error
		switch {
		case done:
			a.completed++
			return true
		case err == nil:
		case errors.As(err, &ue):
			a.cut++
			time.Sleep(20 * time.Millisecond)
		case errors.As(err, &se) && se.Code == http.StatusServiceUnavailable:
			a.busy++
			time.Sleep(50 * time.Millisecond)
		default:
			a.odd = append(a.odd, err)
			return false
		}
	}
	a.odd = append(a.odd, fmt.Errorf("the call of task %d was not completed in time", task))
	return false
}

// report logs what the agents did and fails the test when they met anything but kills, or
// when the kills met no write.
func report(t *testing.T, agents []*agent, l *ledger, storm time.Duration) {
	var completed, cut, busy int
	for _, a := range agents {
		completed, cut, busy = completed+a.completed, cut+a.cut, busy+a.busy
		for _, err := range a.odd {
			t.Errorf("agent: %v", err)
		}
	}
	t.Logf("%d kills in %v: %d writes acknowledged, %d surveys completed, %d requests cut off, %d answered 503",
		kills, storm.Round(time.Millisecond), len(l.writes), completed, cut, busy)
	if cut == 0 || completed < len(agents)*3 {
		t.Errorf("the kills cut off %d requests and %d surveys were completed: the agents were not at work", cut, completed)
	}
}

// lostWrites are the acknowledged writes the database does not hold.
func lostWrites(t *testing.T, writes []write) []write {
	var task, item []int64
	var what, value []string
	for _, w := range writes {
		id, _ := strconv.ParseInt(strings.TrimPrefix(w.Field, "item-"), 10, 64)
		task, what, item, value = append(task, w.Task), append(what, w.What), append(item, id), append(value, w.Value)
	}
	rows, _ := suite.Super.Pool.Query(context.Background(), `
		SELECT w.task, w.what, 'item-' || w.item, w.value
		FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[]) AS w(task, what, item, value)
		WHERE NOT CASE w.what
			WHEN 'reached' THEN EXISTS (SELECT FROM call_attempts a WHERE a.task_id = w.task AND a.outcome = 'reached')
			WHEN 'answer' THEN EXISTS (SELECT FROM survey_answers a JOIN surveys s ON s.tenant_id = a.tenant_id AND s.id = a.survey_id
			                          WHERE s.task_id = w.task AND a.item_id = w.item AND coalesce(a.value::text, a.text) = w.value)
			ELSE EXISTS (SELECT FROM surveys s JOIN follow_up_tasks t ON t.tenant_id = s.tenant_id AND t.id = s.task_id
			             WHERE s.task_id = w.task AND s.status = 'completed' AND t.status = 'completed')
			END`, task, what, item, value)
	lost, err := pgx.CollectRows(rows, pgx.RowToStructByPos[write])
	if err != nil {
		t.Fatal(err)
	}
	return lost
}

// halfWritten are the ways a call could be left half written, each a query of the tasks among
// $1 that show it.
var halfWritten = []struct{ what, sql string }{
	{"a completed survey lacks an answer to a mandatory question asked after its order's work", `
		SELECT DISTINCT s.task_id FROM surveys s
		JOIN follow_up_tasks t ON t.tenant_id = s.tenant_id AND t.id = s.task_id
		LEFT JOIN service_orders o ON o.tenant_id = t.tenant_id AND o.id = t.service_order_id
		JOIN questionnaire_items i ON i.tenant_id = s.tenant_id AND i.questionnaire_id = s.questionnaire_id AND i.mandatory
		  AND (i.work_types = '{}' OR o.work_type = ANY (i.work_types))
		WHERE s.task_id = ANY($1) AND s.status = 'completed' AND NOT EXISTS (
			SELECT FROM survey_answers a WHERE a.tenant_id = s.tenant_id AND a.survey_id = s.id AND a.item_id = i.id
			  AND (a.value IS NOT NULL OR a.text <> ''))`},
	{"the task and its survey disagree on being completed, or a completed one lacks its score or time", `
		SELECT t.id FROM follow_up_tasks t
		LEFT JOIN surveys s ON s.tenant_id = t.tenant_id AND s.task_id = t.id
		WHERE t.id = ANY($1) AND ((t.status = 'completed') <> (coalesce(s.status, '') = 'completed')
		   OR s.status = 'completed' AND (s.score IS NULL OR s.completed_at IS NULL OR t.closed_at IS NULL))`},
	{"a survey was started without the customer reached", `
		SELECT s.task_id FROM surveys s
		WHERE s.task_id = ANY($1) AND NOT EXISTS (
			SELECT FROM call_attempts a WHERE a.tenant_id = s.tenant_id AND a.task_id = s.task_id AND a.outcome = 'reached')`},
}

// taskIDs runs a query of task ids over tasks.
func taskIDs(t *testing.T, sql string, tasks []int64) []int64 {
	rows, _ := suite.Super.Pool.Query(context.Background(), sql, tasks)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	return ids
}
