package incentives

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
)

// lookBack is how many locked months before a draft its adjustments look at.
const lookBack = 12

// Statement is a store's month: approved and locked, or a draft computed from the data now.
type Statement struct {
	StoreID     int64
	Store       string
	Month       time.Time
	Approved    bool
	ApprovedBy  string
	ApprovedAt  time.Time
	RuleSet     RuleSet // zero Version: no rule set in force (a draft of adjustments alone)
	Lines       []Line
	People      []Total
	Departments []Total
	StoreFen    Fen

	loc *time.Location // the store's time zone
}

// approval is a locked month of a store.
type approval struct {
	ID         int64
	Month      time.Time
	ApprovedBy string
	ApprovedAt time.Time
	RuleSet    RuleSet
}

// Statement is the store's month: its approved lines, or the draft computed now with the
// adjustments of the store's locked months of the year before it. A store outside the reader's
// scope is not found.
func (s *Service) Statement(ctx context.Context, tenantID, storeID int64, month time.Time) (Statement, error) {
	var out Statement
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		var err error
		out, err = s.statement(ctx, tx, tenantID, storeID, MonthOf(month))
		return err
	})
	return out, err
}

// statement reads or computes, in tx, the store's month.
func (s *Service) statement(ctx context.Context, tx pgx.Tx, tenantID, storeID int64, month time.Time) (Statement, error) {
	st, err := readStore(ctx, tx, tenantID, storeID)
	if err != nil {
		return Statement{}, err
	}
	locked, err := readApprovals(ctx, tx, tenantID, storeID, month.AddDate(0, -lookBack, 0), month.AddDate(0, 1, 0))
	if err != nil {
		return Statement{}, err
	}
	stmt := Statement{StoreID: st.ID, Store: st.Name, Month: month, loc: st.Location()}
	if n := len(locked); n > 0 && locked[n-1].Month.Equal(month) {
		return approvedStatement(ctx, tx, tenantID, stmt, locked[n-1])
	}
	stmt.Lines, stmt.RuleSet, err = draftLines(ctx, tx, tenantID, st, month, locked)
	return withTotals(stmt), err
}

// approvedStatement is a locked month with its stored lines.
func approvedStatement(ctx context.Context, tx pgx.Tx, tenantID int64, stmt Statement, a approval) (Statement, error) {
	stmt.Approved, stmt.ApprovedBy, stmt.ApprovedAt, stmt.RuleSet = true, a.ApprovedBy, a.ApprovedAt, a.RuleSet
	lines, err := readStatementLines(ctx, tx, tenantID, a.ID)
	stmt.Lines = linesOf(lines)
	return withTotals(stmt), err
}

// draftLines are the lines of an open month computed now under the rule set in force for it,
// then the adjustments of the locked months before it.
func draftLines(ctx context.Context, tx pgx.Tx, tenantID int64, st scores.Store, month time.Time, locked []approval) ([]Line, RuleSet, error) {
	rs, ok, err := inForce(ctx, tx, tenantID, month)
	if err != nil {
		return nil, rs, err
	}
	var lines []Line
	if ok {
		f, err := readFacts(ctx, tx, tenantID, st, month)
		if err != nil {
			return nil, rs, err
		}
		lines = Compute(rs, f)
	}
	adj, err := adjustments(ctx, tx, tenantID, st, month, locked)
	return append(lines, adj...), rs, err
}

// adjustments recompute each locked month before month with its own rule set and return what
// has changed since it was booked.
func adjustments(ctx context.Context, tx pgx.Tx, tenantID int64, st scores.Store, month time.Time, locked []approval) ([]Line, error) {
	if len(locked) == 0 {
		return nil, nil
	}
	booked, err := readLines(ctx, tx, tenantID, st.ID, locked[0].Month, month)
	if err != nil {
		return nil, err
	}
	var out []Line
	for _, a := range locked {
		if !a.Month.Before(month) {
			continue
		}
		f, err := readFacts(ctx, tx, tenantID, st, a.Month)
		if err != nil {
			return nil, err
		}
		out = append(out, Adjustments(a.Month, Compute(a.RuleSet, f), bookedFor(booked, a.Month))...)
	}
	return out, nil
}

// bookedFor are the lines booked for a month: its own, and the adjustments made to it since.
func bookedFor(lines []PersonLine, month time.Time) []Line {
	var out []Line
	for _, l := range lines {
		if l.Adjusts.Equal(month) || (!l.Adjustment() && l.Month.Equal(month)) {
			out = append(out, l.Line)
		}
	}
	return out
}

// Approve locks the store's month as its general manager approves it: the draft's lines,
// adjustments included, are stored with the rule set in force, and never change afterwards. A
// month not yet over in the store's time zone, one already approved, or one with no rule set in
// force is a conflict.
func (s *Service) Approve(ctx context.Context, tenantID, userID, storeID int64, month time.Time) error {
	month = MonthOf(month)
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		stmt, err := s.statement(ctx, tx, tenantID, storeID, month)
		switch {
		case err != nil:
			return err
		case stmt.Approved:
			return apperr.New(apperr.Conflict, "incentives.already_approved")
		case stmt.RuleSet.Version == 0:
			return apperr.New(apperr.Conflict, "incentives.no_rules")
		case s.Now().Before(monthEnd(month, stmt.loc)):
			return apperr.New(apperr.Conflict, "incentives.month_running")
		}
		var id int64
		err = tx.QueryRow(ctx, `
			INSERT INTO incentive_statements (tenant_id, store_id, month, rule_set_id, approved_by, approved_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			tenantID, storeID, month, stmt.RuleSet.ID, userID, s.Now()).Scan(&id)
		if err != nil {
			return postgres.Err("incentives.Approve", err)
		}
		return insertLines(ctx, tx, tenantID, storeID, id, stmt.Lines)
	})
}

// monthEnd is the instant a month ends in a time zone: midnight of the next month's first day.
func monthEnd(month time.Time, loc *time.Location) time.Time {
	return time.Date(month.Year(), month.Month()+1, 1, 0, 0, 0, 0, loc)
}
