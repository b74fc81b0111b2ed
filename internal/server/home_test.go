package server_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// stat is one count of the start page: what it says and where it leads.
type stat struct{ text, href string }

var statPattern = regexp.MustCompile(`href="([^"]*)" data-testid="count-([a-z0-9_-]+)"[^>]*><strong data-testid="count">([^<]*)<`)

// homeStats reads the counts of a start page by their test id.
func homeStats(body string) map[string]stat {
	out := map[string]stat{}
	for _, m := range statPattern.FindAllStringSubmatch(body, -1) {
		out[m[2]] = stat{text: m[3], href: html.UnescapeString(m[1])}
	}
	return out
}

// tabCount reads the count a list page shows on its tab (the worklist's and the complaint
// queues' tabs alike), or "" when the tab is not there.
func tabCount(body, tab string) string {
	m := regexp.MustCompile(`data-testid="tab-` + regexp.QuoteMeta(tab) + `"[^>]*>[^<]*<span[^>]*>([^<]*)</span>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// wantStats checks the start page's counts and that each one's list, asked as the same person,
// shows the same number on the tab it links to.
func wantStats(t *testing.T, c *client, who string, want map[string]string) {
	t.Helper()
	page := c.get("/")
	if page.Code != http.StatusOK {
		t.Fatalf("%s: home Status=%d, want 200", who, page.Code)
	}
	got := homeStats(page.Body)
	for id, n := range want {
		s, ok := got[id]
		if !ok || s.text != n {
			t.Errorf("%s: count %s=%q (shown %v), want %q", who, id, s.text, ok, n)
			continue
		}
		if !strings.HasPrefix(s.href, "/worklist?") && !strings.HasPrefix(s.href, "/complaints?") {
			continue
		}
		tab := regexp.MustCompile(`tab=([a-z_]+)`).FindStringSubmatch(s.href)[1]
		if list := c.get(s.href); tabCount(list.Body, tab) != n {
			t.Errorf("%s: %s shows %q on its %s tab, the start page %q", who, s.href, tabCount(list.Body, tab), tab, n)
		}
	}
}

// addCalls gives group g's store an overdue call and a call to ring back today, beside the
// fixture's survey call due today, for the fixture's customer. Neither has a survey, so the
// month's sample is the fixture's call alone.
func addCalls(t *testing.T, e *env, g group) {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, g.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `
		INSERT INTO follow_up_tasks (tenant_id, store_id, customer_id, reason, source_key, survey_kind,
		                             due_from, due_until, expires_on, call_back_at)
		VALUES ($1, $2, $3, 'sales_call', 'home:overdue', '', $4::date - 5, $4::date - 2, $4::date + 5, NULL),
		       ($1, $2, $3, 'sales_call', 'home:call-back', '', $4::date + 1, $4::date + 3, $4::date + 5, $5)`,
		g.TenantID, g.StoreID, g.IDs["{customerID}"], scores.Date(e.now(), shanghai(t)).Format(time.DateOnly), e.now().Add(-1))
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
}

// TestHome_AgentCounts: the agent's start page counts the worklist's tabs of their store only,
// each as the worklist shows it, and lists the call whose survey they began, beside the section
// of their other role; the agent of the group's other store sees that store's calls.
func TestHome_AgentCounts(t *testing.T) {
	e := newScopedEnv(t)
	addCalls(t, e, e.A)
	svc := &followups.Service{DB: e.DB.App, Now: e.now}
	testkit.Must(t, svc.RecordAttempt(context.Background(), e.A.TenantID, e.A.Users[auth.Agent], e.A.IDs["{taskID}"],
		followups.Attempt{Outcome: followups.Reached}))
	agent := e.login(e.A.Emails[auth.Agent])
	wantStats(t, agent, "A's agent", map[string]string{"calls-due": "1", "calls-overdue": "1", "calls-call_back": "1", "calls-started": "1"})
	page := agent.get("/").Body
	if !strings.Contains(page, `data-testid="home-agent"`) || !strings.Contains(page, `data-testid="home-cs"`) {
		t.Errorf("A's agent, also their store's customer-service manager: want both roles' sections")
	}
	if started := between(page, `data-testid="started"`, "</ul>"); !strings.Contains(started, "张伟") ||
		!strings.Contains(started, `href="/tasks/`+fmtID(e.A.IDs["{taskID}"])+`"`) {
		t.Errorf("A's agent: the call in progress is not listed with its customer and call screen: %s", started)
	}
	if cover := between(page, `data-testid="cover"`, "</p>"); !strings.Contains(cover, "Store a") || strings.Contains(cover, "Store a2") {
		t.Errorf("A's agent: the section says it covers %q, want Store a only", cover)
	}
	other := e.login(e.A2.Emails[auth.Agent])
	wantStats(t, other, "A2's agent", map[string]string{"calls-due": "1", "calls-overdue": "0", "calls-call_back": "0", "calls-started": "0"})
	if page := other.get("/").Body; !strings.Contains(page, `data-testid="no-started"`) || strings.Contains(page, `data-testid="home-manager"`) {
		t.Errorf("A2's agent: want no call in progress and no section of a role they do not hold")
	}
}

// TestHome_ManagerCounts: the department manager sees their department's score this week,
// below the line as its drill-down shows it, and their complaint queues; the manager of the
// other store sees no score and their own store's complaint.
func TestHome_ManagerCounts(t *testing.T) {
	e := newScopedEnv(t)
	headAfterSales(t, e, e.A)
	setMinSample(t, e, e.A, 1)
	completeSurvey(t, e, 1)
	manager := e.login(e.A.Emails[auth.DeptManager])
	wantStats(t, manager, "A's manager", map[string]string{"complaints-to_assign": "1", "complaints-to_handle": "0",
		"complaints-to_sign": "0", "complaints-overdue": "0"})
	page := manager.get("/").Body
	rows := strings.Split(between(page, `data-testid="department-scores"`, "</table>"), `data-testid="department-score"`)[1:]
	var below string
	for _, row := range rows {
		if strings.Contains(row, `data-testid="below"`) {
			below = row
		}
	}
	m := regexp.MustCompile(`class="week-score fail" href="(/scores/drill\?[^"]*)"[\s\S]*?<strong data-testid="score">([0-9.]+)</strong>\s*<span class="badge fail" data-testid="below">`).FindStringSubmatch(below)
	if m == nil {
		t.Fatalf("A's manager: no department score below the line this week; rows %q", rows)
	}
	drill := manager.get(html.UnescapeString(m[1]))
	if figure := between(drill.Body, `data-testid="figure"`, "</span>"); !strings.Contains(figure, ">"+m[2]) {
		t.Errorf("A's manager: the start page says %s, its drill-down %s shows %q", m[2], m[1], figure)
	}
	other := e.login(e.A2.Emails[auth.DeptManager])
	wantStats(t, other, "A2's manager", map[string]string{"complaints-to_assign": "1"})
	if page := other.get("/").Body; strings.Contains(page, `data-testid="below"`) || strings.Contains(page, "Store a<") {
		t.Errorf("A2's manager: want no score below the line and nothing of store a")
	}
}

