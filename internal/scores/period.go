package scores

import "time"

// Period is the length of a scoring period: an ISO week (Monday start), a calendar month, or a
// calendar quarter.
type Period string

// The scoring periods. A quarter keeps no roll-ups of its own: its figures are the sums of its
// three months' (each survey lies in exactly one month).
const (
	Week    Period = "week"
	Month   Period = "month"
	Quarter Period = "quarter"
)

// Periods are the scoring periods, shortest first.
var Periods = []Period{Week, Month, Quarter}

// Start is the first day of the period that holds t in the store's time zone, as a date at
// midnight UTC.
func (p Period) Start(t time.Time, loc *time.Location) time.Time {
	switch p {
	case Month:
		return MonthStart(t, loc)
	case Quarter:
		return QuarterStart(t, loc)
	}
	return WeekStart(t, loc)
}

// Add moves a period start n periods on (back for negative n).
func (p Period) Add(start time.Time, n int) time.Time {
	switch p {
	case Month:
		return start.AddDate(0, n, 0)
	case Quarter:
		return start.AddDate(0, 3*n, 0)
	}
	return start.AddDate(0, 0, 7*n)
}

// rolledUp is the period whose roll-ups hold the period's figures: a quarter's are its months'.
func (p Period) rolledUp() Period {
	if p == Quarter {
		return Month
	}
	return p
}

// last is the last day of the period starting on start.
func (p Period) last(start time.Time) time.Time {
	return p.Add(start, 1).AddDate(0, 0, -1)
}

// Bounds are the instants a period starting on start (a store date) begins and ends at in the
// store's time zone.
func (p Period) Bounds(start time.Time, loc *time.Location) (from, until time.Time) {
	local := func(d time.Time) time.Time { return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc) }
	return local(start), local(p.Add(start, 1))
}

// WeekStart is the Monday that starts the ISO week of t in the store's time zone, as a date at
// midnight UTC: a survey completed on Monday at 00:30 in Shanghai belongs to the new week,
// although it is still Sunday in UTC.
func WeekStart(t time.Time, loc *time.Location) time.Time {
	day := Date(t, loc)
	back := (int(day.Weekday()) + 6) % 7 // days since Monday
	return day.AddDate(0, 0, -back)
}

// MonthStart is the first day of t's month in the store's time zone, as a date at midnight UTC.
func MonthStart(t time.Time, loc *time.Location) time.Time {
	y, m, _ := t.In(loc).Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
}

// QuarterStart is the first day of t's calendar quarter in the store's time zone, as a date at
// midnight UTC.
func QuarterStart(t time.Time, loc *time.Location) time.Time {
	y, m, _ := t.In(loc).Date()
	return time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, time.UTC)
}

// Date is t's date in the store's time zone, as a date at midnight UTC like the period starts.
func Date(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Running reports whether the period starting on start has not ended by today (a store date):
// its figures are partial.
func (p Period) Running(start, today time.Time) bool {
	return today.Before(p.Add(start, 1))
}

// LastComplete is the start of the latest period that ended before today (a store date).
func (p Period) LastComplete(today time.Time) time.Time {
	return p.Add(p.Start(today, time.UTC), -1)
}
