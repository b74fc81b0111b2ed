package server_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestScores_MinimumSample: one unhappy survey is shown grey and marked too few, with no
// red-line verdict or tier (its items and staff are grey too; only the survey itself is shown
// red), on the scoreboard, the drill-down and the group ranking, as long as
// the store's minimum sample (5 by default) is not reached; the administrator sets it in the
// store settings, where a value that is not a whole number from 1 is refused at the field;
// at 1 the same survey fails the line everywhere.
func TestScores_MinimumSample(t *testing.T) {
	e := newEnv(t)
	completeSurvey(t, e, 3)
	week := scores.WeekStart(e.now(), shanghai(t)).Format(time.DateOnly)
	pages := map[string]string{"scoreboard": "/scores", "drill-down": "/scores/drill", "ranking": "/scores/group?start=" + week}
	for _, lang := range languages {
		c, l := e.loginSpeaking(e.A.Emails[auth.CSManager], lang), catalog(t, lang)
		for name, p := range pages {
			body, _, _ := strings.Cut(c.get(p).Body, `id="surveys"`) // a survey below the line is still red
			if !strings.Contains(body, `data-testid="few"`) || !strings.Contains(body, ">"+l.T("scores.too_few")+"<") {
				t.Errorf("%s %s: want the figure marked %q", lang, name, l.T("scores.too_few"))
			}
			if strings.Contains(body, `data-testid="fail"`) || strings.Contains(body, `data-testid="tier"`) ||
				strings.Contains(body, "fail-text") || strings.Contains(body, `data-testid="lowest"`) {
				t.Errorf("%s %s: a verdict on one survey", lang, name)
			}
		}
		if body := c.get("/scores").Body; !strings.Contains(body, `class="cell few"`) ||
			!strings.Contains(body, html.EscapeString(l.T("scores.few_hint", "Min", 5))) {
			t.Errorf("%s scoreboard: want grey cells and the rule said", lang)
		}
	}
	admin := e.login(e.A.Emails[auth.Admin])
	if body := admin.get(path("/admin/stores/{storeID}", e.A)).Body; !strings.Contains(body, ">5 per department and week or month<") {
		t.Errorf("store settings: want the minimum sample of 5")
	}
	for _, bad := range []string{"0", "abc", "1001", ""} {
		res := postMinSample(t, e, bad)
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="error-min_sample"`) ||
			!strings.Contains(res.Body, "Enter a whole number from 1 to 1000.") {
			t.Errorf("min sample %q: Status=%d, want 422 with the message at the field", bad, res.Code)
		}
	}
	mustPostMinSample(t, e, "1")
	if body := admin.get(path("/admin/stores/{storeID}", e.A)).Body; !strings.Contains(body, ">1 per department and week or month<") {
		t.Errorf("store settings: want the minimum sample of 1 saved")
	}
	c := e.login(e.A.Emails[auth.CSManager])
	for name, p := range pages {
		if body := c.get(p).Body; !strings.Contains(body, `data-testid="fail"`) && !strings.Contains(body, "Below the line") {
			t.Errorf("%s at minimum sample 1: want the survey to fail the line", name)
		}
	}
}

// TestScores_RunningPeriods: the week and month still running are marked "In progress, to"
// today on the scoreboard and in the trends, and their sample gives no verdict; the report and
// the group ranking open on the last complete week, and show the running one marked when asked.
func TestScores_RunningPeriods(t *testing.T) {
	e := newEnv(t)
	mustPostMinSample(t, e, "1")
	onDueDay(t, e)
	completeSurvey(t, e, 5)
	today := scores.Date(e.now(), shanghai(t))
	running := "In progress, to " + today.Format("01-02")
	c, l := e.loginSpeaking(e.A.Emails[auth.CSManager], "en"), catalog(t, "en")
	for _, p := range []string{"/scores", "/scores?period=month", "/scores/report?start=" + today.Format(time.DateOnly)} {
		if body := c.get(p).Body; strings.Count(body, ">"+running+"<") != 1 {
			t.Errorf("%s: want the running period marked %q once", p, running)
		}
	}
	board := c.get("/scores").Body
	if sample := between(board, `data-testid="sample"`, `</td>`); !strings.Contains(sample, `data-testid="sample-running"`) {
		t.Errorf("this week's sample %q, want no verdict while it runs", sample)
	}
	if trends := c.get("/scores/trends").Body; strings.Count(trends, `class="note"`) < 2 || !strings.Contains(trends, ">so far<") {
		t.Errorf("trends: want this week and this month marked so far")
	}
	lastWeek := scores.Week.LastComplete(today)
	_, w := lastWeek.ISOWeek()
	for _, p := range []string{"/scores/report", "/scores/group"} {
		body := c.get(p).Body
		if !strings.Contains(body, html.EscapeString(l.T("scores.week_range", "Year", lastWeek.Year(), "Week", w,
			"Dates", lastWeek.Format("01/02")+"–"+lastWeek.AddDate(0, 0, 6).Format("01/02")))) {
			t.Errorf("%s: want it to open on last week, week %d", p, w)
		}
		if strings.Contains(body, running) {
			t.Errorf("%s: last week is complete, not running", p)
		}
	}
}

// TestScores_SampleCountsByDueWeek: a call due this week and completed next week counts in this
// week's sample but next week's score, and the scoreboard says why the counts differ.
func TestScores_SampleCountsByDueWeek(t *testing.T) {
	e := newEnv(t)
	due := scores.WeekStart(onDueDay(t, e), shanghai(t))
	next := due.AddDate(0, 0, 7)
	e.advance(time.Date(next.Year(), next.Month(), next.Day(), 10, 0, 0, 0, shanghai(t)).Sub(e.now()))
	completeSurvey(t, e, 5)
	c, l := e.loginSpeaking(e.A.Emails[auth.CSManager], "en"), catalog(t, "en")
	board := c.get("/scores?kind=csi").Body
	samples := tableRows(regexp.MustCompile(`data-testid="sample">([\s\S]*?)</td>`), board)
	if len(samples) < 2 || !strings.Contains(samples[0], "—") || !strings.Contains(samples[1], "completed 1<br>reached 1<br>due 1") {
		t.Errorf("samples %q, want none due this week and last week's call completed", samples)
	}
	if count := firstMatch(`data-testid="count">([^<]*)<`, board); count != "1 survey" {
		t.Errorf("this week's count %q, want the survey completed this week", count)
	}
	if !strings.Contains(board, html.EscapeString(l.T("scores.sample_hint"))) {
		t.Errorf("scoreboard: want it to say that samples go by due date and scores by completion")
	}
}

// onDueDay moves the server's clock to 10:00 in the store on the first day the fixture's call is
// due, so that its week is the running one whatever day the test runs, and returns that time.
func onDueDay(t *testing.T, e *env) time.Time {
	t.Helper()
	var due time.Time
	tx, err := e.DB.App.BeginTenant(context.Background(), e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(context.Background())
	testkit.Must(t, tx.QueryRow(context.Background(), `SELECT due_from FROM follow_up_tasks WHERE tenant_id = $1 AND id = $2`,
		e.A.TenantID, e.A.IDs["{taskID}"]).Scan(&due))
	at := time.Date(due.Year(), due.Month(), due.Day(), 10, 0, 0, 0, shanghai(t))
	e.advance(at.Sub(e.now()))
	return at
}
