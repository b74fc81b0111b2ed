package scores_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/testkit"
)

// quarterSurveys completes surveys in Shanghai around the fourth quarter of 2026: one on the last
// evening of September (the third quarter), three in October, November and December, one on
// New Year's Eve at 23:30, and one on New Year's Day at 00:30 (the first quarter of 2027).
func quarterSurveys(t *testing.T, f *scoreFixture) {
	t.Helper()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	for _, s := range []struct {
		at      time.Time
		answers map[int]int
	}{
		{time.Date(2026, 9, 30, 23, 30, 0, 0, sh), map[int]int{1: 1, 2: 2}},
		{time.Date(2026, 10, 1, 0, 30, 0, 0, sh), map[int]int{1: 4, 2: 9, 4: 3}},
		{time.Date(2026, 10, 20, 10, 0, 0, 0, sh), map[int]int{1: 5, 2: 10}},
		{time.Date(2026, 11, 30, 22, 30, 0, 0, sh), map[int]int{1: 2, 2: 6, 4: 5}},
		{time.Date(2026, 12, 31, 23, 30, 0, 0, sh), map[int]int{1: 3}},
		{time.Date(2027, 1, 1, 0, 30, 0, 0, sh), map[int]int{1: 1, 2: 1, 4: 1}},
	} {
		f.complete(t, f.shanghai, s.at, s.answers)
	}
}

// TestQuarter_BoardIsItsMonths: a quarter's department figure is the weighted combination of its
// three months' (Σ points over Σ weights, not a mean of monthly scores), its surveys and sample
// are their sums, hand-computed; the group ranking shows the same quarter figure as the
// scoreboard, and the quarter before as its change.
func TestQuarter_BoardIsItsMonths(t *testing.T) {
	f := newScoreFixture(t)
	ctx := context.Background()
	quarterSurveys(t, f)
	svc := scores.NewService(f.db.App, nil)
	q4 := scores.Key{StoreID: f.shanghai.id, Kind: "csi", Period: scores.Quarter, Start: day("2026-10-01")}
	b, err := svc.ReadBoard(ctx, f.tenantID, q4, 2)
	testkit.Must(t, err)
	if got := []string{b.Starts[0].Format(time.DateOnly), b.Starts[1].Format(time.DateOnly)}; got[0] != "2026-07-01" || got[1] != "2026-10-01" {
		t.Fatalf("columns %v, want the third and fourth quarters", got)
	}
	var months scores.Figure
	var sample scores.Sample
	for _, m := range []string{"2026-10-01", "2026-11-01", "2026-12-01"} {
		mb, err := svc.ReadBoard(ctx, f.tenantID, scores.Key{StoreID: f.shanghai.id, Kind: "csi", Period: scores.Month, Start: day(m)}, 1)
		testkit.Must(t, err)
		fig, _ := figureOf(mb, f.shanghai.after)
		months.Weight, months.Points, months.Surveys = months.Weight+fig.Weight, months.Points+fig.Points, months.Surveys+fig.Surveys
		sample.Required, sample.Completed = sample.Required+mb.Samples[0].Required, sample.Completed+mb.Samples[0].Completed
	}
	quarter, _ := figureOf(b, f.shanghai.after)
	// By hand, after-sales: October (2×80 + 90) + (2×100 + 100), November 2×40 + 60, December
	// 2×60 (its optional item unanswered): 810 points over 11 weights, from 4 surveys; the mean
	// of the months' scores would be 66.1.
	got, _ := quarter.Score()
	want, _ := months.Score()
	if math.Abs(got-810.0/11) > 1e-9 || math.Abs(got-want) > 1e-9 || quarter.Surveys != 4 || months.Surveys != 4 {
		t.Errorf("quarter %+v (%.4f), months %+v (%.4f), want 73.6364 from 4 surveys both", quarter, got, months, want)
	}
	if sm := b.Samples[1]; sm.Required != 4 || sm.Completed != 4 || sm.Required != sample.Required || sm.Completed != sample.Completed {
		t.Errorf("quarter sample %+v, want the months' sum %+v: 4 due and completed", sm, sample)
	}
	if n := b.Total[1].Surveys; n != 4 {
		t.Errorf("whole store's quarter: %d surveys, want 4", n)
	}
	if prev, _ := b.Total[0].Score(); b.Total[0].Surveys != 1 || math.Abs(prev-20) > 1e-9 {
		t.Errorf("third quarter %+v, want the last evening of September alone: 20", b.Total[0])
	}
	group, err := svc.ReadGroup(ctx, f.tenantID, "csi", scores.Quarter, day("2026-10-01"))
	testkit.Must(t, err)
	for _, sf := range group {
		if sf.Store.ID != f.shanghai.id {
			continue
		}
		now, _ := sf.Now.Score()
		board, _ := b.Total[1].Score()
		prev, _ := sf.Prev.Score()
		boardPrev, _ := b.Total[0].Score()
		if fmt.Sprintf("%.6f %.6f %d", now, prev, sf.Now.Surveys) != fmt.Sprintf("%.6f %.6f %d", board, boardPrev, b.Total[1].Surveys) ||
			sf.Sample.Completed != 4 {
			t.Errorf("group ranking %.4f (before %.4f, %d surveys, sample %+v), scoreboard %.4f (before %.4f, %d surveys): want one figure",
				now, prev, sf.Now.Surveys, sf.Sample, board, boardPrev, b.Total[1].Surveys)
		}
	}
}

// TestQuarter_KeptBoard: a quarter's board is kept, and a survey completed in one of its months
// is announced and shown.
func TestQuarter_KeptBoard(t *testing.T) {
	f := newScoreFixture(t)
	h := listen(t, f)
	ctx := context.Background()
	boards := scores.NewService(f.db.App, h.Tracker)
	key := scores.Key{StoreID: f.shanghai.id, Kind: "csi", Period: scores.Quarter, Start: day("2026-10-01")}
	surveys := func() int {
		t.Helper()
		b, err := boards.ReadBoard(ctx, f.tenantID, key, 1)
		testkit.Must(t, err)
		return b.Total[0].Surveys
	}
	if n := surveys(); n != 0 {
		t.Fatalf("surveys before=%d, want 0", n)
	}
	f.complete(t, f.shanghai, time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC), map[int]int{1: 5})
	h.next(t)
	if n := surveys(); n != 1 {
		t.Errorf("surveys after a survey in November=%d, want 1", n)
	}
}
