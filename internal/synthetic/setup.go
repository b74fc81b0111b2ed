package synthetic

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// group is one synthetic dealer group as created: its number (from 1), id, stores with the
// brand and region number of each, and its agent, who makes every call.
type group struct {
	No      int
	ID      int64
	Stores  []int64
	Brands  []int
	Regions []int
	AgentID int64
	// Surveys is how many completed surveys the group gets.
	Surveys int
}

// ErrCitus refuses a seed on a Citus cluster. The seed writes a chunk's rows with set-based
// statements that carry ids through temporary tables, which a Citus coordinator would pass
// through itself, and row-level security refuses that. A large synthetic database is seeded
// into a single PostgreSQL and then moved onto Citus (README, Scaling out), as make bench-citus
// does.
var ErrCitus = errors.New("synthetic: the seed runs on a single PostgreSQL only: seed one, then move it onto Citus with `csidesk migrate up` (README, Scaling out)")

// refuseExisting fails on a Citus cluster (ErrCitus) and when any synthetic group exists: a
// second run would only add to it.
func refuseExisting(ctx context.Context, owner *postgres.DB) error {
	if owner.OnCitus() {
		return ErrCitus
	}
	var names []string
	rows, _ := owner.Pool.Query(ctx, `SELECT name FROM tenants WHERE name LIKE 'Synthetic Group %' ORDER BY name`)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("synthetic: %w", err)
	}
	if len(names) > 0 {
		return fmt.Errorf("synthetic: the database has synthetic data already (%d groups, %s…): seed into a fresh database",
			len(names), names[0])
	}
	return nil
}

// createGroup creates group number no with its stores, made as the application makes them
// (standard departments, default questionnaires and follow-up rules), and one user per role,
// all with the password hash given.
func createGroup(ctx context.Context, owner *postgres.DB, no, stores int, hash string) (group, error) {
	g := group{No: no}
	var err error
	if g.ID, err = tenancy.CreateTenant(ctx, owner, GroupName(no)); err != nil {
		return g, err
	}
	ts := &tenancy.Service{DB: owner, OnNewStore: tenancy.Hooks{surveys.ApplyDefaults, followups.ApplyDefaultRules}}
	for i := range stores {
		st, b, r := storeOf(no, i)
		if err := ts.CreateStore(ctx, g.ID, &st); err != nil {
			return g, fmt.Errorf("synthetic: store %q: %w", st.Name, err)
		}
		g.Stores, g.Brands, g.Regions = append(g.Stores, st.ID), append(g.Brands, b), append(g.Regions, r)
	}
	depts, err := ts.Departments(ctx, g.ID, g.Stores[0])
	if err != nil {
		return g, err
	}
	as := auth.NewService(owner, time.Hour, time.Hour)
	for _, l := range Logins {
		id, err := createUser(ctx, owner, g.ID, auth.NewUser{Email: l.Email(no), Name: l.Name, Locale: "zh-CN", Password: Password}, hash)
		if err != nil {
			return g, err
		}
		if l.Role == auth.Agent {
			g.AgentID = id
		}
		for _, m := range memberships(l, id, g.Stores, depts) {
			if err := as.AddMembership(ctx, g.ID, &m); err != nil {
				return g, fmt.Errorf("synthetic: %s: %w", l.Email(no), err)
			}
		}
	}
	return g, nil
}

// memberships are a login's roles: across the group, in every store, or in a department of
// the first store.
func memberships(l Login, userID int64, stores []int64, depts []tenancy.Department) []auth.Membership {
	switch {
	case l.Dept != "":
		for _, d := range depts {
			if d.Kind == l.Dept {
				return []auth.Membership{{UserID: userID, Role: l.Role, StoreID: stores[0], DepartmentID: d.ID}}
			}
		}
		return nil
	case l.AllStores:
		ms := make([]auth.Membership, len(stores))
		for i, id := range stores {
			ms[i] = auth.Membership{UserID: userID, Role: l.Role, StoreID: id}
		}
		return ms
	}
	return []auth.Membership{{UserID: userID, Role: l.Role}}
}

// createUser inserts a user with a password hash made once for all (hashing is slow on
// purpose), with the address in the login directory, as auth.Service.CreateUser does.
func createUser(ctx context.Context, owner *postgres.DB, tenantID int64, nu auth.NewUser, hash string) (int64, error) {
	nu.Normalize()
	if err := nu.Validate(); err != nil {
		return 0, fmt.Errorf("synthetic: user %s: %w", nu.Email, err)
	}
	tx, err := owner.BeginTenant(ctx, tenantID)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO users (tenant_id, email, name, locale, password_hash)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, tenantID, nu.Email, nu.Name, nu.Locale, hash).Scan(&id)
	if err == nil {
		_, err = tx.Exec(ctx, `INSERT INTO login_emails (email, tenant_id) VALUES ($1, $2)`, nu.Email, tenantID)
	}
	if err != nil {
		return 0, postgres.Err("synthetic.createUser", err)
	}
	return id, tx.Commit(ctx)
}
