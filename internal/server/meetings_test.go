package server_test

import (
	"context"
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/testkit"
)

func init() {
	managers := only(422, auth.CSManager, auth.DeptManager, auth.GM, auth.Admin, auth.Agent)
	remove := only(404, auth.CSManager, auth.DeptManager, auth.GM, auth.Admin, auth.Agent)
	maps.Copy(routeExpectations, map[string]expect{
		"POST /scores/focus": managers,
		// The grid's {focusID} names no focus item; TestMeetings_FocusFollowedOnTheNextReport
		// removes a real one.
		"POST /scores/focus/{focusID}/delete": remove,
	})
}

// focusWeeks completes the fixture's survey in store A last week (every answer 3) and six
// after-sales surveys this week (varied answers), with a minimum sample of 1; it returns the
// starts of both weeks.
func focusWeeks(t *testing.T, e *env) (last, this string) {
	t.Helper()
	mustPostMinSample(t, e, "1")
	now := e.now()
	e.clock = now.AddDate(0, 0, -7)
	completeSurvey(t, e, 3)
	e.clock = now
	completeServiceSurveys(t, e, []string{"吴磊", "冯子轩", "吴磊", "周洁", "冯子轩", "吴磊"}, variedAnswers)
	week := scores.WeekStart(now, shanghai(t))
	return week.AddDate(0, 0, -7).Format(time.DateOnly), week.Format(time.DateOnly)
}

// csiQuestions are a store A CSI question of the department and one of another department.
func csiQuestions(t *testing.T, e *env, dept int64) (own, other surveys.Item) {
	t.Helper()
	q, _, err := (&surveys.Service{DB: e.DB.App}).Get(context.Background(), e.A.TenantID, e.A.IDs["{questionnaireID}"])
	testkit.Must(t, err)
	for _, it := range q.Items {
		switch {
		case it.Scale == surveys.Text:
		case it.DepartmentID == dept && own.ID == 0:
			own = it
		case it.DepartmentID != dept && other.ID == 0:
			other = it
		}
	}
	if own.ID == 0 || other.ID == 0 {
		t.Fatalf("questionnaire %+v: want questions of after-sales and of another department", q.Items)
	}
	return own, other
}

