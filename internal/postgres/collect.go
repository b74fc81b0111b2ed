package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// List runs a query within one tenant and collects its rows into T by position; sql's first
// parameter is the tenant.
func List[T any](ctx context.Context, db *DB, tenantID int64, op, sql string, args ...any) ([]T, error) {
	tx, err := db.BeginTenant(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	rows, _ := tx.Query(ctx, sql, append([]any{tenantID}, args...)...)
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[T])
	if err != nil {
		return nil, Err(op, err)
	}
	return out, tx.Commit(ctx)
}

// One is List for a query of exactly one row; no row is a NotFound error.
func One[T any](ctx context.Context, db *DB, tenantID int64, op, sql string, args ...any) (T, error) {
	var zero T
	tx, err := db.BeginTenant(ctx, tenantID)
	if err != nil {
		return zero, err
	}
	defer tx.Rollback(ctx)
	rows, _ := tx.Query(ctx, sql, append([]any{tenantID}, args...)...)
	out, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[T])
	if err != nil {
		return zero, Err(op, err)
	}
	return out, tx.Commit(ctx)
}
