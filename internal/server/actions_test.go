package server_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// actionManagers are the fixture's people who open, edit and move improvement actions: the
// managers, and the agent, who is also the store's customer-service manager.
var actionManagers = []auth.Role{auth.Agent, auth.CSManager, auth.DeptManager, auth.GM, auth.Admin}

func init() {
	maps.Copy(routeExpectations, map[string]expect{
		"GET /actions":             loggedIn(200),
		"GET /actions.xlsx":        loggedIn(200),
		"GET /actions/new":         only(200, actionManagers...),
		"POST /actions":            only(422, actionManagers...), // no store, no weakness
		"GET /actions/{actionID}":  loggedIn(200),
		"POST /actions/{actionID}": only(422, actionManagers...), // no weakness
		// no step chosen
		"POST /actions/{actionID}/stage": only(422, actionManagers...),
		// an urlencoded post is no upload, for the owner (staff) and the managers alike
		"POST /actions/{actionID}/evidence":             loggedIn(http.StatusBadRequest),
		"GET /actions/{actionID}/evidence/{evidenceID}": loggedIn(200),
	})
	groupSeeds = append(groupSeeds, seedAction)
}

// pdfEvidence is a small PDF file.
var pdfEvidence = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")

// seedAction gives the group's store an action of its first department, owned by its staff
// member and due in ten days, with a PDF as evidence.
func seedAction(e *env, g *group) {
	t, ctx := e.t, context.Background()
	svc := improveService(e)
	var id int64
	testkit.Must(t, e.DB.App.InTenantTx(ctx, g.TenantID, func(tx pgx.Tx) (err error) {
		id, _, err = improve.Open(ctx, tx, g.TenantID, g.Users[auth.CSManager], e.now(), improve.Cause{Source: improve.ByHand,
			StoreID: g.StoreID, DepartmentID: g.DepartmentID, Weakness: "交车流程讲解不充分 " + g.Prefix,
			CauseAnalysis: "新顾问未培训", Measure: "交车流程培训", OwnerID: g.Users[auth.Staff], DueOn: e.now().AddDate(0, 0, 10)})
		return err
	}))
	owner := improve.Actor{UserID: g.Users[auth.Staff], Memberships: []auth.Membership{{Role: auth.Staff, StoreID: g.StoreID, DepartmentID: g.DepartmentID}}}
	testkit.Must(t, svc.AddEvidence(ctx, g.TenantID, owner, id, improve.NewEvidence{Note: "签到表", FileName: "签到表.pdf", Content: pdfEvidence}))
	list, err := svc.EvidenceOf(ctx, g.TenantID, id)
	testkit.Must(t, err)
	g.IDs["{actionID}"], g.IDs["{evidenceID}"] = id, list[0].ID
}

// improveService is the improvement actions' service over the environment's database and clock,
// with its notices.
func improveService(e *env) *improve.Service {
	bundle, err := i18n.New()
	testkit.Must(e.t, err)
	return &improve.Service{DB: e.DB.App, Now: e.now, Notify: &notify.Service{Bundle: bundle}}
}

// actionPath is the page of the group's seeded action, or one of its pages below it.
func actionPath(g group, rest ...string) string {
	return fmt.Sprintf("/actions/%d", g.IDs["{actionID}"]) + strings.Join(rest, "")
}

// rollup sets the group's first department's CSI roll-up of the month starting on start: n
// surveys scoring score, as completed surveys leave them.
func rollup(t *testing.T, e *env, g group, start time.Time, score float64, n int) {
	t.Helper()
	testkit.Must(t, e.DB.App.InTenantTx(context.Background(), g.TenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `
			INSERT INTO score_rollups (tenant_id, store_id, department_id, kind, period, period_start, weight_sum, points_sum, surveys)
			VALUES ($1, $2, $3, 'csi', 'month', $4, $5, $6, $7)`,
			g.TenantID, g.StoreID, g.DepartmentID, start, 10*n, score*10*float64(n), n)
		return err
	}))
}

// storeMonth is the month holding the environment's now in the group's store.
func storeMonth(e *env) time.Time {
	return scores.MonthStart(e.now(), tenancy.Location(tenancy.DefaultTimeZone))
}

