package server_test

import (
	"bytes"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/testkit"
)

// workbookOf opens the workbook a response carries, and its file name as the browser reads it.
func workbookOf(t *testing.T, res response) (*excelize.File, string) {
	t.Helper()
	if res.Code != http.StatusOK {
		t.Fatalf("workbook: Status=%d, want 200", res.Code)
	}
	_, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
	testkit.Must(t, err)
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	testkit.Must(t, err)
	t.Cleanup(func() { f.Close() })
	return f, params["filename"]
}

// cellAt finds the first cell of a sheet whose text is text; it fails the test if none is.
func cellAt(t *testing.T, f *excelize.File, sheet, text string) (col, row int) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	testkit.Must(t, err)
	for r, cells := range rows {
		if c := slices.Index(cells, text); c >= 0 {
			return c + 1, r + 1
		}
	}
	t.Fatalf("%s: no cell %q in %q", sheet, text, rows)
	return 0, 0
}

// look is what a test checks of a cell: its shown text, whether it holds a number, bold type,
// fill colour and number format.
type look struct {
	Text   string
	Number bool
	Bold   bool
	Fill   string
	Format string
}

func lookAt(t *testing.T, f *excelize.File, sheet string, col, row int) look {
	t.Helper()
	ref, err := excelize.CoordinatesToCellName(col, row)
	testkit.Must(t, err)
	var l look
	l.Text, err = f.GetCellValue(sheet, ref)
	testkit.Must(t, err)
	typ, err := f.GetCellType(sheet, ref)
	testkit.Must(t, err)
	raw, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	_, numErr := strconv.ParseFloat(raw, 64)
	l.Number = (typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset) && numErr == nil
	id, err := f.GetCellStyle(sheet, ref)
	testkit.Must(t, err)
	st, err := f.GetStyle(id)
	testkit.Must(t, err)
	l.Bold = st.Font != nil && st.Font.Bold
	if len(st.Fill.Color) > 0 {
		l.Fill = strings.TrimPrefix(strings.ToUpper(st.Fill.Color[0]), "#")
	}
	if st.CustomNumFmt != nil {
		l.Format = *st.CustomNumFmt
	} else if st.NumFmt == 1 {
		l.Format = "0"
	}
	return l
}

