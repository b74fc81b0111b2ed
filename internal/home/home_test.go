package home_test

import (
	"slices"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/home"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
)

func TestStoresCover(t *testing.T) {
	stores := []tenancy.Store{{ID: 1, Name: "浦东"}, {ID: 2, Name: "杭州"}}
	if c := home.StoresCover(true, stores); !c.All || len(c.Places) != 0 {
		t.Errorf("StoresCover of the whole group=%+v, want all stores", c)
	}
	c := home.StoresCover(false, stores)
	if want := []home.Place{{Store: "浦东"}, {Store: "杭州"}}; c.All || !slices.Equal(c.Places, want) {
		t.Errorf("StoresCover=%+v, want %v", c, want)
	}
}

func TestDepartmentsCover(t *testing.T) {
	stores := []tenancy.Store{{ID: 1, Name: "浦东"}, {ID: 2, Name: "杭州"}}
	departments := []tenancy.Department{
		{ID: 10, StoreID: 1, Kind: tenancy.Sales, Name: "销售部"},
		{ID: 11, StoreID: 1, Kind: tenancy.AfterSales},
		{ID: 20, StoreID: 2, Kind: tenancy.AfterSales, Name: "售后服务部"},
	}
	c := home.DepartmentsCover([]int64{11, 20}, departments, stores)
	want := []home.Place{{Store: "浦东", DeptKind: "after_sales"}, {Store: "杭州", DeptKind: "after_sales", DeptName: "售后服务部"}}
	if c.All || !slices.Equal(c.Places, want) {
		t.Errorf("DepartmentsCover=%+v, want %v", c, want)
	}
}

// figure is a roll-up whose score is s, from n surveys.
func figure(s float64, n int) scores.Figure { return scores.Figure{Weight: 1, Points: s, Surveys: n} }

func TestDepartmentScores(t *testing.T) {
	week := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	starts := []time.Time{week.AddDate(0, 0, -7), week}
	store := scores.Store{ID: 10, Name: "浦东", SSILine: 90, CSILine: 95, MinSample: 3}
	board := func(kind string, depts ...scores.Department) scores.Board {
		return scores.Board{Store: store, Kind: kind, Period: scores.Week, Starts: starts, Departments: depts}
	}
	sales := scores.Department{ID: 1, Name: "销售部", Figures: []scores.Figure{figure(96, 5), figure(91, 5)}}
	service := scores.Department{ID: 2, Name: "售后服务部", Figures: []scores.Figure{{}, figure(94, 5)}}
	few := scores.Department{ID: 2, Name: "售后服务部", Figures: []scores.Figure{figure(40, 2), figure(94, 3)}}
	got := home.DepartmentScores([]scores.Board{board("ssi", sales, service), board("csi", few)}, []int64{2})
	if len(got) != 2 || got[0].Kind != "ssi" || got[1].Kind != "csi" {
		t.Fatalf("DepartmentScores=%+v, want the after-sales rows of both boards, SSI first", got)
	}
	for _, g := range got {
		if g.Department.ID != 2 || g.Store.ID != 10 || !slices.Equal(g.Starts, starts) {
			t.Errorf("row=%+v, want department 2 of store 10 over both weeks", g)
		}
	}
	tests := []struct {
		name string
		row  home.DepartmentScore
		week int
		text string
		want scores.Verdict
	}{
		{"NoSurveys", got[0], 0, "—", scores.NoScore},
		{"AboveSSILine", got[0], 1, "94.0", scores.OnTarget},
		{"TooFewToJudge", got[1], 0, "40.0", scores.TooFew},
		{"BelowCSILine", got[1], 1, "94.0", scores.Below},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if v, text := tt.row.Verdict(tt.week), tt.row.Text(tt.week); v != tt.want || text != tt.text {
				t.Errorf("Verdict=%v Text=%q, want %v %q", v, text, tt.want, tt.text)
			}
		})
	}
}

func TestBelowLine(t *testing.T) {
	week := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	store := func(name string, line float64) scores.Store {
		return scores.Store{Name: name, SSILine: line, CSILine: line, MinSample: 3}
	}
	ranking := []scores.StoreFigure{
		{Store: store("杭州", 95), Now: figure(97, 5), Prev: figure(93, 5)},
		{Store: store("浦东", 90), Now: figure(92, 5), Prev: figure(89.9, 4)},
		{Store: store("宁波", 95), Now: figure(94.9, 3), Prev: figure(20, 2)},
		{Store: store("苏州", 95)},
	}
	last, this := home.BelowLine("csi", week, ranking)
	if !slices.Equal(last.Stores, []string{"杭州", "浦东"}) || last.Of != 4 || !last.Start.Equal(week.AddDate(0, 0, -7)) ||
		last.Kind != "csi" || last.ThisWeek {
		t.Errorf("last week=%+v, want 杭州 and 浦东 of 4 in the week before (宁波 had too few surveys)", last)
	}
	if !slices.Equal(this.Stores, []string{"宁波"}) || this.Of != 4 || !this.Start.Equal(week) || !this.ThisWeek {
		t.Errorf("this week=%+v, want 宁波 of 4 (no score is not below)", this)
	}
}

func TestPage_Empty(t *testing.T) {
	if !(home.Page{Name: "x"}).Empty() {
		t.Errorf("Empty of a page without sections=false, want true")
	}
	if (home.Page{Staff: &home.Staff{}}).Empty() {
		t.Errorf("Empty of a page with a section=true, want false")
	}
}

// TestMyActions: none is no section; the section lists up to improve.MineCap and says there are
// more; an action past its due date in its store's day is overdue, one due today is not.
func TestMyActions(t *testing.T) {
	if a := home.MyActions(1, nil, time.Now()); a != nil {
		t.Errorf("MyActions of none=%+v, want nil", a)
	}
	now := time.Date(2026, 12, 9, 1, 0, 0, 0, time.UTC) // 09:00 in Shanghai
	due := func(d string) *time.Time { t, _ := time.Parse(time.DateOnly, d); return &t }
	list := make([]improve.Action, improve.MineCap+1)
	for i := range list {
		list[i] = improve.Action{ID: int64(i + 1), TimeZone: "Asia/Shanghai", Stage: improve.StageDo, DueOn: due("2026-12-09")}
	}
	list[0].DueOn = due("2026-12-08")
	a := home.MyActions(1, list, now)
	if len(a.Items) != improve.MineCap || a.Count != improve.MineCap+1 || a.Overdue() != 1 {
		t.Errorf("MyActions: %d items, Count=%d, Overdue=%d; want %d, %d, 1", len(a.Items), a.Count, a.Overdue(), improve.MineCap, improve.MineCap+1)
	}
}
