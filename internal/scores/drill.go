package scores

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/surveys"
)

// pointsSQL is an answer's points from 0 to 100 on its item's scale (SPEC §4). It compares with
// CASE WHEN: the roll-ups insert it, and Citus garbles a CASE of one value (CASE x WHEN …) in a
// statement that writes.
const pointsSQL = `value * 100.0 / CASE WHEN i.scale = 'five' THEN 5 WHEN i.scale = 'ten' THEN 10 ELSE 1 END`

// drillSQL picks the scored answers behind a figure: the newest answer to each scored item of
// the department ($6, 0 for every department) in the store's ($2) surveys that count in the
// kind ($3), completed in [$4, $5); {rest} reads them as pts.
var drillSQL = `
	WITH sv AS MATERIALIZED (
		SELECT s.id, s.task_id, s.customer_id, s.agent_id, s.completed_at, s.score
		FROM surveys s JOIN questionnaires q ON q.tenant_id = $1 AND q.id = s.questionnaire_id
		JOIN stores st ON st.tenant_id = $1 AND st.id = s.store_id
		WHERE s.tenant_id = $1 AND s.store_id = $2 AND s.status = 'completed'
		  AND s.completed_at >= $4 AND s.completed_at < $5 AND ` + countedKind("q.kind") + ` = $3),
	ans AS MATERIALIZED (
		SELECT DISTINCT ON (a.survey_id, a.item_id) a.survey_id, a.item_id, a.value
		FROM survey_answers a JOIN sv ON sv.id = a.survey_id
		WHERE a.tenant_id = $1 ORDER BY a.survey_id, a.item_id, a.id DESC),
	pts AS (
		SELECT ans.survey_id, i.id AS item_id, i.name_zh, i.name_en, i.department_id, i.weight::float8 AS weight,
		       (` + strings.ReplaceAll(pointsSQL, "value", "ans.value") + `)::float8 AS points
		FROM ans JOIN questionnaire_items i ON i.tenant_id = $1 AND i.id = ans.item_id AND i.scale <> 'text'
		WHERE ans.value IS NOT NULL AND i.weight > 0 AND ($6 = 0 OR i.department_id = $6))
	{rest}`

// ItemScore is one question's mean points in a figure: the items of every version that share
// its short name (NameZH).
type ItemScore struct {
	ItemID       int64 // one version's item: the drill-down's filter
	NameZH       string
	NameEN       string
	Weight       float64
	Answers      int
	Score        float64
	DepartmentID int64 // the department the newest version is scored for
}

// Group is a figure for a person or a customer segment.
type Group struct {
	Name    string
	Surveys int
	Score   float64
}

// Staff is the ranking of the people the surveys are about.
type Staff struct {
	Role   string // sales_consultant, advisor or workshop_group
	People []Group
}

// Segments is a figure by customer age band, gender and region.
type Segments struct {
	Age, Gender, Region []Group
}

// SurveyRow is one survey behind a figure: its score for the department (or the item the
// drill-down is filtered on), and the call it came from.
type SurveyRow struct {
	ID          int64
	TaskID      int64
	CompletedAt string
	Customer    string
	Agent       string // "" when the customer answered through a link
	Score       float64
}

// StaffRoles are the people a drill-down ranks: sales consultants for SSI, service advisors
// and workshop groups for CSI.
var StaffRoles = []string{"sales_consultant", "advisor", "workshop_group"}

// AgeBands are the customer age bands of a drill-down.
var AgeBands = []string{"under_30", "30_39", "40_49", "50_59", "60_plus", "unknown"}

// Drill is what lies behind a figure.
type Drill struct {
	Items    []ItemScore // lowest first
	Staff    []Staff
	Segments Segments
	Surveys  []SurveyRow // lowest first
	More     bool        // more surveys than SurveyCap
}

// SurveyCap bounds the surveys a drill-down lists.
const SurveyCap = 200

// ReadDrill reads what lies behind a figure; itemID (0: none) filters the surveys to the
// answers of one question (by its text, across questionnaire versions).
func (s *Service) ReadDrill(ctx context.Context, tenantID int64, k Key, itemID int64) (Drill, error) {
	var d Drill
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		return readDrill(ctx, tx, tenantID, k, itemID, &d)
	})
	return d, err
}

// readDrill reads ReadDrill's figures in tx into d.
func readDrill(ctx context.Context, tx pgx.Tx, tenantID int64, k Key, itemID int64, d *Drill) error {
	args, err := drillArgs(ctx, tx, tenantID, k)
	if err != nil {
		return err
	}
	if d.Items, err = collect[ItemScore](ctx, tx, drillQuery(itemsSQL), args...); err != nil {
		return err
	}
	if d.Staff, err = readStaff(ctx, tx, k.Kind, args); err != nil {
		return err
	}
	for _, seg := range []struct {
		list *[]Group
		key  string
	}{{&d.Segments.Age, ageBand}, {&d.Segments.Gender, "c.gender"}, {&d.Segments.Region, "coalesce(nullif(c.city, ''), c.region)"}} {
		if *seg.list, err = collect[Group](ctx, tx, drillQuery(strings.Replace(segmentSQL, "{key}", seg.key, 1)), args...); err != nil {
			return err
		}
	}
	if d.Surveys, err = collect[SurveyRow](ctx, tx, drillQuery(surveysSQL), append(args, itemID, SurveyCap+1)...); err != nil {
		return err
	}
	if len(d.Surveys) > SurveyCap {
		d.Surveys, d.More = d.Surveys[:SurveyCap], true
	}
	return nil
}

