package scores_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestSplit_ByChannel: a period split by channel gives each channel the figures of its own
// surveys, computed as the roll-ups are, and its figures on every channel equal the board's,
// for every department and the whole store, by week, month and quarter. A survey the customer
// answered through a link lists no agent in the drill-down.
func TestSplit_ByChannel(t *testing.T) {
	f := newScoreFixture(t)
	ctx := context.Background()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	csi := questionnaireOf(f.shanghai)
	at := time.Date(2026, 12, 8, 10, 0, 0, 0, sh)
	f.completeOn(t, csi, "phone", at, map[int]int{1: 5, 2: 10, 4: 4}) // after-sales 3×100, sales 80
	f.completeOn(t, csi, "phone", at, map[int]int{1: 3, 2: 6})        // after-sales 2×60 + 60
	f.completeOn(t, csi, "sms", at, map[int]int{1: 1, 2: 4, 4: 2})    // after-sales 2×20 + 40, sales 40
	f.completeOn(t, csi, "email", at.AddDate(0, 0, 14), map[int]int{1: 4})

	svc := scores.NewService(f.db.App, nil)
	sp, err := svc.ReadSplit(ctx, f.tenantID, scores.Key{StoreID: f.shanghai.id, Kind: "csi", Period: scores.Week, Start: day("2026-12-07")})
	testkit.Must(t, err)
	for _, tt := range []struct {
		name    string
		dept    int64
		channel string
		score   float64
		surveys int
	}{
		{"after-sales by phone", f.shanghai.after, "phone", (300 + 180) / 6.0, 2},
		{"after-sales by SMS", f.shanghai.after, "sms", 80 / 3.0, 1},
		{"sales by phone", f.shanghai.sales, "phone", 80, 1},
		{"sales by SMS", f.shanghai.sales, "sms", 40, 1},
		{"store by phone", 0, "phone", (300 + 180 + 80) / 7.0, 2},
		{"store by SMS", 0, "sms", (80 + 40) / 4.0, 1},
		{"store on all channels", 0, scores.AllChannels, (300 + 180 + 80 + 80 + 40) / 11.0, 3},
	} {
		wantFigure(t, tt.name, sp.Figure(tt.dept, tt.channel), tt.score, tt.surveys)
	}
	if fig := sp.Figure(0, "email"); fig.Surveys != 0 {
		t.Errorf("week's e-mail %+v, want none: its only survey is a fortnight later", fig)
	}

	for _, k := range []scores.Key{
		{StoreID: f.shanghai.id, Kind: "csi", Period: scores.Week, Start: day("2026-12-07")},
		{StoreID: f.shanghai.id, Kind: "csi", Period: scores.Month, Start: day("2026-12-01")},
		{StoreID: f.shanghai.id, Kind: "csi", Period: scores.Quarter, Start: day("2026-10-01")},
	} {
		b, err := svc.ReadBoard(ctx, f.tenantID, k, 1)
		testkit.Must(t, err)
		sp, err := svc.ReadSplit(ctx, f.tenantID, k)
		testkit.Must(t, err)
		same(t, string(k.Period)+" store", sp.Figure(0, scores.AllChannels), b.Total[0])
		for _, d := range b.Departments {
			same(t, string(k.Period)+" "+d.Kind, sp.Figure(d.ID, scores.AllChannels), d.Figures[0])
		}
	}

	d, err := svc.ReadDrill(ctx, f.tenantID, scores.Key{StoreID: f.shanghai.id, Kind: "csi", Period: scores.Week, Start: day("2026-12-07")}, 0)
	testkit.Must(t, err)
	agents := map[string]int{}
	for _, sv := range d.Surveys {
		agents[sv.Agent]++
	}
	if agents["陈晓燕"] != 2 || agents[""] != 1 {
		t.Errorf("drill-down's agents %v, want 陈晓燕 twice and none for the SMS survey", agents)
	}
}

// same fails the test unless the split's figure on every channel is the board's.
func same(t *testing.T, name string, split, board scores.Figure) {
	t.Helper()
	if split.Surveys != board.Surveys || math.Abs(split.Weight-board.Weight) > 1e-9 || math.Abs(split.Points-board.Points) > 1e-6 {
		t.Errorf("%s: all channels %+v, want the board's %+v", name, split, board)
	}
	if board.Surveys == 0 {
		t.Errorf("%s: the board has no surveys, want some to compare", name)
	}
}
