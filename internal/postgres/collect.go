package postgres

import (
	"context"
)

// List runs a query within one tenant and collects its rows into T by position; sql's first
// parameter is the tenant. The query goes with the statement that sets the tenant, in one round
// trip (Run).
func List[T any](ctx context.Context, db *DB, tenantID int64, op, sql string, args ...any) ([]T, error) {
	var out []T
	var r Reads
	Add(&r, &out, op, sql, args...)
	return out, db.Run(ctx, tenantID, &r)
}

// One is List for a query of exactly one row; no row is a NotFound error.
func One[T any](ctx context.Context, db *DB, tenantID int64, op, sql string, args ...any) (T, error) {
	var out T
	var r Reads
	AddOne(&r, &out, op, sql, args...)
	return out, db.Run(ctx, tenantID, &r)
}
