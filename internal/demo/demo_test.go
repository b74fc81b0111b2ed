package demo_test

import (
	"context"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/postgres"
)

// beginDemo starts a transaction that sees the whole demo group, rolled back when the test ends,
// and returns it with the group's id, which the checks' statements filter every table by: on
// Citus a statement that joins tables runs whole on the group's shard only so.
func beginDemo(t *testing.T, ctx context.Context, db *postgres.DB) (pgx.Tx, int64) {
	t.Helper()
	var tenantID int64
	if err := db.Pool.QueryRow(ctx, `SELECT id FROM tenants`).Scan(&tenantID); err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginTenant(postgres.WithScope(ctx, postgres.Whole), tenantID)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback(ctx) })
	return tx, tenantID
}

func TestSeed(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	for range 2 { // the second run finds the group and changes nothing
		if err := demo.Seed(ctx, db.Owner, "", io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	var tenants, customers, vehicles, deliveries, services, dnc int
	err := db.Owner.Pool.QueryRow(ctx, `SELECT count(*) FROM tenants`).Scan(&tenants)
	if err != nil || tenants != 1 {
		t.Fatalf("tenants=%d err=%v, want 1", tenants, err)
	}
	tx, tenantID := beginDemo(t, ctx, db.Owner)
	err = tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM vehicles),
		(SELECT count(*) FROM deliveries), (SELECT count(*) FROM service_orders),
		(SELECT count(*) FROM customers WHERE do_not_contact)`).Scan(&customers, &vehicles, &deliveries, &services, &dnc)
	if err != nil {
		t.Fatal(err)
	}
	if customers < 250 || vehicles < customers || deliveries < 80 || services < 300 || dnc == 0 {
		t.Errorf("customers=%d vehicles=%d deliveries=%d service orders=%d do-not-contact=%d, want a few hundred customers with cars, deliveries, orders and some not to call",
			customers, vehicles, deliveries, services, dnc)
	}
	var completed, months, complaints, due, overdue int
	err = tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM surveys WHERE status = 'completed'),
		(SELECT count(DISTINCT date_trunc('month', completed_at)) FROM surveys),
		(SELECT count(*) FROM complaints),
		(SELECT count(*) FROM follow_up_tasks WHERE status = 'open' AND due_from <= current_date AND current_date <= due_until),
		(SELECT count(*) FROM follow_up_tasks WHERE status = 'open' AND current_date > due_until)`).Scan(
		&completed, &months, &complaints, &due, &overdue)
	if err != nil {
		t.Fatal(err)
	}
	if completed < 100 || months < 6 || complaints == 0 || due == 0 || overdue == 0 {
		t.Errorf("completed surveys=%d over %d months, complaints=%d, due=%d, overdue=%d: want months of surveys behind a morning's calls",
			completed, months, complaints, due, overdue)
	}
	// every store has one user of every role, and its past calls were made by its own agent
	var staffed, strangers int
	err = tx.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM stores s WHERE s.tenant_id = $1 AND (SELECT count(DISTINCT m.role || coalesce(d.kind, ''))
		   FROM memberships m LEFT JOIN departments d ON d.tenant_id = $1 AND d.id = m.department_id
		   WHERE m.tenant_id = $1 AND m.store_id = s.id) = 6),
		(SELECT count(*) FROM call_attempts a JOIN follow_up_tasks t ON t.tenant_id = $1 AND t.id = a.task_id
		 WHERE a.tenant_id = $1 AND NOT EXISTS (SELECT FROM memberships m WHERE m.tenant_id = $1 AND m.user_id = a.agent_id
		   AND m.role = 'agent' AND m.store_id = t.store_id))`, tenantID).Scan(&staffed, &strangers)
	if err != nil {
		t.Fatal(err)
	}
	if staffed != 2 || strangers != 0 {
		t.Errorf("%d stores with every role, %d calls by an agent of another store: want 2 and 0", staffed, strangers)
	}
}

// TestSeed_Complaints: the demo's complaints stand at every step of the workflow; of those that
// came in lately by phone, letter, web or walk-in one is past its deadline and one is paused, in
// business time; and last month's are closed for the statistics.
func TestSeed_Complaints(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	if err := demo.Seed(ctx, db.Owner, "", io.Discard); err != nil {
		t.Fatal(err)
	}
	tx, _ := beginDemo(t, ctx, db.Owner)
	var statuses, overdue, paused, closedLastMonth, events int
	err := tx.QueryRow(ctx, `SELECT
		(SELECT count(DISTINCT status) FROM complaints WHERE status IN ('open', 'dispatched', 'assigned', 'contacted', 'planned', 'instructed', 'accepted')),
		(SELECT count(DISTINCT complaint_id) FROM complaint_steps s JOIN complaints c ON c.tenant_id = s.tenant_id AND c.id = s.complaint_id
		 WHERE s.done_at IS NULL AND s.paused_at IS NULL AND s.due_at < now() AND c.channel <> 'follow_up'
		   AND c.status NOT IN ('closed', 'not_accepted', 'void')),
		(SELECT count(*) FROM complaints WHERE status = 'closed'
		   AND date_trunc('month', closed_at) = date_trunc('month', now() - interval '1 month')),
		(SELECT count(*) FROM complaint_steps WHERE paused_at IS NOT NULL AND business),
		(SELECT count(*) FROM complaint_events)`).Scan(&statuses, &overdue, &closedLastMonth, &paused, &events)
	if err != nil {
		t.Fatal(err)
	}
	if statuses != 7 || overdue != 1 || closedLastMonth == 0 || paused != 1 || events == 0 {
		t.Errorf("%d open steps shown, %d of the latest overdue, %d closed last month, %d paused, %d events: want every step, one "+
			"of the latest overdue, closed ones last month, one paused in business time", statuses, overdue, closedLastMonth, paused, events)
	}
}

// TestSeed_Improvement: both stores hold the manufacturer's results of the last two quarters,
// some of last quarter's below the national average, and every result below an average has its
// action; the actions stand at several stages, one past its due date, and each store's of the
// quarter before last is closed on last quarter's result, its target met; every action's
// timeline reads in order; seeding again changes nothing.
func TestSeed_Improvement(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	if err := demo.Seed(ctx, db.Owner, "", io.Discard); err != nil {
		t.Fatal(err)
	}
	before := improvementCounts(t, ctx, db.Owner)
	tx, tenantID := beginDemo(t, ctx, db.Owner)
	var belowLastQuarter, unacted, stages, met, files, disordered int
	var overdue string
	err := tx.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM stores s WHERE s.tenant_id = $1 AND EXISTS (SELECT FROM benchmark_results r
		   WHERE r.tenant_id = $1 AND r.store_id = s.id AND r.score < r.national
		     AND r.quarter = date_trunc('quarter', (now() AT TIME ZONE s.time_zone) - interval '3 months')::date)),
		(SELECT count(*) FROM benchmark_results r WHERE r.tenant_id = $1 AND (r.score < r.national OR r.score < r.regional)
		   AND NOT EXISTS (SELECT FROM improvement_actions a WHERE a.tenant_id = $1 AND a.result_id = r.id)),
		(SELECT count(DISTINCT stage) FROM improvement_actions WHERE tenant_id = $1 AND source = 'benchmark'),
		(SELECT coalesce(string_agg(a.stage || ' ' || a.item_short, ', '), '') FROM improvement_actions a
		   JOIN stores st ON st.tenant_id = $1 AND st.id = a.store_id
		   WHERE a.tenant_id = $1 AND a.stage <> 'closed' AND a.due_on < (now() AT TIME ZONE st.time_zone)::date),
		(SELECT count(*) FROM improvement_actions a JOIN benchmark_results base ON base.tenant_id = $1 AND base.id = a.result_id
		   JOIN benchmark_results next ON next.tenant_id = $1 AND next.store_id = base.store_id AND next.item_id = base.item_id
		     AND next.quarter = base.quarter + interval '3 months'
		   WHERE a.tenant_id = $1 AND a.stage = 'closed' AND a.outcome = 'met' AND next.score >= a.target),
		(SELECT count(*) FROM improvement_evidence WHERE tenant_id = $1 AND file_name IS NOT NULL),
		(SELECT count(*) FROM improvement_events e JOIN improvement_actions a ON a.tenant_id = $1 AND a.id = e.action_id
		   WHERE e.tenant_id = $1 AND (e.created_at < a.created_at OR e.created_at > now()))`, tenantID).Scan(
		&belowLastQuarter, &unacted, &stages, &overdue, &met, &files, &disordered)
	if err != nil {
		t.Fatal(err)
	}
	if belowLastQuarter != 2 || unacted != 0 || stages < 3 || overdue != "do 交车及时性" || met != 2 || files != 1 || disordered != 0 {
		t.Errorf("stores below the national average last quarter=%d, results below without an action=%d, stages=%d, overdue=%q, "+
			"closed as met=%d, evidence files=%d, events out of order=%d: want 2, 0, 3 or more, one overdue in do, 2, 1, 0",
			belowLastQuarter, unacted, stages, overdue, met, files, disordered)
	}
	if err := demo.Seed(ctx, db.Owner, "", io.Discard); err != nil {
		t.Fatal(err)
	}
	if after := improvementCounts(t, ctx, db.Owner); after != before {
		t.Errorf("seeding again: %v, want %v as before", after, before)
	}
}

