package scores

import "time"

// WeekStart is the Monday that starts the ISO week of t in the store's time zone, as a date at
// midnight UTC: a survey completed on Monday at 00:30 in Shanghai belongs to the new week,
// although it is still Sunday in UTC.
func WeekStart(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	back := (int(day.Weekday()) + 6) % 7 // days since Monday
	return day.AddDate(0, 0, -back)
}

// MonthStart is the first day of t's month in the store's time zone, as a date at midnight UTC.
func MonthStart(t time.Time, loc *time.Location) time.Time {
	y, m, _ := t.In(loc).Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
}