// TestMeetings_FocusFollowedOnTheNextReport: on last week's report the customer-service manager
// picks a focus item; a bad one is refused at its field in the reader's language and nothing is
// kept. This week's report follows it up with the after-sales score and the question's score of
// both weeks, as the scoreboard and the drill-downs show them, and the improvement action opened
// from it. Another store's manager cannot add to or remove from the store's report; the
// manager removes it by hand.
func TestMeetings_FocusFollowedOnTheNextReport(t *testing.T) {
	e := newScopedEnv(t)
	last, this := focusWeeks(t, e)
	dept := afterSales(t, e)
	own, other := csiQuestions(t, e, dept)
	form := url.Values{"store_id": {fmtID(e.A.StoreID)}, "kind": {"csi"}, "period": {"week"}, "start": {last},
		"department_id": {fmtID(dept)}, "item_short": {own.NameZH}, "note": {"等待时间太长"}}
	for _, lang := range languages {
		c, l := e.loginSpeaking(e.A.Emails[auth.CSManager], lang), catalog(t, lang)
		for field, bad := range map[string]url.Values{
			"department_id": withField(form, "department_id", ""),
			"item_short":    withField(form, "item_short", other.NameZH),
			"note":          withField(form, "note", strings.Repeat("长", scores.FocusNoteMax+1)),
		} {
			res := c.post("/scores/focus", bad)
			if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="error-`+field+`"`) ||
				!strings.Contains(res.Body, `data-testid="focus-form"`) {
				t.Errorf("%s, bad %s: Status=%d, want 422 with the form and a message at the field", lang, field, res.Code)
			}
		}
		res := c.post("/scores/focus", withField(form, "item_short", other.NameZH))
		if want := html.EscapeString(l.T("scores.focus_not_department")); !strings.Contains(res.Body, want) {
			t.Errorf("%s: want the message %q", lang, want)
		}
	}
	cs := e.login(e.A.Emails[auth.CSManager])
	report := "/scores/report?period=week&start="
	if body := cs.get(report + last).Body; !strings.Contains(body, `data-testid="no-focus"`) {
		t.Fatalf("a refused focus item was kept")
	}
	other2 := e.login(e.A2.Emails[auth.CSManager])
	if res := other2.post("/scores/focus", form); res.Code != http.StatusNotFound {
		t.Errorf("A2's manager adding to A's report: Status=%d, want 404", res.Code)
	}
	if res := cs.post("/scores/focus", form); res.Code != http.StatusSeeOther ||
		res.Header.Get("Location") != fmt.Sprintf("/scores/report?store=%d&period=week&start=%s#focus", e.A.StoreID, last) {
		t.Fatalf("add: Status=%d Location=%q, want 303 to the report's focus items", res.Code, res.Header.Get("Location"))
	}
	if res := cs.post("/scores/focus", form); res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "already chosen") {
		t.Errorf("chosen twice: Status=%d, want 422 at the question", res.Code)
	}
	chosen := cs.get(report + last).Body
	focusID := firstMatch(`action="/scores/focus/(\d+)/delete"`, chosen)
	if !strings.Contains(between(chosen, `data-testid="focus-row"`, `</li>`), "等待时间太长") || focusID == "" {
		t.Fatalf("last week's report: want the focus item with its note and its removal")
	}
	action := openFocusAction(t, e, dept, own.NameZH)

	next := cs.get(report + this).Body
	row := between(next, `data-testid="followed-row"`, `</tr>`)
	board := func(start string) string {
		body := cs.get("/scores?kind=csi&period=week&start=" + start).Body
		return firstMatch(`data-testid="cell"[^>]*>([^<]*)<`, between(body, "<th>After-sales service</th>", "</tr>"))
	}
	item := func(start string) string {
		drill := cs.get(fmt.Sprintf("/scores/drill?kind=csi&period=week&start=%s&dept=%d", start, dept)).Body
		return firstMatch(`item=`+fmtID(own.ID)+`#surveys"(?s:.*?)<td class="num[^"]*">([^<]*)</td></tr>`, drill)
	}
	wantDept := board(last) + " → " + board(this)
	wantItem := item(last) + " → " + item(this)
	if got := strings.TrimSpace(html.UnescapeString(firstMatch(`data-testid="followed-department">([^<]*)<`, row))); got != wantDept || board(last) == "" {
		t.Errorf("followed after-sales %q, want the scoreboard's %q", got, wantDept)
	}
	if got := strings.TrimSpace(html.UnescapeString(firstMatch(`data-testid="followed-item">([^<]*)<`, row))); got != wantItem || item(this) == "" {
		t.Errorf("followed question %q, want the drill-downs' %q", got, wantItem)
	}
	if !strings.Contains(row, fmt.Sprintf(`href="/actions/%d"`, action)) {
		t.Errorf("followed row: want the action opened from the focus item; row %s", row)
	}
	if !strings.Contains(next, `data-testid="no-focus"`) {
		t.Errorf("this week's report: want no focus item chosen for this week yet")
	}

	remove := "/scores/focus/" + focusID + "/delete"
	if res := other2.post(remove, url.Values{}); res.Code != http.StatusNotFound {
		t.Errorf("A2's manager removing A's focus item: Status=%d, want 404", res.Code)
	}
	if res := cs.post(remove, url.Values{"store_id": {fmtID(e.A.StoreID)}}); res.Code != http.StatusSeeOther {
		t.Fatalf("remove: Status=%d, want 303", res.Code)
	}
	if body := cs.get(report + this).Body; strings.Contains(body, `data-testid="followed"`) {
		t.Errorf("this week's report after the removal: want nothing followed")
	}
	if res := cs.post(remove, url.Values{"store_id": {fmtID(e.A.StoreID)}}); res.Code != http.StatusNotFound {
		t.Errorf("removed twice: Status=%d, want 404", res.Code)
	}
}

// TestMeetings_QuarterKeepsNoFocus: the quarter's report offers no focus items.
func TestMeetings_QuarterKeepsNoFocus(t *testing.T) {
	e := newEnv(t)
	cs := e.login(e.A.Emails[auth.CSManager])
	if body := cs.get("/scores/report?period=quarter").Body; strings.Contains(body, `data-testid="focus"`) ||
		!strings.Contains(body, "Quarterly satisfaction report") {
		t.Errorf("quarter's report: want its title and no focus items")
	}
	if body := cs.get("/scores/report?period=month").Body; !strings.Contains(body, `data-testid="focus-form"`) {
		t.Errorf("month's report: want the focus form")
	}
}

// withField is form with one field set to value.
func withField(form url.Values, field, value string) url.Values {
	out := maps.Clone(form)
	out[field] = []string{value}
	return out
}

// openFocusAction opens an improvement action on store A's department and question, as opening
// one from a score does, and returns it.
func openFocusAction(t *testing.T, e *env, dept int64, item string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	testkit.Must(t, e.DB.App.InTenantTx(ctx, e.A.TenantID, func(tx pgx.Tx) (err error) {
		id, _, err = improve.Open(ctx, tx, e.A.TenantID, e.A.Users[auth.CSManager], e.now(), improve.Cause{Source: improve.FromScore,
			StoreID: e.A.StoreID, DepartmentID: dept, Kind: "csi", Period: "week", ItemShort: item, Weakness: item + "得分低"})
		return err
	}))
	return id
}

// TestBrowser_MeetingFocus: the demo's customer-service manager opens last week's report, which
// follows up the focus items of the week before (one with an improvement action), picks a focus
// item of after-sales with a note and sees it listed; the report is shown in both languages, on
// a desktop and at 390 px, without sideways scrolling. Screenshots are left in tmp/screenshots.
func TestBrowser_MeetingFocus(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	store, dept := demoAfterSales(t, e)
	seedDemoFocus(t, e, store, dept)
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		ctx := newBrowser(t, size.width, size.height)
		browserLogin(t, ctx, e.HTTP.URL, demo.Logins[2].Email, demo.Password)
		for _, lang := range languages {
			useLanguage(t, ctx, e.HTTP.URL, lang)
			do(t, ctx, chromedp.Navigate(e.HTTP.URL+"/scores/report"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=followed-row]`)))
			if got := text(t, ctx, `[data-testid=focus-action]`); !strings.Contains(got, "#") {
				t.Errorf("followed (%s): actions %q, want the action opened from the focus item", lang, got)
			}
			if size.name == "desktop" && lang == "zh-CN" {
				do(t, ctx,
					chromedp.SetValue(chromedp.CSS(`select[name=department_id]`), fmtID(dept)),
					chromedp.SendKeys(chromedp.CSS(`input[name=note]`), "交车前再次确认洗车质量"),
					chromedp.Click(chromedp.CSS(`[data-testid=focus-submit]`)),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid=focus-row]`)))
				if got := text(t, ctx, `[data-testid=focus-row]`); !strings.Contains(got, "交车前再次确认洗车质量") {
					t.Errorf("the chosen focus item %q, want its note", got)
				}
			}
			if f := measure(t, ctx, `main h1`); f.Overflow > 0 || f.Seen != 1 {
				t.Errorf("report (%s, %s): %+v, want its heading and no sideways scrolling", lang, size.name, f)
			}
			screenshot(t, ctx, "scores-report-focus-"+lang+"-"+size.name)
		}
	}
}

