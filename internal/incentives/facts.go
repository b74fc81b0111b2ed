package incentives

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
)

// managersSQL are the departments' managers, one each: the first active holder of
// dept_manager in the department. $1 is the tenant and $2 the store.
const managersSQL = `managers AS (
		SELECT DISTINCT ON (m.department_id) m.department_id, u.id, u.name, u.employee_no
		FROM memberships m JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
		WHERE m.tenant_id = $1 AND m.store_id = $2 AND m.role = 'dept_manager' AND u.active
		ORDER BY m.department_id, u.id)`

// figuresSQL are the departments' figures of the month $3, with their managers and the
// improvement actions opened for a score of the department in that month.
const figuresSQL = `WITH ` + managersSQL + `
	SELECT d.id, d.kind, d.name, r.kind, r.weight_sum::float8, r.points_sum::float8, r.surveys,
	       coalesce(mg.id, 0), coalesce(mg.name, ''), coalesce(mg.employee_no, ''),
	       coalesce((SELECT array_agg(a.id ORDER BY a.id) FROM improvement_actions a
	                 WHERE a.tenant_id = $1 AND a.store_id = $2 AND a.department_id = d.id
	                   AND a.source IN ('red_line', 'score') AND a.period = 'month' AND a.period_start = $3), '{}')
	FROM score_rollups r
	JOIN departments d ON d.tenant_id = r.tenant_id AND d.id = r.department_id
	LEFT JOIN managers mg ON mg.department_id = d.id
	WHERE r.tenant_id = $1 AND r.store_id = $2 AND r.period = 'month' AND r.period_start = $3 AND r.kind IN ('ssi', 'csi')
	ORDER BY d.kind, d.id, r.kind`

// gapsSQL are the store's benchmark results of the quarter $3 with a national average, each
// with the store's first department of the item's kind, its manager, and the owner of the latest
// improvement action opened for the result.
const gapsSQL = `WITH ` + managersSQL + `
	SELECT r.id, r.quarter, i.programme, i.name, r.score::float8, r.national::float8,
	       coalesce(d.id, 0), coalesce(d.kind, ''), coalesce(d.name, ''),
	       coalesce(mg.id, 0), coalesce(mg.name, ''), coalesce(mg.employee_no, ''),
	       coalesce(o.id, 0), coalesce(o.name, ''), coalesce(o.employee_no, ''),
	       coalesce((SELECT array_agg(a.id ORDER BY a.id) FROM improvement_actions a
	                 WHERE a.tenant_id = $1 AND a.result_id = r.id), '{}')
	FROM benchmark_results r
	JOIN benchmark_items i ON i.tenant_id = r.tenant_id AND i.id = r.item_id
	LEFT JOIN LATERAL (SELECT d.id, d.kind, d.name FROM departments d
	                   WHERE d.tenant_id = $1 AND d.store_id = $2 AND d.kind = i.department_kind
	                   ORDER BY d.id LIMIT 1) d ON true
	LEFT JOIN managers mg ON mg.department_id = d.id
	LEFT JOIN LATERAL (SELECT u.id, u.name, u.employee_no FROM improvement_actions a
	                   JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.owner_id
	                   WHERE a.tenant_id = $1 AND a.result_id = r.id
	                   ORDER BY a.id DESC LIMIT 1) o ON true
	WHERE r.tenant_id = $1 AND r.store_id = $2 AND r.quarter = $3 AND r.national IS NOT NULL
	ORDER BY i.programme, i.name, r.id`

// complaintsSQL are the substantiated complaints of the month $3 in the store's time zone:
// closed (the GM's final approval) in the month, with a responsible person who belongs to one of
// the departments the complaint is against (the first such is its department), in the order
// they closed. A voided complaint's status is void, so it never counts.
const complaintsSQL = `
	SELECT c.id, c.closed_at, u.id, u.name, u.employee_no, d.id, d.kind, d.name
	FROM complaints c
	JOIN stores st ON st.tenant_id = c.tenant_id AND st.id = c.store_id
	JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.responsible_id
	JOIN LATERAL (SELECT d.id, d.kind, d.name FROM complaint_departments cd
	              JOIN departments d ON d.tenant_id = cd.tenant_id AND d.id = cd.department_id
	              WHERE cd.tenant_id = $1 AND cd.complaint_id = c.id
	                AND EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = $1 AND m.user_id = u.id
	                                                          AND m.department_id = d.id)
	              ORDER BY d.id LIMIT 1) d ON true
	WHERE c.tenant_id = $1 AND c.store_id = $2 AND c.status = 'closed'
	  AND c.closed_at >= ($3::date::timestamp AT TIME ZONE st.time_zone)
	  AND c.closed_at < (($3::date + interval '1 month')::timestamp AT TIME ZONE st.time_zone)
	ORDER BY c.closed_at, c.id`

