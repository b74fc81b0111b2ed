package incentives

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
)

// PersonLine is an approved line with the store and month of its statement.
type PersonLine struct {
	Line
	StoreID int64
	Store   string
	Month   time.Time
}

// readApprovals are the store's locked months in [from, until), oldest first, with the rule set
// each was approved with.
func readApprovals(ctx context.Context, tx pgx.Tx, tenantID, storeID int64, from, until time.Time) ([]approval, error) {
	rows, _ := tx.Query(ctx, `
		SELECT s.id, s.month, coalesce(a.name, ''), s.approved_at,
		       rs.id, rs.version, rs.effective_month, rs.rules, rs.note, coalesce(u.name, ''), rs.created_at
		FROM incentive_statements s
		JOIN incentive_rule_sets rs ON rs.tenant_id = s.tenant_id AND rs.id = s.rule_set_id
		LEFT JOIN users a ON a.tenant_id = s.tenant_id AND a.id = s.approved_by
		LEFT JOIN users u ON u.tenant_id = rs.tenant_id AND u.id = rs.created_by
		WHERE s.tenant_id = $1 AND s.store_id = $2 AND s.month >= $3 AND s.month < $4
		ORDER BY s.month`, tenantID, storeID, from, until)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (approval, error) {
		var a approval
		r := &a.RuleSet
		err := row.Scan(&a.ID, &a.Month, &a.ApprovedBy, &a.ApprovedAt,
			&r.ID, &r.Version, &r.EffectiveMonth, &r.Rules, &r.Note, &r.CreatedBy, &r.CreatedAt)
		return a, err
	})
	return out, postgres.Err("incentives.readApprovals", err)
}

// readStatementLines are the lines of one approved statement, in the order they were computed.
func readStatementLines(ctx context.Context, tx pgx.Tx, tenantID, statementID int64) ([]PersonLine, error) {
	rows, _ := tx.Query(ctx, lineSQL+`AND l.statement_id = $2 ORDER BY l.id`, tenantID, statementID)
	lines, err := pgx.CollectRows(rows, scanLine)
	return lines, postgres.Err("incentives.readStatementLines", err)
}

// LinesOf are a person's lines of the approved statements of the last months (this one
// included), newest month first, in the stores the reader sees.
func (s *Service) LinesOf(ctx context.Context, tenantID, userID int64, months int) ([]PersonLine, error) {
	var lines []PersonLine
	since := MonthOf(s.Now()).AddDate(0, 1-months, 0)
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, lineSQL+`AND l.user_id = $2 AND s.month >= $3
			ORDER BY s.month DESC, st.name, l.id`, tenantID, userID, since)
		var err error
		lines, err = pgx.CollectRows(rows, scanLine)
		return postgres.Err("incentives.LinesOf", err)
	})
	return lines, err
}
