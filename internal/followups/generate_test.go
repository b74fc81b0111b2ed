package followups_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// fixture is a store with the default rules, the generator on a clock the test moves, and two
// customers: one who had a car serviced, one who bought a car.
type fixture struct {
	db                *pgtest.DB
	svc               *followups.Service
	tenantID, storeID int64
	now               time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := pgtest.MustOpenDB(t)
	tenantID, err := tenancy.CreateTenant(ctx, db.Owner, "瑞丰")
	testkit.Must(t, err)
	st := tenancy.NewStore()
	st.Name = "瑞丰一店"
	ts := &tenancy.Service{DB: db.App, OnNewStore: tenancy.Hooks{followups.ApplyDefaultRules}}
	testkit.Must(t, ts.CreateStore(ctx, tenantID, &st))
	sh, _ := time.LoadLocation(tenancy.DefaultTimeZone)
	f := &fixture{db: db, tenantID: tenantID, storeID: st.ID, now: time.Date(2026, 11, 2, 10, 0, 0, 0, sh)}
	f.svc = &followups.Service{DB: db.App, Now: func() time.Time { return f.now }, Cooldown: 7}
	closed := time.Date(2026, 11, 1, 17, 30, 0, 0, sh)
	opened := closed.Add(-6 * time.Hour)
	load := func(k orders.Kind, r orders.Record) {
		_, err := (&orders.Service{DB: db.App}).Load(ctx, tenantID, st.ID, k, "import", []orders.Record{r}, false)
		testkit.Must(t, err)
	}
	load(orders.ServiceOrders, orders.Record{OrderNo: "RO-1", CustomerName: "张伟", Phone: "13800000001",
		VIN: "LSVAG2180E2100001", WorkType: "maintenance", OpenedAt: opened, ClosedAt: &closed})
	load(orders.Deliveries, orders.Record{OrderNo: "D-1", CustomerName: "李娜", Phone: "13800000002",
		VIN: "LSVAG2180E2100002", DeliveredOn: time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)})
	return f
}

func (f *fixture) tasks(t *testing.T) map[string]string {
	t.Helper()
	ctx := context.Background()
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	rows, err := tx.Query(ctx, `SELECT reason, status || ' ' || due_from || '..' || due_until FROM follow_up_tasks`)
	testkit.Must(t, err)
	out := map[string]string{}
	for rows.Next() {
		var reason, desc string
		testkit.Must(t, rows.Scan(&reason, &desc))
		out[reason] = desc
	}
	return out
}

func TestGenerate(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	res, err := f.svc.Generate(ctx, f.tenantID)
	testkit.Must(t, err)
	want := map[string]string{
		"service_survey":  "open 2026-11-02..2026-11-04",
		"sales_call":      "open 2026-11-03..2026-11-10",
		"purchase_survey": "open 2026-11-19..2026-11-24",
		"periodic_survey": "open 2027-04-30..2027-05-10",
	}
	if got := f.tasks(t); fmt.Sprint(got) != fmt.Sprint(want) || res.Created != 4 {
		t.Fatalf("created %d: %v, want 4: %v", res.Created, got, want)
	}
	t.Run("Idempotent", func(t *testing.T) {
		res, err := f.svc.Generate(ctx, f.tenantID)
		testkit.Must(t, err)
		if res.Created != 0 || len(f.tasks(t)) != 4 {
			t.Errorf("second run created %d, want 0", res.Created)
		}
	})
	t.Run("ExpiresAfterTheWindow", func(t *testing.T) {
		f.now = f.now.AddDate(0, 0, 15) // 17 November: the service survey's last day was the 16th
		res, err := f.svc.Generate(ctx, f.tenantID)
		testkit.Must(t, err)
		if got := f.tasks(t)["service_survey"]; res.Expired != 1 || got != "expired 2026-11-02..2026-11-04" {
			t.Errorf("expired %d, service survey %q, want it expired", res.Expired, got)
		}
	})
}

func TestGenerate_ConcurrentRunsMakeEachTaskOnce(t *testing.T) {
	f := newFixture(t)
	var wg sync.WaitGroup
	created := make([]int, 4)
	for i := range created {
		wg.Go(func() {
			res, err := f.svc.Generate(context.Background(), f.tenantID)
			if err != nil {
				t.Error(err)
			}
			created[i] = res.Created
		})
	}
	wg.Wait()
	total := 0
	for _, n := range created {
		total += n
	}
	if total != 4 || len(f.tasks(t)) != 4 {
		t.Errorf("runs created %v, want 4 tasks in all", created)
	}
}

func TestGenerate_RespectsDoNotContact(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	_, err = tx.Exec(ctx, `UPDATE customers SET do_not_contact = true, dnc_reason = 'sold_car' WHERE phone = '13800000001'`)
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
	res, err := f.svc.Generate(ctx, f.tenantID)
	testkit.Must(t, err)
	if _, ok := f.tasks(t)["service_survey"]; ok || res.Skipped[followups.NoConsent] != 2 {
		t.Errorf("tasks=%v skipped=%v, want none for the customer who sold the car", f.tasks(t), res.Skipped)
	}
}

// A run reads each kind of event as far back as the longest active rule for it reaches: a
// service survey whose rule keeps it open for 30 days is still made 3 weeks after the order.
func TestGenerate_ReadsAsFarAsTheLongestRule(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.now = f.now.AddDate(0, 0, 20) // 22 November: past the default 15 days
	res, err := f.svc.Generate(ctx, f.tenantID)
	testkit.Must(t, err)
	if _, ok := f.tasks(t)["service_survey"]; ok {
		t.Fatalf("made a service survey past the rule's expiry (created %d)", res.Created)
	}
	testkit.Must(t, f.svc.SaveRule(ctx, f.tenantID, followups.Rule{StoreID: f.storeID, Reason: followups.ServiceSurvey,
		Survey: "csi", StartDays: 1, EndDays: 3, ExpireDays: 30, Attempts: 3, Active: true, Channel: followups.ByPhone,
		LinkVia: followups.BySMS}))
	_, err = f.svc.Generate(ctx, f.tenantID)
	testkit.Must(t, err)
	if got := f.tasks(t)["service_survey"]; got == "" {
		t.Errorf("no service survey with a rule open for 30 days, tasks %v", f.tasks(t))
	}
}

// Birthdays within a week of today get a care call; one born on 29 February has it on the 28th
// in other years, and one nine days away has none yet.
func TestGenerate_Birthdays(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	testkit.Must(t, f.db.App.InTenantTx(ctx, f.tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			UPDATE customers SET birth_date = CASE WHEN name = '张伟' THEN date '1992-02-29' ELSE date '1985-03-08' END
			WHERE tenant_id = $1`, f.tenantID)
		return err
	}))
	f.now = time.Date(2027, 2, 27, 10, 0, 0, 0, f.now.Location())
	_, err := f.svc.Generate(ctx, f.tenantID)
	testkit.Must(t, err)
	var names []string
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	rows, err := tx.Query(ctx, `SELECT c.name || ' ' || t.due_from FROM follow_up_tasks t
		JOIN customers c ON c.tenant_id = t.tenant_id AND c.id = t.customer_id WHERE t.reason = 'birthday_care'`)
	testkit.Must(t, err)
	for rows.Next() {
		var n string
		testkit.Must(t, rows.Scan(&n))
		names = append(names, n)
	}
	if fmt.Sprint(names) != "[张伟 2027-02-28]" {
		t.Errorf("birthday calls %v, want [张伟 2027-02-28]", names)
	}
}
