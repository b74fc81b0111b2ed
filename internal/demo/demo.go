// Package demo loads a demonstration dealer group: two stores with every department and, in
// each, one user of every role besides the group's administrator and general manager; and a few
// hundred customers with their cars, deliveries and service orders over the last six months,
// with realistic Chinese names; and the manufacturer's results of the last two quarters, with
// the improvement actions those below an average opened, at every stage; and SPEC §6's example
// incentive rules, with last month's statements approved.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Password is every demo user's password.
const Password = "Demo@2026"

// Login is one demo user and the role it shows.
type Login struct {
	Email string
	Name  string
	Role  auth.Role
	// Store is the index of the user's store in the demo stores; -1 for every store.
	Store int
	// Dept is the department kind of a department manager or staff member.
	Dept tenancy.DepartmentKind
}

// Logins are the demo users: the group's administrator and general manager, and in each store
// one user of every role. Tests refer to the first ones by index: add new ones at the end.
var Logins = []Login{
	{"admin@demo.csidesk.cn", "赵磊", auth.Admin, -1, ""},
	{"gm@demo.csidesk.cn", "王建国", auth.GM, -1, ""},
	{"csm@demo.csidesk.cn", "李娜", auth.CSManager, 0, ""},
	{"agent@demo.csidesk.cn", "陈晓燕", auth.Agent, 0, ""},
	{"manager@demo.csidesk.cn", "刘强", auth.DeptManager, 0, tenancy.AfterSales},
	{"staff@demo.csidesk.cn", "张伟", auth.Staff, 0, tenancy.AfterSales},
	{"sales@demo.csidesk.cn", "马骏", auth.DeptManager, 0, tenancy.Sales},
	{"agent2@demo.csidesk.cn", "周婷", auth.Agent, 1, ""},
	{"manager2@demo.csidesk.cn", "孙丽", auth.DeptManager, 1, tenancy.AfterSales},
	{"sales2@demo.csidesk.cn", "何欢", auth.DeptManager, 1, tenancy.Sales},
	{"csm2@demo.csidesk.cn", "许静", auth.CSManager, 1, ""},
	{"staff2@demo.csidesk.cn", "唐凯", auth.Staff, 1, tenancy.AfterSales},
	{"gm1@demo.csidesk.cn", "黄志明", auth.GM, 0, ""},
	{"gm2@demo.csidesk.cn", "林海峰", auth.GM, 1, ""},
}

var stores = []tenancy.Store{
	{Name: "瑞丰宝马浦东 4S 店", Brand: "BMW 宝马", Region: "上海", TimeZone: tenancy.DefaultTimeZone,
		SSIThreshold: tenancy.DefaultThreshold, CSIThreshold: tenancy.DefaultThreshold},
	{Name: "瑞丰丰田杭州 4S 店", Brand: "Toyota 丰田", Region: "浙江 杭州", TimeZone: tenancy.DefaultTimeZone,
		SSIThreshold: tenancy.DefaultThreshold, CSIThreshold: 92},
}

// GroupName is the demo dealer group's name.
const GroupName = "瑞丰汽车集团"

// Seed loads the demo group unless it is there already, and its customers and orders unless it
// has some (a group seeded by an earlier version has none), then writes the logins to out, and
// the first time a customer's open survey link at publicURL. db must be the schema owner's
// connection.
func Seed(ctx context.Context, db *postgres.DB, publicURL string, out io.Writer) error {
	var tenantID int64
	err := db.Pool.QueryRow(ctx, `SELECT tenant_id FROM login_emails WHERE email = $1`, Logins[0].Email).Scan(&tenantID)
	if errors.Is(err, pgx.ErrNoRows) {
		tenantID, err = load(ctx, db)
	}
	if err == nil {
		err = ensureLogins(ctx, db, tenantID)
	}
	if err != nil {
		return fmt.Errorf("demo.Seed: %w", err)
	}
	if err := seedCustomers(ctx, db, tenantID); err != nil {
		return err
	}
	if err := seedFollowUps(ctx, db, tenantID); err != nil {
		return err
	}
	if err := seedCalendars(ctx, db, tenantID, time.Now()); err != nil {
		return fmt.Errorf("demo.Seed: calendars: %w", err)
	}
	if err := seedComplaints(ctx, db, tenantID, time.Now()); err != nil {
		return fmt.Errorf("demo.Seed: complaints: %w", err)
	}
	if err := seedImprovement(ctx, db, tenantID, time.Now()); err != nil {
		return fmt.Errorf("demo.Seed: improvement: %w", err)
	}
	if err := seedIncentives(ctx, db, tenantID, time.Now()); err != nil {
		return fmt.Errorf("demo.Seed: incentives: %w", err)
	}
	if err := seedEventSurveys(ctx, db, tenantID, time.Now()); err != nil {
		return fmt.Errorf("demo.Seed: event surveys: %w", err)
	}
	open, err := seedLinks(ctx, db, tenantID, publicURL, time.Now())
	if err != nil {
		return fmt.Errorf("demo.Seed: survey links: %w", err)
	}
	fmt.Fprintf(out, "Demo dealer group %q. Log in with any of these (password %s):\n", GroupName, Password)
	for _, l := range Logins {
		fmt.Fprintf(out, "  %-26s %s (%s)\n", l.Email, l.Name, l.Role)
	}
	if open != "" {
		fmt.Fprintf(out, "A customer's survey link, open for a week (answer it as the customer would):\n  %s\n", open)
	}
	return nil
}