// TestActions_NewFromScoreCell: the form opened from a department's month below the line names
// the figure with a link to it and is prefilled with its score as the baseline and the line as
// the target; posted with the plan, it opens the action, which says where it came from.
func TestActions_NewFromScoreCell(t *testing.T) {
	e := newEnv(t)
	last := scores.Month.Add(storeMonth(e), -1)
	rollup(t, e, e.A, last, 91.5, 6)
	c := e.login(e.A.Emails[auth.CSManager])
	q := url.Values{"store": {fmt.Sprint(e.A.StoreID)}, "source": {"score"}, "department": {fmt.Sprint(e.A.DepartmentID)},
		"kind": {"csi"}, "period": {"month"}, "start": {last.Format(time.DateOnly)}}
	res := c.get("/actions/new?" + q.Encode())
	drill := fmt.Sprintf(`href="/scores/drill?dept=%d&amp;kind=csi&amp;period=month&amp;start=%s&amp;store=%d"`, e.A.DepartmentID,
		last.Format(time.DateOnly), e.A.StoreID)
	for _, want := range []string{`name="baseline" type="number" value="91.5"`, `name="target" type="number" value="95"`,
		"91.5 (6 surveys), red line 95", drill, `name="period_start" value="` + last.Format(time.DateOnly) + `"`} {
		if res.Code != http.StatusOK || !strings.Contains(res.Body, want) {
			t.Errorf("Status=%d, want 200 with %q", res.Code, want)
		}
	}
	form := url.Values{"store_id": {fmt.Sprint(e.A.StoreID)}, "source": {"score"}, "kind": {"csi"}, "period": {"month"},
		"period_start": {last.Format(time.DateOnly)}, "department_id": {fmt.Sprint(e.A.DepartmentID)},
		"weakness": {"售后 CSI 上月 91.5"}, "baseline": {"91.5"}, "target": {"95"}, "owner_id": {fmt.Sprint(e.A.Users[auth.Staff])},
		"due_on": {e.now().AddDate(0, 0, 14).Format(time.DateOnly)}}
	res = c.post("/actions", form)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("create: Status=%d, want 303; body %.400s", res.Code, res.Body)
	}
	page := c.get(res.Header.Get("Location"))
	for _, want := range []string{"Satisfaction score", drill, `data-testid="baseline">91.5<`, `data-testid="owner">staff a<`,
		`data-testid="stage">Plan<`, "Improvement action opened."} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the new action's page lacks %q", want)
		}
	}
}

// TestActions_CreateRefused: a weakness left out, a due date before today and an owner from
// another store come back at their fields in the user's language (422), and nothing is opened.
func TestActions_CreateRefused(t *testing.T) {
	e := newScopedEnv(t)
	c := e.login(e.A.Emails[auth.CSManager])
	form := url.Values{"store_id": {fmt.Sprint(e.A.StoreID)}, "source": {"manual"}, "weakness": {" "},
		"owner_id": {fmt.Sprint(e.A2.Users[auth.Agent])}, "due_on": {e.now().AddDate(0, 0, -2).Format(time.DateOnly)}}
	res := c.post("/actions", form)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("Status=%d, want 422", res.Code)
	}
	for field, want := range map[string]string{"weakness": "Required", "due_on": "cannot be before today"} {
		if msg := between(res.Body, `data-testid="error-`+field+`">`, "<"); !strings.Contains(msg, want) {
			t.Errorf("%s: message %q, want %q", field, msg, want)
		}
	}
	form.Set("weakness", "展厅接待响应慢")
	form.Set("due_on", e.now().AddDate(0, 0, 2).Format(time.DateOnly))
	res = c.post("/actions", form)
	if msg := between(res.Body, `data-testid="error-owner_id">`, "<"); res.Code != 422 || !strings.Contains(msg, "must hold a role in the store") {
		t.Errorf("an owner of another store: Status=%d, message %q", res.Code, msg)
	}
	zh := e.login(e.A.Emails[auth.GM])
	zh.post("/locale", url.Values{"lang": {"zh-CN"}})
	if res := zh.post("/actions", url.Values{"store_id": {fmt.Sprint(e.A.StoreID)}, "source": {"manual"}}); !strings.Contains(res.Body, "必填") {
		t.Errorf("in Chinese: want the message at the weakness in Chinese")
	}
	if body := c.get("/actions").Body; strings.Count(body, `data-testid="action-row"`) != 1 {
		t.Errorf("the list shows %d actions, want the seeded one alone", strings.Count(body, `data-testid="action-row"`))
	}
}