// improvementCounts counts the demo's benchmark items, results and their changes, actions,
// their events and evidence.
func improvementCounts(t *testing.T, ctx context.Context, db *postgres.DB) [6]int {
	t.Helper()
	var n [6]int
	tx, _ := beginDemo(t, ctx, db)
	defer tx.Rollback(ctx)
	err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM benchmark_items), (SELECT count(*) FROM benchmark_results),
		(SELECT count(*) FROM benchmark_changes), (SELECT count(*) FROM improvement_actions),
		(SELECT count(*) FROM improvement_events), (SELECT count(*) FROM improvement_evidence)`).Scan(
		&n[0], &n[1], &n[2], &n[3], &n[4], &n[5])
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSeed_Links: the demo holds survey links that customers completed (by SMS and e-mail), one
// that expired unanswered after its reminder, one unsubscribed, and the open one the seed names;
// and event surveys completed after last month's closed complaints, reported as their own kind.
func TestSeed_Links(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	var out strings.Builder
	if err := demo.Seed(ctx, db.Owner, "http://127.0.0.1:8080", &out); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`http://127\.0\.0\.1:8080/s/[A-Za-z0-9_-]{43}\n`).MatchString(out.String()) {
		t.Errorf("seed output %q: want the open survey link", out.String())
	}
	tx, _ := beginDemo(t, ctx, db.Owner)
	var got string
	err := tx.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM survey_links l JOIN surveys s ON s.tenant_id = l.tenant_id AND s.task_id = l.task_id
		 WHERE l.completed_at IS NOT NULL AND s.status = 'completed' AND s.channel = l.channel) || ' completed, ' ||
		(SELECT count(*) FROM survey_links WHERE channel = 'email') || ' by e-mail, ' ||
		(SELECT count(*) FROM survey_links l JOIN follow_up_tasks t ON t.tenant_id = l.tenant_id AND t.id = l.task_id
		 WHERE t.status = 'unreachable' AND l.reminder_id IS NOT NULL) || ' expired after a reminder, ' ||
		(SELECT count(*) FROM survey_links l JOIN customers c ON c.tenant_id = l.tenant_id AND c.id = l.customer_id
		 WHERE l.unsubscribed_at IS NOT NULL AND c.dnc_reason = 'unsubscribed') || ' unsubscribed, ' ||
		(SELECT count(*) FROM follow_up_tasks WHERE status = 'linked') || ' open, ' ||
		(SELECT count(*) FROM score_rollups WHERE kind = 'event' AND period = 'month') || ' event roll-ups'`).Scan(&got)
	if err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`^3 completed, 1 by e-mail, 1 expired after a reminder, 1 unsubscribed, 1 open, [1-9]\d* event roll-ups$`)
	if !want.MatchString(got) {
		t.Errorf("demo links: %s; want 3 completed, 1 by e-mail, 1 expired after a reminder, 1 unsubscribed, 1 open, and event roll-ups", got)
	}
}
