package server_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/testkit"
)

func init() {
	maps.Copy(routeExpectations, map[string]expect{
		"GET /notifications":       loggedIn(200),
		"POST /notifications/read": loggedIn(303),
	})
}

// notifyAgent opens a complaint in group A and sends A's agent a notice about it, returning the
// complaint's id.
func notifyAgent(t *testing.T, e *env) int64 {
	t.Helper()
	ctx := context.Background()
	bundle, err := i18n.New()
	testkit.Must(t, err)
	tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var complaintID int64
	testkit.Must(t, tx.QueryRow(ctx, `
		INSERT INTO complaints (tenant_id, store_id, customer_id, description, created_by)
		VALUES ($1, $2, $3, 'Noise after service', $4)
		RETURNING id`, e.A.TenantID, e.A.StoreID, e.A.IDs["{customerID}"], e.A.Users[auth.CSManager]).Scan(&complaintID))
	svc := &notify.Service{Bundle: bundle}
	testkit.Must(t, svc.Send(ctx, tx, e.A.TenantID, notify.Notice{ComplaintID: complaintID, Message: "notice.assigned",
		Args: map[string]any{"ID": complaintID, "Customer": "张伟"}}, e.A.Users[auth.Agent]))
	testkit.Must(t, tx.Commit(ctx))
	return complaintID
}

// TestNotifications_OwnAndMarkRead: a notice sent to group A's agent shows, unread and linking
// to its complaint, on that agent's page only; marking all read clears the unread mark.
func TestNotifications_OwnAndMarkRead(t *testing.T) {
	e := newEnv(t)
	id := notifyAgent(t, e)
	agent := e.login(e.A.Emails[auth.Agent])
	page := agent.get("/notifications")
	wants := []string{`data-testid="notification"`, `data-testid="unread"`, "张伟",
		fmt.Sprintf("complaint #%d ", id), fmt.Sprintf(`href="/complaints/%d"`, id)}
	for _, want := range wants {
		if page.Code != http.StatusOK || !strings.Contains(page.Body, want) {
			t.Fatalf("A's agent: Status=%d, want 200 with %s; body %.800s", page.Code, want, page.Body)
		}
	}
	for _, c := range []*client{e.login(e.B.Emails[auth.Agent]), e.login(e.A.Emails[auth.CSManager])} {
		other := c.get("/notifications")
		if strings.Contains(other.Body, "张伟") || !strings.Contains(other.Body, `data-testid="no-notifications"`) {
			t.Errorf("another user's page shows A's agent's notice, want the empty state; body %.800s", other.Body)
		}
	}
	upTo := regexp.MustCompile(`name="up_to" value="([0-9]+)"`).FindStringSubmatch(page.Body)
	if upTo == nil {
		t.Fatalf("A's agent: the page offers no mark-all-read up to its newest notice")
	}
	res := agent.post("/notifications/read", url.Values{"up_to": {upTo[1]}})
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/notifications" {
		t.Fatalf("mark all read: Status=%d Location=%q, want 303 to /notifications", res.Code, res.Header.Get("Location"))
	}
	read := agent.get("/notifications")
	if strings.Contains(read.Body, `data-testid="unread"`) || !strings.Contains(read.Body, `data-testid="flash"`) ||
		!strings.Contains(read.Body, "张伟") {
		t.Errorf("after mark all read: want the notice without its unread mark and a flash; body %.800s", read.Body)
	}
	n, err := (&notify.Inbox{DB: e.DB.App}).Unread(context.Background(), e.A.TenantID, e.A.Users[auth.Agent])
	if err != nil || n != 0 {
		t.Errorf("Unread=%d, %v, want 0, nil", n, err)
	}
}

