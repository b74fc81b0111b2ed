package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// throughProxy opens the application's pool on db's database through a proxy the test can cut.
func throughProxy(t *testing.T, db *pgtest.DB) (*postgres.DB, *testkit.Proxy) {
	t.Helper()
	proxy, url := testkit.ProxyTo(t, db.AppURL)
	pool, err := postgres.Open(context.Background(), url)
	testkit.Must(t, err)
	t.Cleanup(pool.Close)
	return pool, proxy
}

// TestInTenantTx_Outage: a transaction whose connection is cut midway leaves nothing of what
// it wrote and fails as Unavailable; so do a transaction and a batch begun while the database
// is away; once it is back the same work succeeds.
func TestInTenantTx_Outage(t *testing.T) {
	db, _, b, storeB := twoTenants(t)
	pool, proxy := throughProxy(t, db)
	ctx := context.Background()
	insert := func(tx pgx.Tx, name string) error {
		_, err := tx.Exec(ctx, `INSERT INTO departments (tenant_id, store_id, kind, name) VALUES ($1, $2, $3, $4)`,
			b, storeB, tenancy.Other, name)
		return postgres.Err("insert", err)
	}
	err := pool.InTenantTx(ctx, b, func(tx pgx.Tx) error {
		if err := insert(tx, "Half"); err != nil {
			return err
		}
		proxy.Cut()
		return insert(tx, "Half 2")
	})
	if got := apperr.CodeOf(err); got != apperr.Unavailable {
		t.Errorf("cut midway: CodeOf(%v)=%v, want %v", err, got, apperr.Unavailable)
	}
	err = pool.InTenantTx(ctx, b, func(tx pgx.Tx) error { return insert(tx, "While away") })
	if got := apperr.CodeOf(err); got != apperr.Unavailable {
		t.Errorf("begun while away: CodeOf(%v)=%v, want %v", err, got, apperr.Unavailable)
	}
	err = pool.ReadBatch(ctx, b, func(b *pgx.Batch) { b.Queue(`SELECT 1`) }, func(pgx.BatchResults) error { return nil })
	if got := apperr.CodeOf(err); got != apperr.Unavailable {
		t.Errorf("batch while away: CodeOf(%v)=%v, want %v", err, got, apperr.Unavailable)
	}
	proxy.Restore()
	testkit.Must(t, pool.InTenantTx(ctx, b, func(tx pgx.Tx) error { return insert(tx, "Back") }))
	names, err := postgres.List[struct{ Name string }](ctx, db.App, b, "names",
		`SELECT name FROM departments WHERE tenant_id = $1 AND kind = $2 ORDER BY id`, tenancy.Other)
	testkit.Must(t, err)
	if len(names) != 1 || names[0].Name != "Back" {
		t.Errorf("departments written=%q, want only [Back]", names)
	}
}
