package demo

import (
	"slices"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/scores"
)

// TestBenchmarkItems: in each store and quarter, the items below an average are exactly those
// the follow-ups take up, and each one closed reached its target, and both averages, last
// quarter.
func TestBenchmarkItems(t *testing.T) {
	for store := range 2 {
		for quarter := range 2 {
			var below, followed []string
			for _, it := range benchmarkItems {
				if compared, _ := it.figures(store, quarter).Below(); compared != "" {
					below = append(below, it.name)
				}
			}
			for _, f := range followUps {
				if f.store == store && f.quarter == quarter {
					followed = append(followed, f.item)
				}
			}
			slices.Sort(below)
			slices.Sort(followed)
			if !slices.Equal(below, followed) || len(below) == 0 {
				t.Errorf("store %d, quarter %d: below %v, followed up %v: want the same, not none", store, quarter, below, followed)
			}
		}
	}
	for _, f := range followUps {
		if f.stage != improve.StageClosed {
			continue
		}
		it := benchmarkItems[slices.IndexFunc(benchmarkItems, func(it benchmarkItem) bool { return it.name == f.item })]
		_, target := it.figures(f.store, f.quarter).Below()
		next := it.figures(f.store, f.quarter+1)
		if compared, _ := next.Below(); next.Score < target || compared != "" {
			t.Errorf("%s in store %d: %v after a target of %v, want it reached and no average missed", f.item, f.store, next.Score, target)
		}
	}
}

// TestSchedule: whatever the day the demo is seeded, the quarter before last's results come in
// last quarter and its action's evidence before last quarter's results, which close it; every
// step lies in the past; the overdue action's due date is past and those opened from last
// quarter's results are due after today.
func TestSchedule(t *testing.T) {
	for day := range 2 * 366 {
		for _, hour := range []int{0, 23} {
			now := time.Date(2026, 1, 1+day, hour, 30, 0, 0, shanghai)
			s := newSchedule(now, shanghai)
			today := scores.Date(now, shanghai)
			overdue := followUp{quarter: 1, overdue: true}
			opened := scores.Date(s.entered[1], shanghai).AddDate(0, 0, 30) // the least an opened action is given
			ok := !s.entered[0].Before(time.Date(s.quarters[1].Year(), s.quarters[1].Month(), 1, 0, 0, 0, 0, shanghai)) &&
				s.planned(0).AddDate(0, 0, 7).Before(s.entered[1].Add(24*time.Hour)) &&
				s.entered[1].Add(72*time.Hour).Before(now) &&
				s.planned(1).AddDate(0, 0, 7).Before(s.checked) && s.checked.Before(now) &&
				s.due(overdue).Before(today) && opened.After(today) &&
				!s.due(followUp{quarter: 0}).Before(scores.Date(s.planned(0), shanghai))
			if !ok {
				t.Fatalf("on %v: schedule %+v out of order", now, s)
			}
		}
	}
}