// headAfterSales makes group g's department manager head its after-sales department too, whose
// after-sales (CSI) survey scores.
func headAfterSales(t *testing.T, e *env, g group) {
	t.Helper()
	ctx := context.Background()
	deps, err := (&tenancy.Service{DB: e.DB.App}).Departments(ctx, g.TenantID, g.StoreID)
	testkit.Must(t, err)
	i := slices.IndexFunc(deps, func(d tenancy.Department) bool { return d.Kind == tenancy.AfterSales })
	m := auth.Membership{UserID: g.Users[auth.DeptManager], Role: auth.DeptManager, StoreID: g.StoreID, DepartmentID: deps[i].ID}
	testkit.Must(t, auth.NewService(e.DB.App, time.Hour, time.Hour).AddMembership(ctx, g.TenantID, &m))
}

// setMinSample sets the minimum sample of group g's store, so that one survey is judged.
func setMinSample(t *testing.T, e *env, g group, n int) {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, g.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `UPDATE stores SET min_sample = $3 WHERE tenant_id = $1 AND id = $2`, g.TenantID, g.StoreID, n)
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
}

// TestHome_GMCounts: the GM of a store sees the complaint waiting for their approval and their
// store below the line this week, as the group ranking the count links to marks it; the GM of
// the other store sees neither.
func TestHome_GMCounts(t *testing.T) {
	e := newScopedEnv(t)
	setMinSample(t, e, e.A, 1)
	completeSurvey(t, e, 1)
	walk(t, e, walkStep{auth.DeptManager, complaints.ActAssign, complaints.Input{HandlerID: e.A.Users[auth.Staff]}},
		walkStep{auth.Staff, complaints.ActContact, complaints.Input{Note: "已致电客户"}},
		walkStep{auth.Staff, complaints.ActPlan, complaints.Input{Plan: "免费复检"}},
		walkStep{auth.DeptManager, complaints.ActSign, complaints.Input{}},
		walkStep{auth.Agent, complaints.ActRevisit, complaints.Input{Yes: true, Note: "客户认可"}})
	gm := e.login(e.A.Emails[auth.GM])
	wantStats(t, gm, "A's GM", map[string]string{"complaints-to_approve": "1", "complaints-to_instruct": "0", "complaints-appeals": "0"})
	stats := homeStats(gm.get("/").Body)
	var below stat
	for id, s := range stats {
		if strings.HasPrefix(id, "below-csi-") && strings.Contains(s.href, "start="+scoresWeek(e)) {
			below = s
		}
	}
	if below.text != "1" {
		t.Fatalf("A's GM: stores below the CSI line this week=%q, want 1; stats %v", below.text, stats)
	}
	ranking := gm.get(below.href)
	if n := strings.Count(between(ranking.Body, `data-testid="group"`, "</table>"), "Below the line"); n != 1 {
		t.Errorf("A's GM: the start page counts 1 store below, the ranking %s marks %d", below.href, n)
	}
	other := e.login(e.A2.Emails[auth.GM])
	wantStats(t, other, "A2's GM", map[string]string{"complaints-to_approve": "0"})
	for id, s := range homeStats(other.get("/").Body) {
		if strings.HasPrefix(id, "below-") && s.text != "0" {
			t.Errorf("A2's GM: %s=%q, want 0", id, s.text)
		}
	}
}

