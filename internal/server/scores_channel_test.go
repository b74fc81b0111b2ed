package server_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/testkit"
)

// linkSurvey writes, as completing a survey link does, a survey of group A's store on its
// newest questionnaire of the kind that the customer answered by SMS just now, every scored item
// at value (or its scale's top when lower): no agent, answers by no one, then the same scores and
// sample in the same transaction.
func linkSurvey(t *testing.T, e *env, kind string, value int) {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	now := e.now()
	// each row is inserted with VALUES, as the application inserts it: an INSERT … SELECT would
	// pass through a Citus coordinator, which row-level security refuses
	var customers, questionnaire, customer, task, survey int64
	testkit.Must(t, tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM customers WHERE tenant_id = $1),
		(SELECT id FROM questionnaires WHERE tenant_id = $1 AND store_id = $2 AND kind = $3 ORDER BY version DESC LIMIT 1)`,
		e.A.TenantID, e.A.StoreID, kind).Scan(&customers, &questionnaire))
	testkit.Must(t, tx.QueryRow(ctx, `INSERT INTO customers (tenant_id, name, phone) VALUES ($1, '林静', $2) RETURNING id`,
		e.A.TenantID, fmt.Sprintf("1365%07d", customers)).Scan(&customer))
	reason := map[string]string{"csi": "service_survey", "event": "complaint_survey"}[kind]
	testkit.Must(t, tx.QueryRow(ctx, `INSERT INTO follow_up_tasks (tenant_id, store_id, customer_id, reason, source_key, survey_kind,
		due_from, due_until, expires_on, status, channel) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7, 'completed', 'link') RETURNING id`,
		e.A.TenantID, e.A.StoreID, customer, reason, fmt.Sprint("link-", customer), kind, now).Scan(&task))
	testkit.Must(t, tx.QueryRow(ctx, `INSERT INTO surveys (tenant_id, task_id, questionnaire_id, store_id, customer_id, agent_id,
		status, started_at, completed_at, channel) VALUES ($1, $2, $3, $4, $5, NULL, 'completed', $6, $6, 'sms') RETURNING id`,
		e.A.TenantID, task, questionnaire, e.A.StoreID, customer, now).Scan(&survey))
	rows, _ := tx.Query(ctx, `SELECT id, least($3, CASE WHEN scale = 'five' THEN 5 WHEN scale = 'ten' THEN 10 ELSE 1 END)
		FROM questionnaire_items WHERE tenant_id = $1 AND questionnaire_id = $2 AND scale <> 'text'`, e.A.TenantID, questionnaire, value)
	answers, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct{ Item, Value int64 }])
	testkit.Must(t, err)
	for _, a := range answers {
		_, err = tx.Exec(ctx, `INSERT INTO survey_answers (tenant_id, survey_id, item_id, value, answered_by) VALUES ($1, $2, $3, $4, NULL)`,
			e.A.TenantID, survey, a.Item, a.Value)
		testkit.Must(t, err)
	}
	testkit.Must(t, scores.Add(ctx, tx, e.A.TenantID, survey, 1))
	for _, c := range []scores.Counter{scores.Required, scores.Attempted, scores.Reached, scores.Completed} {
		testkit.Must(t, scores.Count(ctx, tx, e.A.TenantID, c, 1, task))
	}
	testkit.Must(t, tx.Commit(ctx))
}

// cellTexts are the texts of the elements marked testid in body, in order, tags stripped.
func cellTexts(body, testid string) []string {
	re := regexp.MustCompile(`(?s)data-testid="` + testid + `"[^>]*>(.*?)</(td|a|span)>`)
	tags := regexp.MustCompile(`<[^>]+>`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		out = append(out, strings.Join(strings.Fields(tags.ReplaceAllString(m[1], " ")), " "))
	}
	return out
}

// TestScores_SplitByChannel: the scoreboard leaves the split by channel out until asked; asked,
// it shows the week by phone and by SMS, and on all channels exactly the board's figure, for the
// whole store and each department; the weekly report and its workbook show the same split, and
// a survey the customer answered lists its answerer as the customer's own, in both languages.
func TestScores_SplitByChannel(t *testing.T) {
	e := newEnv(t)
	mustPostMinSample(t, e, "1")
	completeSurvey(t, e, 5)
	linkSurvey(t, e, "csi", 3)
	week := scores.WeekStart(e.now(), shanghai(t)).Format(time.DateOnly)
	for _, lang := range languages {
		l := catalog(t, lang)
		c := e.loginSpeaking(e.A.Emails[auth.CSManager], lang)
		board := c.get("/scores?period=week&start=" + week)
		if strings.Contains(board.Body, `data-testid="channel-split"`) || !strings.Contains(board.Body, `data-testid="split-show"`) {
			t.Fatalf("%s: board without ?split: want no split, and a link to it", lang)
		}
		board = c.get("/scores?period=week&split=channel&start=" + week)
		if board.Code != http.StatusOK || !strings.Contains(board.Body, `data-testid="channel-split"`) {
			t.Fatalf("%s: board?split=channel: Status=%d, want the split", lang, board.Code)
		}
		at := strings.Index(board.Body, `data-testid="channel-split"`)
		split := board.Body[at:]
		all, phone, sms := cellTexts(split, "split-all"), cellTexts(split, "split-phone"), cellTexts(split, "split-sms")
		// Only this week has surveys: the board's figures are its, each department's and the store's.
		figures, counts := cellTexts(board.Body[:at], "cell"), cellTexts(board.Body[:at], "count")
		var shown []string
		for i := range figures {
			shown = append(shown, figures[i]+" "+counts[i])
		}
		if all = slices.DeleteFunc(all, func(s string) bool { return s == "—" }); !slices.Equal(all, shown) || len(all) < 3 {
			t.Errorf("%s: on all channels %q, want the board's %q", lang, all, shown)
		}
		if storeAll := all[len(all)-1]; !strings.Contains(storeAll, l.T("scores.n_surveys", "Count", 2)) {
			t.Errorf("%s: the store on all channels %q, want 2 surveys", lang, storeAll)
		}
		want := map[string]string{"phone": l.T("scores.one_survey"), "sms": l.T("scores.one_survey")}
		for ch, cells := range map[string][]string{"phone": phone, "sms": sms} {
			if !strings.Contains(cells[len(cells)-1], want[ch]) {
				t.Errorf("%s: store by %s %q, want one survey", lang, ch, cells[len(cells)-1])
			}
		}
		for _, h := range []string{l.T("channels.phone"), l.T("channels.sms"), l.T("channels.email"), l.T("channels.all")} {
			if !strings.Contains(split, ">"+h+"<") {
				t.Errorf("%s: split lacks the column %q", lang, h)
			}
		}
		report := c.get("/scores/report?period=week&start=" + week)
		csi := report.Body[strings.Index(report.Body, `data-testid="report-csi"`):]
		if !strings.Contains(csi, `data-testid="channel-split"`) || !strings.Contains(csi, ">"+l.T("channels.customer_link")+"<") {
			t.Errorf("%s: weekly report: want the split and the link survey answered by %q", lang, l.T("channels.customer_link"))
		}
		f, _ := workbookOf(t, c.get("/scores/report.xlsx?period=week&start="+week))
		sheet := f.GetSheetList()[0]
		cellAt(t, f, sheet, l.T("channels.split_title")+" · "+l.T("scores.week", "Week", weekNumber(e, t)))
		cellAt(t, f, sheet, l.T("channels.customer_link"))
	}
}

// weekNumber is the ISO week of the env's clock in Shanghai.
func weekNumber(e *env, t *testing.T) int {
	_, w := e.now().In(shanghai(t)).ISOWeek()
	return w
}

// TestScores_EventKind: the score pages take kind=event, named as the questionnaires name it
// and judged against the CSI red line, which the page says; an event survey shows on the event
// board and leaves the CSI board alone; a kind that is none of the questionnaires' is CSI's.
func TestScores_EventKind(t *testing.T) {
	e := newEnv(t)
	mustPostMinSample(t, e, "1")
	linkSurvey(t, e, "event", 2)
	for _, lang := range languages {
		l := catalog(t, lang)
		c := e.loginSpeaking(e.A.Emails[auth.GM], lang)
		for _, page := range []string{"/scores", "/scores/trends", "/scores/drill", "/scores/group"} {
			res := c.get(page + "?kind=event")
			chosen := html.EscapeString(l.T("surveys.kind_event"))
			if page != "/scores/drill" { // the drill-down names its kind in its title
				chosen = `<option value="event" selected>` + chosen + `<`
			}
			if res.Code != http.StatusOK || !strings.Contains(res.Body, chosen) {
				t.Errorf("%s %s?kind=event: Status=%d, want 200 with the event survey chosen", lang, page, res.Code)
			}
			if line := html.EscapeString(l.T("channels.event_line")); !strings.Contains(res.Body, line) {
				t.Errorf("%s %s?kind=event: want %q", lang, page, line)
			}
		}
		event := c.get("/scores?kind=event")
		if n := len(cellTexts(event.Body, "cell")); n != 2 { // the after-sales department and the store
			t.Errorf("%s: event board has %d figures, want the after-sales department's and the store's", lang, n)
		}
		if strings.Contains(event.Body, `data-testid="open-action"`) {
			t.Errorf("%s: event board offers an improvement action, want none: actions follow CSI and SSI", lang)
		}
		if csi := c.get("/scores?kind=csi"); len(cellTexts(csi.Body, "cell")) != 0 {
			t.Errorf("%s: CSI board shows figures, want none: the event survey counts apart", lang)
		}
		week := scores.WeekStart(e.now(), shanghai(t)).Format(time.DateOnly)
		report := c.get("/scores/report?period=week&start=" + week).Body
		if !strings.Contains(report, `data-testid="report-event"`) || strings.Index(report, `data-testid="report-event"`) < strings.Index(report, `data-testid="report-ssi"`) {
			t.Errorf("%s: weekly report: want the event survey's section apart, after CSI and SSI", lang)
		}
		if last := c.get("/scores/report?period=week").Body; strings.Contains(last, `data-testid="report-event"`) {
			t.Errorf("%s: last week's report: want no event section without event surveys", lang)
		}
		if odd := c.get("/scores?kind=nps"); !strings.Contains(odd.Body, `<option value="csi" selected>`) {
			t.Errorf("%s: kind=nps: want CSI chosen", lang)
		}
	}
}

// TestScores_EventInCSIThroughTheForm: ticking "count the event survey in CSI" on the store
// form moves an event survey from the event board into the CSI board at once; unticking moves
// it back.
func TestScores_EventInCSIThroughTheForm(t *testing.T) {
	e := newEnv(t)
	linkSurvey(t, e, "event", 2)
	admin := e.login(e.A.Emails[auth.Admin])
	page := fmt.Sprintf("/admin/stores/%d", e.A.StoreID)
	for _, on := range []bool{true, false} {
		if res := admin.post(page, storeSettings("Store a", "7", "2", on)); res.Code != http.StatusSeeOther {
			t.Fatalf("event in CSI %v: Status=%d, want 303", on, res.Code)
		}
		csi, event := len(cellTexts(admin.get("/scores?kind=csi").Body, "cell")), len(cellTexts(admin.get("/scores?kind=event").Body, "cell"))
		if (csi > 0) != on || (event > 0) == on {
			t.Errorf("event in CSI %v: CSI figures %d, event figures %d", on, csi, event)
		}
	}
}
