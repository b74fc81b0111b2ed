package scores

import (
	"slices"
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

// TestPeriod_Quarter: a quarter holds t's calendar quarter in the store's time zone; it moves by
// three months across years, begins and ends at the store's midnight, runs until the day after
// its last, and the last complete one is the one before the running one.
func TestPeriod_Quarter(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	ny, _ := time.LoadLocation("America/New_York")
	tests := []struct {
		name   string
		at     time.Time
		loc    *time.Location
		start  string
		prev   string
		next   string
		last   string // the last complete quarter on that day
		from   time.Time
		before time.Time // the instant the quarter ends
	}{
		{"1 October 00:30 in Shanghai is still 30 September in UTC: the fourth quarter",
			time.Date(2026, 9, 30, 16, 30, 0, 0, time.UTC), sh, "2026-10-01", "2026-07-01", "2027-01-01", "2026-07-01",
			time.Date(2026, 10, 1, 0, 0, 0, 0, sh), time.Date(2027, 1, 1, 0, 0, 0, 0, sh)},
		{"30 September 23:59 in Shanghai: the third quarter",
			time.Date(2026, 9, 30, 15, 59, 0, 0, time.UTC), sh, "2026-07-01", "2026-04-01", "2026-10-01", "2026-04-01",
			time.Date(2026, 7, 1, 0, 0, 0, 0, sh), time.Date(2026, 10, 1, 0, 0, 0, 0, sh)},
		{"New Year's Day in Shanghai: the first quarter, after the fourth of last year",
			time.Date(2027, 1, 1, 9, 0, 0, 0, sh), sh, "2027-01-01", "2026-10-01", "2027-04-01", "2026-10-01",
			time.Date(2027, 1, 1, 0, 0, 0, 0, sh), time.Date(2027, 4, 1, 0, 0, 0, 0, sh)},
		{"New Year's Eve in New York is New Year's Day in UTC: still the fourth quarter",
			time.Date(2027, 1, 1, 3, 0, 0, 0, time.UTC), ny, "2026-10-01", "2026-07-01", "2027-01-01", "2026-07-01",
			time.Date(2026, 10, 1, 0, 0, 0, 0, ny), time.Date(2027, 1, 1, 0, 0, 0, 0, ny)},
		{"the last day of March in New York, across the change to summer time",
			time.Date(2027, 3, 31, 23, 0, 0, 0, ny), ny, "2027-01-01", "2026-10-01", "2027-04-01", "2026-10-01",
			time.Date(2027, 1, 1, 0, 0, 0, 0, ny), time.Date(2027, 4, 1, 0, 0, 0, 0, ny)},
		{"mid-May", time.Date(2026, 5, 15, 12, 0, 0, 0, sh), sh, "2026-04-01", "2026-01-01", "2026-07-01", "2026-01-01",
			time.Date(2026, 4, 1, 0, 0, 0, 0, sh), time.Date(2026, 7, 1, 0, 0, 0, 0, sh)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := Quarter.Start(tt.at, tt.loc)
			got := []string{start.Format(time.DateOnly), Quarter.Add(start, -1).Format(time.DateOnly),
				Quarter.Add(start, 1).Format(time.DateOnly), Quarter.LastComplete(Date(tt.at, tt.loc)).Format(time.DateOnly)}
			if want := []string{tt.start, tt.prev, tt.next, tt.last}; !slices.Equal(got, want) {
				t.Errorf("start, before, after, last complete=%v, want %v", got, want)
			}
			from, until := Quarter.Bounds(start, tt.loc)
			if !from.Equal(tt.from) || !until.Equal(tt.before) {
				t.Errorf("Bounds=%v to %v, want %v to %v", from, until, tt.from, tt.before)
			}
			if !Quarter.Running(start, Date(tt.at, tt.loc)) {
				t.Errorf("Running=false on a day of the quarter, want true")
			}
			if Quarter.Running(start, day(tt.next)) {
				t.Errorf("Running=true on the first day of the next quarter, want false")
			}
			if !from.Before(tt.at) && !from.Equal(tt.at) || !tt.at.Before(until) {
				t.Errorf("%v lies outside its quarter %v to %v", tt.at, from, until)
			}
		})
	}
}

// TestPeriod_RolledUp: a quarter reads its months' roll-ups, over its three months.
func TestPeriod_RolledUp(t *testing.T) {
	for _, tc := range []struct {
		p          Period
		start      string
		rolled     Period
		lastDayStr string
	}{
		{Week, "2026-12-28", Week, "2027-01-03"},
		{Month, "2026-12-01", Month, "2026-12-31"},
		{Quarter, "2026-10-01", Month, "2026-12-31"},
		{Quarter, "2027-01-01", Month, "2027-03-31"},
	} {
		if got := tc.p.rolledUp(); got != tc.rolled {
			t.Errorf("%s: rolled up by %s, want %s", tc.p, got, tc.rolled)
		}
		if got := tc.p.last(day(tc.start)).Format(time.DateOnly); got != tc.lastDayStr {
			t.Errorf("%s of %s: last day %s, want %s", tc.p, tc.start, got, tc.lastDayStr)
		}
	}
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}