// scoresWeek is the first day of the server's current week in the fixture stores' time zone.
func scoresWeek(e *env) string {
	return scores.WeekStart(e.now(), tenancy.Location(tenancy.DefaultTimeZone)).Format(time.DateOnly)
}

// openDraft opens a complaint in group g's store as a follow-up call does, waiting for customer
// service to dispatch it.
func openDraft(t *testing.T, e *env, g group) {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, g.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var id int64
	testkit.Must(t, tx.QueryRow(ctx, `INSERT INTO complaints (tenant_id, store_id, customer_id, description, created_by, created_at, opened_at)
		VALUES ($1, $2, $3, '取车等了一个小时', $4, $5, $5) RETURNING id`,
		g.TenantID, g.StoreID, g.IDs["{customerID}"], g.Users[auth.Agent], e.now()).Scan(&id))
	testkit.Must(t, complaintService(e).Opened(ctx, tx, g.TenantID, id, g.Users[auth.Agent], e.now()))
	testkit.Must(t, tx.Commit(ctx))
}

// TestHome_CustomerServiceCounts: the customer-service manager sees the complaints to dispatch,
// the calls no agent is assigned and this month's sample of their store, as the follow-up
// figures show it; the manager of the other store sees their own.
func TestHome_CustomerServiceCounts(t *testing.T) {
	e := newScopedEnv(t)
	addCalls(t, e, e.A)
	openDraft(t, e, e.A)
	cs := e.login(e.A.Emails[auth.CSManager])
	wantStats(t, cs, "A's customer-service manager", map[string]string{"complaints-to_dispatch": "1", "complaints-to_revisit": "0",
		"unassigned-due": "1", "unassigned-overdue": "1"})
	task, err := (&followups.Service{DB: e.DB.App, Now: e.now}).Task(context.Background(), e.A.TenantID, e.A.IDs["{taskID}"])
	testkit.Must(t, err)
	want := "no-samples"
	if month := scores.MonthStart(e.now(), tenancy.Location(tenancy.DefaultTimeZone)); !task.DueFrom.Before(month) {
		want = "completed 0 / reached 0 / due 1" // the fixture's call is due this month
	}
	page := cs.get("/").Body
	if got := between(page, `data-testid="samples"`, "</ul>") + between(page, `data-testid="no-samples"`, "</p>"); !strings.Contains(got, want) ||
		strings.Contains(got, "Store a2") {
		t.Errorf("A's customer-service manager: samples %q, want %q of store a only", got, want)
	}
	link := regexp.MustCompile(`<a href="([^"]*)" data-testid="samples-link"`).FindStringSubmatch(page)
	if link == nil {
		t.Fatalf("A's customer-service manager: no link to the follow-up figures")
	}
	if figures := cs.get(html.UnescapeString(link[1])); figures.Code != http.StatusOK ||
		strings.Contains(figures.Body, `data-testid="samples"`) != (want != "no-samples") {
		t.Errorf("follow-up figures %s: Status=%d, want 200 with the same month's rows", link[1], figures.Code)
	}
	other := e.login(e.A2.Emails[auth.CSManager])
	wantStats(t, other, "A2's customer-service manager", map[string]string{"complaints-to_dispatch": "0",
		"unassigned-due": "1", "unassigned-overdue": "0"})
}

// TestHome_NoDailyWork: an administrator, who has no daily work, gets a word on where to go
// instead of empty sections.
func TestHome_NoDailyWork(t *testing.T) {
	e := newEnv(t)
	page := e.login(e.A.Emails[auth.Admin]).get("/")
	if !strings.Contains(page.Body, `data-testid="no-work"`) || strings.Contains(page.Body, `data-testid="count-`) {
		t.Errorf("admin's start page: want the no-work note and no counts; body %.600s", page.Body)
	}
}
