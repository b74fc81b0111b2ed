package calendar_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/calendar"
	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/internal/testkit"
)

func readSchedule(t *testing.T, text string, year int) ([]calendar.Entry, error) {
	t.Helper()
	tbl, err := tabular.Open("holidays.csv", strings.NewReader(text), int64(len(text)), tabular.Auto)
	testkit.Must(t, err)
	defer tbl.Close()
	return calendar.ReadSchedule(tbl, year)
}

func TestReadSchedule(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		got, err := readSchedule(t, "\ufeff日期,类型,名称\n2027/1/1,休,元旦\n2027-02-07,workday,春节调休\n", 2027)
		testkit.Must(t, err)
		want := []calendar.Entry{{Date: "2027-01-01", Day: calendar.Day{Closed: true, Note: "元旦"}},
			{Date: "2027-02-07", Day: calendar.Day{Note: "春节调休"}}}
		if len(got) != 2 || got[0].Date != want[0].Date || !got[0].Closed || got[0].Note != "元旦" ||
			got[1].Date != want[1].Date || got[1].Closed || got[1].Note != "春节调休" {
			t.Errorf("ReadSchedule=%+v, want %+v", got, want)
		}
	})
	tests := []struct {
		name, text string
		key        string
		args       []any
	}{
		{"bad date", "date,type\n2027-01-01,holiday\n2027-02-30,holiday\n", "calendars.error.file_date", []any{"Line", 3, "Value", "2027-02-30"}},
		{"year mismatch", "date,type\n2026-12-31,holiday\n", "calendars.error.file_year", []any{"Line", 2, "Value", "2026-12-31", "Year", 2027}},
		{"duplicate", "date,type\n2027-01-01,holiday\n2027/1/1,holiday\n", "calendars.error.file_duplicate", []any{"Line", 3, "Value", "2027/1/1", "First", 2}},
		{"bad type", "date,type\n2027-01-01,off\n", "calendars.error.file_type", []any{"Line", 2, "Value", "off"}},
		{"no type column", "date,name\n2027-01-01,元旦\n", "calendars.error.file_columns", nil},
		{"no rows", "date,type\n", "calendars.error.file_empty", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readSchedule(t, tt.text, 2027)
			e, ok := apperr.As(err)
			if !ok || e.Code != apperr.Invalid || e.Key != tt.key || !slices.Equal(e.Args, tt.args) {
				t.Errorf("err=%v, want %s %v", err, tt.key, tt.args)
			}
		})
	}
}

// TestReadSchedule_Example: the example file shipped for download reads cleanly for its year.
func TestReadSchedule_Example(t *testing.T) {
	b, err := os.ReadFile("../../web/static/examples/holidays-cn-2026-example.csv")
	testkit.Must(t, err)
	got, err := readSchedule(t, string(b), 2026)
	testkit.Must(t, err)
	if len(got) != 33+6 {
		t.Errorf("rows=%d, want 39 (33 holidays, 6 make-up workdays)", len(got))
	}
}

// TestWithSchedule: a schedule replaces its own dates and keeps the rest; a make-up workday
// opens as Monday does.
func TestWithSchedule(t *testing.T) {
	c := weekdays(shanghai)
	c.Days["2027-03-08"] = calendar.Day{Closed: true, Note: "店庆"}
	c.Days["2027-01-01"] = calendar.Day{Hours: []calendar.Range{{Start: 600, End: 900}}}
	got := c.WithSchedule([]calendar.Entry{{Date: "2027-01-01", Day: calendar.Day{Closed: true, Note: "元旦"}},
		{Date: "2027-02-07", Day: calendar.Day{Note: "调休"}}})
	if !got.Days["2027-01-01"].Closed || got.Days["2027-03-08"].Note != "店庆" || len(c.Days) != 2 {
		t.Errorf("Days=%v (original %v), want 元旦 closed, 店庆 kept, the original untouched", got.Days, c.Days)
	}
	if !got.Open(time.Date(2027, 2, 7, 13, 45, 0, 0, shanghai)) || got.Open(time.Date(2027, 2, 7, 12, 30, 0, 0, shanghai)) {
		t.Errorf("调休 Sunday hours=%v, want Monday's", got.Days["2027-02-07"].Hours)
	}
}
