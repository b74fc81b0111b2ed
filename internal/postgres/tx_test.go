package postgres_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// TestInTenantTx: fn runs as the tenant and in ctx's scope; its writes commit when it returns
// nil and are rolled back when it returns an error or panics, and its error comes back as it is.
func TestInTenantTx(t *testing.T) {
	db, _, b, storeB := twoTenants(t)
	ctx := context.Background()
	insert := func(name string) func(pgx.Tx) error {
		return func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO departments (tenant_id, store_id, kind, name) VALUES ($1, $2, $3, $4)`,
				b, storeB, tenancy.Other, name)
			return err
		}
	}
	t.Run("TenantAndScopeSet", func(t *testing.T) {
		var tenant, stores string
		err := db.App.InTenantTx(postgres.WithScope(ctx, postgres.StoreScope(storeB)), b, func(tx pgx.Tx) error {
			return tx.QueryRow(ctx, `SELECT current_tenant_id()::text, scope_ids('app.stores')::text`).
				Scan(&tenant, &stores)
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := itoa(b); tenant != want {
			t.Errorf("tenant=%q, want %q", tenant, want)
		}
		if want := "{" + itoa(storeB) + "}"; stores != want {
			t.Errorf("stores=%q, want %q", stores, want)
		}
	})
	t.Run("CommitsOnNil", func(t *testing.T) {
		if err := db.App.InTenantTx(ctx, b, insert("Committed")); err != nil {
			t.Fatal(err)
		}
		if n := departments(t, db, b, "Committed"); n != 1 {
			t.Errorf("departments=%d, want the committed one", n)
		}
	})
	t.Run("RollsBackOnError", func(t *testing.T) {
		errStop := errors.New("stop")
		err := db.App.InTenantTx(ctx, b, func(tx pgx.Tx) error {
			if err := insert("Rolled back")(tx); err != nil {
				return err
			}
			return errStop
		})
		if err != errStop {
			t.Errorf("err=%v, want fn's error unchanged", err)
		}
		if n := departments(t, db, b, "Rolled back"); n != 0 {
			t.Errorf("departments=%d, want none", n)
		}
	})
	t.Run("RollsBackOnPanic", func(t *testing.T) {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("no panic, want fn's panic to go on")
				}
			}()
			_ = db.App.InTenantTx(ctx, b, func(tx pgx.Tx) error {
				if err := insert("Panicked")(tx); err != nil {
					return err
				}
				panic("fn panics")
			})
		}()
		if n := departments(t, db, b, "Panicked"); n != 0 {
			t.Errorf("departments=%d, want none", n)
		}
	})
	t.Run("ErrBegin", func(t *testing.T) {
		canceled, cancel := context.WithCancel(ctx)
		cancel()
		ran := false
		err := db.App.InTenantTx(canceled, b, func(pgx.Tx) error { ran = true; return nil })
		if err == nil || ran {
			t.Errorf("err=%v ran=%v, want the begin's error and fn not run", err, ran)
		}
	})
}

// TestInTenantTx_Retries: two transactions that lock two rows in opposite orders deadlock;
// PostgreSQL ends one, which InTenantTx runs again, whole, and both commit. A transaction that
// keeps failing for a conflict is run three times in all, then its error comes back.
func TestInTenantTx_Retries(t *testing.T) {
	db, _, b, storeB := twoTenants(t)
	ctx := context.Background()
	var ids [2]int64
	for i, name := range []string{"Left", "Right"} {
		err := db.App.InTenantTx(ctx, b, func(tx pgx.Tx) error {
			return tx.QueryRow(ctx, `INSERT INTO departments (tenant_id, store_id, kind, name) VALUES ($1, $2, $3, $4) RETURNING id`,
				b, storeB, tenancy.Other, name).Scan(&ids[i])
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Run("Deadlock", func(t *testing.T) {
		if pgtest.Citus() {
			t.Skip("Citus's own deadlock detection across nodes may cancel both sides of a local deadlock")
		}
		var runs atomic.Int32
		var locked sync.WaitGroup
		locked.Add(2)
		lock := func(tx pgx.Tx, id int64) error {
			_, err := tx.Exec(ctx, `UPDATE departments SET name = name || '.' WHERE tenant_id = $1 AND id = $2`, b, id)
			return err
		}
		work := func(first, second int64) func(pgx.Tx) error {
			once := sync.OnceFunc(locked.Done)
			return func(tx pgx.Tx) error {
				runs.Add(1)
				if err := lock(tx, first); err != nil {
					return err
				}
				once()
				locked.Wait()
				return lock(tx, second)
			}
		}
		errs := make(chan error, 2)
		go func() { errs <- db.App.InTenantTx(ctx, b, work(ids[0], ids[1])) }()
		go func() { errs <- db.App.InTenantTx(ctx, b, work(ids[1], ids[0])) }()
		for range 2 {
			if err := <-errs; err != nil {
				t.Errorf("err=%v, want both transactions committed", err)
			}
		}
		if n := runs.Load(); n != 3 {
			t.Errorf("runs=%d, want 3: each once, and the deadlock's loser again", n)
		}
	})
	t.Run("GivesUp", func(t *testing.T) {
		runs := 0
		err := db.App.InTenantTx(ctx, b, func(pgx.Tx) error {
			runs++
			return &pgconn.PgError{Code: "40001"}
		})
		if runs != 3 || !postgres.Retryable(err) {
			t.Errorf("runs=%d err=%v, want 3 runs and the conflict's error", runs, err)
		}
	})
}

// departments counts tenantID's departments named name, as seen from a new transaction.
func departments(t *testing.T, db *pgtest.DB, tenantID int64, name string) int {
	t.Helper()
	ctx := context.Background()
	var n int
	err := db.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT count(*) FROM departments WHERE name = $1`, name).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
