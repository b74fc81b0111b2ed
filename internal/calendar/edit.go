package calendar

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/csidesk/csidesk/internal/apperr"
)

// MaxRanges is how many openings a day may have: a morning and an afternoon around a lunch break.
const MaxRanges = 2

// MaxNote bounds the note of a date, such as 春节 or 店庆.
const MaxNote = 100

// Entry is one dated row of a calendar being edited: the date as given, and what it is.
type Entry struct {
	Date string
	Day
}

// Edit is a calendar as the admin edits it: the week, and the dated rows in the order given.
type Edit struct {
	AlwaysOpen bool
	Week       [7][]Range
	Entries    []Entry
}

// EditOf returns c for editing, its dates in order.
func EditOf(c Calendar) Edit {
	e := Edit{AlwaysOpen: c.AlwaysOpen, Week: c.Week}
	for _, date := range slices.Sorted(maps.Keys(c.Days)) {
		e.Entries = append(e.Entries, Entry{Date: date, Day: c.Days[date]})
	}
	return e
}

// Calendar returns the calendar the edit describes, in zone. It assumes Validate passed.
func (e Edit) Calendar(zone *time.Location) Calendar {
	c := Calendar{Zone: zone, AlwaysOpen: e.AlwaysOpen, Week: e.Week, Days: make(map[string]Day, len(e.Entries))}
	for _, en := range e.Entries {
		day := en.Day
		if day.Closed {
			day.Hours = nil
		}
		c.Days[en.Date] = day
	}
	return c
}

// Validate reports what is wrong with the edit, by field: "week.<weekday>" for a weekday's
// hours, "week" for a week without any, and "days.<row>" for a dated row.
func (e Edit) Validate() error {
	f := map[string]string{}
	open := e.AlwaysOpen
	for d, hours := range e.Week {
		if key := CheckHours(hours); key != "" {
			f[fmt.Sprintf("week.%d", d)] = key
		}
		open = open || len(hours) > 0
	}
	if !open {
		f["week"] = "calendars.error.no_hours"
	}
	seen := map[string]bool{}
	for i, en := range e.Entries {
		if key := en.check(seen); key != "" {
			f[fmt.Sprintf("days.%d", i)] = key
		}
	}
	if len(f) > 0 {
		return apperr.Fields(f)
	}
	return nil
}

// check returns the message key of what is wrong with the row, or "". seen holds the dates of
// the rows before it.
func (en Entry) check(seen map[string]bool) string {
	if _, err := time.Parse(DateLayout, en.Date); err != nil {
		return "calendars.error.date"
	}
	if seen[en.Date] {
		return "calendars.error.duplicate_date"
	}
	seen[en.Date] = true
	switch {
	case utf8.RuneCountInString(en.Note) > MaxNote:
		return "validation.too_long"
	case en.Closed:
		return ""
	case len(en.Hours) == 0:
		return "calendars.error.workday_hours"
	}
	return CheckHours(en.Hours)
}

// CheckHours returns the message key of what is wrong with a day's openings, or "": each must
// lie within the day and end after it starts, and none may overlap another.
func CheckHours(hours []Range) string {
	if len(hours) > MaxRanges {
		return "calendars.error.too_many"
	}
	for _, r := range hours {
		switch {
		case r.Start < 0 || r.End > MinutesPerDay || r.Start >= MinutesPerDay:
			return "calendars.error.out_of_range"
		case r.End <= r.Start:
			return "calendars.error.end_before_start"
		}
	}
	rs := slices.Clone(hours)
	slices.SortFunc(rs, func(a, b Range) int { return a.Start - b.Start })
	for i := 1; i < len(rs); i++ {
		if rs[i].Start < rs[i-1].End {
			return "calendars.error.overlap"
		}
	}
	return ""
}

// String writes the range as a time of day to another, "08:30–12:00".
func (r Range) String() string { return Clock(r.Start) + "–" + Clock(r.End) }

// rangeDashes are what may stand between a range's times as people type them.
var rangeDashes = []string{"–", "—", "-", "~", "～", "至", "到"}

// ParseRange reads an opening as typed, "08:30–12:00", "8:30-12:00" or "08:30 至 12:00". It
// checks only that both times are times of day: CheckHours judges their order.
func ParseRange(s string) (Range, bool) {
	for _, dash := range rangeDashes {
		if a, b, ok := strings.Cut(s, dash); ok {
			start, ok1 := ParseClock(a)
			end, ok2 := ParseClock(b)
			return Range{Start: start, End: end}, ok1 && ok2
		}
	}
	return Range{}, false
}

// hoursSeparators are what may stand between a day's openings as people type them.
const hoursSeparators = ",，、;；"

// ParseHours reads a day's openings as typed, "08:30–12:00, 13:30–18:00"; blank is none, a
// closed day. It checks only that each is a time to a time: CheckHours judges the rest.
func ParseHours(s string) ([]Range, bool) {
	var out []Range
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(hoursSeparators, r) }) {
		if strings.TrimSpace(part) == "" {
			continue
		}
		r, ok := ParseRange(part)
		if !ok {
			return nil, false
		}
		out = append(out, r)
	}
	return out, true
}

// HoursText writes a day's openings as ParseHours reads them, "08:30–12:00, 13:30–18:00".
func HoursText(hours []Range) string {
	parts := make([]string, len(hours))
	for i, r := range hours {
		parts[i] = r.String()
	}
	return strings.Join(parts, ", ")
}

// Clock writes minutes from midnight as a time of day, "08:30"; 1440 is "24:00".
func Clock(minutes int) string {
	return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60)
}

// ParseClock reads a time of day, "8:30" or "08:30", up to "24:00", as minutes from midnight.
func ParseClock(s string) (int, bool) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(m) != 2 || len(h) < 1 || len(h) > 2 || !digits(h+m) {
		return 0, false
	}
	hh, _ := strconv.Atoi(h)
	mm, _ := strconv.Atoi(m)
	if t := hh*60 + mm; mm < 60 && t <= MinutesPerDay {
		return t, true
	}
	return 0, false
}

func digits(s string) bool {
	return strings.Trim(s, "0123456789") == ""
}
