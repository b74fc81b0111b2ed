package server_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/testkit"
)

func init() {
	maps.Copy(routeExpectations, map[string]expect{
		"GET /worklist":                   editorsOnly(200),
		"POST /worklist/{taskID}/claim":   editorsOnly(303),
		"POST /worklist/{taskID}/release": editorsOnly(303),
		"POST /worklist/{taskID}/assign":  only(303, auth.CSManager, auth.Admin, auth.Agent),
		"GET /tasks/{taskID}":             only(200, auth.Agent, auth.CSManager, auth.DeptManager, auth.GM, auth.Admin),
		"POST /tasks/{taskID}/attempts":   editorsOnly(422),
		"POST /tasks/{taskID}/answers":    editorsOnly(303),
		"POST /tasks/{taskID}/complete":   editorsOnly(303),
		"POST /tasks/{taskID}/link":       editorsOnly(422),
		"GET /followups/samples":          only(200, auth.CSManager, auth.DeptManager, auth.GM, auth.Admin, auth.Agent),
		"GET /rules":                      questionnaireEditors(200),
		"POST /rules":                     questionnaireEditors(422),
		"POST /rules/defaults":            questionnaireEditors(400),
		"POST /rules/complaint-level":     questionnaireEditors(404),
	})
	groupSeeds = append(groupSeeds, seedTasks)
}

// seedTasks gives a group's store the default rules and generates its tasks: the after-sales
// survey of the fixture's service order, closed two days ago, is due.
func seedTasks(e *env, g *group) {
	ctx := context.Background()
	svc := &followups.Service{DB: e.DB.App, Now: e.now, Cooldown: followups.DefaultCooldown}
	testkit.Must(e.t, svc.EnsureDefaultRules(ctx, g.TenantID, g.StoreID))
	testkit.Must(e.t, (&surveys.Service{DB: e.DB.App}).EnsureDefaults(ctx, g.TenantID, g.StoreID))
	_, err := svc.Generate(ctx, g.TenantID)
	testkit.Must(e.t, err)
	list, err := svc.Worklist(ctx, g.TenantID, followups.WorkFilter{StoreID: g.StoreID, Tab: followups.DueToday, Limit: 1})
	testkit.Must(e.t, err)
	if len(list.Items) != 1 {
		e.t.Fatalf("fixture worklist=%+v, want the due after-sales survey", list)
	}
	g.IDs["{taskID}"] = list.Items[0].ID
}

func TestWorklist_ClaimAndSeeWhoHoldsIt(t *testing.T) {
	e := newEnv(t)
	agent, cs := e.login(e.A.Emails[auth.Agent]), e.login(e.A.Emails[auth.CSManager])
	page := agent.get("/worklist")
	if !strings.Contains(page.Body, `data-testid="tasks"`) || !strings.Contains(page.Body, "13912345678") {
		t.Fatalf("worklist lacks the due call with the customer's phone")
	}
	claim := path("/worklist/{taskID}/claim", e.A)
	if res := agent.post(claim, nil, "Referer", e.HTTP.URL+"/worklist"); res.Code != http.StatusSeeOther {
		t.Fatalf("claim: Status=%d, want 303", res.Code)
	}
	res := cs.post(claim, nil, "Referer", e.HTTP.URL+"/worklist")
	if res.Code != http.StatusSeeOther {
		t.Fatalf("second claim: Status=%d, want 303 back with a message", res.Code)
	}
	page = cs.get(res.Header.Get("Location"))
	if !strings.Contains(page.Body, "Another agent is calling this customer now.") || !strings.Contains(page.Body, `data-testid="claimed-by"`) ||
		!strings.Contains(page.Body, "agent a is calling") {
		t.Errorf("the second agent does not see who holds the call")
	}
	if row := rowOf(page.Body, e.A.IDs["{taskID}"]); strings.Contains(row, `data-testid="claim"`) {
		t.Errorf("a call another agent holds offers Take")
	}
}

