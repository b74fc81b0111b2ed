package improve_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestOpenRedLines: of November's figures, the after-sales CSI at 90 from 6 surveys is below
// the line of 95 with a valid sample and opens one action, with its figure, owner and due date;
// the sales CSI at 80 from 3 surveys (fewer than 5) opens none, nor do the after-sales SSI at
// exactly 95 and the sales SSI at 97. Running again opens nothing.
func TestOpenRedLines(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.rollup(f.after, "csi", "month", "2026-11-01", 90, 6)
	f.rollup(f.sales, "csi", "month", "2026-11-01", 80, 3)
	f.rollup(f.after, "ssi", "month", "2026-11-01", 95, 6)
	f.rollup(f.sales, "ssi", "month", "2026-11-01", 97, 9)
	f.rollup(f.after, "csi", "month", "2026-12-01", 50, 9) // the running month is not judged
	n, err := f.svc.OpenRedLines(ctx, f.tenantID)
	testkit.Must(t, err)
	if n != 1 {
		t.Fatalf("opened=%d, want 1", n)
	}
	list, total, err := f.svc.List(ctx, f.tenantID, improve.Filter{Limit: 10})
	testkit.Must(t, err)
	if total != 1 {
		t.Fatalf("actions=%d, want 1", total)
	}
	a := list[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"Source", a.Source, improve.FromRedLine},
		{"DepartmentID", a.DepartmentID, f.after},
		{"Kind", a.Kind, "csi"},
		{"Period", a.Period, "month"},
		{"PeriodStart", a.PeriodStart.Format(time.DateOnly), "2026-11-01"},
		{"Baseline", *a.Baseline, 90.0},
		{"Target", *a.Target, 95.0},
		{"OwnerID", a.OwnerID, f.users["head"]},
		{"DueOn", a.DueOn.Format(time.DateOnly), "2026-12-31"},
		{"Stage", a.Stage, improve.StagePlan},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s=%v, want %v", c.name, c.got, c.want)
		}
	}
	for _, want := range []string{"售后服务部", "CSI", "2026 年 11 月", "90.0", "95", "6"} {
		if !strings.Contains(a.Weakness, want) {
			t.Errorf("Weakness=%q, want %q in it", a.Weakness, want)
		}
	}
	n, err = f.svc.OpenRedLines(ctx, f.tenantID)
	testkit.Must(t, err)
	if n != 0 || f.count(`SELECT count(*) FROM improvement_actions WHERE tenant_id = $1`) != 1 {
		t.Errorf("again: opened=%d, want 0 and still one action", n)
	}
	if got := f.count(`SELECT count(*) FROM improvement_events WHERE tenant_id = $1 AND field = 'opened'`); got != 1 {
		t.Errorf("opened events=%d, want 1", got)
	}
}

// TestOpenRedLines_Weeks: a store that asks for weeks too opens an action for last week (the
// week of Monday 30 November, on Wednesday 9 December) below the line; a store that asks for
// months alone opens none for it.
func TestOpenRedLines_Weeks(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.rollup(f.after, "csi", "week", "2026-11-30", 88, 5)
	n, err := f.svc.OpenRedLines(ctx, f.tenantID)
	testkit.Must(t, err)
	if n != 0 {
		t.Fatalf("months only: opened=%d, want 0", n)
	}
	f.exec(`UPDATE stores SET action_periods = '{month,week}' WHERE tenant_id = $1 AND id = $2`, f.tenantID, f.store.ID)
	n, err = f.svc.OpenRedLines(ctx, f.tenantID)
	testkit.Must(t, err)
	if n != 1 {
		t.Fatalf("with weeks: opened=%d, want 1", n)
	}
	list, _, err := f.svc.List(ctx, f.tenantID, improve.Filter{Limit: 10})
	testkit.Must(t, err)
	if a := list[0]; a.Period != "week" || a.PeriodStart.Format(time.DateOnly) != "2026-11-30" ||
		a.DueOn.Format(time.DateOnly) != "2026-12-13" || !strings.Contains(a.Weakness, "第 49 周") {
		t.Errorf("action=%+v, want week 49 of 2026 due on 13 December", a)
	}
}
