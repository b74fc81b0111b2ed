package demo_test

import (
	"context"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/incentives"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// TestSeed_Incentives: the demo holds one rule set, every user has an employee number, last
// month is approved in both stores with lines, and this month's draft of the first store gives
// back the commission cut of the complaint an appeal voided after the approval; seeding again
// changes nothing.
func TestSeed_Incentives(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := postgres.WithScope(context.Background(), postgres.Whole)
	counts := func() [5]int {
		if err := demo.Seed(ctx, db.Owner, "", io.Discard); err != nil {
			t.Fatal(err)
		}
		var n [5]int
		tx, _ := beginDemo(t, ctx, db.Owner)
		err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM incentive_rule_sets),
			(SELECT count(*) FROM incentive_statements), (SELECT count(*) FROM incentive_lines),
			(SELECT count(*) FROM complaints), (SELECT count(*) FROM users WHERE employee_no = '')`).
			Scan(&n[0], &n[1], &n[2], &n[3], &n[4])
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	first := counts()
	if again := counts(); again != first {
		t.Errorf("rule sets, statements, lines, complaints, users without a number: %v, then %v: want no change", first, again)
	}
	if first[0] != 1 || first[1] != 2 || first[4] != 0 {
		t.Errorf("rule sets=%d statements=%d users without an employee number=%d, want 1, 2 and none", first[0], first[1], first[4])
	}
	var tenantID int64
	if err := db.Owner.Pool.QueryRow(ctx, `SELECT id FROM tenants`).Scan(&tenantID); err != nil {
		t.Fatal(err)
	}
	stores, err := postgres.List[struct{ ID int64 }](ctx, db.Owner, tenantID, "test.stores",
		`SELECT id FROM stores WHERE tenant_id = $1 ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	svc := &incentives.Service{DB: db.Owner, Now: time.Now}
	now := time.Now().In(tenancy.Location(tenancy.DefaultTimeZone))
	lastMonth := time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, now.Location())
	for _, st := range stores {
		stmt, err := svc.Statement(ctx, tenantID, st.ID, lastMonth)
		if err != nil || !stmt.Approved || !slices.ContainsFunc(stmt.Lines, isKind(incentives.Complaint)) {
			t.Errorf("store %d, %s: approved=%v lines=%d err=%v, want approved with a commission cut",
				st.ID, lastMonth.Format("2006-01"), stmt.Approved, len(stmt.Lines), err)
		}
	}
	draft, err := svc.Statement(ctx, tenantID, stores[0].ID, now)
	if err != nil || draft.Approved {
		t.Fatalf("this month: approved=%v err=%v, want a draft", draft.Approved, err)
	}
	i := slices.IndexFunc(draft.Lines, func(l incentives.Line) bool {
		return l.Kind == incentives.Complaint && l.Adjusts.Equal(incentives.MonthOf(lastMonth)) && l.Percent < 0
	})
	if i < 0 {
		t.Fatalf("this month's draft: %+v, want a commission cut of last month given back", draft.Lines)
	}
	var voided int
	tx, _ := beginDemo(t, ctx, db.Owner)
	err = tx.QueryRow(ctx, `SELECT count(*) FROM complaints WHERE id = ANY($1) AND status = 'void' AND appeal = 'upheld'`,
		draft.Lines[i].Cause.ComplaintIDs).Scan(&voided)
	if err != nil || voided != 1 || len(draft.Lines[i].Cause.ComplaintIDs) != 1 {
		t.Errorf("the adjustment names complaints %v, %d of them voided by an upheld appeal (err %v): want the one voided",
			draft.Lines[i].Cause.ComplaintIDs, voided, err)
	}
}

// isKind reports whether a line is of a kind.
func isKind(kind string) func(incentives.Line) bool {
	return func(l incentives.Line) bool { return l.Kind == kind }
}
