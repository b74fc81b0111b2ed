package incentives_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/incentives"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestService_SaveRules refuses bad rules with a message at each field and saves nothing.
func TestService_SaveRules(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.november()
	testkit.Must(t, f.svc.Approve(ctx, f.tenantID, f.users["gm"], f.store.ID, month(2026, 11)))
	edit := func(change func(r *incentives.Rules)) incentives.Rules {
		r := incentives.ExampleRules()
		change(&r)
		return r
	}
	long := string(make([]rune, 501))
	for name, c := range map[string]struct {
		effective time.Time
		rules     incentives.Rules
		note      string
		want      map[string]string
	}{
		"OK": {month(2026, 12), incentives.ExampleRules(), "", nil},
		"ErrOverlap": {month(2027, 1), edit(func(r *incentives.Rules) { r.BelowNational[1].From = 4 }), "",
			map[string]string{"below_national.1.from": "incentives.band_overlap"}},
		"ErrOverlapOpenEnd": {month(2027, 1), edit(func(r *incentives.Rules) {
			r.AboveNational = append(r.AboveNational, incentives.Band{From: 30, RewardFen: 1})
		}), "", map[string]string{"above_national.2.from": "incentives.band_overlap"}},
		"ErrBackwards": {month(2027, 1), edit(func(r *incentives.Rules) { r.AboveNational[0].To = 4 }), "",
			map[string]string{"above_national.0.to": "incentives.band_backwards"}},
		"ErrNegativeAmount": {month(2027, 1), edit(func(r *incentives.Rules) {
			r.RedLineFineFen, r.BelowNational[0].OwnerFen = -1, -30000
		}), "", map[string]string{"red_line_fine_fen": "incentives.amount_negative", "below_national.0.owner_fen": "incentives.amount_negative"}},
		"ErrPercent": {month(2027, 1), edit(func(r *incentives.Rules) { r.ComplaintCuts = []float64{5, 120, -1} }), "",
			map[string]string{"complaint_cuts.1": "incentives.percent_range", "complaint_cuts.2": "incentives.percent_range"}},
		"ErrNotFirst": {time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC), incentives.ExampleRules(), "",
			map[string]string{"effective_month": "incentives.effective_first"}},
		"ErrLocked":     {month(2026, 11), incentives.ExampleRules(), "", map[string]string{"effective_month": "incentives.effective_locked"}},
		"ErrLockedPast": {month(2026, 3), incentives.ExampleRules(), "", map[string]string{"effective_month": "incentives.effective_locked"}},
		"ErrNote":       {month(2027, 1), incentives.ExampleRules(), long, map[string]string{"note": "incentives.note_long"}},
	} {
		t.Run(name, func(t *testing.T) {
			sets, err := f.svc.RuleSets(ctx, f.tenantID)
			testkit.Must(t, err)
			_, err = f.svc.SaveRules(ctx, f.tenantID, f.users["gm"], c.effective, c.rules, c.note)
			if got := testkit.Fields(t, err); !maps.Equal(got, c.want) {
				t.Errorf("Fields=%v, want %v", got, c.want)
			}
			after, err := f.svc.RuleSets(ctx, f.tenantID)
			testkit.Must(t, err)
			if saved := len(after) - len(sets); (saved == 1) != (c.want == nil) {
				t.Errorf("saved %d rule sets, want %d", saved, map[bool]int{true: 1}[c.want == nil])
			}
		})
	}
}

// TestService_InForce computes each month with the version in force for it: version 2 takes
// effect in December 2026, so November keeps version 1's 500 fine and December has 800.
func TestService_InForce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	r := incentives.ExampleRules()
	r.RedLineFineFen = incentives.FromYuan(800)
	v2, err := f.svc.SaveRules(ctx, f.tenantID, f.users["gm"], month(2026, 12), r, "红线罚款调整")
	testkit.Must(t, err)
	if v2.Version != 2 || v2.CreatedBy != "gm" || !v2.EffectiveMonth.Equal(month(2026, 12)) || v2.Rules.RedLineFineFen != 80000 {
		t.Errorf("Saved=%+v, want version 2 by gm from 2026-12 with an 800 fine", v2)
	}
	for m, want := range map[time.Time]int{month(2025, 12): 0, month(2026, 1): 1, month(2026, 11): 1, month(2026, 12): 2, month(2027, 6): 2} {
		rs, ok, err := f.svc.InForce(ctx, f.tenantID, m)
		testkit.Must(t, err)
		if rs.Version != want || ok != (want > 0) {
			t.Errorf("InForce(%s)=%d %v, want %d", m.Format("2006-01"), rs.Version, ok, want)
		}
	}
	sets, err := f.svc.RuleSets(ctx, f.tenantID)
	testkit.Must(t, err)
	if len(sets) != 2 || sets[0].Version != 2 || sets[1].Version != 1 || len(sets[1].Rules.BelowNational) != 3 {
		t.Errorf("RuleSets=%+v, want versions 2 then 1", sets)
	}
	f.rollup(f.after, month(2026, 11), 94.8, 8)
	f.rollup(f.after, month(2026, 12), 90, 6)
	for m, want := range map[time.Time]incentives.Fen{month(2026, 11): -50000, month(2026, 12): -80000} {
		st := f.statement(m)
		if len(st.Lines) != 1 || st.Lines[0].AmountFen != want || st.Lines[0].RuleVersion != st.RuleSet.Version {
			t.Errorf("%s Lines=%q, want one fine of %s", m.Format("2006-01"), summary(st.Lines), want)
		}
	}
}
