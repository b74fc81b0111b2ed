package benchmarks_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/benchmarks"
	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestImport_CommitOpensActions: a quarter's results open an action for exactly the items below
// the national or the regional average, against the one fallen short of by more, in the item's
// department; the preview says so first and writes nothing, and re-importing the same file
// changes and opens nothing.
func TestImport_CommitOpensActions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	wait := benchmarks.Item{Programme: benchmarks.CSI, Name: "维修等待时间", ItemShort: "等待时间", DepartmentKind: tenancy.Mechanical}
	testkit.Must(t, f.svc.SaveItem(ctx, f.tenantID, &wait))
	id := f.upload(t, "2026Q3.csv", gbk(t, resultsCSV))
	im, err := f.svc.Import(ctx, f.tenantID, id)
	testkit.Must(t, err)
	if im.Encoding != tabular.GB18030 || im.Mapping["item"] != "考核项目" || im.Mapping["regional"] != "区域平均" ||
		im.Mapping["rank"] != "排名" || len(im.Samples) != 3 {
		t.Fatalf("Import=%+v, want GB18030 with the columns guessed and 3 sample rows", im)
	}
	preview, err := f.svc.Preview(ctx, f.tenantID, f.userID, id)
	testkit.Must(t, err)
	want := benchmarks.Counts{Added: 8, Opened: 5}
	if preview.Counts != want || len(preview.Rejects) != 0 {
		t.Fatalf("preview Counts=%+v Rejects=%v, want %+v", preview.Counts, preview.Rejects, want)
	}
	if r := preview.Rows[2]; r.Item != "维修等待时间" || r.NewItem || !r.Opens || r.Line != 4 {
		t.Errorf("preview row 3=%+v, want the known item on line 4, opening an action", r)
	}
	if r := preview.Rows[0]; !r.NewItem || r.Opens {
		t.Errorf("preview row 1=%+v, want a new item opening nothing", r)
	}
	if n := f.count(t, "benchmark_results") + f.count(t, "improvement_actions") + f.count(t, "benchmark_items"); n != 1 {
		t.Fatalf("rows after the preview=%d, want only the catalogue's one item", n)
	}
	done, err := f.svc.Commit(ctx, f.tenantID, f.userID, id)
	testkit.Must(t, err)
	if done.Counts != want {
		t.Fatalf("commit Counts=%+v, want %+v", done.Counts, want)
	}
	checkActions(t, f)
	if n := f.count(t, "benchmark_items"); n != 8 {
		t.Errorf("catalogue=%d items, want the 7 new ones added", n)
	}
	if _, err := f.svc.Commit(ctx, f.tenantID, f.userID, id); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("second commit err=%v, want a conflict", err)
	}
	im, err = f.svc.Import(ctx, f.tenantID, id)
	testkit.Must(t, err)
	if im.Status != benchmarks.Committed || im.Counts != want {
		t.Errorf("import Status=%v Counts=%+v, want committed with %+v", im.Status, im.Counts, want)
	}

	changes := f.count(t, "benchmark_changes")
	again := f.upload(t, "2026Q3-again.csv", gbk(t, resultsCSV))
	redone, err := f.svc.Commit(ctx, f.tenantID, f.userID, again)
	testkit.Must(t, err)
	if c := redone.Counts; c != (benchmarks.Counts{Unchanged: 8}) {
		t.Errorf("re-import Counts=%+v, want 8 unchanged", c)
	}
	if n := f.count(t, "benchmark_changes"); n != changes || len(f.actions(t)) != 5 || f.count(t, "improvement_actions") != 5 {
		t.Errorf("re-import: changes %d → %d, actions %d, want nothing changed and 5 actions", changes, n, f.count(t, "improvement_actions"))
	}
}

