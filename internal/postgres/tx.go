package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// InTenantTx runs fn in one transaction begun by BeginTenant, as tenantID and in ctx's scope,
// and commits it when fn returns nil. When fn returns an error, or panics, the transaction is
// rolled back and fn's error (or the panic) goes on unchanged; the error of a failed begin or
// commit is returned as it is.
//
// It is the one shape for a user action's writes, and for a read that needs more than one
// statement: every change a request makes goes through one InTenantTx, so it commits whole or
// not at all. fn must not commit or roll back tx itself.
func (db *DB) InTenantTx(ctx context.Context, tenantID int64, fn func(pgx.Tx) error) error {
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
