package server_test

import (
	"fmt"
	"html"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/scores"
)

// variedAnswers makes the departments of each survey answer differently, so that a department's
// part of a survey scores otherwise than the whole survey: survey i answers item pos one or two
// points under the top, and yes unless (i + pos) is a multiple of 5.
func variedAnswers(i, pos, top int) int {
	if top == 1 {
		return min(1, (i+pos)%5)
	}
	return top - (i+pos)%3
}

// TestScores_ReportEqualsDrill: for the same week, the weekly report and the drill-down of the
// whole store show the same staff figures and the same survey scores, both labelled as whole
// survey scores, and the same department figures as the scoreboard; the drill-down of one
// department says it counts only that department's questions and shows other figures.
func TestScores_ReportEqualsDrill(t *testing.T) {
	e := newEnv(t)
	completeServiceSurveys(t, e, []string{"吴磊", "冯子轩", "吴磊", "周洁", "冯子轩", "吴磊"}, variedAnswers)
	week := scores.WeekStart(e.now(), shanghai(t)).Format(time.DateOnly)
	for _, lang := range languages {
		c, l := e.loginSpeaking(e.A.Emails[auth.CSManager], lang), catalog(t, lang)
		report := between(c.get("/scores/report?period=week&start="+week).Body, `data-testid="report-csi"`, `data-testid="report-ssi"`)
		store := c.get("/scores/drill?kind=csi&period=week&start=" + week).Body
		t.Run(lang+"/Staff", func(t *testing.T) {
			for _, role := range []string{"advisor", "workshop_group"} {
				got := tableRows(groupRowRe, between(report, `data-testid="staff-`+role+`"`, `</table>`))
				want := tableRows(groupRowRe, between(store, `data-testid="staff-`+role+`"`, `</table>`))
				if len(want) == 0 || !slices.Equal(got, want) {
					t.Errorf("%s: report %q, drill-down of the whole store %q, want the same rows", role, got, want)
				}
			}
		})
		t.Run(lang+"/Surveys", func(t *testing.T) {
			got, want := tableRows(surveyRowRe, report), tableRows(surveyRowRe, store)
			if len(want) != 6 || !slices.Equal(got, want) {
				t.Errorf("report %q, drill-down of the whole store %q, want the same 6 surveys", got, want)
			}
		})
		t.Run(lang+"/Labels", func(t *testing.T) {
			whole := html.EscapeString(l.T("scores.on_part", "Part", l.T("scores.whole_survey")))
			for page, body := range map[string]string{"report": report, "drill-down": store} {
				if strings.Count(body, whole) < 3 {
					t.Errorf("%s: want each staff and survey score headed %q", page, whole)
				}
			}
			if !strings.Contains(store, html.EscapeString(l.T("scores.scope_store"))) {
				t.Errorf("drill-down of the whole store: want its scope said")
			}
		})
		t.Run(lang+"/Departments", func(t *testing.T) {
			board := c.get("/scores?kind=csi&period=week&start=" + week).Body
			drill := c.get(fmt.Sprintf("/scores/drill?kind=csi&period=week&start=%s&dept=%d", week, afterSales(t, e))).Body
			cell := firstMatch(`data-testid="cell"[^>]*>([^<]*)<`, board) // after-sales, this week
			row := firstMatch(`data-testid="report-row"><td>[^<]*</td><td[^>]*>([^<]*)<`, report)
			figure := firstMatch(`data-testid="figure">([^<]*)<`, drill)
			if cell == "" || row != cell || figure != cell {
				t.Errorf("after-sales: scoreboard %q, report %q, drill-down %q, want one figure", cell, row, figure)
			}
		})
	}
	t.Run("DepartmentPart", func(t *testing.T) {
		c, l := e.loginSpeaking(e.A.Emails[auth.CSManager], "en"), catalog(t, "en")
		store := c.get("/scores/drill?kind=csi&period=week&start=" + week).Body
		dept := c.get(fmt.Sprintf("/scores/drill?kind=csi&period=week&start=%s&dept=%d", week, afterSales(t, e))).Body
		part := html.EscapeString(l.T("scores.on_part", "Part", l.T("scores.part_of", "Dept", "After-sales service")))
		if !strings.Contains(dept, part) || !strings.Contains(dept, html.EscapeString(l.T("scores.scope_department", "Dept", "After-sales service"))) {
			t.Errorf("drill-down of after-sales: want its scope and scores headed %q", part)
		}
		a, b := tableRows(groupRowRe, between(dept, `data-testid="staff-advisor"`, `</table>`)), tableRows(groupRowRe, between(store, `data-testid="staff-advisor"`, `</table>`))
		if len(a) == 0 || slices.Equal(a, b) {
			t.Errorf("advisors on after-sales questions %q and on the whole survey %q, want other figures", a, b)
		}
	})
}
