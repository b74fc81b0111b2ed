package benchmarks_test

import (
	"context"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/benchmarks"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestGaps: a quarter's items per programme, worst shortfall first (an item without an average
// last), each with its trend over four quarters and its action; two stores side by side.
func TestGaps(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	second := tenancy.NewStore()
	second.Name = "瑞丰二店"
	testkit.Must(t, (&tenancy.Service{DB: f.db.App}).CreateStore(ctx, f.tenantID, &second))
	testkit.Must(t, commitFile(f, resultsCSV))
	testkit.Must(t, commitFile(f, "类别,季度,考核项目,本店得分\nCSI,2026Q2,维修等待时间,83\nCSI,2025Q4,维修等待时间,81\nCSI,2025Q2,维修等待时间,70\n"))
	it, err := f.svc.Items(ctx, f.tenantID)
	testkit.Must(t, err)
	_, err = f.svc.Save(ctx, f.tenantID, f.userID, benchmarks.Entry{StoreID: second.ID, ItemID: idOf(it, "维修等待时间"),
		Quarter: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), Figures: benchmarks.Figures{Score: 90, National: num(85)}})
	testkit.Must(t, err)

	g, err := f.svc.Gaps(ctx, f.tenantID, []int64{f.storeID}, time.Time{})
	testkit.Must(t, err)
	if benchmarks.QuarterLabel(g.Quarter) != "2026Q3" || len(g.Quarters) != 4 || len(g.Programmes) != 4 {
		t.Fatalf("Gap quarter=%v quarters=%v programmes=%d, want 2026Q3 of 4 quarters in 4 programmes", g.Quarter, g.Quarters, len(g.Programmes))
	}
	var names []string
	for _, ig := range g.Programmes[0].Items {
		names = append(names, ig.Item.Name)
	}
	want := []string{"车辆清洁", "维修等待时间", "结算透明", "交车说明", "服务顾问接待"} // -7, -5, -2, 0, +4
	if len(names) != len(want) {
		t.Fatalf("CSI items=%v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("CSI items=%v, want %v", names, want)
		}
	}
	wait := g.Programmes[0].Items[1].Cells[0]
	trend := []float64{81, 0, 83, 80} // 2025Q4, 2026Q1 (none), 2026Q2, 2026Q3
	for i, p := range wait.Trend {
		if (p.Score == nil) != (trend[i] == 0) || p.Score != nil && *p.Score != trend[i] {
			t.Errorf("trend[%d]=%v %v, want %v", i, p.Quarter, p.Score, trend[i])
		}
	}
	if wait.ActionID == 0 || g.Programmes[0].Items[4].Cells[0].ActionID != 0 {
		t.Errorf("actions: want one for the wait and none for the welcome")
	}
	if last := g.Programmes[3]; last.Programme != benchmarks.Inspection || last.Items[0].Cells[0].ActionID != 0 {
		t.Errorf("programme 4=%+v, want the inspection without averages and without action", last)
	}

	both, err := f.svc.Gaps(ctx, f.tenantID, []int64{f.storeID, second.ID}, time.Time{})
	testkit.Must(t, err)
	row := both.Programmes[0].Items[1]
	if row.Item.Name != "维修等待时间" || row.Cells[0].Score != 80 || row.Cells[1].Score != 90 || both.Programmes[0].Items[0].Cells[1].ResultID != 0 {
		t.Errorf("side by side=%+v, want the wait 80 | 90, and the cleaning in the first store only", row)
	}
}

// TestGap_SetOwn: the store's own item score stands beside the items linked to it, in either
// language of the short name; a mystery shopper's item takes the after-sales figure first.
func TestGap_SetOwn(t *testing.T) {
	item := func(p benchmarks.Programme, short string) benchmarks.ItemGap {
		return benchmarks.ItemGap{Item: benchmarks.Item{Programme: p, ItemShort: short}, Cells: make([]benchmarks.Cell, 1)}
	}
	g := benchmarks.Gap{Programmes: []benchmarks.ProgrammeGap{
		{Programme: benchmarks.CSI, Items: []benchmarks.ItemGap{item(benchmarks.CSI, "waiting time"), item(benchmarks.CSI, "")}},
		{Programme: benchmarks.SSI, Items: []benchmarks.ItemGap{item(benchmarks.SSI, "交车")}},
		{Programme: benchmarks.Mystery, Items: []benchmarks.ItemGap{item(benchmarks.Mystery, "交车")}},
	}}
	if kinds := g.LinkedKinds(); len(kinds) != 2 || kinds[0] != "csi" || kinds[1] != "ssi" {
		t.Fatalf("LinkedKinds()=%v, want csi, ssi", kinds)
	}
	if kinds := (benchmarks.Gap{Programmes: g.Programmes[1:2]}).LinkedKinds(); len(kinds) != 1 || kinds[0] != "ssi" {
		t.Errorf("SSI alone: LinkedKinds()=%v, want ssi", kinds)
	}
	g.SetOwn(0, "csi", []scores.ItemScore{{NameZH: "等待时间", NameEN: "Waiting time", Score: 82.5, Answers: 40},
		{NameZH: "交车", NameEN: "Handover", Score: 70, Answers: 3}})
	g.SetOwn(0, "ssi", []scores.ItemScore{{NameZH: "交车", NameEN: "Handover", Score: 91, Answers: 12}})
	for i, want := range []struct {
		pg, ig int
		own    float64
	}{{0, 0, 82.5}, {0, 1, 0}, {1, 0, 91}, {2, 0, 70}} {
		c := g.Programmes[want.pg].Items[want.ig].Cells[0]
		if got := c.Own; (got == nil) != (want.own == 0) || got != nil && *got != want.own {
			t.Errorf("case %d: Own=%v, want %v", i, got, want.own)
		}
	}
}

// commitFile uploads and commits a results file of the fixture's store.
func commitFile(f *fixture, csv string) error {
	ctx := context.Background()
	id, err := f.svc.Create(ctx, f.tenantID, f.userID, benchmarks.Upload{StoreID: f.storeID, Encoding: "auto",
		FileName: "r.csv", Content: []byte(csv)})
	if err == nil {
		_, err = f.svc.Commit(ctx, f.tenantID, f.userID, id)
	}
	return err
}

// idOf is the id of the catalogue item named name.
func idOf(items []benchmarks.Item, name string) int64 {
	for _, it := range items {
		if it.Name == name {
			return it.ID
		}
	}
	return 0
}
