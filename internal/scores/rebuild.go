package scores

import (
	"context"

	"github.com/csidesk/csidesk/internal/postgres"
)

// recomputeSQL sums, from the raw answers, what the roll-ups of tenant $1 should hold: the newest
// answer to each scored question of every completed survey, by store, department, kind, ISO week
// and month in the store's time zone.
const recomputeSQL = `
	WITH cur AS (
		SELECT DISTINCT ON (survey_id, item_id) survey_id, item_id, value FROM survey_answers
		WHERE tenant_id = $1 ORDER BY survey_id, item_id, id DESC),
	pts AS (
		SELECT s.store_id, i.department_id, q.kind, (s.completed_at AT TIME ZONE st.time_zone) AS local,
		       s.id AS survey_id, i.weight,
		       cur.value * 100.0 / CASE i.scale WHEN 'five' THEN 5 WHEN 'ten' THEN 10 ELSE 1 END AS points
		FROM cur
		JOIN surveys s ON s.tenant_id = $1 AND s.id = cur.survey_id AND s.status = 'completed'
		JOIN questionnaire_items i ON i.tenant_id = $1 AND i.id = cur.item_id AND i.scale <> 'text'
		JOIN questionnaires q ON q.tenant_id = $1 AND q.id = s.questionnaire_id
		JOIN stores st ON st.tenant_id = $1 AND st.id = s.store_id
		WHERE cur.value IS NOT NULL),
	per_survey AS (
		SELECT store_id, department_id, kind, p.period, date_trunc(p.period, local)::date AS period_start,
		       survey_id, sum(weight) AS weights, sum(weight * points) AS points
		FROM pts CROSS JOIN (VALUES ('week'), ('month')) p(period)
		GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(weight) > 0)
	SELECT $1::bigint AS tenant_id, store_id, department_id, kind, period, period_start,
	       sum(weights) AS weight_sum, sum(points) AS points_sum, count(*)::int AS surveys
	FROM per_survey GROUP BY 2, 3, 4, 5, 6`

// Rebuilt says what a rebuild found: how many roll-up rows the raw answers call for, and how
// many of the kept ones differed from them (wrong, missing or extra).
type Rebuilt struct {
	Rows      int
	Different int
}

// Rebuild recomputes a tenant's roll-ups from the raw answers, counts the kept rows that differ,
// and replaces them, in one transaction.
func Rebuild(ctx context.Context, db *postgres.DB, tenantID int64) (Rebuilt, error) {
	var r Rebuilt
	tx, err := db.BeginTenant(ctx, tenantID)
	if err != nil {
		return r, err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE fresh ON COMMIT DROP AS `+recomputeSQL, tenantID); err != nil {
		return r, postgres.Err("scores.Rebuild: recompute", err)
	}
	err = tx.QueryRow(ctx, `
		SELECT (SELECT count(*) FROM fresh)::int, count(*)::int
		FROM fresh f FULL JOIN (SELECT * FROM score_rollups WHERE tenant_id = $1) k
		  USING (tenant_id, store_id, department_id, kind, period, period_start)
		WHERE f.surveys IS DISTINCT FROM k.surveys OR abs(f.weight_sum - k.weight_sum) > 0.0001
		   OR abs(f.points_sum - k.points_sum) > 0.01 OR f.weight_sum IS NULL OR k.weight_sum IS NULL`,
		tenantID).Scan(&r.Rows, &r.Different)
	if err != nil {
		return r, postgres.Err("scores.Rebuild: compare", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM score_rollups WHERE tenant_id = $1`, tenantID); err != nil {
		return r, postgres.Err("scores.Rebuild: clear", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO score_rollups (tenant_id, store_id, department_id, kind, period, period_start,
		weight_sum, points_sum, surveys) SELECT * FROM fresh`)
	if err != nil {
		return r, postgres.Err("scores.Rebuild: write", err)
	}
	return r, tx.Commit(ctx)
}