// checkActions checks the five actions resultsCSV opens, by hand.
func checkActions(t *testing.T, f *fixture) {
	t.Helper()
	due := time.Date(2026, 11, 19, 0, 0, 0, 0, time.UTC) // 30 days on: the end of October is closer
	want := map[string]action{
		"维修等待时间": {ComparedWith: "national", Baseline: 80, Target: 85, DepartmentKind: "mechanical"},
		"结算透明":   {ComparedWith: "regional", Baseline: 84, Target: 86},
		"车辆清洁":   {ComparedWith: "regional", Baseline: 78, Target: 85},
		"交车后回访":  {ComparedWith: "regional", Baseline: 880, Target: 900},
		"展厅接待":   {ComparedWith: "national", Baseline: 92.49, Target: 92.5},
	}
	got := f.actions(t)
	if len(got) != len(want) {
		t.Fatalf("actions=%v, want %d", got, len(want))
	}
	for item, w := range want {
		a := got[item]
		if a.ComparedWith != w.ComparedWith || a.Baseline != w.Baseline || a.Target != w.Target ||
			a.DepartmentKind != w.DepartmentKind || !a.DueOn.Equal(due) || a.OpenedBy != nil {
			t.Errorf("%s: action=%+v, want %+v due %v, opened by the system", item, a, w, due)
		}
	}
	if w := got["维修等待时间"].Weakness; !strings.Contains(w, "CSI") || !strings.Contains(w, "2026Q3") ||
		!strings.Contains(w, "80") || !strings.Contains(w, "全国") {
		t.Errorf("weakness=%q, want the programme, quarter and figures in the importer's Chinese", w)
	}
}

// TestImport_Rejects: each wrong value is rejected with its line, field and reason, a second row
// for the same result names the first, and the valid rows are kept.
func TestImport_Rejects(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.upload(t, "bad.csv", rows(
		"CSI,2026Q3,服务顾问接待,90,85,86,3",
		"售前,2026Q3,接待,90,85,86,",
		"CSI,下季度,接待,90,85,86,",
		"CSI,2026Q3,,90,85,86,",
		"CSI,2026Q3,交车说明,1200,abc,86,0",
		"CSI,2026年第3季度,服务顾问接待,91,85,86,"))
	out, err := f.svc.Preview(ctx, f.tenantID, f.userID, id)
	testkit.Must(t, err)
	want := []benchmarks.Reject{
		{Line: 3, Field: "programme", Value: "售前", Key: "benchmarks.error.programme"},
		{Line: 4, Field: "quarter", Value: "下季度", Key: "benchmarks.error.quarter"},
		{Line: 5, Field: "item", Key: "benchmarks.error.item_required"},
		{Line: 6, Field: "score", Value: "1200", Key: "benchmarks.error.score"},
		{Line: 6, Field: "national", Value: "abc", Key: "benchmarks.error.average"},
		{Line: 6, Field: "rank", Value: "0", Key: "benchmarks.error.rank"},
		{Line: 7, Field: "item", Value: "服务顾问接待", Key: "benchmarks.error.duplicate", First: 2},
	}
	if len(out.Rejects) != len(want) {
		t.Fatalf("Rejects=%+v, want %d", out.Rejects, len(want))
	}
	for i, w := range want {
		if out.Rejects[i] != w {
			t.Errorf("Rejects[%d]=%+v, want %+v", i, out.Rejects[i], w)
		}
	}
	done, err := f.svc.Commit(ctx, f.tenantID, f.userID, id)
	testkit.Must(t, err)
	if done.Counts != (benchmarks.Counts{Added: 1, Rejected: 5}) || f.count(t, "benchmark_results") != 1 {
		t.Errorf("Counts=%+v, want 1 added and 5 lines rejected", done.Counts)
	}
}

// TestImport_XLSX: an Excel file with English headers imports as a CSV file does; a later
// file's changed figure is a change, recorded before → after with the import.
func TestImport_XLSX(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	book := excelize.NewFile()
	for i, row := range [][]any{
		{"Programme", "Quarter", "Item", "Score", "National average", "Regional average", "Rank"},
		{"Mystery shopper", "2026Q3", "Showroom welcome", 88.5, 90, 89, 7},
		{"Inspection", "2026Q3", "Workshop tidiness", 96, 95, 94, nil},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		testkit.Must(t, book.SetSheetRow("Sheet1", cell, &row))
	}
	var buf bytes.Buffer
	testkit.Must(t, book.Write(&buf))
	id := f.upload(t, "results.xlsx", buf.Bytes())
	done, err := f.svc.Commit(ctx, f.tenantID, f.userID, id)
	testkit.Must(t, err)
	if done.Counts != (benchmarks.Counts{Added: 2, Opened: 1}) {
		t.Fatalf("Counts=%+v, want 2 added, 1 opened", done.Counts)
	}
	if a := f.actions(t)["Showroom welcome"]; a.ComparedWith != "national" || a.Target != 90 {
		t.Errorf("action=%+v, want against the national 90", a)
	}
	next := f.upload(t, "results.csv", []byte("Programme,Quarter,Item,Score,National average,Regional average,Rank\n"+
		"mystery,2026-09-01,Showroom welcome,89,90,89,6\n"))
	changed, err := f.svc.Commit(ctx, f.tenantID, f.userID, next)
	testkit.Must(t, err)
	if changed.Counts != (benchmarks.Counts{Changed: 1}) || len(f.actions(t)) != 1 {
		t.Fatalf("Counts=%+v, want 1 changed and no second action", changed.Counts)
	}
	r := resultOf(t, f, "Showroom welcome")
	if len(r.History) != 2 || r.History[0].ImportID != next || r.History[0].Before.Score != 88.5 ||
		r.History[0].After.Score != 89 || r.History[0].By != "客服经理" || r.History[1].Before != nil {
		t.Errorf("History=%+v, want the change by the second import, 88.5 → 89, then the first", r.History)
	}
}

