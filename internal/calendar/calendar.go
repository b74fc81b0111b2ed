// Package calendar holds a store's business calendar, its opening hours per weekday with the
// dates that differ (holidays and 调休 make-up workdays), and the arithmetic of business time
// over it, by which complaint deadlines are counted. The arithmetic is pure; the calendars are
// saved as versions, so that a deadline keeps the calendar it was set with.
package calendar

import (
	"slices"
	"time"
)

// Range is an opening interval in minutes from local midnight, 0 <= Start < End <= 1440.
type Range struct{ Start, End int }

// Day is a date's exception to the week: a holiday (Closed) or a make-up workday (调休) with Hours.
type Day struct {
	Closed bool
	Hours  []Range
	Note   string
}

// Calendar is a store's business calendar in its time zone.
type Calendar struct {
	Zone       *time.Location
	AlwaysOpen bool           // a 24-hour store: business time is clock time
	Week       [7][]Range     // indexed by time.Weekday (Sunday = 0)
	Days       map[string]Day // key "2006-01-02" in Zone
}

// DateLayout is the layout of the dates that key Days.
const DateLayout = "2006-01-02"

// MinutesPerDay is the end of the last Range a day can hold.
const MinutesPerDay = 24 * 60

// DefaultHours are the opening hours of a store without a calendar: 08:30–18:00.
var DefaultHours = Range{Start: 8*60 + 30, End: 18 * 60}

// Default is the calendar of a store that has none saved: every day 08:30–18:00 (4S stores
// open weekends), in zone.
func Default(zone *time.Location) Calendar {
	c := Calendar{Zone: zone, Days: map[string]Day{}}
	for d := range c.Week {
		c.Week[d] = []Range{DefaultHours}
	}
	return c
}

// horizon bounds the search for opening hours: a calendar open for none of the days ahead (no
// valid one is, Validate refuses a week without hours) counts on the clock instead.
const horizon = 3 * 366

// Add returns the instant d of business time after from. A d of zero or less gives from itself
// when the store is open at from, else its next opening; a deadline that falls on a closing
// time stays there rather than moving to the next opening.
func (c Calendar) Add(from time.Time, d time.Duration) time.Time {
	if c.AlwaysOpen {
		return from.Add(max(d, 0))
	}
	date := c.date(from)
	for range horizon {
		for _, r := range c.intervals(date) {
			start, end := later(r.start, from), r.end
			if !end.After(start) {
				continue
			}
			if open := end.Sub(start); d > open {
				d -= open
				continue
			}
			return start.Add(max(d, 0))
		}
		date = date.AddDate(0, 0, 1)
	}
	return from.Add(d)
}

// Between returns the business time between from and to (0 when to <= from).
func (c Calendar) Between(from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	if c.AlwaysOpen {
		return to.Sub(from)
	}
	var sum time.Duration
	for date, last := c.date(from), c.date(to); !date.After(last); date = date.AddDate(0, 0, 1) {
		for _, r := range c.intervals(date) {
			if start, end := later(r.start, from), earlier(r.end, to); end.After(start) {
				sum += end.Sub(start)
			}
		}
	}
	return sum
}

// Open reports whether the store is open at t.
func (c Calendar) Open(t time.Time) bool {
	if c.AlwaysOpen {
		return true
	}
	for _, r := range c.intervals(c.date(t)) {
		if !t.Before(r.start) && t.Before(r.end) {
			return true
		}
	}
	return false
}

// Hours returns the opening hours of a date given as year, month and day: the date's own when
// Days holds it, else its weekday's; sorted, with overlapping or touching ranges joined.
func (c Calendar) Hours(date time.Time) []Range {
	if day, ok := c.Days[date.Format(DateLayout)]; ok {
		if day.Closed {
			return nil
		}
		return merge(day.Hours)
	}
	return merge(c.Week[date.Weekday()])
}

// interval is one opening of a date as instants.
type interval struct{ start, end time.Time }

// intervals returns the openings of date (a civil date, midnight UTC) as instants in the zone.
// Minutes are wall-clock times: across a daylight-saving change a day's hours are as long as
// the clocks say, and an opening that falls in the skipped hour is shorter.
func (c Calendar) intervals(date time.Time) []interval {
	hours := c.Hours(date)
	out := make([]interval, 0, len(hours))
	y, m, d := date.Date()
	for _, r := range hours {
		out = append(out, interval{time.Date(y, m, d, 0, r.Start, 0, 0, c.zone()),
			time.Date(y, m, d, 0, r.End, 0, 0, c.zone())})
	}
	return out
}

// date returns t's date in the zone, as a civil date at midnight UTC, which steps by days
// without a daylight-saving change.
func (c Calendar) date(t time.Time) time.Time {
	y, m, d := t.In(c.zone()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func (c Calendar) zone() *time.Location {
	if c.Zone == nil {
		return time.UTC
	}
	return c.Zone
}

// merge sorts ranges and joins those that overlap or touch.
func merge(ranges []Range) []Range {
	if len(ranges) < 2 {
		return ranges
	}
	rs := slices.Clone(ranges)
	slices.SortFunc(rs, func(a, b Range) int { return a.Start - b.Start })
	out := rs[:1]
	for _, r := range rs[1:] {
		if last := &out[len(out)-1]; r.Start <= last.End {
			last.End = max(last.End, r.End)
		} else {
			out = append(out, r)
		}
	}
	return out
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
