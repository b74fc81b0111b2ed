package incentives

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
)

// RuleSet is a version of the group's rules, in force from its effective month until a later
// version's.
type RuleSet struct {
	ID             int64
	Version        int
	EffectiveMonth time.Time
	Rules          Rules
	Note           string
	CreatedBy      string
	CreatedAt      time.Time
}

// ruleSetSQL reads rule sets; {where} narrows them, $1 being the tenant.
const ruleSetSQL = `
	SELECT rs.id, rs.version, rs.effective_month, rs.rules, rs.note, coalesce(u.name, ''), rs.created_at
	FROM incentive_rule_sets rs LEFT JOIN users u ON u.tenant_id = rs.tenant_id AND u.id = rs.created_by
	WHERE rs.tenant_id = $1 `

// RuleSets are the group's rule sets, newest version first.
func (s *Service) RuleSets(ctx context.Context, tenantID int64) ([]RuleSet, error) {
	return postgres.List[RuleSet](ctx, s.DB, tenantID, "incentives.RuleSets", ruleSetSQL+`ORDER BY rs.version DESC`)
}

// InForce is the rule set in force for a month: the highest version whose effective month is
// not after it; false when none is.
func (s *Service) InForce(ctx context.Context, tenantID int64, month time.Time) (rs RuleSet, ok bool, err error) {
	err = s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		rs, ok, err = inForce(ctx, tx, tenantID, MonthOf(month))
		return err
	})
	return rs, ok, err
}

// inForce is InForce in tx.
func inForce(ctx context.Context, tx pgx.Tx, tenantID int64, month time.Time) (RuleSet, bool, error) {
	rows, _ := tx.Query(ctx, ruleSetSQL+`AND rs.effective_month <= $2 ORDER BY rs.version DESC LIMIT 1`, tenantID, month)
	sets, err := pgx.CollectRows(rows, pgx.RowToStructByPos[RuleSet])
	if err != nil || len(sets) == 0 {
		return RuleSet{}, false, postgres.Err("incentives.InForce", err)
	}
	return sets[0], true, nil
}

// SaveRules saves the rules as the group's next version, in force from the effective month
// (its first day). It saves nothing and names the field when the rules are not valid, the note
// is too long, or the month is not the first of a month or is one a store has already approved:
// a locked month keeps the rules it was approved with.
func (s *Service) SaveRules(ctx context.Context, tenantID, userID int64, effective time.Time, r Rules, note string) (RuleSet, error) {
	if err := validateSave(effective, r, note); err != nil {
		return RuleSet{}, err
	}
	var rs RuleSet
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		locked, err := lockedUntil(ctx, tx, tenantID)
		if err != nil {
			return err
		}
		if !locked.IsZero() && !MonthOf(effective).After(locked) {
			return apperr.Fields(map[string]string{"effective_month": "incentives.effective_locked"})
		}
		rs, err = insertRuleSet(ctx, tx, tenantID, userID, effective, r, note)
		return err
	})
	return rs, err
}

// validateSave checks a rule set's fields before anything is read.
func validateSave(effective time.Time, r Rules, note string) error {
	fields := map[string]string{}
	if err, ok := apperr.As(r.Validate()); ok {
		fields = err.Fields
	}
	if effective.IsZero() || !firstOfMonth(effective) {
		fields["effective_month"] = "incentives.effective_first"
	}
	if utf8.RuneCountInString(note) > 500 {
		fields["note"] = "incentives.note_long"
	}
	if len(fields) > 0 {
		return apperr.Fields(fields)
	}
	return nil
}

// lockedUntil is the latest month any store of the group has approved; zero when none has.
func lockedUntil(ctx context.Context, tx pgx.Tx, tenantID int64) (time.Time, error) {
	var m *time.Time
	err := tx.QueryRow(ctx, `SELECT max(month) FROM incentive_statements WHERE tenant_id = $1`, tenantID).Scan(&m)
	if err != nil || m == nil {
		return time.Time{}, postgres.Err("incentives.lockedUntil", err)
	}
	return *m, nil
}

// insertRuleSet writes the next version; two saved at once cannot both take it (a conflict).
// The version is read first and written as a value: Citus 13.2 crashes on an INSERT … SELECT of
// an aggregate within a CTE.
func insertRuleSet(ctx context.Context, tx pgx.Tx, tenantID, userID int64, effective time.Time, r Rules, note string) (RuleSet, error) {
	var version int
	err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) + 1 FROM incentive_rule_sets WHERE tenant_id = $1`, tenantID).Scan(&version)
	if err != nil {
		return RuleSet{}, postgres.Err("incentives.SaveRules", err)
	}
	rows, _ := tx.Query(ctx, `
		WITH rs AS (
			INSERT INTO incentive_rule_sets (tenant_id, version, effective_month, rules, note, created_by)
			VALUES ($1, $6, $2, $3, $4, $5)
			RETURNING *)
		SELECT rs.id, rs.version, rs.effective_month, rs.rules, rs.note, coalesce(u.name, ''), rs.created_at
		FROM rs LEFT JOIN users u ON u.tenant_id = $1 AND u.id = rs.created_by`,
		tenantID, effective, r, note, userID, version)
	rs, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[RuleSet])
	return rs, postgres.Err("incentives.SaveRules", err)
}

// MonthOf is the first day of t's month, as a date.
func MonthOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}
