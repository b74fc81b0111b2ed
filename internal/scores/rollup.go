package scores

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// contributionsSQL sums, from the raw answers of the completed surveys that match {filter}, what
// each survey adds to its departments' roll-ups: the newest answer to each scored question, by
// store, department, kind counted in, ISO week and month in the store's time zone, with the
// survey's channel. $1 is the tenant; each row carries it from the surveys' own tenant_id, and
// the newest answers are told apart by it too, so that an INSERT of them runs whole on the
// group's shards on Citus.
var contributionsSQL = `
	WITH cur AS (
		SELECT DISTINCT ON (tenant_id, survey_id, item_id) tenant_id, survey_id, item_id, value FROM survey_answers
		WHERE tenant_id = $1 AND {answers} ORDER BY tenant_id, survey_id, item_id, id DESC),
	pts AS (
		SELECT s.tenant_id, s.store_id, i.department_id, ` + countedKind("q.kind") + ` AS kind,
		       (s.completed_at AT TIME ZONE st.time_zone) AS local, s.id AS survey_id, s.channel, i.weight,
		       ` + pointsSQL + ` AS points
		FROM cur
		JOIN surveys s ON s.tenant_id = $1 AND s.id = cur.survey_id AND s.status = 'completed'
		JOIN questionnaire_items i ON i.tenant_id = $1 AND i.id = cur.item_id AND i.scale <> 'text'
		JOIN questionnaires q ON q.tenant_id = $1 AND q.id = s.questionnaire_id
		JOIN stores st ON st.tenant_id = $1 AND st.id = s.store_id
		WHERE cur.value IS NOT NULL)
	SELECT tenant_id, store_id, department_id, kind, p.period, date_trunc(p.period, local)::date AS period_start,
	       survey_id, channel, sum(weight) AS weights, sum(weight * points) AS points
	FROM pts CROSS JOIN (VALUES ('week'), ('month')) p(period)
	GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(weight) > 0`

// countedKind is the kind of roll-up that answers to a questionnaire of kind col count in, in
// the store aliased st: the event survey counts apart, as 'event', unless the store counts it
// in its CSI.
func countedKind(col string) string {
	return `CASE WHEN ` + col + ` = 'event' AND st.event_in_csi THEN 'csi' ELSE ` + col + ` END`
}

func contributions(answers string) string {
	return strings.Replace(contributionsSQL, "{answers}", answers, 1)
}

// Add adds a completed survey's answers to its departments' week and month roll-ups (sign 1),
// or takes them out again (sign -1) before the survey is voided, and counts it in (or out of)
// the store's surveys of those periods; a roll-up or count left with no survey is removed. It
// runs in the caller's transaction, so that scores change with the survey. The roll-ups, then
// the counts, are written in the order of their key, so that two surveys completed at once lock
// the rows they share in the same order and never deadlock.
func Add(ctx context.Context, tx pgx.Tx, tenantID, surveyID int64, sign int) error {
	if err := writing(ctx, tx, tenantID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO score_rollups AS r (tenant_id, store_id, department_id, kind, period, period_start,
		                                weight_sum, points_sum, surveys)
		SELECT $1::bigint, store_id, department_id, kind, period, period_start, $3::int * weights, $3::int * points, $3::int
		FROM (`+contributions("survey_id = $2")+`) c
		ORDER BY store_id, department_id, kind, period, period_start
		ON CONFLICT (tenant_id, store_id, department_id, kind, period, period_start) DO UPDATE SET
			weight_sum = r.weight_sum + EXCLUDED.weight_sum,
			points_sum = r.points_sum + EXCLUDED.points_sum,
			surveys = r.surveys + EXCLUDED.surveys`, tenantID, surveyID, sign)
	var stores []int64
	if err == nil {
		// every survey that adds to a roll-up is counted, so the counts name the store
		stores, err = changes.Stores(ctx, tx, `
			INSERT INTO score_survey_counts AS r (tenant_id, store_id, kind, period, period_start, surveys)
			SELECT DISTINCT $1::bigint, store_id, kind, period, period_start, $3::int
			FROM (`+contributions("survey_id = $2")+`) c
			ORDER BY 2, 3, 4, 5
			ON CONFLICT (tenant_id, store_id, kind, period, period_start) DO UPDATE SET
				surveys = r.surveys + EXCLUDED.surveys
			RETURNING store_id`, tenantID, surveyID, sign)
	}
	if err == nil && sign < 0 {
		err = removeEmpty(ctx, tx, tenantID, surveyID)
	}
	if err == nil {
		err = changes.Announce(ctx, tx, tenantID, stores...)
	}
	return postgres.Err("scores.Add", err)
}

// rollupLock is the advisory lock of tenant $1's roll-ups: held shared by the transactions that
// write them (writing), side by side, and alone by a rebuild.
const rollupLock = `hashtext('scores.rollups'), $1::int`

// writing takes the tenant's roll-up lock shared in tx, before it writes roll-ups.
func writing(ctx context.Context, tx pgx.Tx, tenantID int64) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock_shared(`+rollupLock+`)`, tenantID)
	return postgres.Err("scores: roll-up lock", err)
}

// removeEmpty removes the roll-ups and counts of the survey's store that no survey is left in.
func removeEmpty(ctx context.Context, tx pgx.Tx, tenantID, surveyID int64) error {
	for _, table := range []string{"score_rollups", "score_survey_counts"} {
		_, err := tx.Exec(ctx, `DELETE FROM `+table+`
			WHERE tenant_id = $1 AND store_id = (SELECT store_id FROM surveys WHERE tenant_id = $1 AND id = $2)
			  AND surveys <= 0`, tenantID, surveyID)
		if err != nil {
			return err
		}
	}
	return nil
}
