package benchmarks_test

import (
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/benchmarks"
)

func TestParseQuarter(t *testing.T) {
	q3 := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	q1 := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2026Q3", q3}, {"2026q3", q3}, {"2026-Q3", q3}, {"2026 Q3", q3}, {" 2026/Q3 ", q3},
		{"Q3 2026", q3}, {"q3-2026", q3},
		{"2026年第3季度", q3}, {"2026年3季度", q3}, {"2026年第三季度", q3}, {"2026第3季", q3},
		{"2026-08-15", q3}, {"2026/8/15", q3}, {"2026.9.30", q3}, {"2026年8月15日", q3}, {"2026年7月", q3},
		{"2026-09", q3}, {"2026-08-15 00:00", q3},
		{"2027Q1", q1}, {"2027-03-31", q1},
	}
	for _, tt := range tests {
		got, ok := benchmarks.ParseQuarter(tt.in)
		if !ok || !got.Equal(tt.want) {
			t.Errorf("ParseQuarter(%q)=%v, %v, want %v", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{"", "2026", "20263", "2026Q5", "2026Q0", "Q3", "2026-13-01", "2026-02-30", "1999Q1",
		"2026年第五季度", "三季度", "next quarter"} {
		if got, ok := benchmarks.ParseQuarter(in); ok {
			t.Errorf("ParseQuarter(%q)=%v, want not a quarter", in, got)
		}
	}
}

func TestQuarterLabel(t *testing.T) {
	for q, want := range map[time.Time]string{
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC):  "2026Q1",
		time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC): "2026Q4",
	} {
		if got := benchmarks.QuarterLabel(q); got != want {
			t.Errorf("QuarterLabel(%v)=%q, want %q", q, got, want)
		}
	}
}