// sendNotices sends n notices (about no complaint) to a user of group g, numbered 1 to n in the
// order sent, in one transaction.
func sendNotices(t *testing.T, e *env, g group, userID int64, from, n int) {
	t.Helper()
	ctx := context.Background()
	bundle, err := i18n.New()
	testkit.Must(t, err)
	tx, err := e.DB.App.BeginTenant(ctx, g.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	svc := &notify.Service{Bundle: bundle}
	for i := from; i < from+n; i++ {
		testkit.Must(t, svc.Send(ctx, tx, g.TenantID, notify.Notice{Message: "notice.to_approve",
			Args: map[string]any{"ID": 90000 + i}}, userID))
	}
	testkit.Must(t, tx.Commit(ctx))
}

// headerCount is the unread count the page's header shows, "" for none.
func headerCount(body string) string {
	m := regexp.MustCompile(`data-testid="unread-count">([^<]*)<`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// noticeNumbers lists the numbers of the notices a page shows, in order, with whether each is
// marked unread.
func noticeNumbers(body string) []string {
	var out []string
	for _, item := range strings.Split(body, `data-testid="notification"`)[1:] {
		n := regexp.MustCompile(`(?i)complaint #9([0-9]{4}) `).FindStringSubmatch(item)
		if n == nil {
			continue
		}
		mark := "r"
		if strings.Contains(item[:strings.Index(item, "</li>")], `data-testid="unread"`) {
			mark = "u"
		}
		num, _ := strconv.Atoi(n[1])
		out = append(out, mark+strconv.Itoa(num))
	}
	return out
}

// TestNotifications_PagedUnreadFirst: of 25 notices, the 5 oldest read, the first page lists 20
// unread newest first and leads on to the 5 read ones; the header and the page say 20 unread;
// marking all read leaves a notice that arrived after the page was shown unread.
func TestNotifications_PagedUnreadFirst(t *testing.T) {
	e := newEnv(t)
	agentID := e.A.Users[auth.Agent]
	sendNotices(t, e, e.A, agentID, 1, 5)
	testkit.Must(t, (&notify.Inbox{DB: e.DB.App}).MarkAllRead(context.Background(), e.A.TenantID, agentID, 0, e.now()))
	sendNotices(t, e, e.A, agentID, 6, 20)
	agent := e.login(e.A.Emails[auth.Agent])
	first := agent.get("/notifications")
	var want []string
	for i := 25; i > 5; i-- {
		want = append(want, "u"+strconv.Itoa(i))
	}
	if got := noticeNumbers(first.Body); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("first page=%v, want %v", got, want)
	}
	if headerCount(first.Body) != "20" || !strings.Contains(first.Body, "20 unread, shown first.") {
		t.Errorf("first page: header count %q, want 20 in the header and the page", headerCount(first.Body))
	}
	next := regexp.MustCompile(`href="(/notifications\?after=[^"]*)" data-testid="next-page"`).FindStringSubmatch(first.Body)
	if next == nil {
		t.Fatalf("first page: no link to the next page")
	}
	second := agent.get(next[1])
	if got := noticeNumbers(second.Body); strings.Join(got, " ") != "r5 r4 r3 r2 r1" || strings.Contains(second.Body, `data-testid="next-page"`) ||
		!strings.Contains(second.Body, `data-testid="first-page"`) {
		t.Errorf("second page=%v, want r5 r4 r3 r2 r1, a link back and none further", got)
	}
	upTo := regexp.MustCompile(`name="up_to" value="([0-9]+)"`).FindStringSubmatch(second.Body)
	sendNotices(t, e, e.A, agentID, 26, 1)
	if res := agent.post("/notifications/read", url.Values{"up_to": {upTo[1]}}); res.Code != http.StatusSeeOther {
		t.Fatalf("mark all read: Status=%d, want 303", res.Code)
	}
	after := agent.get("/notifications")
	if got := noticeNumbers(after.Body); len(got) != 20 || got[0] != "u26" || got[1] != "r25" || headerCount(after.Body) != "1" {
		t.Errorf("after marking all read: page %v header %q, want the late notice alone unread and counted", got, headerCount(after.Body))
	}
}

// TestNotifications_HeaderCount: every page's header counts the user's own unread notices, up to
// 99+, and leads to them; another user's header counts none.
func TestNotifications_HeaderCount(t *testing.T) {
	e := newEnv(t)
	agentID := e.A.Users[auth.Agent]
	sendNotices(t, e, e.A, agentID, 1, 3)
	agent := e.login(e.A.Emails[auth.Agent])
	for _, p := range []string{"/", "/account", "/customers", "/worklist", "/complaints", "/no-such-page"} {
		res := agent.get(p)
		if headerCount(res.Body) != "3" || !strings.Contains(res.Body, `href="/notifications" class="bell unread"`) {
			t.Errorf("%s: Status=%d header count %q, want 3 on the bell", p, res.Code, headerCount(res.Body))
		}
	}
	for _, c := range []*client{e.login(e.A.Emails[auth.CSManager]), e.login(e.B.Emails[auth.Agent])} {
		if res := c.get("/account"); headerCount(res.Body) != "" || !strings.Contains(res.Body, `data-testid="bell"`) {
			t.Errorf("another user's header: count %q, want the bell without a count", headerCount(res.Body))
		}
	}
	sendNotices(t, e, e.A, agentID, 4, notify.UnreadCap) // as another process: its notice takes a moment
	eventually(t, agent, "/account", `data-testid="unread-count">99+<`)
}