// readStore is the store's red lines and minimum sample.
func readStore(ctx context.Context, tx pgx.Tx, tenantID, storeID int64) (scores.Store, error) {
	var st scores.Store
	err := tx.QueryRow(ctx, `SELECT id, name, time_zone, ssi_threshold::float8, csi_threshold::float8, min_sample
		FROM stores WHERE tenant_id = $1 AND id = $2`, tenantID, storeID).
		Scan(&st.ID, &st.Name, &st.TimeZone, &st.SSILine, &st.CSILine, &st.MinSample)
	return st, postgres.Err("incentives.readStore", err)
}

// readFacts reads, in tx and one round trip, the facts of the store's month: its figures, the
// gaps of the quarter before when the month is the first after a quarter, and its substantiated
// complaints.
func readFacts(ctx context.Context, tx pgx.Tx, tenantID int64, st scores.Store, month time.Time) (Facts, error) {
	f := Facts{Store: st, Month: month}
	quarter, afterQuarter := quarterBefore(month)
	err := postgres.TxBatch(ctx, tx, func(b *pgx.Batch) {
		b.Queue(figuresSQL, tenantID, st.ID, month)
		if afterQuarter {
			b.Queue(gapsSQL, tenantID, st.ID, quarter)
		}
		b.Queue(complaintsSQL, tenantID, st.ID, month)
	}, func(br pgx.BatchResults) (err error) {
		if f.Figures, err = collect(br, scanFigure); err != nil {
			return err
		}
		if afterQuarter {
			if f.Gaps, err = collect(br, scanGap); err != nil {
				return err
			}
		}
		f.Complaints, err = collect(br, scanComplaint)
		return err
	})
	return f, err
}

// quarterBefore is the quarter whose benchmark lines belong to the month: the quarter just
// ended when the month is the first after one (Q3 → October); false otherwise.
func quarterBefore(month time.Time) (time.Time, bool) {
	return month.AddDate(0, -3, 0), (month.Month()-1)%3 == 0
}

// collect reads the next result of a batch with scan.
func collect[T any](br pgx.BatchResults, scan func(pgx.CollectableRow) (T, error)) ([]T, error) {
	rows, _ := br.Query()
	out, err := pgx.CollectRows(rows, scan)
	return out, postgres.Err("incentives.readFacts", err)
}

func scanFigure(row pgx.CollectableRow) (Figure, error) {
	var f Figure
	err := row.Scan(&f.ID, &f.Department.Kind, &f.Name, &f.Kind, &f.Figure.Weight, &f.Figure.Points, &f.Figure.Surveys,
		&f.Manager.ID, &f.Manager.Name, &f.Manager.EmployeeNo, &f.ActionIDs)
	return f, err
}

func scanGap(row pgx.CollectableRow) (Gap, error) {
	var g Gap
	err := row.Scan(&g.ResultID, &g.Quarter, &g.Programme, &g.Item, &g.Score, &g.National,
		&g.Department.ID, &g.Department.Kind, &g.Department.Name, &g.Manager.ID, &g.Manager.Name, &g.Manager.EmployeeNo,
		&g.Owner.ID, &g.Owner.Name, &g.Owner.EmployeeNo, &g.ActionIDs)
	return g, err
}

func scanComplaint(row pgx.CollectableRow) (Substantiated, error) {
	var c Substantiated
	err := row.Scan(&c.ID, &c.ClosedAt, &c.Responsible.ID, &c.Responsible.Name, &c.Responsible.EmployeeNo,
		&c.Department.ID, &c.Department.Kind, &c.Department.Name)
	return c, err
}
