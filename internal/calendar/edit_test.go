package calendar_test

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/calendar"
	"github.com/csidesk/csidesk/internal/testkit"
)

func TestEdit_Validate(t *testing.T) {
	week := calendar.EditOf(weekdays(shanghai)).Week
	r := func(a, b int) calendar.Range { return calendar.Range{Start: a, End: b} }
	edit := func(f func(*calendar.Edit)) calendar.Edit {
		e := calendar.Edit{Week: week}
		f(&e)
		return e
	}
	tests := []struct {
		name string
		edit calendar.Edit
		want map[string]string
	}{
		{"weekdays", edit(func(*calendar.Edit) {}), nil},
		{"overlap", edit(func(e *calendar.Edit) { e.Week[1] = []calendar.Range{r(510, 780), r(720, 1080)} }),
			map[string]string{"week.1": "calendars.error.overlap"}},
		{"end before start", edit(func(e *calendar.Edit) { e.Week[2] = []calendar.Range{r(1080, 510)} }),
			map[string]string{"week.2": "calendars.error.end_before_start"}},
		{"out of range", edit(func(e *calendar.Edit) { e.Week[3] = []calendar.Range{r(510, 1500)} }),
			map[string]string{"week.3": "calendars.error.out_of_range"}},
		{"no hours all week", calendar.Edit{}, map[string]string{"week": "calendars.error.no_hours"}},
		{"no hours but always open", calendar.Edit{AlwaysOpen: true}, nil},
		{"bad date", edit(func(e *calendar.Edit) {
			e.Entries = []calendar.Entry{{Date: "2027-02-30", Day: calendar.Day{Closed: true}}}
		}),
			map[string]string{"days.0": "calendars.error.date"}},
		{"duplicate date", edit(func(e *calendar.Edit) {
			e.Entries = []calendar.Entry{{Date: "2027-01-01", Day: calendar.Day{Closed: true}}, {Date: "2027-01-01", Day: calendar.Day{Closed: true}}}
		}), map[string]string{"days.1": "calendars.error.duplicate_date"}},
		{"workday without hours", edit(func(e *calendar.Edit) { e.Entries = []calendar.Entry{{Date: "2027-02-07"}} }),
			map[string]string{"days.0": "calendars.error.workday_hours"}},
		{"workday overlap", edit(func(e *calendar.Edit) {
			e.Entries = []calendar.Entry{{Date: "2027-02-07", Day: calendar.Day{Hours: []calendar.Range{r(500, 700), r(600, 800)}}}}
		}), map[string]string{"days.0": "calendars.error.overlap"}},
		{"long note", edit(func(e *calendar.Edit) {
			e.Entries = []calendar.Entry{{Date: "2027-01-01", Day: calendar.Day{Closed: true, Note: strings.Repeat("节", 101)}}}
		}), map[string]string{"days.0": "validation.too_long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := testkit.Fields(t, tt.edit.Validate()); !maps.Equal(got, tt.want) {
				t.Errorf("Fields=%v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"08:30", 510, true}, {"8:30", 510, true}, {"24:00", 1440, true}, {"00:00", 0, true},
		{"24:01", 0, false}, {"25:00", 0, false}, {"8:60", 0, false}, {"8.30", 0, false},
		{"+8:30", 0, false}, {"", 0, false}, {"830", 0, false},
	}
	for _, tt := range tests {
		if got, ok := calendar.ParseClock(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("ParseClock(%q)=%d, %v, want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if got := calendar.Clock(1440); got != "24:00" {
		t.Errorf("Clock(1440)=%q, want 24:00", got)
	}
}

func TestEdit_Calendar(t *testing.T) {
	e := calendar.Edit{Week: weekdays(shanghai).Week, Entries: []calendar.Entry{
		{Date: "2027-01-01", Day: calendar.Day{Closed: true, Hours: []calendar.Range{{Start: 1, End: 2}}, Note: "元旦"}}}}
	c := e.Calendar(shanghai)
	if day := c.Days["2027-01-01"]; !day.Closed || day.Hours != nil || day.Note != "元旦" {
		t.Errorf("Days[2027-01-01]=%+v, want closed without hours", day)
	}
	if c.Open(time.Date(2027, 1, 1, 10, 0, 0, 0, shanghai)) {
		t.Error("Open on the holiday, want closed")
	}
}

func TestParseRange(t *testing.T) {
	tests := []struct {
		in   string
		want calendar.Range
		ok   bool
	}{
		{"08:30–12:00", calendar.Range{Start: 510, End: 720}, true},
		{"8:30-12:00", calendar.Range{Start: 510, End: 720}, true},
		{" 13:00 至 18:00 ", calendar.Range{Start: 780, End: 1080}, true},
		{"18:00-08:30", calendar.Range{Start: 1080, End: 510}, true}, // CheckHours refuses the order
		{"00:00~24:00", calendar.Range{Start: 0, End: 1440}, true},
		{"08:30", calendar.Range{}, false},
		{"08:30-25:00", calendar.Range{Start: 510}, false},
		{"morning", calendar.Range{}, false},
	}
	for _, tt := range tests {
		if got, ok := calendar.ParseRange(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("ParseRange(%q)=%v, %v, want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if got := (calendar.Range{Start: 510, End: 1440}).String(); got != "08:30–24:00" {
		t.Errorf("String=%q, want 08:30–24:00", got)
	}
}

func TestParseHours(t *testing.T) {
	tests := []struct {
		in   string
		want []calendar.Range
		ok   bool
	}{
		{"", nil, true},
		{"08:30–12:00, 13:30–18:00", []calendar.Range{{Start: 510, End: 720}, {Start: 810, End: 1080}}, true},
		{"8:30-12:00，13:30-18:00", []calendar.Range{{Start: 510, End: 720}, {Start: 810, End: 1080}}, true},
		{"09:00-17:00", []calendar.Range{{Start: 540, End: 1020}}, true},
		{"09:00-17:00, lunch", nil, false},
	}
	for _, tt := range tests {
		got, ok := calendar.ParseHours(tt.in)
		if !slices.Equal(got, tt.want) || ok != tt.ok {
			t.Errorf("ParseHours(%q)=%v, %v, want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if ok && tt.in != "" && calendar.HoursText(got) != calendar.HoursText(tt.want) {
			t.Errorf("HoursText=%q", calendar.HoursText(got))
		}
	}
	if got := calendar.HoursText([]calendar.Range{{Start: 510, End: 720}, {Start: 810, End: 1080}}); got != "08:30–12:00, 13:30–18:00" {
		t.Errorf("HoursText=%q, want 08:30–12:00, 13:30–18:00", got)
	}
}