// TestCreate_Refuses: a file that is not one, or too long, is refused and nothing is kept.
func TestCreate_Refuses(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	long := "类别,季度,考核项目,本店得分\n" + strings.Repeat("CSI,2026Q3,接待,90\n", benchmarks.MaxRows+1)
	tests := []struct {
		name, field string
		up          benchmarks.Upload
	}{
		{"ErrNoStore", "store_id", benchmarks.Upload{Encoding: tabular.Auto, FileName: "a.csv", Content: []byte("a\n1\n")}},
		{"ErrNoFile", "file", benchmarks.Upload{StoreID: f.storeID, Encoding: tabular.Auto}},
		{"ErrTooManyRows", "file", benchmarks.Upload{StoreID: f.storeID, Encoding: tabular.Auto, FileName: "a.csv", Content: []byte(long)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.Create(ctx, f.tenantID, f.userID, tt.up)
			if errs := testkit.Fields(t, err); errs[tt.field] == "" {
				t.Errorf("errs=%v, want one at %s", errs, tt.field)
			}
		})
	}
	if _, err := f.svc.Create(ctx, f.tenantID, f.userID, benchmarks.Upload{StoreID: f.storeID, Encoding: tabular.Auto,
		FileName: "a.csv", Content: []byte(",,\n")}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("a file without a header: err=%v, want invalid", err)
	}
	if n := f.count(t, "benchmark_imports"); n != 0 {
		t.Errorf("imports=%d, want none kept", n)
	}
}

// TestSaveMapping: the mapping needs a column for each required field, of the file's.
func TestSaveMapping(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.upload(t, "a.csv", []byte("Item,Mark,Quarter,Kind\n接待,90,2026Q3,CSI\n"))
	im, err := f.svc.Import(ctx, f.tenantID, id)
	testkit.Must(t, err)
	if im.Mapping["score"] != "" || im.Mapping["item"] != "Item" {
		t.Fatalf("Mapping=%v, want Item guessed and no score", im.Mapping)
	}
	if _, err := f.svc.Preview(ctx, f.tenantID, f.userID, id); testkit.Fields(t, err)["score"] != "imports.column_required" {
		t.Errorf("preview without a score column: err=%v, want the score required", err)
	}
	m := im.Mapping
	m["score"], m["programme"], m["rank"] = "Mark", "Kind", "Place"
	if errs := testkit.Fields(t, f.svc.SaveMapping(ctx, f.tenantID, id, m)); errs["rank"] != "validation.choice" {
		t.Errorf("errs=%v, want rank's column not in the file", errs)
	}
	delete(m, "rank")
	testkit.Must(t, f.svc.SaveMapping(ctx, f.tenantID, id, m))
	out, err := f.svc.Preview(ctx, f.tenantID, f.userID, id)
	testkit.Must(t, err)
	if out.Added != 1 {
		t.Errorf("Counts=%+v, want 1 added", out.Counts)
	}
	next := f.upload(t, "b.csv", []byte("Kind,Quarter,Item,Mark\nSSI,2026Q3,交车,900\n"))
	if im, _ := f.svc.Import(ctx, f.tenantID, next); im.Mapping["score"] != "Mark" || im.Mapping["programme"] != "Kind" {
		t.Errorf("next file's Mapping=%v, want the store's last mapping", im.Mapping)
	}
}
