package calendar_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/calendar"
)

var (
	shanghai = mustZone("Asia/Shanghai")
	berlin   = mustZone("Europe/Berlin")
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// weekdays is a store open Monday to Friday 08:30–12:00 and 13:30–18:00 (a lunch break),
// closed at the weekend.
func weekdays(zone *time.Location) calendar.Calendar {
	c := calendar.Calendar{Zone: zone, Days: map[string]calendar.Day{}}
	for d := time.Monday; d <= time.Friday; d++ {
		c.Week[d] = []calendar.Range{{Start: 510, End: 720}, {Start: 810, End: 1080}}
	}
	return c
}

// holidayWeek is weekdays with the 2026 Spring Festival: 2026-02-15 to 23 closed, and Saturday
// 2026-02-14 and Sunday 2026-02-28 worked (调休; the Sunday is made up for this test).
func holidayWeek() calendar.Calendar {
	c := weekdays(shanghai)
	for d := 15; d <= 23; d++ {
		c.Days[time.Date(2026, 2, d, 0, 0, 0, 0, time.UTC).Format(calendar.DateLayout)] = calendar.Day{Closed: true, Note: "春节"}
	}
	work := calendar.Day{Hours: []calendar.Range{{Start: 510, End: 1080}}, Note: "调休"}
	c.Days["2026-02-14"] = work
	c.Days["2026-02-28"] = work
	c.Days["2026-03-01"] = work // a 调休 Sunday
	return c
}

// v1 and v2 are a store's calendar before and after an edit: the edit opens Saturdays.
func v1() calendar.Calendar { return weekdays(shanghai) }
func v2() calendar.Calendar {
	c := weekdays(shanghai)
	c.Week[time.Saturday] = []calendar.Range{{Start: 540, End: 1020}}
	return c
}

func at(zone *time.Location, y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, zone)
}

func TestCalendar_Add(t *testing.T) {
	newYear := weekdays(shanghai)
	newYear.Days["2027-01-01"] = calendar.Day{Closed: true, Note: "元旦"}
	always := calendar.Calendar{Zone: shanghai, AlwaysOpen: true}
	berlinDays := calendar.Default(berlin)
	tests := []struct {
		name string
		cal  calendar.Calendar
		from time.Time
		d    time.Duration
		want time.Time
	}{
		// 2026-12-04 is a Friday: 17:30 leaves 30 min on Friday, 90 min on Monday morning.
		{"Friday evening into Monday", weekdays(shanghai), at(shanghai, 2026, 12, 4, 17, 30), 2 * time.Hour, at(shanghai, 2026, 12, 7, 10, 0)},
		{"opened after closing", weekdays(shanghai), at(shanghai, 2026, 12, 4, 21, 36), 2 * time.Hour, at(shanghai, 2026, 12, 7, 10, 30)},
		{"across the lunch break", weekdays(shanghai), at(shanghai, 2026, 12, 7, 11, 0), 2 * time.Hour, at(shanghai, 2026, 12, 7, 14, 30)},
		{"ends at closing time", weekdays(shanghai), at(shanghai, 2026, 12, 7, 16, 0), 2 * time.Hour, at(shanghai, 2026, 12, 7, 18, 0)},
		{"zero in hours", weekdays(shanghai), at(shanghai, 2026, 12, 7, 9, 0), 0, at(shanghai, 2026, 12, 7, 9, 0)},
		{"zero at the weekend", weekdays(shanghai), at(shanghai, 2026, 12, 5, 9, 0), 0, at(shanghai, 2026, 12, 7, 8, 30)},
		// Friday 2026-02-13 17:00: an hour then, the 调休 Saturday, the nine closed days, and on.
		{"holiday week, 调休 Saturday", holidayWeek(), at(shanghai, 2026, 2, 13, 17, 0), 3 * time.Hour, at(shanghai, 2026, 2, 14, 10, 30)},
		{"holiday week, into the holiday", holidayWeek(), at(shanghai, 2026, 2, 14, 17, 0), 2 * time.Hour, at(shanghai, 2026, 2, 24, 9, 30)},
		// Friday 27th 17:00: an hour on Friday, 9.5 h on the 调休 Saturday, 9.5 h on the 调休
		// Sunday, and the last 4 h on Monday around its lunch break.
		{"holiday week, 调休 Sunday", holidayWeek(), at(shanghai, 2026, 2, 27, 17, 0), 24 * time.Hour, at(shanghai, 2026, 3, 2, 14, 0)},
		{"New Year's Eve", newYear, at(shanghai, 2026, 12, 31, 16, 0), 4 * time.Hour, at(shanghai, 2027, 1, 4, 10, 30)},
		{"calendar edit: version 1", v1(), at(shanghai, 2026, 12, 4, 17, 0), 3 * time.Hour, at(shanghai, 2026, 12, 7, 10, 30)},
		{"calendar edit: version 2", v2(), at(shanghai, 2026, 12, 4, 17, 0), 3 * time.Hour, at(shanghai, 2026, 12, 5, 11, 0)},
		// Berlin, 08:30–18:00 every day: the night of the spring change is an hour shorter, the
		// business day is not.
		{"Berlin spring forward", berlinDays, at(berlin, 2026, 3, 28, 17, 0), 2 * time.Hour, at(berlin, 2026, 3, 29, 9, 30)},
		{"Berlin fall back", berlinDays, at(berlin, 2026, 10, 24, 17, 0), 2 * time.Hour, at(berlin, 2026, 10, 25, 9, 30)},
		{"24-hour store", always, at(shanghai, 2026, 12, 4, 21, 36), 2 * time.Hour, at(shanghai, 2026, 12, 4, 23, 36)},
		{"24-hour store, zero", always, at(shanghai, 2026, 12, 5, 3, 0), 0, at(shanghai, 2026, 12, 5, 3, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.Add(tt.from, tt.d); !got.Equal(tt.want) {
				t.Errorf("Add(%v, %v)=%v, want %v", tt.from, tt.d, got.In(tt.want.Location()), tt.want)
			}
		})
	}
}

