package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// List runs a query within one tenant and collects its rows into T by position; sql's first
// parameter is the tenant.
func List[T any](ctx context.Context, db *DB, tenantID int64, op, sql string, args ...any) ([]T, error) {
	var out []T
	err := db.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		rows, _ := tx.Query(ctx, sql, append([]any{tenantID}, args...)...)
		out, err = pgx.CollectRows(rows, pgx.RowToStructByPos[T])
		return Err(op, err)
	})
	return out, err
}

// One is List for a query of exactly one row; no row is a NotFound error.
func One[T any](ctx context.Context, db *DB, tenantID int64, op, sql string, args ...any) (T, error) {
	var out T
	err := db.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, sql, append([]any{tenantID}, args...)...)
		row, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[T])
		if err != nil {
			return Err(op, err)
		}
		out = row
		return nil
	})
	return out, err
}