// TestScores_ReportWorkbook: the weekly report's workbook (in the store that judges two surveys)
// is named after the store and the week, opens with a heading block, has bold headers, numbers
// with one decimal, red below the line, grey for a person with too few surveys, columns as wide
// as their text, and none of the screen's hints.
func TestScores_ReportWorkbook(t *testing.T) {
	e := newEnv(t)
	mustPostMinSample(t, e, "2")
	completeServiceSurveys(t, e, []string{"吴磊", "冯子轩"}, func(int, int, int) int { return 3 })
	now := e.now().In(shanghai(t))
	week := scores.WeekStart(now, shanghai(t))
	y, w := week.ISOWeek()
	for _, lang := range languages {
		c := e.loginSpeaking(e.A.Emails[auth.CSManager], lang)
		f, name := workbookOf(t, c.get("/scores/report.xlsx?period=week&start="+week.Format(time.DateOnly)))
		want := map[string]string{"zh-CN": "Store a-" + strconv.Itoa(y) + "第" + strconv.Itoa(w) + "周-满意度周报.xlsx",
			"en": "Store a-" + strconv.Itoa(y) + "-week-" + strconv.Itoa(w) + "-weekly-report.xlsx"}[lang]
		if name != want {
			t.Errorf("%s: file name %q, want %q", lang, name, want)
		}
		sheet := f.GetSheetList()[0]
		l := catalog(t, lang)
		t.Run(lang+"/Heading", func(t *testing.T) {
			if title := lookAt(t, f, sheet, 1, 1); title.Text != l.T("scores.weekly_report") || !title.Bold {
				t.Errorf("A1 %+v, want the report's title in bold", title)
			}
			for label, value := range map[string]string{l.T("field.store"): "Store a", l.T("scores.kind"): l.T("surveys.kind_csi")} {
				col, row := cellAt(t, f, sheet, label)
				if got := lookAt(t, f, sheet, col+1, row).Text; got != value {
					t.Errorf("%s=%q, want %q", label, got, value)
				}
			}
			col, row := cellAt(t, f, sheet, l.T("scores.made_at"))
			if got := lookAt(t, f, sheet, col+1, row).Text; got != now.Format("2006-01-02 15:04") {
				t.Errorf("made at %q, want %q", got, now.Format("2006-01-02 15:04"))
			}
		})
		t.Run(lang+"/Figures", func(t *testing.T) {
			col, row := cellAt(t, f, sheet, l.T("scores.department"))
			if h := lookAt(t, f, sheet, col, row); !h.Bold || h.Fill == "" {
				t.Errorf("header %+v, want bold on a band", h)
			}
			_, dept := cellAt(t, f, sheet, l.T("department.after_sales"))
			page := firstMatch(`data-testid="report-row"><td>[^<]*</td><td[^>]*>([^<]*)<`, c.get("/scores/report?start="+week.Format(time.DateOnly)).Body)
			if got := lookAt(t, f, sheet, 2, dept); got.Text != page || !got.Number || got.Fill != "FDECEA" || got.Format != "0.0" {
				t.Errorf("after-sales this week %+v, want the page's %s as a number on red", got, page)
			}
			if got := lookAt(t, f, sheet, 5, dept); got.Text != "2" || !got.Number || got.Format != "0" {
				t.Errorf("after-sales surveys %+v, want the whole number 2", got)
			}
			_, person := cellAt(t, f, sheet, "吴磊")
			if got := lookAt(t, f, sheet, 3, person); !got.Number || got.Fill != "EEEEEE" {
				t.Errorf("吴磊's score %+v, want a number on grey: one survey is too few", got)
			}
		})
		t.Run(lang+"/Widths", func(t *testing.T) {
			a, err := f.GetColWidth(sheet, "A")
			testkit.Must(t, err)
			b, err := f.GetColWidth(sheet, "B")
			testkit.Must(t, err)
			if a < 20 || a > 60 || b < 8 || b > 30 {
				t.Errorf("widths A=%v B=%v, want A wide enough for the questions (20–60) and B for a score", a, b)
			}
		})
		rows, err := f.GetRows(sheet)
		testkit.Must(t, err)
		if text := strings.Join(slices.Concat(rows...), "\n"); strings.Contains(text, l.T("scores.click_hint")) {
			t.Errorf("%s: the workbook holds the screen's hint %q", lang, l.T("scores.click_hint"))
		}
	}
}

// TestScores_RankingWorkbook: the group ranking's workbook is named after the ranking, week and
// kind, has its heading block and the store's whole-store score as a number.
func TestScores_RankingWorkbook(t *testing.T) {
	e := newEnv(t)
	completeServiceSurveys(t, e, []string{"吴磊", "冯子轩", "周洁", "吴磊", "冯子轩"}, func(_, _, top int) int { return top })
	week := scores.WeekStart(e.now(), shanghai(t))
	y, w := week.ISOWeek()
	c := e.loginSpeaking(e.A.Emails[auth.GM], "en")
	f, name := workbookOf(t, c.get("/scores/group.xlsx?kind=csi&start="+week.Format(time.DateOnly)))
	if want := "Group ranking-" + strconv.Itoa(y) + "-week-" + strconv.Itoa(w) + "-CSI.xlsx"; name != want {
		t.Errorf("file name %q, want %q", name, want)
	}
	sheet := f.GetSheetList()[0]
	if title := lookAt(t, f, sheet, 1, 1); title.Text != "Group ranking" || !title.Bold {
		t.Errorf("A1 %+v, want the title in bold", title)
	}
	_, row := cellAt(t, f, sheet, "Store a")
	if rank := lookAt(t, f, sheet, 1, row); rank.Text != "1" || !rank.Number {
		t.Errorf("rank %+v, want 1", rank)
	}
	if score := lookAt(t, f, sheet, 3, row); score != (look{Text: "100.0", Number: true, Format: "0.0"}) {
		t.Errorf("score %+v, want 100.0 as a number", score)
	}
}