func TestWorklist_Tabs(t *testing.T) {
	e := newEnv(t)
	agent := e.login(e.A.Emails[auth.Agent])
	if page := agent.get("/worklist?tab=overdue"); !strings.Contains(page.Body, `data-testid="no-tasks"`) {
		t.Errorf("overdue: want none today")
	}
	e.advance(4 * 24 * time.Hour) // the survey's window closed two days after it opened
	agent = e.login(e.A.Emails[auth.Agent])
	if page := agent.get("/worklist?tab=overdue"); !strings.Contains(page.Body, "days overdue") {
		t.Errorf("overdue after four days: want the survey listed as overdue")
	}
	if page := agent.get("/worklist?tab=due"); !strings.Contains(page.Body, `data-testid="no-tasks"`) {
		t.Errorf("due after four days: want it no longer due")
	}
}

func TestRules_Edit(t *testing.T) {
	e := newEnv(t)
	cs := e.login(e.A.Emails[auth.CSManager])
	form := url.Values{"store_id": {fmtID(e.A.StoreID)}, "reason": {"service_survey"}, "survey": {"csi"},
		"start_days": {"2"}, "end_days": {"1"}, "expire_days": {"15"}, "attempts": {"3"}, "active": {"true"},
		"channel": {"phone_then_link"}, "link_via": {"email"}}
	if res := cs.post("/rules", form); res.Code != 422 || !strings.Contains(res.Body, `data-testid="error-end_days"`) {
		t.Errorf("a window ending before it starts: Status=%d, want 422 at the last day", res.Code)
	}
	form.Set("end_days", "5")
	if res := cs.post("/rules", form); res.Code != http.StatusSeeOther {
		t.Fatalf("save: Status=%d, want 303", res.Code)
	}
	if page := cs.get("/rules?store=" + fmtID(e.A.StoreID)); !strings.Contains(page.Body, `name="end_days" type="number" value="5"`) ||
		!strings.Contains(page.Body, `<option value="phone_then_link" selected>`) || !strings.Contains(page.Body, `<option value="email" selected>`) {
		t.Errorf("the rule page does not show the saved window and channel")
	}
	call := url.Values{"store_id": {fmtID(e.A.StoreID)}, "reason": {"sales_call"}, "survey": {""},
		"start_days": {"14"}, "end_days": {"21"}, "expire_days": {"28"}, "attempts": {"3"}, "active": {"true"},
		"channel": {"link"}, "link_via": {"sms"}}
	if res := cs.post("/rules", call); res.Code != 422 || !strings.Contains(res.Body, `data-testid="error-channel">Only a follow-up with a survey can go as a link.`) {
		t.Errorf("a link for a call without a survey: Status=%d, want 422 at the channel", res.Code)
	}
	form.Set("store_id", fmtID(e.B.StoreID))
	if res := cs.post("/rules", form); res.Code != http.StatusNotFound {
		t.Errorf("another group's store: Status=%d, want 404", res.Code)
	}
}

func TestSamples_Page(t *testing.T) {
	e := newEnv(t)
	manager := e.login(e.A.Emails[auth.DeptManager])
	page := manager.get("/followups/samples")
	if !strings.Contains(page.Body, `data-testid="samples"`) || !strings.Contains(page.Body, `data-testid="invalid"`) {
		t.Fatalf("samples page: want this month's survey call, not yet a valid sample; body %.300s", page.Body)
	}
	svc := &followups.Service{DB: e.DB.App, Now: e.now}
	testkit.Must(t, svc.RecordAttempt(context.Background(), e.A.TenantID, e.A.Users[auth.Agent], e.A.IDs["{taskID}"],
		followups.Attempt{Outcome: followups.Reached}))
	page = manager.get("/followups/samples")
	if !strings.Contains(page.Body, `1 <span class="muted small hide-narrow">100 %</span>`) {
		t.Errorf("samples page: want 1 of 1 reached")
	}
}

func TestWorklist_DepartmentFilter(t *testing.T) {
	e := newEnv(t)
	agent := e.login(e.A.Emails[auth.Agent])
	if page := agent.get("/worklist?department=after_sales"); !strings.Contains(page.Body, `data-testid="tasks"`) {
		t.Errorf("after-sales: want the after-sales survey")
	}
	if page := agent.get("/worklist?department=sales"); !strings.Contains(page.Body, `data-testid="no-tasks"`) {
		t.Errorf("sales: want no calls")
	}
}

