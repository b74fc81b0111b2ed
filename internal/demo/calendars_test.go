package demo

import (
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/calendar"
)

// TestDemoCalendar: whatever the day, each demo store's calendar is valid and works a Sunday
// 7 to 13 days ahead, with weekday hours, and takes the Friday before it off.
func TestDemoCalendar(t *testing.T) {
	for i := range 2 {
		for n := range 14 {
			now := time.Date(2026, 12, 6+n, 20, 0, 0, 0, shanghai)
			c := demoCalendar(i, now)
			if err := calendar.EditOf(c).Validate(); err != nil {
				t.Fatalf("store %d on %v: %v", i, now, err)
			}
			var sunday time.Time
			for date, day := range c.Days {
				if day.Note == "调休上班" {
					sunday, _ = time.ParseInLocation(calendar.DateLayout, date, shanghai)
				}
			}
			today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, shanghai)
			if ahead := sunday.Sub(today); sunday.Weekday() != time.Sunday || ahead < 7*24*time.Hour || ahead > 13*24*time.Hour {
				t.Errorf("store %d on %v: 调休 Sunday %v, want a Sunday 7 to 13 days ahead", i, now, sunday)
			}
			if friday := sunday.AddDate(0, 0, -2); c.Open(friday.Add(10*time.Hour)) || !c.Open(sunday.Add(17*time.Hour+30*time.Minute)) {
				t.Errorf("store %d on %v: want %v closed and the Sunday open until 18:00", i, now, friday)
			}
		}
	}
}
