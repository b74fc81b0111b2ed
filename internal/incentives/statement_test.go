package incentives_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/incentives"
	"github.com/csidesk/csidesk/internal/testkit"
)

// november sets the fixture's November 2026: after-sales at 94.8 from 8 surveys, sales at 93
// from 3 (too few to judge); the advisor's complaints closed on 3, 10 and 20 November, one
// voided on 15 November, one against sales (not the advisor's department), and one closed on 31
// October at 23:30 in Shanghai. It returns the three that count.
func (f *fixture) november() [3]int64 {
	f.rollup(f.after, month(2026, 11), 94.8, 8)
	f.rollup(f.sales, month(2026, 11), 93, 3)
	c1 := f.complaint(f.after, "advisor", "closed", "2026-11-03 10:00")
	c2 := f.complaint(f.after, "advisor", "closed", "2026-11-10 10:00")
	f.complaint(f.after, "advisor", "void", "2026-11-15 10:00")
	f.complaint(f.sales, "advisor", "closed", "2026-11-16 10:00")
	f.complaint(f.after, "advisor", "closed", "2026-10-31 23:30")
	c3 := f.complaint(f.after, "advisor", "closed", "2026-11-20 10:00")
	return [3]int64{c1, c2, c3}
}

// TestService_Statement computes November's draft from the database: 500 yuan to the
// after-sales manager for 94.8, nothing for sales at 93 from 3 surveys, and the advisor's cuts
// of 5 %, 20 % and 50 % for the three substantiated complaints, with totals.
func TestService_Statement(t *testing.T) {
	f := newFixture(t)
	cs := f.november()
	st := f.statement(month(2026, 11))
	head, adv := f.users["head"], f.users["advisor"]
	assertLines(t, st.Lines,
		"red_line:"+itoa(f.after)+":csi user="+itoa(head)+" -500.00 0%",
		"complaint:"+itoa(adv)+":1 user="+itoa(adv)+" 0.00 5%",
		"complaint:"+itoa(adv)+":2 user="+itoa(adv)+" 0.00 20%",
		"complaint:"+itoa(adv)+":3 user="+itoa(adv)+" 0.00 50%")
	for i, l := range st.Lines[1:] {
		if !slices.Equal(l.Cause.ComplaintIDs, []int64{cs[i]}) {
			t.Errorf("%s: ComplaintIDs=%v, want [%d]", l.Key, l.Cause.ComplaintIDs, cs[i])
		}
	}
	if st.Approved || st.RuleSet.Version != 1 || st.Store != "浦东店" || st.Lines[0].EmployeeNo != "E-head" {
		t.Errorf("Approved=%v Version=%d Store=%q EmployeeNo=%q, want a draft of version 1 of 浦东店 for E-head",
			st.Approved, st.RuleSet.Version, st.Store, st.Lines[0].EmployeeNo)
	}
	want := []incentives.Total{
		{UserID: adv, Person: "advisor", EmployeeNo: "E-advisor", DepartmentID: f.after, DepartmentKind: "after_sales", Percent: 75},
		{UserID: head, Person: "head", EmployeeNo: "E-head", DepartmentID: f.after, DepartmentKind: "after_sales", Fen: -50000},
	}
	if !slices.Equal(st.People, want) {
		t.Errorf("People=%+v, want %+v", st.People, want)
	}
	dept := []incentives.Total{{DepartmentID: f.after, DepartmentKind: "after_sales", Fen: -50000}}
	if !slices.Equal(st.Departments, dept) || st.StoreFen != -50000 {
		t.Errorf("Departments=%+v StoreFen=%d, want %+v and -50000", st.Departments, st.StoreFen, dept)
	}
}

// TestService_Statement_Benchmark gives October, the first month after Q3, the quarter's
// benchmark lines: 3 below → 300 to the manager and to the owner of the action opened for the
// result, 12 below with no action → 1000 to the manager alone, 7 above → 1000 to the department.
func TestService_Statement_Benchmark(t *testing.T) {
	f := newFixture(t)
	q3 := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	result := func(name string, score float64) int64 {
		item := f.id(`INSERT INTO benchmark_items (tenant_id, programme, name, department_kind) VALUES ($1, 'csi', $2, 'after_sales') RETURNING id`,
			f.tenantID, name)
		return f.id(`INSERT INTO benchmark_results (tenant_id, store_id, item_id, quarter, score, national) VALUES ($1, $2, $3, $4, $5, 85) RETURNING id`,
			f.tenantID, f.store.ID, item, q3, score)
	}
	r1, r2, r3 := result("交车说明", 82), result("等待时间", 73), result("维修质量", 92)
	action := f.id(`INSERT INTO improvement_actions (tenant_id, store_id, department_id, source, result_id, weakness, owner_id)
		VALUES ($1, $2, $3, 'benchmark', $4, '交车说明低于全国', $5) RETURNING id`, f.tenantID, f.store.ID, f.after, r1, f.users["owner"])
	head, owner := itoa(f.users["head"]), itoa(f.users["owner"])
	st := f.statement(month(2026, 10))
	assertLines(t, st.Lines,
		"benchmark:"+itoa(r1)+":manager user="+head+" -300.00 0%",
		"benchmark:"+itoa(r1)+":owner user="+owner+" -300.00 0%",
		"benchmark:"+itoa(r2)+":manager user="+head+" -1,000.00 0%",
		"benchmark:"+itoa(r3)+":reward user=0 1,000.00 0%")
	if c := st.Lines[0].Cause; c.Gap != -3 || c.Item != "交车说明" || !slices.Equal(c.ActionIDs, []int64{action}) || !c.Quarter.Equal(q3) {
		t.Errorf("Cause=%+v, want 交车说明 3 below in Q3 2026 with action %d", c, action)
	}
	if nov := f.statement(month(2026, 11)); len(nov.Lines) != 0 {
		t.Errorf("November Lines=%q, want none: Q3 belongs to October", summary(nov.Lines))
	}
}

