package calendar

import (
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/tabular"
)

// A national holiday schedule is a file with one row per date that differs from the week:
//
//	date,type,name
//	2026-02-15,holiday,春节
//	2026-02-14,workday,春节调休
//
// date is 2026-02-15 (or 2026/2/15, as spreadsheets write it); type is holiday (休) or workday
// (班, a 调休 make-up workday); name is optional. The header may be in Chinese (日期, 类型,
// 名称); other columns are ignored. Every date must fall in the year the admin chose.

// columns are the names a schedule's columns go by.
var columns = map[string][]string{
	"date": {"date", "日期"},
	"type": {"type", "类型"},
	"name": {"name", "名称", "节日"},
}

// kinds are the values of the type column: true is a holiday, false a make-up workday.
var kinds = map[string]bool{"holiday": true, "休": true, "假": true, "workday": false, "班": false, "上班": false}

// dateLayouts are the ways a schedule may write a date.
var dateLayouts = []string{DateLayout, "2006/1/2", "2006-1-2", "2006.1.2"}

// MaxScheduleRows bounds a schedule: a year has no more dates.
const MaxScheduleRows = 366

// ReadSchedule reads a national holiday schedule for year from t. Errors about the file are
// Invalid *apperr.Error values whose message names the line.
func ReadSchedule(t *tabular.Table, year int) ([]Entry, error) {
	col, err := scheduleColumns(t.Header())
	if err != nil {
		return nil, err
	}
	var out []Entry
	seen := map[string]int{}
	for {
		row, line, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		en, err := scheduleRow(row, col, year, line, seen)
		if err != nil {
			return nil, err
		}
		if out = append(out, en); len(out) > MaxScheduleRows {
			return nil, apperr.WithArgs(apperr.Invalid, "calendars.error.file_rows", "Max", MaxScheduleRows)
		}
	}
	if len(out) == 0 {
		return nil, apperr.New(apperr.Invalid, "calendars.error.file_empty")
	}
	return out, nil
}

// scheduleColumns finds the date, type and name columns by the header's names (-1: no name column).
func scheduleColumns(header []string) (map[string]int, error) {
	col := map[string]int{"name": -1}
	for i, h := range header {
		for c, names := range columns {
			if slices.Contains(names, strings.ToLower(h)) {
				col[c] = i
			}
		}
	}
	if _, ok := col["date"]; !ok {
		return nil, apperr.New(apperr.Invalid, "calendars.error.file_columns")
	}
	if _, ok := col["type"]; !ok {
		return nil, apperr.New(apperr.Invalid, "calendars.error.file_columns")
	}
	return col, nil
}

// scheduleRow reads one row; seen maps the dates read so far to their lines.
func scheduleRow(row []string, col map[string]int, year, line int, seen map[string]int) (Entry, error) {
	value := row[col["date"]]
	date, ok := parseDate(value)
	if !ok {
		return Entry{}, apperr.WithArgs(apperr.Invalid, "calendars.error.file_date", "Line", line, "Value", value)
	}
	if date.Year() != year {
		return Entry{}, apperr.WithArgs(apperr.Invalid, "calendars.error.file_year", "Line", line, "Value", value, "Year", year)
	}
	key := date.Format(DateLayout)
	if first, dup := seen[key]; dup {
		return Entry{}, apperr.WithArgs(apperr.Invalid, "calendars.error.file_duplicate", "Line", line, "Value", value, "First", first)
	}
	seen[key] = line
	closed, ok := kinds[strings.ToLower(row[col["type"]])]
	if !ok {
		return Entry{}, apperr.WithArgs(apperr.Invalid, "calendars.error.file_type", "Line", line, "Value", row[col["type"]])
	}
	var name []rune
	if i := col["name"]; i >= 0 && i < len(row) {
		name = []rune(row[i])
	}
	return Entry{Date: key, Day: Day{Closed: closed, Note: string(name[:min(len(name), MaxNote)])}}, nil
}

func parseDate(s string) (time.Time, bool) {
	for _, layout := range dateLayouts {
		if d, err := time.Parse(layout, s); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

// WithSchedule returns c with a schedule's dates set, each replacing what c held for its date;
// its other dates are kept. A make-up workday opens as a working weekday does (WorkdayHours).
func (c Calendar) WithSchedule(entries []Entry) Calendar {
	out := c
	out.Days = maps.Clone(c.Days)
	if out.Days == nil {
		out.Days = map[string]Day{}
	}
	for _, en := range entries {
		day := en.Day
		if !day.Closed {
			day.Hours = c.WorkdayHours()
		}
		out.Days[en.Date] = day
	}
	return out
}

// WorkdayHours are the hours of a working weekday: Monday's, or else those of the first of
// Tuesday to Friday that opens, or else the default hours.
func (c Calendar) WorkdayHours() []Range {
	for d := time.Monday; d <= time.Friday; d++ {
		if len(c.Week[d]) > 0 {
			return slices.Clone(c.Week[d])
		}
	}
	return []Range{DefaultHours}
}