func TestRules_ComplaintLevel(t *testing.T) {
	e := newEnv(t)
	cs := e.login(e.A.Emails[auth.CSManager])
	form := url.Values{"store_id": {fmtID(e.A.StoreID)}, "dissatisfied_points": {"101"}}
	if res := cs.post("/rules/complaint-level", form); res.Code != 422 || !strings.Contains(res.Body, `data-testid="error-dissatisfied_points"`) {
		t.Errorf("101 points: Status=%d, want 422 at the field", res.Code)
	}
	form.Set("dissatisfied_points", "80")
	if res := cs.post("/rules/complaint-level", form); res.Code != http.StatusSeeOther {
		t.Fatalf("save: Status=%d, want 303", res.Code)
	}
	if page := cs.get("/rules?store=" + fmtID(e.A.StoreID)); !strings.Contains(page.Body, `name="dissatisfied_points" type="number" value="80"`) {
		t.Errorf("the rules page does not show the saved level")
	}
}

// rowOf is the worklist's row of a task, "" when the page does not list it; rows lists the
// tasks' ids in the page's order.
func rowOf(body string, taskID int64) string {
	for _, row := range strings.Split(body, `data-testid="task"`)[1:] {
		if strings.Contains(row, fmt.Sprintf(`href="/tasks/%d"`, taskID)) {
			return row
		}
	}
	return ""
}

func rows(body string) []string {
	var out []string
	for _, row := range strings.Split(body, `data-testid="task"`)[1:] {
		start := strings.Index(row, `href="/tasks/`) + len(`href="/tasks/`)
		out = append(out, row[start:start+strings.Index(row[start:], `"`)])
	}
	return out
}

