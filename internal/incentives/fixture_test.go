package incentives_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/incentives"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// fixture is a dealer group with a store in Shanghai (red line 95, minimum sample 5) and its
// standard departments, and in it: the after-sales manager (head), one of its staff (owner), a
// service advisor of after-sales (advisor) and the general manager (gm). The group's rules are
// SPEC §6's from January 2026. The clock stands at Wednesday 2026-12-09 10:00 in Shanghai.
type fixture struct {
	t        *testing.T
	db       *pgtest.DB
	svc      *incentives.Service
	now      time.Time
	tenantID int64
	store    tenancy.Store
	sales    int64
	after    int64
	users    map[string]int64
	customer int64
}

var shanghaiZone = tenancy.Location("Asia/Shanghai")

// month is the first day of a month, as statements name it.
func month(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, db: pgtest.MustOpenDB(t), users: map[string]int64{},
		now: time.Date(2026, 12, 9, 10, 0, 0, 0, shanghaiZone)}
	f.svc = &incentives.Service{DB: f.db.App, Now: func() time.Time { return f.now }}
	var err error
	f.tenantID, err = tenancy.CreateTenant(ctx, f.db.Owner, "瑞丰")
	testkit.Must(t, err)
	ts := &tenancy.Service{DB: f.db.App}
	f.store = tenancy.NewStore()
	f.store.Name, f.store.CSIThreshold, f.store.SSIThreshold, f.store.MinSample = "浦东店", 95, 95, 5
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
	f.addUsers()
	f.customer = f.id(`INSERT INTO customers (tenant_id, name, phone) VALUES ($1, '张伟', '13800000001') RETURNING id`, f.tenantID)
	_, err = f.svc.SaveRules(ctx, f.tenantID, f.users["gm"], month(2026, 1), incentives.ExampleRules(), "SPEC §6")
	testkit.Must(t, err)
	return f
}

// addUsers creates the fixture's people, each with an employee number.
func (f *fixture) addUsers() {
	as := auth.NewService(f.db.App, time.Hour, time.Hour)
	for name, m := range map[string]auth.Membership{
		"head":    {Role: auth.DeptManager, StoreID: f.store.ID, DepartmentID: f.after},
		"owner":   {Role: auth.Staff, StoreID: f.store.ID, DepartmentID: f.after},
		"advisor": {Role: auth.Staff, StoreID: f.store.ID, DepartmentID: f.after},
		"gm":      {Role: auth.GM, StoreID: f.store.ID},
	} {
		id, err := as.CreateUser(context.Background(), f.tenantID, auth.NewUser{Email: name + "@example.com", Name: name,
			Locale: "zh-CN", Password: "correct-horse"})
		testkit.Must(f.t, err)
		m.UserID = id
		testkit.Must(f.t, as.AddMembership(context.Background(), f.tenantID, &m))
		f.exec(`UPDATE users SET employee_no = 'E-' || $2 WHERE tenant_id = $1 AND id = $3`, f.tenantID, name, id)
		f.users[name] = id
	}
}

// exec runs a statement in the group as the application.
func (f *fixture) exec(sql string, args ...any) {
	f.t.Helper()
	testkit.Must(f.t, f.db.App.InTenantTx(context.Background(), f.tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), sql, args...)
		return err
	}))
}

// id runs an INSERT … RETURNING id in the group.
func (f *fixture) id(sql string, args ...any) int64 {
	f.t.Helper()
	var id int64
	testkit.Must(f.t, f.db.App.InTenantTx(context.Background(), f.tenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(context.Background(), sql, args...).Scan(&id)
	}))
	return id
}

// rollup sets a department's CSI month starting on start: n surveys scoring score.
func (f *fixture) rollup(department int64, start time.Time, score float64, n int) {
	f.exec(`INSERT INTO score_rollups (tenant_id, store_id, department_id, kind, period, period_start, weight_sum, points_sum, surveys)
		VALUES ($1, $2, $3, 'csi', 'month', $4, $5, $6, $7)`,
		f.tenantID, f.store.ID, department, start, 10*n, score*10*float64(n), n)
}

// complaint is a form against the department with the responsible person, in the status,
// closed at the time in Shanghai ("2006-01-02 15:04").
func (f *fixture) complaint(department int64, responsible, status, closed string) int64 {
	at, err := time.ParseInLocation("2006-01-02 15:04", closed, shanghaiZone)
	testkit.Must(f.t, err)
	id := f.id(`INSERT INTO complaints (tenant_id, store_id, customer_id, description, created_by, status,
		opened_at, closed_at, responsible_id)
		VALUES ($1, $2, $3, '服务态度差', $4, $5, $6, $6, $7) RETURNING id`,
		f.tenantID, f.store.ID, f.customer, f.users["gm"], status, at.Add(-48*time.Hour), f.users[responsible])
	f.exec(`INSERT INTO complaint_departments (tenant_id, complaint_id, store_id, department_id) VALUES ($1, $2, $3, $4)`,
		f.tenantID, id, f.store.ID, department)
	testkit.Must(f.t, f.db.App.InTenantTx(context.Background(), f.tenantID, func(tx pgx.Tx) error {
		return complaints.KeepDepartmentIDs(context.Background(), tx, f.tenantID, id)
	}))
	return id
}

// statement is the store's month as the service gives it.
func (f *fixture) statement(m time.Time) incentives.Statement {
	f.t.Helper()
	st, err := f.svc.Statement(context.Background(), f.tenantID, f.store.ID, m)
	testkit.Must(f.t, err)
	return st
}
