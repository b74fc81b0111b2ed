package improve_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// fixture is a dealer group with a store in Shanghai (red line 95, minimum sample 5) and its
// standard departments, and in it: the after-sales department's manager (head) and one of its
// staff (owner), the store's customer-service manager (cs) and general manager (gm). The clock
// stands at Wednesday 2026-12-09 10:00 in Shanghai.
type fixture struct {
	t        *testing.T
	db       *pgtest.DB
	svc      *improve.Service
	now      time.Time
	tenantID int64
	store    tenancy.Store
	sales    int64 // the sales department
	after    int64 // the after-sales department
	users    map[string]int64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, db: pgtest.MustOpenDB(t), users: map[string]int64{},
		now: time.Date(2026, 12, 9, 10, 0, 0, 0, tenancy.Location("Asia/Shanghai"))}
	bundle, err := i18n.New()
	testkit.Must(t, err)
	f.svc = &improve.Service{DB: f.db.App, Now: func() time.Time { return f.now }, Notify: &notify.Service{Bundle: bundle}}
	f.tenantID, err = tenancy.CreateTenant(ctx, f.db.Owner, "瑞丰")
	testkit.Must(t, err)
	ts := &tenancy.Service{DB: f.db.App}
	f.store = tenancy.NewStore()
	f.store.Name = "浦东店"
	testkit.Must(t, ts.CreateStore(ctx, f.tenantID, &f.store))
	deps, err := ts.Departments(ctx, f.tenantID, f.store.ID)
	testkit.Must(t, err)
	for _, d := range deps {
		switch d.Kind {
		case tenancy.Sales:
			f.sales = d.ID
		case tenancy.AfterSales:
			f.after = d.ID
		}
	}
	as := auth.NewService(f.db.App, time.Hour, time.Hour)
	for name, m := range map[string]auth.Membership{
		"head":  {Role: auth.DeptManager, StoreID: f.store.ID, DepartmentID: f.after},
		"owner": {Role: auth.Staff, StoreID: f.store.ID, DepartmentID: f.after},
		"cs":    {Role: auth.CSManager, StoreID: f.store.ID},
		"gm":    {Role: auth.GM, StoreID: f.store.ID},
	} {
		id, err := as.CreateUser(ctx, f.tenantID, auth.NewUser{Email: name + "@example.com", Name: name, Locale: "zh-CN", Password: "correct-horse"})
		testkit.Must(t, err)
		m.UserID = id
		testkit.Must(t, as.AddMembership(ctx, f.tenantID, &m))
		f.users[name] = id
	}
	return f
}

// actor is a fixture person as the machine sees them.
func (f *fixture) actor(name string) improve.Actor {
	ms := map[string]auth.Membership{
		"head":  {Role: auth.DeptManager, StoreID: f.store.ID, DepartmentID: f.after},
		"owner": {Role: auth.Staff, StoreID: f.store.ID, DepartmentID: f.after},
		"cs":    {Role: auth.CSManager, StoreID: f.store.ID},
		"gm":    {Role: auth.GM, StoreID: f.store.ID},
	}
	return improve.Actor{UserID: f.users[name], Memberships: []auth.Membership{ms[name]}}
}

// exec runs a statement in the group as the application.
func (f *fixture) exec(sql string, args ...any) {
	f.t.Helper()
	testkit.Must(f.t, f.db.App.InTenantTx(context.Background(), f.tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), sql, args...)
		return err
	}))
}

// rollup sets a department's roll-up of a kind for the period starting on start: n surveys
// scoring score on a weight of 10 each.
func (f *fixture) rollup(department int64, kind, period, start string, score float64, n int) {
	f.t.Helper()
	f.exec(`INSERT INTO score_rollups (tenant_id, store_id, department_id, kind, period, period_start, weight_sum, points_sum, surveys)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (tenant_id, store_id, department_id, kind, period, period_start) DO UPDATE SET
			weight_sum = EXCLUDED.weight_sum, points_sum = EXCLUDED.points_sum, surveys = EXCLUDED.surveys`,
		f.tenantID, f.store.ID, department, kind, period, start, 10*n, score*10*float64(n), n)
}

// count counts rows of the group.
func (f *fixture) count(sql string, args ...any) int {
	f.t.Helper()
	var n int
	testkit.Must(f.t, f.db.App.InTenantTx(context.Background(), f.tenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(context.Background(), sql, append([]any{f.tenantID}, args...)...).Scan(&n)
	}))
	return n
}

// plan is a complete plan of the after-sales department owned by the owner, due in a week.
func (f *fixture) plan() improve.Plan {
	target := 95.0
	return improve.Plan{DepartmentID: f.after, Weakness: "保养等待时间过长", Target: &target,
		CauseAnalysis: "预约不均，高峰期工位不足", Measure: "高峰期增开快保工位，预约分流", OwnerID: f.users["owner"],
		DueOn: time.Date(2026, 12, 16, 0, 0, 0, 0, time.UTC)}
}

// today is the fixture's date in Shanghai.
func (f *fixture) today() time.Time {
	y, m, d := f.now.In(tenancy.Location("Asia/Shanghai")).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// create opens an action by hand from a score: the after-sales CSI of November 2026.
func (f *fixture) create(who string) int64 {
	f.t.Helper()
	id, err := f.svc.Create(context.Background(), f.tenantID, f.actor(who), f.scoreCause(), f.plan(), f.today())
	testkit.Must(f.t, err)
	return id
}

// scoreCause is the after-sales department's CSI of November 2026, as a score cell names it.
func (f *fixture) scoreCause() improve.Cause {
	return improve.Cause{Source: improve.FromScore, StoreID: f.store.ID, Kind: "csi", Period: "month",
		PeriodStart: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
}