// TestWorklist_MineAndTriedToday: the phone number dials; a call the agent holds says "我" and
// offers to go on rather than to take it; a second unanswered try the same day is refused with
// a message and not counted; a call tried today is marked and listed after the others.
func TestWorklist_MineAndTriedToday(t *testing.T) {
	e := newEnv(t)
	newCallKinds(t, e)
	agent := e.login(e.A.Emails[auth.Agent])
	inChinese(t, agent)
	id := e.A.IDs["{taskID}"]
	row := rowOf(agent.get("/worklist?tab=due").Body, id)
	if !strings.Contains(row, `href="tel:13912345678"`) || !strings.Contains(row, `data-testid="claim"`) {
		t.Fatalf("row %.400s: want the number to dial and Take", row)
	}
	if res := agent.post(fmt.Sprintf("/worklist/%d/claim?tab=due", id), nil); !strings.HasPrefix(res.Header.Get("Location"), fmt.Sprintf("/tasks/%d?", id)) {
		t.Fatalf("claim: Location=%q, want the call screen with its tab", res.Header.Get("Location"))
	}
	row = rowOf(agent.get("/worklist?tab=due").Body, id)
	if !strings.Contains(row, `data-testid="mine">我<`) || strings.Contains(row, `data-testid="claim"`) || !strings.Contains(row, `data-testid="continue"`) {
		t.Errorf("row of the agent's own call %.600s: want 我, Continue and no Take", row)
	}
	attempts := fmt.Sprintf("/tasks/%d/attempts?tab=due", id)
	if res := agent.post(attempts, url.Values{"outcome": {"no_answer"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("first try: Status=%d, want 303", res.Code)
	}
	res := agent.post(attempts, url.Values{"outcome": {"busy"}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "今天已拨打过该客户且未接通") || !strings.Contains(res.Body, "已拨 1/3 次") {
		t.Errorf("second try today: Status=%d, want 422 saying so, with one attempt counted", res.Code)
	}
	page := agent.get("/worklist?tab=due").Body
	if order := rows(page); len(order) < 2 || order[len(order)-1] != fmtID(id) {
		t.Errorf("worklist order %v, want the call tried today (%d) last", order, id)
	}
	if row := rowOf(page, id); !strings.Contains(row, `data-testid="tried-today">今日已拨`) || !strings.Contains(row, "1 / 3") {
		t.Errorf("row %.600s: want it marked 今日已拨 with 1 of 3 attempts", row)
	}
}

// TestWorklist_NextCall: after closing a call opened from a tab, the call screen offers that
// tab's next call, which one click takes and opens; after the tab's last, it says there is none.
func TestWorklist_NextCall(t *testing.T) {
	e := newEnv(t)
	k := newCallKinds(t, e)
	agent := e.login(e.A.Emails[auth.Agent])
	tab := "?tab=due&kind=csi"
	first := e.A.IDs["{taskID}"]
	call := agent.post(fmt.Sprintf("/worklist/%d/claim%s", first, tab), nil).Header.Get("Location")
	if page := agent.get(call); strings.Contains(page.Body, `data-testid="next-call"`) {
		t.Errorf("an open call offers the next, want it only once the call is done")
	}
	q := call[strings.Index(call, "?"):]
	res := agent.post(fmt.Sprintf("/tasks/%d/attempts%s", first, q), url.Values{"outcome": {"refused"}})
	if res.Header.Get("Location") != call {
		t.Fatalf("refused: Location=%q, want back to %q", res.Header.Get("Location"), call)
	}
	page := agent.get(call).Body
	take := fmt.Sprintf(`action="/worklist/%d/claim%s"`, k.CSI, strings.ReplaceAll(q, "&", "&amp;"))
	if !strings.Contains(page, `data-testid="next-customer">丁秀英`) || !strings.Contains(page, take) {
		t.Fatalf("closed call: want 丁秀英's survey, the tab's next call, offered to take")
	}
	next := agent.post(fmt.Sprintf("/worklist/%d/claim%s", k.CSI, q), nil).Header.Get("Location")
	if want := fmt.Sprintf("/tasks/%d%s", k.CSI, q); next != want {
		t.Fatalf("take next: Location=%q, want %q", next, want)
	}
	agent.post(fmt.Sprintf("/tasks/%d/attempts%s", k.CSI, q), url.Values{"outcome": {"wrong_number"}})
	if page := agent.get(next).Body; !strings.Contains(page, `data-testid="no-next"`) || !strings.Contains(page, "No more calls") {
		t.Errorf("after the tab's last call: want no next call")
	}
}

// TestWorklist_NextCallOfTheDay: a call opened by its name rather than taken from a tab goes on,
// once done, to the next call due today.
func TestWorklist_NextCallOfTheDay(t *testing.T) {
	e := newEnv(t)
	k := newCallKinds(t, e)
	agent := e.login(e.A.Emails[auth.Agent])
	res := agent.post(fmt.Sprintf("/tasks/%d/attempts", k.Birthday), url.Values{"outcome": {"reached"}})
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, fmt.Sprintf("/tasks/%d?", k.Birthday)) || !strings.Contains(loc, "tab=due") {
		t.Fatalf("greetings given: Location=%q, want the call screen with the day's calls", loc)
	}
	page := agent.get(loc).Body
	if !strings.Contains(page, "Done") || !strings.Contains(page, `data-testid="take-next"`) {
		t.Errorf("the birthday call done: want it done, and the next call due today offered")
	}
}

// TestWorklist_CountsFollowCalls: the worklist's counts, kept between visits, follow a call
// written by something else than this server's pages (an import, a job, another process): the
// database announces it and the next visit counts it.
func TestWorklist_CountsFollowCalls(t *testing.T) {
	e := newEnv(t)
	agent := e.login(e.A.Emails[auth.Agent])
	if n := tabCount(agent.get("/worklist").Body, "due"); n != "1" {
		t.Fatalf("due=%q, want the fixture's call", n)
	}
	tx, err := e.DB.App.BeginTenant(context.Background(), e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(context.Background())
	_, err = tx.Exec(context.Background(), `
		INSERT INTO follow_up_tasks (tenant_id, store_id, customer_id, reason, source_key, survey_kind, due_from, due_until, expires_on)
		VALUES ($1, $2, $3, 'sales_call', 'kept:due', '', $4::date, $4::date + 2, $4::date + 5)`,
		e.A.TenantID, e.A.StoreID, e.A.IDs["{customerID}"], scores.Date(e.now(), shanghai(t)).Format(time.DateOnly))
	testkit.Must(t, err)
	testkit.Must(t, changes.AnnounceTasks(context.Background(), tx, e.A.TenantID, e.A.StoreID)) // as every writer of calls does
	testkit.Must(t, tx.Commit(context.Background()))
	deadline := time.Now().Add(5 * time.Second)
	for n := ""; n != "2"; n = tabCount(agent.get("/worklist").Body, "due") {
		if time.Now().After(deadline) {
			t.Fatalf("due=%q 5 s after a call was added, want 2", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