// seedDemoFocus keeps, with the demo store's report of the week before last, a focus item on the
// after-sales department and one on its first question, with an action opened from the second.
func seedDemoFocus(t *testing.T, e *env, store, dept int64) {
	t.Helper()
	ctx := context.Background()
	var tenantID, user int64
	var item string
	testkit.Must(t, e.DB.Owner.Pool.QueryRow(ctx, `SELECT tenant_id FROM login_emails WHERE email = $1`, demo.Logins[2].Email).Scan(&tenantID))
	testkit.Must(t, e.DB.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT (SELECT id FROM users WHERE tenant_id = $1 AND email = $2),
			(SELECT i.name_zh FROM questionnaire_items i JOIN questionnaires q ON q.tenant_id = $1 AND q.id = i.questionnaire_id
			 WHERE i.tenant_id = $1 AND i.department_id = $3 AND i.scale <> 'text' ORDER BY q.version DESC, i.position LIMIT 1)`,
			tenantID, demo.Logins[2].Email, dept).Scan(&user, &item)
	}))
	week := scores.Week.LastComplete(scores.Date(e.now(), shanghai(t))).AddDate(0, 0, -7)
	svc := scores.NewService(e.DB.App, nil)
	svc.Now = e.now
	for _, f := range []scores.Focus{{ItemShort: "", Note: "部门得分连续两周低于红线"}, {ItemShort: item, Note: "客户反映等待时间长"}} {
		f.StoreID, f.Kind, f.Period, f.Start, f.DepartmentID = store, "csi", scores.Week, week, dept
		_, err := svc.AddFocus(ctx, tenantID, user, f)
		testkit.Must(t, err)
	}
	testkit.Must(t, e.DB.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		_, _, err := improve.Open(ctx, tx, tenantID, user, e.now(), improve.Cause{Source: improve.FromScore, StoreID: store,
			DepartmentID: dept, Kind: "csi", Period: "week", PeriodStart: week, ItemShort: item, Weakness: item + "得分低于红线"})
		return err
	}))
}
