package server_test

import (
	"context"
	"fmt"
	"net/http"
	neturl "net/url"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/testkit"
)

// BenchmarkHome measures an authenticated page over real HTTP: session lookup, roles, render.
func BenchmarkHome(b *testing.B) {
	e := newEnv(b)
	c := e.login(e.A.Emails[auth.Admin])
	b.ResetTimer()
	for b.Loop() {
		if res := c.get("/"); res.Code != http.StatusOK {
			b.Fatalf("Status=%d, want 200", res.Code)
		}
	}
}

// BenchmarkUserList measures the admin's user list page.
func BenchmarkUserList(b *testing.B) {
	e := newEnv(b)
	c := e.login(e.A.Emails[auth.Admin])
	for b.Loop() {
		if res := c.get("/admin/users"); res.Code != http.StatusOK {
			b.Fatalf("Status=%d, want 200", res.Code)
		}
	}
}

// BenchmarkLogin measures a login, dominated by the argon2id password check.
func BenchmarkLogin(b *testing.B) {
	e := newEnv(b)
	for b.Loop() {
		e.login(e.A.Emails[auth.Agent])
	}
}

// BenchmarkCustomerPage measures the customer at a glance: contact data, vehicles, deliveries,
// service orders and contact changes, five reads and a render.
func BenchmarkCustomerPage(b *testing.B) {
	e := newEnv(b)
	c := e.login(e.A.Emails[auth.Agent])
	for b.Loop() {
		if res := c.get(path("/customers/{customerID}", e.A)); res.Code != http.StatusOK {
			b.Fatalf("Status=%d, want 200", res.Code)
		}
	}
}

// BenchmarkAPIPush measures a DMS push of 100 service orders that are already up to date: key
// check, parsing, COPY into staging and the merge that finds nothing to change.
func BenchmarkAPIPush(b *testing.B) {
	e := newEnv(b)
	_, secret := newAPIKey(b, e, e.A)
	recs := make([]map[string]any, 100)
	for i := range recs {
		recs[i] = serviceOrder(i)
	}
	body := batch(recs...)
	for b.Loop() {
		if res := e.push("/api/v1/service-orders", secret, body); res.Code != http.StatusOK {
			b.Fatalf("Status=%d, want 200: %s", res.Code, res.Body)
		}
	}
}

// seedOpenTasks gives group A n more open survey tasks, each for its own customer, due over the
// last and next few days, by set-based SQL. The customers are analysed before the tasks go in,
// as autovacuum would in time: the tasks' foreign-key checks are then planned for a large table.
func seedOpenTasks(b *testing.B, e *env, n int) {
	ctx := context.Background()
	exec := func(sql string, args ...any) {
		tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
		testkit.Must(b, err)
		defer tx.Rollback(ctx)
		_, err = tx.Exec(ctx, sql, args...)
		testkit.Must(b, err)
		testkit.Must(b, tx.Commit(ctx))
	}
	exec(`INSERT INTO customers (tenant_id, name, phone)
		SELECT $1, '客户' || i, '138' || lpad(i::text, 8, '0') FROM generate_series(1, $2) i`, e.A.TenantID, n)
	_, err := e.DB.Owner.Pool.Exec(ctx, `ANALYZE customers`)
	testkit.Must(b, err)
	exec(`INSERT INTO follow_up_tasks (tenant_id, store_id, customer_id, reason, source_key, survey_kind,
		                             due_from, due_until, expires_on)
		SELECT $1, $2, id, 'service_survey', 'bench:' || id, 'csi',
		       current_date - (id % 7)::int, current_date - (id % 7)::int + 2, current_date + 10
		FROM customers WHERE tenant_id = $1 AND phone LIKE '138%'`, e.A.TenantID, e.A.StoreID)
	_, err = e.DB.Owner.Pool.Exec(ctx, `ANALYZE follow_up_tasks`)
	testkit.Must(b, err)
}

// BenchmarkWorklist measures the worklist page with 100,000 open tasks in the tenant: the four
// tab counts and a page of 50 calls.
func BenchmarkWorklist(b *testing.B) {
	e := newEnv(b)
	seedOpenTasks(b, e, benchTasks())
	c := e.login(e.A.Emails[auth.Agent])
	report(b, func() {
		if res := c.get("/worklist"); res.Code != http.StatusOK {
			b.Fatalf("Status=%d, want 200", res.Code)
		}
	})
}

// BenchmarkCallScreen measures the call screen an agent opens from the worklist: the task, the
// customer with vehicles, orders, calls and complaints, the attempts, the questionnaire and the
// render.
func BenchmarkCallScreen(b *testing.B) {
	e := newEnv(b)
	c := e.login(e.A.Emails[auth.Agent])
	url := fmt.Sprintf("/tasks/%d?tab=due", e.A.IDs["{taskID}"])
	report(b, func() {
		if res := c.get(url); res.Code != http.StatusOK {
			b.Fatalf("Status=%d, want 200", res.Code)
		}
	})
}

// BenchmarkSaveAnswer measures saving one answer as the call screen's script does.
func BenchmarkSaveAnswer(b *testing.B) {
	e := newEnv(b)
	ctx := context.Background()
	taskID := e.A.IDs["{taskID}"]
	svc := &followups.Service{DB: e.DB.App, Now: e.now}
	testkit.Must(b, svc.RecordAttempt(ctx, e.A.TenantID, e.A.Users[auth.Agent], taskID, followups.Attempt{Outcome: followups.Reached}))
	sv, err := svc.SurveyOf(ctx, e.A.TenantID, taskID)
	testkit.Must(b, err)
	q, _, err := (&surveys.Service{DB: e.DB.App}).Get(ctx, e.A.TenantID, sv.QuestionnaireID)
	testkit.Must(b, err)
	c := e.login(e.A.Emails[auth.Agent])
	url := fmt.Sprintf("/tasks/%d/answers", taskID)
	i := 0
	report(b, func() {
		i++
		form := neturl.Values{followups.ItemField(q.Items[0].ID): {fmt.Sprint(1 + i%5)}}
		if res := c.post(url, form, "X-Autosave", "1"); res.Code != http.StatusNoContent {
			b.Fatalf("Status=%d, want 204: %s", res.Code, res.Body)
		}
	})
}

// report runs op b.N times and reports the median and 99th-percentile time.
func report(b *testing.B, op func()) {
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		op()
		times = append(times, time.Since(start))
	}
	reportTimes(b, times)
}

// benchTasks is how many open tasks BenchmarkWorklist adds; WORKLIST_TASKS overrides it.
func benchTasks() int {
	if n, err := strconv.Atoi(os.Getenv("WORKLIST_TASKS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}
