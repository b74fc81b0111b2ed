package followups_test

import (
	"context"
	"fmt"
	"io"
	"math"
	"testing"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/pgtest"
)

// TestRollups_EqualRecomputation: after the demo's six months of randomly answered surveys, every
// department's week and month roll-up equals a recomputation from the raw answers (the newest
// answer per question of each completed survey), periods taken in the store's time zone.
func TestRollups_EqualRecomputation(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	must(t, demo.Seed(ctx, db.Owner, io.Discard))
	key := func(store, dept int64, kind, period, start string) string {
		return fmt.Sprint(store, dept, kind, period, start)
	}
	type sums struct{ weights, points float64 }
	var tenantID int64
	must(t, db.Owner.Pool.QueryRow(ctx, `SELECT tenant_id FROM login_emails LIMIT 1`).Scan(&tenantID))
	read := func(sql string) map[string]sums {
		tx, err := db.Owner.BeginTenant(ctx, tenantID)
		must(t, err)
		defer tx.Rollback(ctx)
		rows, err := tx.Query(ctx, sql)
		must(t, err)
		out := map[string]sums{}
		for rows.Next() {
			var store, dept int64
			var kind, period, start string
			var s sums
			must(t, rows.Scan(&store, &dept, &kind, &period, &start, &s.weights, &s.points))
			out[key(store, dept, kind, period, start)] = s
		}
		must(t, rows.Err())
		return out
	}
	kept := read(`SELECT store_id, department_id, kind, period, period_start::text, weight_sum::float8, points_sum::float8
		FROM score_rollups`)
	raw := read(`
		WITH cur AS (
			SELECT DISTINCT ON (survey_id, item_id) survey_id, item_id, value FROM survey_answers
			ORDER BY survey_id, item_id, id DESC),
		pts AS (
			SELECT s.store_id, i.department_id, q.kind, (s.completed_at AT TIME ZONE st.time_zone) AS local, i.weight,
			       cur.value * 100.0 / CASE i.scale WHEN 'five' THEN 5 WHEN 'ten' THEN 10 ELSE 1 END AS points
			FROM cur
			JOIN surveys s ON s.id = cur.survey_id AND s.status = 'completed'
			JOIN questionnaire_items i ON i.id = cur.item_id AND i.scale <> 'text'
			JOIN questionnaires q ON q.id = s.questionnaire_id
			JOIN stores st ON st.id = s.store_id
			WHERE cur.value IS NOT NULL)
		SELECT store_id, department_id, kind, p.period, date_trunc(p.period, local)::date::text,
		       sum(weight)::float8, sum(weight * points)::float8
		FROM pts CROSS JOIN (VALUES ('week'), ('month')) p(period)
		GROUP BY 1, 2, 3, 4, 5 HAVING sum(weight) > 0`)
	if len(raw) < 20 || len(kept) != len(raw) {
		t.Fatalf("roll-ups %d, recomputed %d: want the same periods, and some", len(kept), len(raw))
	}
	for k, want := range raw {
		got := kept[k]
		if math.Abs(got.weights-want.weights) > 1e-6 || math.Abs(got.points-want.points) > 1e-3 {
			t.Errorf("%s: roll-up %+v, recomputed %+v", k, got, want)
		}
	}
}
