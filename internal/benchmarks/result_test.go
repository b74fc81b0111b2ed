package benchmarks_test

import (
	"context"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/benchmarks"
	"github.com/csidesk/csidesk/internal/testkit"
)

// resultOf reads the fixture store's 2026Q3 result of the item named name.
func resultOf(t *testing.T, f *fixture, name string) benchmarks.Result {
	t.Helper()
	ctx := context.Background()
	g, err := f.svc.Gaps(ctx, f.tenantID, []int64{f.storeID}, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC))
	testkit.Must(t, err)
	for _, pg := range g.Programmes {
		for _, ig := range pg.Items {
			if ig.Item.Name == name {
				r, err := f.svc.Result(ctx, f.tenantID, ig.Cells[0].ResultID)
				testkit.Must(t, err)
				return r
			}
		}
	}
	t.Fatalf("no result for %s", name)
	return benchmarks.Result{}
}

// TestSave_EntryAndCorrection: a result entered by hand opens its action; a correction needs a
// reason and is recorded, before → after, with its person; the same figures again record
// nothing; and a correction to below the average of a result already acted on opens nothing more.
func TestSave_EntryAndCorrection(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	it := benchmarks.Item{Programme: benchmarks.Inspection, Name: "车间5S"}
	testkit.Must(t, f.svc.SaveItem(ctx, f.tenantID, &it))
	q3 := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	e := benchmarks.Entry{StoreID: f.storeID, ItemID: it.ID, Quarter: q3,
		Figures: benchmarks.Figures{Score: 96, National: num(95), Regional: num(94)}}
	saved, err := f.svc.Save(ctx, f.tenantID, f.userID, e)
	testkit.Must(t, err)
	if saved.Status != benchmarks.Added || saved.Opened != 0 {
		t.Fatalf("Saved=%+v, want added, above both averages, opening nothing", saved)
	}
	e.Score = 90
	if _, err := f.svc.Save(ctx, f.tenantID, f.userID, e); testkit.Fields(t, err)["reason"] != "benchmarks.error.reason_required" {
		t.Fatalf("correction without a reason: err=%v, want the reason required", err)
	}
	e.Reason = "厂家更正了成绩"
	saved, err = f.svc.Save(ctx, f.tenantID, f.userID, e)
	testkit.Must(t, err)
	if saved.Status != benchmarks.Changed || saved.Opened != 1 {
		t.Fatalf("Saved=%+v, want changed, opening the action", saved)
	}
	if saved, _ = f.svc.Save(ctx, f.tenantID, f.userID, e); saved.Status != benchmarks.Unchanged || saved.Opened != 0 {
		t.Errorf("the same again: Saved=%+v, want unchanged, opening nothing", saved)
	}
	e.Score, e.Regional = 89, num(92)
	if saved, _ = f.svc.Save(ctx, f.tenantID, f.userID, e); saved.Opened != 0 || f.count(t, "improvement_actions") != 1 {
		t.Errorf("a further correction: Saved=%+v, want no second action", saved)
	}
	r, err := f.svc.Result(ctx, f.tenantID, saved.ResultID)
	testkit.Must(t, err)
	if r.Score != 89 || r.ActionID == 0 || len(r.History) != 3 {
		t.Fatalf("Result=%+v, want 89 with its action and 3 changes", r)
	}
	if c := r.History[1]; c.By != "客服经理" || c.Reason != "厂家更正了成绩" || c.Before.Score != 96 || c.After.Score != 90 ||
		c.ImportID != 0 {
		t.Errorf("correction=%+v, want by 客服经理, 96 → 90, with the reason", c)
	}
}

// TestSave_Invalid: bad entries are refused at their fields and nothing is kept.
func TestSave_Invalid(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name, field string
		e           benchmarks.Entry
	}{
		{"ErrItem", "item_id", benchmarks.Entry{StoreID: f.storeID, ItemID: 999, Quarter: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}},
		{"ErrQuarter", "quarter", benchmarks.Entry{StoreID: f.storeID, ItemID: 1, Quarter: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)}},
		{"ErrNoStore", "store_id", benchmarks.Entry{ItemID: 1, Quarter: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.Save(ctx, f.tenantID, f.userID, tt.e)
			if errs := testkit.Fields(t, err); errs[tt.field] == "" {
				t.Errorf("errs=%v, want one at %s", errs, tt.field)
			}
		})
	}
	if n := f.count(t, "benchmark_results"); n != 0 {
		t.Errorf("results=%d, want none", n)
	}
}

// TestSaveItem: items are added and renamed; a name is one item's per programme.
func TestSaveItem(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	it := benchmarks.Item{Programme: benchmarks.CSI, Name: " 服务顾问接待 ", ItemShort: "接待"}
	testkit.Must(t, f.svc.SaveItem(ctx, f.tenantID, &it))
	other := benchmarks.Item{Programme: benchmarks.SSI, Name: "服务顾问接待"}
	testkit.Must(t, f.svc.SaveItem(ctx, f.tenantID, &other))
	dup := benchmarks.Item{Programme: benchmarks.CSI, Name: "服务顾问接待"}
	if errs := testkit.Fields(t, f.svc.SaveItem(ctx, f.tenantID, &dup)); errs["name"] != "benchmarks.error.item_taken" {
		t.Errorf("errs=%v, want the name taken", errs)
	}
	it.Name, it.DepartmentKind = "服务顾问主动接待", "after_sales"
	testkit.Must(t, f.svc.SaveItem(ctx, f.tenantID, &it))
	got, err := f.svc.Item(ctx, f.tenantID, it.ID)
	testkit.Must(t, err)
	if got != it {
		t.Errorf("Item=%+v, want %+v", got, it)
	}
	bad := benchmarks.Item{Programme: "nps", DepartmentKind: "garage"}
	errs := testkit.Fields(t, f.svc.SaveItem(ctx, f.tenantID, &bad))
	if errs["programme"] == "" || errs["name"] == "" || errs["department_kind"] == "" {
		t.Errorf("errs=%v, want programme, name and department kind", errs)
	}
}