// TestActions_CrossGroup: group B's people find none of group A's action pages, evidence or
// forms.
func TestActions_CrossGroup(t *testing.T) {
	e := newEnv(t)
	for _, role := range auth.Roles {
		c := e.login(e.B.Emails[role])
		for _, p := range []string{actionPath(e.A), actionPath(e.A, fmt.Sprintf("/evidence/%d", e.A.IDs["{evidenceID}"]))} {
			if res := c.get(p); res.Code != http.StatusNotFound {
				t.Errorf("GET %s as B's %s: Status=%d, want 404", p, role, res.Code)
			}
		}
		if res := c.get("/actions?store=" + fmt.Sprint(e.A.StoreID)); res.Code != http.StatusNotFound {
			t.Errorf("A's list as B's %s: Status=%d, want 404", role, res.Code)
		}
		if strings.Contains(c.get("/actions").Body, "交车流程讲解不充分 a") {
			t.Errorf("B's %s sees A's action in their list", role)
		}
		want := http.StatusNotFound
		if !slices.Contains(actionManagers, role) {
			want = http.StatusForbidden
		}
		for _, p := range []string{actionPath(e.A), actionPath(e.A, "/stage")} {
			if res := c.post(p, url.Values{"weakness": {"x"}, "step": {"start"}, "from": {"plan"}}); res.Code != want {
				t.Errorf("POST %s as B's %s: Status=%d, want %d", p, role, res.Code, want)
			}
		}
	}
}

