package demo_test

import (
	"context"
	"io"
	"testing"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/pgtest"
)

func TestSeed(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	for range 2 { // the second run finds the group and changes nothing
		if err := demo.Seed(ctx, db.Owner, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	var tenants, customers, vehicles, deliveries, services, dnc int
	err := db.Owner.Pool.QueryRow(ctx, `SELECT count(*) FROM tenants`).Scan(&tenants)
	if err != nil || tenants != 1 {
		t.Fatalf("tenants=%d err=%v, want 1", tenants, err)
	}
	tx, err := db.Owner.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	tx.Exec(ctx, `SELECT set_config('app.tenant_id', (SELECT id::text FROM tenants), true)`)
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
}

// TestSeed_Complaints: the demo's complaints stand at every step of the workflow, one is past
// its deadline, and last month's are closed for the statistics.
func TestSeed_Complaints(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	if err := demo.Seed(ctx, db.Owner, io.Discard); err != nil {
		t.Fatal(err)
	}
	tx, err := db.Owner.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	tx.Exec(ctx, `SELECT set_config('app.tenant_id', (SELECT id::text FROM tenants), true)`)
	var statuses, overdue, closedLastMonth, events int
	err = tx.QueryRow(ctx, `SELECT
		(SELECT count(DISTINCT status) FROM complaints WHERE status IN ('open', 'dispatched', 'assigned', 'contacted', 'planned', 'instructed', 'accepted')),
		(SELECT count(DISTINCT complaint_id) FROM complaint_steps s JOIN complaints c ON c.tenant_id = s.tenant_id AND c.id = s.complaint_id
		 WHERE s.done_at IS NULL AND s.due_at < now() AND c.opened_at > now() - interval '1 day'
		   AND c.status NOT IN ('closed', 'not_accepted', 'void')),
		(SELECT count(*) FROM complaints WHERE status = 'closed'
		   AND date_trunc('month', closed_at) = date_trunc('month', now() - interval '1 month')),
		(SELECT count(*) FROM complaint_events)`).Scan(&statuses, &overdue, &closedLastMonth, &events)
	if err != nil {
		t.Fatal(err)
	}
	if statuses != 7 || overdue != 1 || closedLastMonth == 0 || events == 0 {
		t.Errorf("%d open steps shown, %d of today's overdue, %d closed last month, %d events: want every step, one overdue today, closed ones last month",
			statuses, overdue, closedLastMonth, events)
	}
}
