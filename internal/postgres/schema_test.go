package postgres_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/postgres"
)

// globalTables are the only tables not owned by a tenant.
var globalTables = []string{
	"tenants",            // the dealer groups themselves; RLS shows the app only its own row
	"login_emails",       // e-mail → dealer group, read before any tenant is known
	"survey_link_tokens", // survey link token → dealer group, read before any tenant is known
	"login_failures",     // throttling by account and client address, before a tenant is known
	"schema_migrations",  // golang-migrate's bookkeeping
	// River's job queue: a job names its tenant in its arguments and sets it for its own work
	"river_job", "river_leader", "river_migration", "river_notification", "river_queue",
}

// TestSchema_TenantOwnedTables reads pg_catalog: every table but the global ones leads its
// primary key with tenant_id NOT NULL, includes tenant_id in every foreign key and every unique
// key or index (so that each stays checkable within one group's shard on a distributed engine),
// and has row-level security enabled and forced with a policy.
func TestSchema_TenantOwnedTables(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	rows, _ := db.Owner.Pool.Query(ctx, `
		SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
		       (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid),
		       coalesce((SELECT a.attname = 'tenant_id' AND a.attnotnull
		                 FROM pg_constraint k JOIN pg_attribute a
		                   ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
		                 WHERE k.conrelid = c.oid AND k.contype = 'p'), false),
		       (SELECT count(*) FROM pg_constraint k
		         WHERE k.conrelid = c.oid AND k.contype = 'f'
		           AND NOT EXISTS (SELECT FROM pg_attribute a
		                           WHERE a.attrelid = c.oid AND a.attnum = ANY (k.conkey)
		                             AND a.attname = 'tenant_id')),
		       coalesce((SELECT array_agg(i.indexrelid::regclass::text ORDER BY 1) FROM pg_index i
		                 WHERE i.indrelid = c.oid AND i.indisunique
		                   AND NOT EXISTS (SELECT FROM pg_attribute a
		                                   WHERE a.attrelid = c.oid AND a.attnum = ANY (i.indkey)
		                                     AND a.attname = 'tenant_id')), '{}')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
		ORDER BY 1`)
	type table struct {
		Name                     string
		RLS, Forced              bool
		Policies                 int
		TenantLeads              bool
		ForeignKeysMissingTenant int
		UniqueMissingTenant      []string
	}
	tables, err := pgx.CollectRows(rows, pgx.RowToStructByPos[table])
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 5 {
		t.Fatalf("found %d tables, want the migrated schema", len(tables))
	}
	for _, tb := range tables {
		if slices.Contains(globalTables, tb.Name) {
			continue
		}
		if !tb.TenantLeads {
			t.Errorf("%s: primary key does not lead with tenant_id NOT NULL", tb.Name)
		}
		if tb.ForeignKeysMissingTenant > 0 {
			t.Errorf("%s: %d foreign keys without tenant_id", tb.Name, tb.ForeignKeysMissingTenant)
		}
		if len(tb.UniqueMissingTenant) > 0 {
			t.Errorf("%s: unique keys or indexes without tenant_id: %v", tb.Name, tb.UniqueMissingTenant)
		}
		if !tb.RLS || !tb.Forced || tb.Policies == 0 {
			t.Errorf("%s: RLS=%v forced=%v policies=%d, want enabled, forced, with a policy",
				tb.Name, tb.RLS, tb.Forced, tb.Policies)
		}
	}
}

// TestSchema_Distributable reads pg_catalog: every table is distributed by tenant_id (it has
// the column and is no reference or local table of postgres.Distribute), or is one of those
// lists; the lists name only tables that exist (River's optional ones aside) and hold every
// global table; and no table to distribute has a trigger of its own, which Citus refuses (change
// notices come from the writers, internal/changes). A new table cannot break distribution
// unnoticed.
func TestSchema_Distributable(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	rows, _ := db.Owner.Pool.Query(context.Background(), `
		SELECT c.relname,
		       EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped),
		       coalesce((SELECT array_agg(g.tgname ORDER BY g.tgname) FROM pg_trigger g
		                 WHERE g.tgrelid = c.oid AND NOT g.tgisinternal
		                   AND g.tgfoid::regproc::text NOT LIKE '%citus%'), '{}') -- Citus's own, once distributed
		FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
		ORDER BY 1`)
	type table struct {
		Name     string
		Tenant   bool
		Triggers []string
	}
	tables, err := pgx.CollectRows(rows, pgx.RowToStructByPos[table])
	if err != nil {
		t.Fatal(err)
	}
	apart := append(append([]string{}, postgres.ReferenceTables...), postgres.LocalTables...)
	var names []string
	for _, tb := range tables {
		names = append(names, tb.Name)
		switch {
		case slices.Contains(apart, tb.Name):
		case !tb.Tenant:
			t.Errorf("%s: no tenant_id, and not a reference or local table of postgres.Distribute", tb.Name)
		case len(tb.Triggers) > 0:
			t.Errorf("%s: triggers %v on a table to distribute", tb.Name, tb.Triggers)
		}
	}
	for _, name := range apart {
		if !slices.Contains(names, name) && !strings.HasPrefix(name, "river_") {
			t.Errorf("postgres.Distribute names %s, which is not in the schema", name)
		}
	}
	for _, name := range globalTables {
		if !slices.Contains(apart, name) {
			t.Errorf("global table %s is neither a reference nor a local table of postgres.Distribute", name)
		}
	}
}

// TestSchema_AppRole checks that the application's role owns nothing and cannot bypass RLS.
func TestSchema_AppRole(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	var super, bypass bool
	var owned int
	err := db.App.Pool.QueryRow(ctx, `
		SELECT r.rolsuper, r.rolbypassrls,
		       (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid)
		FROM pg_roles r WHERE r.rolname = current_user`).Scan(&super, &bypass, &owned)
	if err != nil {
		t.Fatal(err)
	}
	if super || bypass || owned != 0 {
		t.Errorf("app role: superuser=%v bypassrls=%v owns %d relations, want false, false, 0", super, bypass, owned)
	}
}

// storeDirectoryTables name a store without being its rows: who holds a role where.
var storeDirectoryTables = []string{"memberships"}

// TestSchema_StoreOwnedTablesScoped reads pg_catalog: every table with a store (a store_id
// column, and the stores themselves) has the store_scope policy, which reads the scope settings,
// and no other policy that could show rows past it.
func TestSchema_StoreOwnedTablesScoped(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	rows, _ := db.Owner.Pool.Query(context.Background(), `
		SELECT c.relname, array_agg(p.polname ORDER BY p.polname)::text[],
		       bool_and(pg_get_expr(p.polqual, p.polrelid) LIKE '%scope_ids%')
		FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid
		WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
		  AND (c.relname = 'stores' OR EXISTS (SELECT FROM pg_attribute a
		                                       WHERE a.attrelid = c.oid AND a.attname = 'store_id'))
		GROUP BY c.relname ORDER BY 1`)
	type table struct {
		Name     string
		Policies []string
		Scoped   bool
	}
	tables, err := pgx.CollectRows(rows, pgx.RowToStructByPos[table])
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 15 {
		t.Fatalf("found %d tables with a store, want the migrated schema", len(tables))
	}
	for _, tb := range tables {
		if slices.Contains(storeDirectoryTables, tb.Name) {
			continue
		}
		if !slices.Equal(tb.Policies, []string{"store_scope"}) || !tb.Scoped {
			t.Errorf("%s: policies %v (scope read: %v), want store_scope alone", tb.Name, tb.Policies, tb.Scoped)
		}
	}
}
