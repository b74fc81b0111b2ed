package incentives

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
)

// lineSQL reads approved lines with their person and department; {where} narrows them, $1
// being the tenant. The month is the month of the line's statement.
const lineSQL = `
	SELECT l.kind, l.key, l.rule_version, coalesce(l.user_id, 0), coalesce(u.name, ''), coalesce(u.employee_no, ''),
	       coalesce(l.department_id, 0), coalesce(d.kind, ''), coalesce(d.name, ''),
	       l.amount_fen, coalesce(l.percent, 0)::float8, l.cause, l.adjusts,
	       s.store_id, st.name, s.month
	FROM incentive_lines l
	JOIN incentive_statements s ON s.tenant_id = l.tenant_id AND s.id = l.statement_id
	JOIN stores st ON st.tenant_id = s.tenant_id AND st.id = s.store_id
	LEFT JOIN users u ON u.tenant_id = l.tenant_id AND u.id = l.user_id
	LEFT JOIN departments d ON d.tenant_id = l.tenant_id AND d.id = l.department_id
	WHERE l.tenant_id = $1 `

// scanLine reads a row of lineSQL.
func scanLine(row pgx.CollectableRow) (PersonLine, error) {
	var l PersonLine
	var adjusts *time.Time
	err := row.Scan(&l.Kind, &l.Key, &l.RuleVersion, &l.UserID, &l.Person, &l.EmployeeNo,
		&l.DepartmentID, &l.DepartmentKind, &l.DepartmentName, &l.AmountFen, &l.Percent, &l.Cause, &adjusts,
		&l.StoreID, &l.Store, &l.Month)
	if adjusts != nil {
		l.Adjusts = *adjusts
	}
	return l, err
}

// readLines are the approved lines of a store that either belong to a statement of the months
// [from, until) or adjust one of them, in the order they were approved.
func readLines(ctx context.Context, tx pgx.Tx, tenantID, storeID int64, from, until time.Time) ([]PersonLine, error) {
	rows, _ := tx.Query(ctx, lineSQL+`AND l.store_id = $2
		AND ((s.month >= $3 AND s.month < $4) OR (l.adjusts >= $3 AND l.adjusts < $4))
		ORDER BY l.id`, tenantID, storeID, from, until)
	lines, err := pgx.CollectRows(rows, scanLine)
	return lines, postgres.Err("incentives.readLines", err)
}

// insertLines writes a statement's lines in one round trip.
func insertLines(ctx context.Context, tx pgx.Tx, tenantID, storeID, statementID int64, lines []Line) error {
	return postgres.TxBatch(ctx, tx, func(b *pgx.Batch) {
		for _, l := range lines {
			var percent, adjusts any
			if l.Percent != 0 {
				percent = l.Percent
			}
			if l.Adjustment() {
				adjusts = l.Adjusts
			}
			b.Queue(`INSERT INTO incentive_lines (tenant_id, store_id, statement_id, user_id, department_id, kind,
				rule_version, key, amount_fen, percent, cause, adjusts)
				VALUES ($1, $2, $3, nullif($4::bigint, 0), nullif($5::bigint, 0), $6, $7, $8, $9, $10, $11, $12)`,
				tenantID, storeID, statementID, l.UserID, l.DepartmentID, l.Kind, l.RuleVersion, l.Key,
				l.AmountFen, percent, l.Cause, adjusts)
		}
	}, func(br pgx.BatchResults) error {
		for range lines {
			if _, err := br.Exec(); err != nil {
				return postgres.Err("incentives.insertLines", err)
			}
		}
		return nil
	})
}

// linesOf are the lines of PersonLines.
func linesOf(pl []PersonLine) []Line {
	out := make([]Line, len(pl))
	for i, l := range pl {
		out[i] = l.Line
	}
	return out
}
