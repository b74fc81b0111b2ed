package postgres

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// retries is how many times InTenantTx runs a transaction again that lost a deadlock or a
// serialization conflict.
const retries = 2

// InTenantTx runs fn in one transaction begun by BeginTenant, as tenantID and in ctx's scope,
// and commits it when fn returns nil. When fn returns an error, or panics, the transaction is
// rolled back and fn's error (or the panic) goes on unchanged; the error of a failed begin or
// commit is returned as it is.
//
// A transaction that lost a deadlock or a serialization conflict (Retryable) is run again, whole,
// up to twice after a short random pause: fn may run more than once, so it must not change
// anything outside tx but what it sets afresh on every run. One that still fails is a passing
// failure (Err: Unavailable).
//
// It is the one shape for a user action's writes, and for a read that needs more than one
// statement: every change a request makes goes through one InTenantTx, so it commits whole or
// not at all. fn must not commit or roll back tx itself.
func (db *DB) InTenantTx(ctx context.Context, tenantID int64, fn func(pgx.Tx) error) error {
	for attempt := 0; ; attempt++ {
		err := db.runTx(ctx, tenantID, fn)
		if attempt == retries || !Retryable(err) || ctx.Err() != nil {
			return err
		}
		pause := time.Duration(10+rand.IntN(40)) * time.Millisecond << attempt
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
	}
}

// runTx runs fn once in a transaction and commits it when fn returns nil.
func (db *DB) runTx(ctx context.Context, tenantID int64, fn func(pgx.Tx) error) error {
	tx, err := db.BeginTenant(ctx, tenantID)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) // after a commit a no-op; on an error or a panic, the rollback
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// Retryable reports whether err is a transaction's loss of a deadlock (40P01) or of a
// serialization conflict (40001): the same transaction run again may well succeed.
func Retryable(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && (pg.Code == "40P01" || pg.Code == "40001")
}