// load creates the demo group with its stores and users and returns its id.
func load(ctx context.Context, db *postgres.DB) (int64, error) {
	tenantID, err := tenancy.CreateTenant(ctx, db, GroupName)
	if err != nil {
		return 0, err
	}
	ts := &tenancy.Service{DB: db}
	for _, st := range stores {
		if err := ts.CreateStore(ctx, tenantID, &st); err != nil {
			return 0, err
		}
	}
	return tenantID, nil
}

// ensureLogins creates the demo users a group seeded by an earlier version lacks.
func ensureLogins(ctx context.Context, db *postgres.DB, tenantID int64) error {
	ts := &tenancy.Service{DB: db}
	list, err := ts.Stores(ctx, tenantID)
	if err != nil {
		return err
	}
	as := auth.NewService(db, time.Hour, time.Hour)
	for _, l := range Logins {
		var exists bool
		if err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM login_emails WHERE email = $1)`, l.Email).Scan(&exists); err != nil || exists {
			if err != nil {
				return err
			}
			continue
		}
		id, err := as.CreateUser(ctx, tenantID, auth.NewUser{Email: l.Email, Name: l.Name, Locale: "zh-CN", Password: Password})
		if err != nil {
			return err
		}
		m := auth.Membership{UserID: id, Role: l.Role}
		if l.Store >= 0 {
			st := storeNamed(list, stores[l.Store].Name)
			depts, err := departmentIDs(ctx, ts, tenantID, st)
			if err != nil {
				return err
			}
			m.StoreID, m.DepartmentID = st, depts[l.Dept]
		}
		if err := as.AddMembership(ctx, tenantID, &m); err != nil {
			return err
		}
	}
	return nil
}

func storeNamed(list []tenancy.Store, name string) int64 {
	for _, st := range list {
		if st.Name == name {
			return st.ID
		}
	}
	return 0
}

func departmentIDs(ctx context.Context, ts *tenancy.Service, tenantID, storeID int64) (map[tenancy.DepartmentKind]int64, error) {
	deps, err := ts.Departments(ctx, tenantID, storeID)
	if err != nil {
		return nil, err
	}
	ids := make(map[tenancy.DepartmentKind]int64, len(deps))
	for _, d := range deps {
		ids[d.Kind] = d.ID
	}
	return ids, nil
}

// person is a demo user as the services see whoever acts: the user and the roles they hold.
type person struct {
	UserID      int64
	Memberships []auth.Membership
}

// storeAgents maps each demo store to its demo agent.
func storeAgents(ctx context.Context, db *postgres.DB, tenantID int64) (map[int64]int64, error) {
	list, err := (&tenancy.Service{DB: db}).Stores(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	ppl, err := people(ctx, db, tenantID)
	agents := map[int64]int64{}
	for _, l := range Logins {
		if l.Role == auth.Agent && l.Store >= 0 {
			agents[storeNamed(list, stores[l.Store].Name)] = ppl[l.Email].UserID
		}
	}
	return agents, err
}

// people are the group's users with their roles, by e-mail.
func people(ctx context.Context, db *postgres.DB, tenantID int64) (map[string]person, error) {
	type member struct {
		Email        string
		UserID       int64
		Role         auth.Role
		StoreID      int64
		DepartmentID int64
	}
	members, err := postgres.List[member](ctx, db, tenantID, "demo.members", `
		SELECT u.email, u.id, m.role, coalesce(m.store_id, 0), coalesce(m.department_id, 0)
		FROM memberships m JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id WHERE m.tenant_id = $1`)
	out := map[string]person{}
	for _, m := range members {
		p := out[m.Email]
		p.UserID = m.UserID
		p.Memberships = append(p.Memberships, auth.Membership{UserID: m.UserID, Role: m.Role, StoreID: m.StoreID, DepartmentID: m.DepartmentID})
		out[m.Email] = p
	}
	return out, err
}
