package scores

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// recomputeSQL sums, from the raw answers, what the score roll-ups of tenant $1 should hold.
var recomputeSQL = `
	SELECT tenant_id, store_id, department_id, kind, period, period_start,
	       sum(weights) AS weight_sum, sum(points) AS points_sum, count(*)::int AS surveys
	FROM (` + contributions("true") + `) c GROUP BY tenant_id, store_id, department_id, kind, period, period_start`

// countsSQL counts, from the raw answers, the surveys behind each store's scores of tenant $1.
var countsSQL = `
	SELECT tenant_id, store_id, kind, period, period_start, count(DISTINCT survey_id)::int AS surveys
	FROM (` + contributions("true") + `) c GROUP BY tenant_id, store_id, kind, period, period_start`

// Rebuilt says what a rebuild found: how many score roll-up rows the raw answers call for and
// how many of the kept ones, and of the store's survey counts, differed from them (wrong,
// missing or extra), and how many sample rows differed from a count of the tasks, attempts
// and surveys.
type Rebuilt struct {
	Rows             int
	Different        int
	SamplesDifferent int
}

// rebuilt is a roll-up table, its columns, the query that recomputes them for tenant $1, its
// key, and the condition under which a kept row k differs from a fresh one f.
type rebuilt struct {
	table, columns, query, key, differs string
}

var (
	scoreTable = rebuilt{"score_rollups",
		"tenant_id, store_id, department_id, kind, period, period_start, weight_sum, points_sum, surveys",
		recomputeSQL, "tenant_id, store_id, department_id, kind, period, period_start",
		`f.surveys IS DISTINCT FROM k.surveys OR abs(f.weight_sum - k.weight_sum) > 0.0001
		 OR abs(f.points_sum - k.points_sum) > 0.01`}
	countTable = rebuilt{"score_survey_counts", "tenant_id, store_id, kind, period, period_start, surveys",
		countsSQL, "tenant_id, store_id, kind, period, period_start",
		`f.surveys IS DISTINCT FROM k.surveys`}
	sampleTable = rebuilt{"sample_rollups",
		"tenant_id, store_id, kind, period, period_start, required, attempted, reached, completed",
		samplesSQL, "tenant_id, store_id, kind, period, period_start",
		`(f.required, f.attempted, f.reached, f.completed) IS DISTINCT FROM (k.required, k.attempted, k.reached, k.completed)`}
)

// Rebuild recomputes a tenant's score roll-ups, survey counts and sample roll-ups from the raw
// data, counts the kept rows that differ, and replaces them, in one transaction.
func (s *Service) Rebuild(ctx context.Context, tenantID int64) (Rebuilt, error) {
	var r Rebuilt
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		r, err = rebuild(ctx, tx, tenantID)
		return err
	})
	return r, err
}

// Recount rebuilds the tenant's roll-ups in tx, the transaction that changed whether a store
// counts its event survey in CSI, so that its figures move with the setting.
func Recount(ctx context.Context, tx pgx.Tx, tenantID, _ int64) error {
	_, err := rebuild(ctx, tx, tenantID)
	return err
}

// rebuild is Rebuild in tx. It first takes the tenant's roll-up lock alone (rollupLock), waiting
// for the writes under way: a survey completed meanwhile is then counted once, by the rebuild,
// or after it under what the rebuild's transaction committed. Other groups write on.
func rebuild(ctx context.Context, tx pgx.Tx, tenantID int64) (r Rebuilt, err error) {
	_, err = tx.Exec(ctx, `SELECT pg_advisory_xact_lock(`+rollupLock+`)`, tenantID)
	if err != nil {
		return r, postgres.Err("scores.Rebuild: lock", err)
	}
	if r.Rows, r.Different, err = scoreTable.replace(ctx, tx, tenantID); err != nil {
		return r, err
	}
	_, counts, err := countTable.replace(ctx, tx, tenantID)
	if err != nil {
		return r, err
	}
	r.Different += counts
	if _, r.SamplesDifferent, err = sampleTable.replace(ctx, tx, tenantID); err != nil {
		return r, err
	}
	return r, changes.AnnounceGroup(ctx, tx, tenantID)
}

// replace writes the fresh rows in place of the kept ones and says how many fresh rows there
// are and how many kept rows differed. The kept rows are set aside for the comparison, and the
// fresh ones inserted straight from the raw data, in one statement that Citus runs whole on the
// group's worker (a write from a table of the coordinator's own would not pass row-level
// security there).
func (t rebuilt) replace(ctx context.Context, tx pgx.Tx, tenantID int64) (rows, different int, err error) {
	op := "scores.Rebuild " + t.table
	_, err = tx.Exec(ctx, `CREATE TEMP TABLE kept ON COMMIT DROP AS SELECT * FROM `+t.table+` WHERE tenant_id = $1`, tenantID)
	if err == nil {
		_, err = tx.Exec(ctx, `DELETE FROM `+t.table+` WHERE tenant_id = $1`, tenantID)
	}
	if err != nil {
		return 0, 0, postgres.Err(op+": set aside", err)
	}
	tag, err := tx.Exec(ctx, `INSERT INTO `+t.table+` (`+t.columns+`) `+t.query, tenantID)
	if err != nil {
		return 0, 0, postgres.Err(op+": write", err)
	}
	err = tx.QueryRow(ctx, fmt.Sprintf(`
		SELECT count(*)::int
		FROM (SELECT * FROM %s WHERE tenant_id = $1) f FULL JOIN kept k USING (%s)
		WHERE f.tenant_id IS NULL OR k.tenant_id IS NULL OR %s`, t.table, t.key, t.differs),
		tenantID).Scan(&different)
	if err == nil {
		_, err = tx.Exec(ctx, `DROP TABLE kept`)
	}
	return int(tag.RowsAffected()), different, postgres.Err(op+": compare", err)
}