// TestService_Approve locks November; an appeal upheld afterwards leaves it as it was and gives
// December's draft the cut back, naming the voided complaint; approving December books it once.
func TestService_Approve(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cs := f.november()
	gm, adv := f.users["gm"], f.users["advisor"]
	before := f.statement(month(2026, 11))
	testkit.Must(t, f.svc.Approve(ctx, f.tenantID, gm, f.store.ID, month(2026, 11)))

	t.Run("ErrApproved", func(t *testing.T) {
		err := f.svc.Approve(ctx, f.tenantID, gm, f.store.ID, month(2026, 11))
		if e, _ := apperr.As(err); e == nil || e.Code != apperr.Conflict || e.Key != "incentives.already_approved" {
			t.Errorf("err=%v, want a conflict incentives.already_approved", err)
		}
	})
	t.Run("ErrMonthRunning", func(t *testing.T) {
		err := f.svc.Approve(ctx, f.tenantID, gm, f.store.ID, month(2026, 12))
		if e, _ := apperr.As(err); e == nil || e.Code != apperr.Conflict || e.Key != "incentives.month_running" {
			t.Errorf("err=%v, want a conflict incentives.month_running", err)
		}
	})

	f.exec(`UPDATE complaints SET status = 'void', appeal = 'upheld' WHERE tenant_id = $1 AND id = $2`, f.tenantID, cs[1])
	nov := f.statement(month(2026, 11))
	if !nov.Approved || nov.ApprovedBy != "gm" || !slices.Equal(summary(nov.Lines), summary(before.Lines)) ||
		!slices.Equal(nov.People, before.People) || nov.StoreFen != before.StoreFen {
		t.Errorf("November after the appeal=%+v, want the approved lines and totals unchanged", nov)
	}
	dec := f.statement(month(2026, 12))
	key := "complaint:" + itoa(adv) + ":3"
	assertLines(t, dec.Lines, key+" user="+itoa(adv)+" 0.00 -50%")
	l := dec.Lines[0]
	if !l.Adjusts.Equal(month(2026, 11)) || l.Cause.Changed != incentives.ChangeRemoved || !slices.Equal(l.Cause.ComplaintIDs, []int64{cs[1]}) || l.RuleVersion != 1 {
		t.Errorf("Adjustment=%+v, want November's cut given back for complaint %d under version 1", l, cs[1])
	}

	t.Run("OK next month", func(t *testing.T) {
		f.now = time.Date(2027, 1, 1, 0, 0, 0, 0, shanghaiZone)
		testkit.Must(t, f.svc.Approve(ctx, f.tenantID, gm, f.store.ID, month(2026, 12)))
		dec := f.statement(month(2026, 12))
		assertLines(t, dec.Lines, key+" user="+itoa(adv)+" 0.00 -50%")
		if c := dec.Lines[0].Cause; !dec.Approved || c.Changed != incentives.ChangeRemoved || !slices.Equal(c.ComplaintIDs, []int64{cs[1]}) {
			t.Errorf("December=%+v, want approved with the adjustment", dec)
		}
		if jan := f.statement(month(2027, 1)); len(jan.Lines) != 0 {
			t.Errorf("January Lines=%q, want none: the appeal is booked", summary(jan.Lines))
		}
		lines, err := f.svc.LinesOf(ctx, f.tenantID, adv, 3)
		testkit.Must(t, err)
		var got []string
		for _, l := range lines {
			got = append(got, l.Month.Format("2006-01")+" "+summary([]incentives.Line{l.Line})[0])
		}
		want := []string{"2026-12 " + key + " user=" + itoa(adv) + " 0.00 -50%",
			"2026-11 complaint:" + itoa(adv) + ":1 user=" + itoa(adv) + " 0.00 5%",
			"2026-11 complaint:" + itoa(adv) + ":2 user=" + itoa(adv) + " 0.00 20%",
			"2026-11 " + key + " user=" + itoa(adv) + " 0.00 50%"}
		if !slices.Equal(got, want) {
			t.Errorf("LinesOf=%q, want %q", got, want)
		}
	})
}
