package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Reads gathers single-statement reads of one tenant that go to the database together in one
// round trip (Run): the independent reads of a page, each written where its domain keeps its
// SQL. The zero Reads is empty and ready.
type Reads struct {
	queue []func(b *pgx.Batch, tenantID int64)
	read  []func(pgx.BatchResults) error
}

// Add queues a read whose rows Run collects into dst by position; sql's first parameter is the
// tenant, which Run gives.
func Add[T any](r *Reads, dst *[]T, op, sql string, args ...any) {
	AddScanned(r, dst, pgx.RowToStructByPos[T], op, sql, args...)
}

// AddScanned is Add for rows that scan reads into a T of its own making.
func AddScanned[T any](r *Reads, dst *[]T, scan pgx.RowToFunc[T], op, sql string, args ...any) {
	r.add(sql, args, func(rows pgx.Rows) (err error) {
		*dst, err = pgx.CollectRows(rows, scan)
		return Err(op, err)
	})
}

// AddOne is Add for a read of exactly one row; no row is a NotFound error.
func AddOne[T any](r *Reads, dst *T, op, sql string, args ...any) {
	r.add(sql, args, func(rows pgx.Rows) (err error) {
		*dst, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[T])
		return Err(op, err)
	})
}

// AddBatch queues reads that queue puts in the batch for the tenant and read reads, for reads
// of more than one statement.
func (r *Reads) AddBatch(queue func(b *pgx.Batch, tenantID int64), read func(pgx.BatchResults) error) {
	r.queue, r.read = append(r.queue, queue), append(r.read, read)
}

func (r *Reads) add(sql string, args []any, collect func(pgx.Rows) error) {
	r.queue = append(r.queue, func(b *pgx.Batch, tenantID int64) {
		b.Queue(sql, append([]any{tenantID}, args...)...)
	})
	r.read = append(r.read, func(br pgx.BatchResults) error {
		rows, _ := br.Query()
		return collect(rows)
	})
}

// Run runs the reads as tenantID, in ctx's scope, in one round trip (ReadBatch), and stops at
// the first that fails.
func (db *DB) Run(ctx context.Context, tenantID int64, r *Reads) error {
	return db.ReadBatch(ctx, tenantID, func(b *pgx.Batch) {
		for _, q := range r.queue {
			q(b, tenantID)
		}
	}, func(br pgx.BatchResults) error {
		for _, read := range r.read {
			if err := read(br); err != nil {
				return err
			}
		}
		return nil
	})
}
