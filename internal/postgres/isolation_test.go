package postgres_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// twoTenants returns a database with tenants A and B, each with one store.
func twoTenants(t *testing.T) (db *pgtest.DB, a, b, storeB int64) {
	t.Helper()
	db = pgtest.MustOpenDB(t)
	ctx := context.Background()
	ts := &tenancy.Service{DB: db.App}
	ids := make([]int64, 2)
	var storeIDs [2]int64
	for i, name := range []string{"A", "B"} {
		id, err := tenancy.CreateTenant(ctx, db.Owner, name)
		if err != nil {
			t.Fatal(err)
		}
		st := tenancy.NewStore()
		st.Name = "Store " + name
		if err := ts.CreateStore(ctx, id, &st); err != nil {
			t.Fatal(err)
		}
		ids[i], storeIDs[i] = id, st.ID
	}
	return db, ids[0], ids[1], storeIDs[1]
}

func count(t *testing.T, tx pgx.Tx, table string) int {
	t.Helper()
	var n int
	if err := tx.QueryRow(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestIsolation_TenantSeesOnlyItsRows: with tenant A set, B's rows are invisible and cannot be
// inserted, updated or deleted; with no tenant set, no rows at all.
func TestIsolation_TenantSeesOnlyItsRows(t *testing.T) {
	db, a, b, storeB := twoTenants(t)
	ctx := context.Background()
	tables := []string{"stores", "departments", "tenants"}

	t.Run("OK", func(t *testing.T) {
		tx, err := db.App.BeginTenant(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		for table, want := range map[string]int{"stores": 1, "departments": len(tenancy.StandardKinds), "tenants": 1} {
			if got := count(t, tx, table); got != want {
				t.Errorf("%s: count=%d, want %d (own rows only)", table, got, want)
			}
		}
	})
	t.Run("ErrInsertOtherTenant", func(t *testing.T) {
		tx, _ := db.App.BeginTenant(ctx, a)
		defer tx.Rollback(ctx)
		_, err := tx.Exec(ctx, `INSERT INTO stores (tenant_id, name) VALUES ($1, 'intruder')`, b)
		if err == nil {
			t.Error("insert into tenant B as tenant A: err=nil, want a row-level security violation")
		}
	})
	t.Run("ErrUpdateOtherTenant", func(t *testing.T) {
		tx, _ := db.App.BeginTenant(ctx, a)
		defer tx.Rollback(ctx)
		tag, err := tx.Exec(ctx, `UPDATE stores SET name = 'taken' WHERE tenant_id = $1 AND id = $2`, b, storeB)
		if err != nil || tag.RowsAffected() != 0 {
			t.Errorf("update tenant B's store as A: rows=%d err=%v, want 0 rows", tag.RowsAffected(), err)
		}
		tag, err = tx.Exec(ctx, `DELETE FROM departments WHERE tenant_id = $1`, b)
		if err != nil || tag.RowsAffected() != 0 {
			t.Errorf("delete tenant B's departments as A: rows=%d err=%v, want 0 rows", tag.RowsAffected(), err)
		}
		tag, err = tx.Exec(ctx, `UPDATE stores SET tenant_id = $1 WHERE tenant_id = $2`, b, a)
		if err == nil {
			t.Errorf("move A's store to B: rows=%d, want a row-level security violation", tag.RowsAffected())
		}
	})
	t.Run("ErrNoTenant", func(t *testing.T) {
		tx, err := db.App.Pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		for _, table := range tables {
			if got := count(t, tx, table); got != 0 {
				t.Errorf("%s with no tenant: count=%d, want 0", table, got)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO stores (tenant_id, name) VALUES ($1, 'x')`, a); err == nil {
			t.Error("insert with no tenant: err=nil, want a row-level security violation")
		}
	})
	t.Run("ErrTenantSettingDoesNotOutliveTransaction", func(t *testing.T) {
		conn, err := db.App.Pool.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Release()
		tx, _ := conn.Begin(ctx)
		tx.Exec(ctx, `SELECT set_config('app.scope', $1, true)`, strconv.FormatInt(a, 10)+";*;*;{}")
		tx.Commit(ctx)
		var n int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM stores`).Scan(&n); err != nil || n != 0 {
			t.Errorf("same connection after the transaction: count=%d err=%v, want 0", n, err)
		}
	})
}

// TestIsolation_ReadBatch: a batch sees only its tenant's rows, and the setting is gone for the
// next use of the pooled connection.
func TestIsolation_ReadBatch(t *testing.T) {
	db, a, _, _ := twoTenants(t)
	ctx := context.Background()
	var stores, after int
	err := db.App.ReadBatch(ctx, a, func(b *pgx.Batch) {
		b.Queue(`SELECT count(*) FROM stores`)
	}, func(br pgx.BatchResults) error {
		return br.QueryRow().Scan(&stores)
	})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.App.Pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM stores`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	var setting string
	if err := conn.QueryRow(ctx, `SELECT coalesce(current_setting('app.scope', true), '')`).Scan(&setting); err != nil {
		t.Fatal(err)
	}
	if stores != 1 || after != 0 || setting != "" {
		t.Errorf("batch saw %d stores, after it %d and setting %q; want 1, 0 and none", stores, after, setting)
	}
}