func TestCalendar_Between(t *testing.T) {
	berlinHours := calendar.Default(berlin)
	roundTheClock := berlinHours
	for d := range roundTheClock.Week {
		roundTheClock.Week[d] = []calendar.Range{{Start: 0, End: calendar.MinutesPerDay}}
	}
	tests := []struct {
		name     string
		cal      calendar.Calendar
		from, to time.Time
		want     time.Duration
	}{
		{"Friday evening to Monday", weekdays(shanghai), at(shanghai, 2026, 12, 4, 17, 30), at(shanghai, 2026, 12, 7, 10, 0), 2 * time.Hour},
		{"backwards", weekdays(shanghai), at(shanghai, 2026, 12, 7, 10, 0), at(shanghai, 2026, 12, 4, 17, 30), 0},
		{"the weekend", weekdays(shanghai), at(shanghai, 2026, 12, 5, 0, 0), at(shanghai, 2026, 12, 7, 0, 0), 0},
		// Friday 13th (8 h), the 调休 Saturday 14th (9.5 h), Tuesday 24th to Friday 27th
		// (4 × 8 h), the 调休 Saturday 28th and Sunday 1 March (2 × 9.5 h).
		{"holiday week", holidayWeek(), at(shanghai, 2026, 2, 13, 0, 0), at(shanghai, 2026, 3, 2, 0, 0), 8*time.Hour + 3*(9*time.Hour+30*time.Minute) + 4*8*time.Hour},
		{"Berlin: 23 clock hours", roundTheClock, at(berlin, 2026, 3, 29, 0, 0), at(berlin, 2026, 3, 30, 0, 0), 23 * time.Hour},
		{"Berlin: 25 clock hours", roundTheClock, at(berlin, 2026, 10, 25, 0, 0), at(berlin, 2026, 10, 26, 0, 0), 25 * time.Hour},
		{"Berlin: a business day is a business day", berlinHours, at(berlin, 2026, 3, 29, 0, 0), at(berlin, 2026, 3, 30, 0, 0), 9*time.Hour + 30*time.Minute},
		{"24-hour store", calendar.Calendar{Zone: shanghai, AlwaysOpen: true}, at(shanghai, 2026, 12, 4, 21, 0), at(shanghai, 2026, 12, 7, 9, 0), 60 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.Between(tt.from, tt.to); got != tt.want {
				t.Errorf("Between(%v, %v)=%v, want %v", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

// TestCalendar_PauseAcrossWeekend: a step with 4 h on the clock is paused on Friday at 16:00
// after 1 h and resumed on Monday at 10:00; what was left runs from then, and the weekend and
// the Monday morning before the resume do not count.
func TestCalendar_PauseAcrossWeekend(t *testing.T) {
	c := weekdays(shanghai)
	opened, paused, resumed := at(shanghai, 2026, 12, 4, 15, 0), at(shanghai, 2026, 12, 4, 16, 0), at(shanghai, 2026, 12, 7, 10, 0)
	used := c.Between(opened, paused)
	if used != time.Hour {
		t.Fatalf("Between=%v, want 1h", used)
	}
	due := c.Add(resumed, 4*time.Hour-used)
	if want := at(shanghai, 2026, 12, 7, 14, 30); !due.Equal(want) {
		t.Errorf("deadline=%v, want %v", due, want)
	}
	if unpaused := c.Add(opened, 4*time.Hour); !unpaused.Equal(at(shanghai, 2026, 12, 7, 9, 30)) {
		t.Errorf("deadline without the pause=%v, want Monday 09:30", unpaused)
	}
}

// TestCalendar_BetweenUndoesAdd: over many random instants and durations, the business time
// between an instant and Add of a duration to it is the duration.
func TestCalendar_BetweenUndoesAdd(t *testing.T) {
	cals := map[string]calendar.Calendar{"weekdays": weekdays(shanghai), "holidays": holidayWeek(),
		"berlin": calendar.Default(berlin), "edited": v2()}
	rng := rand.New(rand.NewPCG(1, 2))
	base := at(shanghai, 2026, 1, 1, 0, 0)
	for name, c := range cals {
		for range 2000 {
			from := base.Add(time.Duration(rng.Int64N(int64(400 * 24 * time.Hour))))
			d := time.Duration(rng.Int64N(int64(60 * time.Hour))).Truncate(time.Second)
			if got := c.Between(from, c.Add(from, d)); got != d {
				t.Fatalf("%s: Between(%v, Add(%v, %v))=%v, want %v", name, from, from, d, got, d)
			}
		}
	}
}

func TestCalendar_Open(t *testing.T) {
	c := weekdays(shanghai)
	for _, tt := range []struct {
		at   time.Time
		want bool
	}{
		{at(shanghai, 2026, 12, 7, 8, 30), true},
		{at(shanghai, 2026, 12, 7, 12, 0), false},
		{at(shanghai, 2026, 12, 7, 18, 0), false},
		{at(shanghai, 2026, 12, 5, 10, 0), false},
	} {
		if got := c.Open(tt.at); got != tt.want {
			t.Errorf("Open(%v)=%v, want %v", tt.at, got, tt.want)
		}
	}
}