// drillArgs are drillSQL's arguments for the figure of k: the period's bounds in the store's
// time zone.
func drillArgs(ctx context.Context, tx pgx.Tx, tenantID int64, k Key) ([]any, error) {
	st, err := readStore(ctx, tx, tenantID, k.StoreID)
	if err != nil {
		return nil, err
	}
	from, until := k.Period.Bounds(k.Start, st.Location())
	return []any{tenantID, k.StoreID, k.Kind, from, until, k.DepartmentID}, nil
}

// drillQuery is drillSQL reading its answers with rest.
func drillQuery(rest string) string { return strings.Replace(drillSQL, "{rest}", rest, 1) }

const itemsSQL = `
	SELECT min(item_id), name_zh, max(name_en), max(weight), count(*)::int, avg(points),
	       (array_agg(department_id ORDER BY item_id DESC))[1]
	FROM pts GROUP BY name_zh ORDER BY avg(points), name_zh`

// groupScore is the weighted score and survey count of pts grouped by g.
const groupScore = `count(DISTINCT pts.survey_id)::int, sum(pts.weight * pts.points) / nullif(sum(pts.weight), 0)`

const staffSQL = `
	SELECT {key}, ` + groupScore + ` FROM pts
	JOIN sv ON sv.id = pts.survey_id
	JOIN follow_up_tasks t ON t.tenant_id = $1 AND t.id = sv.task_id
	{join}
	WHERE {key} <> '' GROUP BY 1 HAVING sum(pts.weight) > 0 ORDER BY 3 DESC, 1`

// readStaff ranks sales consultants for SSI, and service advisors and workshop groups for CSI;
// the event survey, about a complaint's handling, ranks no one.
func readStaff(ctx context.Context, tx pgx.Tx, kind string, args []any) ([]Staff, error) {
	if kind == string(surveys.Event) {
		return nil, nil
	}
	join := `JOIN service_orders o ON o.tenant_id = $1 AND o.id = t.service_order_id`
	roles := map[string]string{"advisor": "o.advisor", "workshop_group": "o.workshop_group"}
	order := []string{"advisor", "workshop_group"}
	if kind == "ssi" {
		join = `JOIN deliveries o ON o.tenant_id = $1 AND o.id = t.delivery_id`
		roles, order = map[string]string{"sales_consultant": "o.sales_consultant"}, []string{"sales_consultant"}
	}
	var staff []Staff
	for _, role := range order {
		sql := strings.NewReplacer("{key}", roles[role], "{join}", join).Replace(staffSQL)
		people, err := collect[Group](ctx, tx, drillQuery(sql), args...)
		if err != nil {
			return nil, err
		}
		staff = append(staff, Staff{Role: role, People: people})
	}
	return staff, nil
}

// ageBand is the customer's age band when the survey was completed.
const ageBand = `CASE WHEN c.birth_date IS NULL THEN 'unknown'
	WHEN age(sv.completed_at::date, c.birth_date) < interval '30 years' THEN 'under_30'
	WHEN age(sv.completed_at::date, c.birth_date) < interval '40 years' THEN '30_39'
	WHEN age(sv.completed_at::date, c.birth_date) < interval '50 years' THEN '40_49'
	WHEN age(sv.completed_at::date, c.birth_date) < interval '60 years' THEN '50_59'
	ELSE '60_plus' END`

const segmentSQL = `
	SELECT {key}, ` + groupScore + ` FROM pts
	JOIN sv ON sv.id = pts.survey_id
	JOIN customers c ON c.tenant_id = $1 AND c.id = sv.customer_id
	GROUP BY 1 HAVING sum(pts.weight) > 0 ORDER BY 1`

// surveysSQL lists the surveys, lowest first, scored on the department or on the item $7.
const surveysSQL = `,
	picked AS (
		SELECT survey_id, sum(weight * points) / nullif(sum(weight), 0) AS score FROM pts
		WHERE $7 = 0 OR name_zh = (SELECT name_zh FROM questionnaire_items WHERE tenant_id = $1 AND id = $7)
		GROUP BY survey_id HAVING sum(weight) > 0 OR $7 <> 0)
	SELECT sv.id, sv.task_id, to_char(sv.completed_at AT TIME ZONE st.time_zone, 'YYYY-MM-DD HH24:MI'),
	       c.name, coalesce(u.name, ''), coalesce(picked.score, 0)::float8
	FROM picked JOIN sv ON sv.id = picked.survey_id
	JOIN customers c ON c.tenant_id = $1 AND c.id = sv.customer_id
	LEFT JOIN users u ON u.tenant_id = $1 AND u.id = sv.agent_id
	JOIN stores st ON st.tenant_id = $1 AND st.id = $2
	ORDER BY picked.score, sv.completed_at LIMIT $8`

// collect runs a query in tx and scans its rows into T by position.
func collect[T any](ctx context.Context, tx pgx.Tx, sql string, args ...any) ([]T, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, postgres.Err("scores.ReadDrill", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[T])
	return list, postgres.Err("scores.ReadDrill", err)
}
