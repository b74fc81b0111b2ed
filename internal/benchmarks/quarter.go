package benchmarks

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A quarter is kept as its first day, a date at midnight UTC like the scores' period starts.

// The ways a results file writes its quarter: 2026Q3, 2026-Q3, 2026 Q3; Q3 2026; 2026年第3季度,
// 2026年第三季度; or a date (or month) inside it: 2026-08-15, 2026/8/15, 2026年8月, 2026-08.
var (
	yearFirst  = regexp.MustCompile(`^(\d{4})\s*[-/_.]?\s*[Qq]([1-4])$`)
	yearLast   = regexp.MustCompile(`^[Qq]([1-4])\s*[-/_.]?\s*(\d{4})$`)
	chinese    = regexp.MustCompile(`^(\d{4})\s*年?\s*第?\s*([1-4一二三四])\s*季度?$`)
	insideDate = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:\s*[-/.]?\s*(\d{1,2})\s*日?)?(?:[ T].*)?$`)
)

// chineseDigits are the quarters' numbers as Chinese writes them.
var chineseDigits = map[string]int{"一": 1, "二": 2, "三": 3, "四": 4}

// ParseQuarter reads a quarter as results files write it (see the patterns above); ok is false
// for anything else.
func ParseQuarter(s string) (q time.Time, ok bool) {
	s = strings.TrimSpace(s)
	if m := yearFirst.FindStringSubmatch(s); m != nil {
		return quarterOf(m[1], m[2])
	}
	if m := yearLast.FindStringSubmatch(s); m != nil {
		return quarterOf(m[2], m[1])
	}
	if m := chinese.FindStringSubmatch(s); m != nil {
		if n, ok := chineseDigits[m[2]]; ok {
			return quarterOf(m[1], strconv.Itoa(n))
		}
		return quarterOf(m[1], m[2])
	}
	if m := insideDate.FindStringSubmatch(s); m != nil {
		return quarterHolding(m[1], m[2], m[3])
	}
	return time.Time{}, false
}

// quarterOf is quarter n of year y, both in digits.
func quarterOf(y, n string) (time.Time, bool) {
	year, _ := strconv.Atoi(y)
	q, _ := strconv.Atoi(n)
	if year < 2000 || year > 2100 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC), true
}

// quarterHolding is the quarter holding the date y-m-d (d may be empty: the month).
func quarterHolding(y, m, d string) (time.Time, bool) {
	year, _ := strconv.Atoi(y)
	month, _ := strconv.Atoi(m)
	day := 1
	if d != "" {
		day, _ = strconv.Atoi(d)
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || t.Day() != day || year < 2000 || year > 2100 {
		return time.Time{}, false
	}
	return quarterOf(y, strconv.Itoa((month-1)/3+1))
}

// QuarterLabel names a quarter as the pages and files do: "2026Q3".
func QuarterLabel(q time.Time) string {
	return fmt.Sprintf("%dQ%d", q.Year(), (int(q.Month())-1)/3+1)
}
