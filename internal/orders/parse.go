package orders

import (
	"math"
	"strconv"
	"strings"
	"time"
)

var dateLayouts = []string{"2006-01-02", "2006/01/02", "2006-1-2", "2006/1/2", "2006.01.02", "2006.1.2",
	"20060102", "2006年1月2日"}

var timeLayouts = []string{"15:04:05", "15:04"}

// Today is the calendar date of now in a store's time zone, at midnight UTC like the dates
// ParseDate reads, so that the two compare as dates.
func Today(now time.Time, loc *time.Location) time.Time {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDate reads a calendar date as DMS exports write it ("2026-05-01", "2026/5/1",
// "20260501", "2026年5月1日"), ignoring a time of day after it.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if d, _, ok := strings.Cut(s, " "); ok {
		s = d
	}
	if d, _, ok := strings.Cut(s, "T"); ok && len(d) >= 8 {
		s = d
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ParseTime reads a date with an optional time of day in loc ("2026-05-01 14:30"), or an
// RFC 3339 timestamp with its own offset.
func ParseTime(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	date, clock, _ := strings.Cut(strings.Replace(s, "T", " ", 1), " ")
	d, ok := ParseDate(date)
	if !ok {
		return time.Time{}, false
	}
	h, m, sec := 0, 0, 0
	if clock = strings.TrimSpace(clock); clock != "" {
		c, ok := parseClock(clock)
		if !ok {
			return time.Time{}, false
		}
		h, m, sec = c.Clock()
	}
	return time.Date(d.Year(), d.Month(), d.Day(), h, m, sec, 0, loc), true
}

func parseClock(s string) (time.Time, bool) {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

var (
	amountNoise  = strings.NewReplacer(",", "", "¥", "", "￥", "", "元", "", " ", "")
	mileageNoise = strings.NewReplacer(",", "", "km", "", "KM", "", "公里", "", " ", "")
)

// ParseAmount reads a money amount in yuan ("1,280.50", "¥1280.5") as fen.
func ParseAmount(s string) (int64, bool) {
	s = amountNoise.Replace(s)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f >= 1e10 || math.IsNaN(f) {
		return 0, false
	}
	return int64(math.Round(f * 100)), true
}

// ParseMileage reads an odometer reading in kilometres ("12,345", "12345km", "12345公里").
func ParseMileage(s string) (int, bool) {
	s = mileageNoise.Replace(s)
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && n <= 3_000_000
}

// ParseWorkType reads a work type by its code or by a name DMS exports use.
func ParseWorkType(s string) (string, bool) {
	w, ok := workTypeNames[strings.ToLower(strings.TrimSpace(s))]
	return w, ok
}
