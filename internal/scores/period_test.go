package scores

import (
	"testing"
	"time"
)

func TestPeriods(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	ny, _ := time.LoadLocation("America/New_York")
	tests := []struct {
		name        string
		at          time.Time
		loc         *time.Location
		week, month string
	}{
		{"Monday 00:30 in Shanghai is Sunday 16:30 UTC: the new week", time.Date(2026, 11, 22, 16, 30, 0, 0, time.UTC), sh, "2026-11-23", "2026-11-01"},
		{"Sunday 23:59 in Shanghai: the old week", time.Date(2026, 11, 22, 15, 59, 0, 0, time.UTC), sh, "2026-11-16", "2026-11-01"},
		{"the last evening of a month", time.Date(2026, 11, 30, 22, 0, 0, 0, sh), sh, "2026-11-30", "2026-11-01"},
		{"New Year's Eve 2026 is in ISO week 53 of 2026", time.Date(2026, 12, 31, 12, 0, 0, 0, sh), sh, "2026-12-28", "2026-12-01"},
		{"New Year's Day 2027 is still in that week", time.Date(2027, 1, 1, 12, 0, 0, 0, sh), sh, "2026-12-28", "2027-01-01"},
		{"4 January 2027 starts ISO week 1", time.Date(2027, 1, 4, 9, 0, 0, 0, sh), sh, "2027-01-04", "2027-01-01"},
		{"a store in another time zone: still Monday 30 November in New York", time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC), ny, "2026-11-30", "2026-11-01"},
	}
	for _, tt := range tests {
		w, m := WeekStart(tt.at, tt.loc).Format("2006-01-02"), MonthStart(tt.at, tt.loc).Format("2006-01-02")
		if w != tt.week || m != tt.month {
			t.Errorf("%s: week %s month %s, want %s and %s", tt.name, w, m, tt.week, tt.month)
		}
		if wd := WeekStart(tt.at, tt.loc).Weekday(); wd != time.Monday {
			t.Errorf("%s: week starts on %v, want Monday", tt.name, wd)
		}
	}
}

// TestPeriod_Running: a period runs until the day after its last; the last complete one is the
// one before the running one.
func TestPeriod_Running(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	today := Date(time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC), sh) // Wednesday 2 December in Shanghai
	if got := today.Format(time.DateOnly); got != "2026-12-02" {
		t.Fatalf("Date=%s, want 2026-12-02", got)
	}
	for _, tc := range []struct {
		p       Period
		start   string
		running bool
	}{
		{Week, "2026-11-30", true}, {Week, "2026-11-23", false}, {Month, "2026-12-01", true}, {Month, "2026-11-01", false},
	} {
		start, _ := time.Parse(time.DateOnly, tc.start)
		if got := tc.p.Running(start, today); got != tc.running {
			t.Errorf("%s of %s: Running=%v, want %v", tc.p, tc.start, got, tc.running)
		}
	}
	if got := Week.LastComplete(today).Format(time.DateOnly); got != "2026-11-23" {
		t.Errorf("last complete week starts %s, want 2026-11-23", got)
	}
	if got := Month.LastComplete(today).Format(time.DateOnly); got != "2026-11-01" {
		t.Errorf("last complete month starts %s, want 2026-11-01", got)
	}
}