// openFromScore opens, as c, an action of the group's first department from its CSI of the
// month starting on month, with the line of 95 as the target, owned by its staff member; and
// starts it. It returns the action's page.
func openFromScore(t *testing.T, e *env, c *client, g group, month time.Time) string {
	t.Helper()
	res := c.post("/actions", url.Values{"store_id": {fmt.Sprint(g.StoreID)}, "source": {"score"}, "kind": {"csi"},
		"period": {"month"}, "period_start": {month.Format(time.DateOnly)}, "department_id": {fmt.Sprint(g.DepartmentID)},
		"weakness": {"售后 CSI 低于红线"}, "baseline": {"90"}, "target": {"95"}, "cause_analysis": {"等待时间长"},
		"action": {"增开快保工位"}, "owner_id": {fmt.Sprint(g.Users[auth.Staff])}, "due_on": {e.now().AddDate(0, 0, 14).Format(time.DateOnly)}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("create: Status=%d, want 303; body %.400s", res.Code, res.Body)
	}
	page := res.Header.Get("Location")
	step(t, c, page, "start", "plan", "", http.StatusSeeOther)
	return page
}

// step takes a step of an action as c from the stage from, and fails unless it answers want.
func step(t *testing.T, c *client, page, name, from, note string, want int) response {
	t.Helper()
	res := c.post(page+"/stage", url.Values{"step": {name}, "from": {from}, "note": {note}})
	if res.Code != want {
		t.Fatalf("%s from %s: Status=%d, want %d; body %.300s", name, from, res.Code, want, res.Body)
	}
	return res
}

// TestActions_CheckAgainstNextMonthAndClose: after the start, the check shows the month the
// action started in against the target; while that month runs the action cannot close as met,
// and once it has ended at 96 from 6 surveys it closes as met, every step in the timeline.
func TestActions_CheckAgainstNextMonthAndClose(t *testing.T) {
	e := newEnv(t)
	last := scores.Month.Add(storeMonth(e), -1)
	rollup(t, e, e.A, last, 90, 6)
	rollup(t, e, e.A, storeMonth(e), 96, 6)
	c := e.login(e.A.Emails[auth.CSManager])
	page := openFromScore(t, e, c, e.A, last)
	step(t, c, page, "check", "do", "", http.StatusSeeOther)
	step(t, c, page, "act", "check", "", http.StatusSeeOther)
	body := c.get(page).Body
	for _, want := range []string{`data-testid="figure-score">96.0<`, "In progress, partial", "No period has ended since the start"} {
		if !strings.Contains(body, want) {
			t.Errorf("the check while the month runs lacks %q", want)
		}
	}
	res := step(t, c, page, "close", "act", "", http.StatusUnprocessableEntity)
	if msg := between(res.Body, `data-testid="error-outcome">`, "<"); !strings.Contains(msg, "has not reached the target") {
		t.Errorf("closing while the month runs: message %q", msg)
	}
	e.advance(35 * 24 * time.Hour)
	c = e.login(e.A.Emails[auth.CSManager]) // the session has lapsed meanwhile
	body = c.get(page).Body
	if !strings.Contains(body, "96.0, the target is met; the action may close.") {
		t.Errorf("the check after the month ended does not say the target is met")
	}
	step(t, c, page, "close", "act", "", http.StatusSeeOther)
	body = c.get(page).Body
	for _, want := range []string{`data-testid="outcome">Closed (target met)<`, "The action is closed with its target met.",
		"Plan → Do", "Act → Closed"} {
		if !strings.Contains(body, want) {
			t.Errorf("the closed action's page lacks %q", want)
		}
	}
	if strings.Contains(body, `data-testid="move-`) || strings.Contains(body, `data-testid="edit-form"`) {
		t.Errorf("a closed action still offers steps")
	}
}

// TestActions_NotMetOpensFollowUp: when the month after the start ends below the target, the
// action cannot close as met; the department manager signs that it did not work, which closes
// it as not met and opens the action that follows it, at the plan.
func TestActions_NotMetOpensFollowUp(t *testing.T) {
	e := newEnv(t)
	last := scores.Month.Add(storeMonth(e), -1)
	rollup(t, e, e.A, storeMonth(e), 93, 6)
	cs := e.login(e.A.Emails[auth.CSManager])
	page := openFromScore(t, e, cs, e.A, last)
	step(t, cs, page, "check", "do", "", http.StatusSeeOther)
	step(t, cs, page, "act", "check", "", http.StatusSeeOther)
	e.advance(35 * 24 * time.Hour)
	cs = e.login(e.A.Emails[auth.CSManager]) // the session has lapsed meanwhile
	step(t, cs, page, "close", "act", "", http.StatusUnprocessableEntity)
	if res := step(t, cs, page, "give_up", "act", "没有效果", http.StatusForbidden); !strings.Contains(res.Body, "Only the department manager or the general manager") {
		t.Errorf("the customer-service manager signing: want the message on the page")
	}
	head := e.login(e.A.Emails[auth.DeptManager])
	if res := step(t, head, page, "give_up", "act", " ", http.StatusUnprocessableEntity); !strings.Contains(res.Body, "Say why the measures did not work") {
		t.Errorf("signing without a note: want the message at the note")
	}
	step(t, head, page, "give_up", "act", "高峰期工位仍不足", http.StatusSeeOther)
	body := head.get(page).Body
	next := strings.TrimPrefix(between(body, `data-testid="followed-by">#`, "<"), `data-testid="followed-by">#`)
	if !strings.Contains(body, "Closed (not met)") || next == "" || !strings.Contains(body, "高峰期工位仍不足") {
		t.Fatalf("the action's page: want it closed as not met with the note and its follow-up")
	}
	follow := head.get("/actions/" + next).Body
	for _, want := range []string{`data-testid="stage">Plan<`, `data-testid="follows">#` + strings.TrimPrefix(page, "/actions/") + "<",
		"售后 CSI 低于红线", `data-testid="target">95<`} {
		if !strings.Contains(follow, want) {
			t.Errorf("the follow-up's page lacks %q", want)
		}
	}
}

// benchmarkResults gives the group's store a CSI item of its first department's kind, with
// its results of two quarters, and returns the results' ids.
func benchmarkResults(t *testing.T, e *env, g group, first, next time.Time) (firstID, nextID int64) {
	t.Helper()
	ctx := context.Background()
	testkit.Must(t, e.DB.App.InTenantTx(ctx, g.TenantID, func(tx pgx.Tx) error {
		var kind string
		var item int64
		if err := tx.QueryRow(ctx, `SELECT kind FROM departments WHERE tenant_id = $1 AND id = $2`, g.TenantID, g.DepartmentID).Scan(&kind); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO benchmark_items (tenant_id, programme, name, department_kind)
			VALUES ($1, 'csi', '交车时车辆清洁', $2) RETURNING id`, g.TenantID, kind).Scan(&item); err != nil {
			return err
		}
		insert := `INSERT INTO benchmark_results (tenant_id, store_id, item_id, quarter, score, national, regional)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`
		if err := tx.QueryRow(ctx, insert, g.TenantID, g.StoreID, item, first, 86.5, 90.2, 91.4).Scan(&firstID); err != nil {
			return err
		}
		return tx.QueryRow(ctx, insert, g.TenantID, g.StoreID, item, next, 92.0, 90.0, 91.0).Scan(&nextID)
	}))
	return firstID, nextID
}

// TestActions_FromBenchmarkGap: the form opened from a result below both averages takes the
// higher (regional) average as the target and the item's department; once started, the check
// shows the next quarter's result, which reaches the target, and the action closes as met.
func TestActions_FromBenchmarkGap(t *testing.T) {
	e := newEnv(t)
	quarter := scores.QuarterStart(e.now(), tenancy.Location(tenancy.DefaultTimeZone))
	before := scores.Quarter.Add(quarter, -1)
	resultID, _ := benchmarkResults(t, e, e.A, before, quarter)
	c := e.login(e.A.Emails[auth.CSManager])
	res := c.get(fmt.Sprintf("/actions/new?store=%d&source=benchmark&result=%d", e.A.StoreID, resultID))
	wantQ := fmt.Sprintf("quarter=%dQ%d", before.Year(), (int(before.Month())+2)/3)
	for _, want := range []string{`name="baseline" type="number" value="86.5"`, `name="target" type="number" value="91.4"`,
		`name="compared_with" value="regional"`, "against the regional average of 91.4", wantQ,
		fmt.Sprintf(`<option value="%d" selected>`, e.A.DepartmentID)} {
		if res.Code != http.StatusOK || !strings.Contains(res.Body, want) {
			t.Errorf("Status=%d, want 200 with %q", res.Code, want)
		}
	}
	res = c.post("/actions", url.Values{"store_id": {fmt.Sprint(e.A.StoreID)}, "source": {"benchmark"},
		"result_id": {fmt.Sprint(resultID)}, "compared_with": {"regional"}, "item_short": {"交车时车辆清洁"},
		"department_id": {fmt.Sprint(e.A.DepartmentID)}, "weakness": {"交车清洁低于区域平均"}, "baseline": {"86.5"},
		"target": {"91.4"}, "cause_analysis": {"洗车工位不足"}, "action": {"交车前专人检查"},
		"owner_id": {fmt.Sprint(e.A.Users[auth.Staff])}, "due_on": {e.now().AddDate(0, 0, 7).Format(time.DateOnly)}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("create: Status=%d, want 303; body %.400s", res.Code, res.Body)
	}
	page := res.Header.Get("Location")
	step(t, c, page, "start", "plan", "", http.StatusSeeOther)
	step(t, c, page, "check", "do", "", http.StatusSeeOther)
	step(t, c, page, "act", "check", "", http.StatusSeeOther)
	if body := c.get(page).Body; !strings.Contains(body, `data-testid="figure-score">92.0<`) || !strings.Contains(body, "the target is met") {
		t.Errorf("the check does not show the next quarter's 92.0 reaching the target")
	}
	step(t, c, page, "close", "act", "", http.StatusSeeOther)
}

// TestActions_OverdueNoticeLinksTheAction: once the seeded action is past its due date, its
// owner's notifications tell of it with a link to its page.
func TestActions_OverdueNoticeLinksTheAction(t *testing.T) {
	e := newEnv(t)
	e.advance(11 * 24 * time.Hour)
	n, err := improveService(e).NotifyOverdue(context.Background(), e.A.TenantID)
	testkit.Must(t, err)
	if n != 1 {
		t.Fatalf("told of %d overdue actions, want the seeded one", n)
	}
	res := e.login(e.A.Emails[auth.Staff]).get("/notifications")
	link := fmt.Sprintf(`href="/actions/%d"`, e.A.IDs["{actionID}"])
	if res.Code != http.StatusOK || !strings.Contains(res.Body, link) || !strings.Contains(res.Body, "交车流程讲解不充分") {
		t.Errorf("notifications: Status=%d, want the overdue action named with %s", res.Code, link)
	}
}
