package server_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestScoresQuarter_PagesAgree: with quarters chosen, the scoreboard, the drill-down and the
// quarterly report show the same after-sales figure, and the scoreboard and the group ranking
// the same whole-store figure, in both languages; the columns are named by quarter, the trends
// chart quarters, and the report and the ranking are exported for the quarter.
func TestScoresQuarter_PagesAgree(t *testing.T) {
	e := newEnv(t)
	completeServiceSurveys(t, e, []string{"吴磊", "冯子轩", "吴磊", "周洁"}, variedAnswers)
	start := scores.QuarterStart(e.now(), shanghai(t))
	quarter := "period=quarter&start=" + start.Format(time.DateOnly)
	dept := afterSales(t, e)
	for _, lang := range languages {
		c, l := e.loginSpeaking(e.A.Emails[auth.CSManager], lang), catalog(t, lang)
		board := c.get("/scores?kind=csi&" + quarter).Body
		row := between(board, "<th>"+l.T("department.after_sales")+"</th>", "</tr>")
		cell := firstMatch(`data-testid="cell"[^>]*>([^<]*)<`, row)
		drill := c.get(fmt.Sprintf("/scores/drill?kind=csi&%s&dept=%d", quarter, dept)).Body
		report := between(c.get("/scores/report?"+quarter).Body, `data-testid="report-csi"`, `data-testid="report-ssi"`)
		reported := firstMatch(`data-testid="report-row"><td>`+l.T("department.after_sales")+`</td><td[^>]*>([^<]*)<`, report)
		if figure := firstMatch(`data-testid="figure">([^<]*)<`, drill); cell == "" || figure != cell || reported != cell {
			t.Errorf("%s: after-sales this quarter: scoreboard %q, drill-down %q, report %q, want one figure", lang, cell, figure, reported)
		}
		total := firstMatch(`data-testid="cell"[^>]*>([^<]*)<`, between(board, `<tr class="total">`, "</tr>"))
		ranked := firstMatch(`data-testid="store-score"><span[^>]*>([^<]*)<`, c.get("/scores/group?kind=csi&"+quarter).Body)
		if total == "" || ranked != total {
			t.Errorf("%s: whole store this quarter: scoreboard %q, ranking %q, want one figure", lang, total, ranked)
		}
		n := int(start.Month()-1)/3 + 1
		if head := html.EscapeString(l.T("scores.quarter", "Quarter", n)); !strings.Contains(board, head) ||
			!strings.Contains(board, `data-testid="quarter-hint"`) {
			t.Errorf("%s: scoreboard by quarter: want the column %q and how a quarter is made", lang, head)
		}
		if trends := c.get("/scores/trends?" + quarter).Body; !strings.Contains(trends, html.EscapeString(l.T("scores.last_quarters"))) {
			t.Errorf("%s: trends by quarter: want the chart of the last quarters", lang)
		}
	}
	c := e.login(e.A.Emails[auth.CSManager])
	want := fmt.Sprintf("%d-Q%d", start.Year(), int(start.Month()-1)/3+1)
	for _, p := range []string{"/scores/report.xlsx?", "/scores/group.xlsx?kind=csi&"} {
		res := c.get(p + quarter)
		if _, name := workbookOf(t, res); !strings.Contains(name, want) {
			t.Errorf("%s: file %q, want it named for %s", p, name, want)
		}
	}
}

// TestScores_ActionLinks: a department's cell below the red line, and every question of a
// drill-down, offer a manager to open an improvement action on that figure, for the week or the
// quarter shown; the whole store's cells do not.
func TestScores_ActionLinks(t *testing.T) {
	e := newEnv(t)
	mustPostMinSample(t, e, "1")
	completeSurvey(t, e, 3)
	dept := afterSales(t, e)
	own, _ := csiQuestions(t, e, dept)
	c := e.login(e.A.Emails[auth.DeptManager])
	for _, p := range []scores.Period{scores.Week, scores.Quarter} {
		start := p.Start(e.now(), shanghai(t)).Format(time.DateOnly)
		board := c.get(fmt.Sprintf("/scores?period=%s&start=%s", p, start)).Body
		want := fmt.Sprintf("/actions/new?store=%d&source=score&department=%d&kind=csi&period=%s&start=%s", e.A.StoreID, dept, p, start)
		row := between(board, "<th>After-sales service</th>", "</tr>")
		if got := html.UnescapeString(firstMatch(`href="([^"]*)"[^>]*data-testid="open-action"`, row)); got != want {
			t.Errorf("%s: the failing after-sales cell offers %q, want %q", p, got, want)
		}
		if strings.Contains(between(board, `<tr class="total">`, "</tr>"), `data-testid="open-action"`) {
			t.Errorf("%s: the whole store's cell offers an action, want none: an action has a department", p)
		}
		for _, d := range []int64{dept, 0} {
			drill := c.get(fmt.Sprintf("/scores/drill?period=%s&start=%s&dept=%d", p, start, d)).Body
			item := want + "&item=" + url.QueryEscape(own.NameZH)
			if !strings.Contains(html.UnescapeString(drill), `href="`+item+`"`) {
				t.Errorf("%s, drill-down of department %d: want the question %s to offer %q", p, d, own.NameZH, item)
			}
		}
	}
}

// TestBrowser_QuarterBoard: the demo administrator's scoreboard, trends and ranking by quarter,
// in both languages, on a desktop and at 390 px: each shows its heading and quarter columns and
// nothing scrolls sideways. Screenshots are left in tmp/screenshots.
func TestBrowser_QuarterBoard(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		ctx := newBrowser(t, size.width, size.height)
		browserLogin(t, ctx, e.HTTP.URL, demo.Logins[0].Email, demo.Password)
		for _, lang := range languages {
			useLanguage(t, ctx, e.HTTP.URL, lang)
			for _, p := range []struct{ name, path string }{
				{"scoreboard-quarter", "/scores?period=quarter"}, {"trends-quarter", "/scores/trends?period=quarter"},
				{"ranking-quarter", "/scores/group?period=quarter"}, {"report-quarter", "/scores/report?period=quarter"},
			} {
				do(t, ctx, chromedp.Navigate(e.HTTP.URL+p.path), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
				if f := measure(t, ctx, `main h1`); f.Overflow > 0 || f.Seen != 1 {
					t.Errorf("%s (%s, %s): %+v, want its heading and no sideways scrolling", p.name, lang, size.name, f)
				}
				screenshot(t, ctx, "scores-"+p.name+"-"+lang+"-"+size.name)
			}
			if got := text(t, ctx, `[data-testid=report-period]`); !strings.Contains(got, "Q") && !strings.Contains(got, "季度") {
				t.Errorf("quarterly report (%s): period %q, want a quarter", lang, got)
			}
		}
	}
}
