package server_test

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/testkit"
)

func init() {
	managers := only(200, auth.CSManager, auth.DeptManager, auth.GM, auth.Admin, auth.Agent)
	maps.Copy(routeExpectations, map[string]expect{
		"GET /scores":               managers,
		"GET /scores/trends":        managers,
		"GET /scores/drill":         managers,
		"GET /scores/report":        managers,
		"GET /scores/report.xlsx":   managers,
		"GET /scores/group":         only(200, auth.CSManager, auth.GM, auth.Admin, auth.Agent),
		"GET /scores/group.xlsx":    only(200, auth.CSManager, auth.GM, auth.Admin, auth.Agent),
		"POST /tasks/{taskID}/void": only(404, auth.CSManager, auth.Admin, auth.Agent),
		"GET /scores/tiers":         adminOnly(200), // the group's: a store's customer-service manager may not
		"POST /scores/tiers":        adminOnly(422),
	})
}

// TestScores_FailingWeekToTheCall: in a store that judges a single survey (minimum sample 1), a
// completed survey with low answers shows on the department manager's scoreboard as a failing
// cell; its drill-down lists the lowest item and the survey, which links to its call; voiding
// the survey takes it out of every figure.
func TestScores_FailingWeekToTheCall(t *testing.T) {
	e := newEnv(t)
	mustPostMinSample(t, e, "1")
	completeSurvey(t, e, 3)
	manager := e.login(e.A.Emails[auth.DeptManager])
	board := manager.get("/scores")
	if board.Code != http.StatusOK || !strings.Contains(board.Body, `data-testid="fail"`) {
		t.Fatalf("scoreboard: Status=%d, want a failing cell; body %.500s", board.Code, board.Body)
	}
	i := strings.Index(board.Body, `class="cell fail"><a href="`)
	if i < 0 {
		t.Fatalf("no failing cell links to its drill-down")
	}
	link := board.Body[i+len(`class="cell fail"><a href="`):]
	link = strings.ReplaceAll(link[:strings.Index(link, `"`)], "&amp;", "&")
	drill := manager.get(link)
	if !strings.Contains(drill.Body, `data-testid="lowest"`) || !strings.Contains(drill.Body, `href="/tasks/`+fmtID(e.A.IDs["{taskID}"])+`"`) {
		t.Fatalf("drill-down %s: want the lowest item and the survey's call; body %.500s", link, drill.Body)
	}
	cs := e.login(e.A.Emails[auth.CSManager])
	task := path("/tasks/{taskID}", e.A)
	if res := cs.post(task+"/void", url.Values{"reason": {""}}); res.Code != http.StatusSeeOther {
		t.Fatalf("void without a reason: Status=%d, want 303 back to the call", res.Code)
	}
	if page := cs.get(task); !strings.Contains(page.Body, "Give a reason for voiding") {
		t.Errorf("void without a reason: want the message on the call screen")
	}
	if strings.Contains(manager.get("/scores").Body, `data-testid="fail"`) == false {
		t.Fatalf("a refused void changed the scores")
	}
	if res := cs.post(task+"/void", url.Values{"reason": {"客户撤回评价"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("void: Status=%d, want 303", res.Code)
	}
	if page := cs.get(task); !strings.Contains(page.Body, `data-testid="voided"`) || !strings.Contains(page.Body, "客户撤回评价") {
		t.Errorf("call screen: want the survey marked voided with its reason")
	}
	if strings.Contains(manager.get("/scores").Body, `data-testid="cell"`) {
		t.Errorf("scoreboard after voiding: want no figure left")
	}
	if res := cs.post(task+"/void", url.Values{"reason": {"again"}}); res.Code != http.StatusSeeOther ||
		!strings.Contains(cs.get(task).Body, "Only a completed survey can be voided") {
		t.Errorf("voiding twice: Status=%d, want 303 with a message", res.Code)
	}
}

// TestScores_KeptUntilChanged: the scoreboard is kept in memory, so a change the database does
// not announce (its trigger held back) stays unseen; but any change request of the group voids
// what is kept of it as it answers, so the next page shows every committed change without
// waiting for the database's notice.
func TestScores_KeptUntilChanged(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	mustPostMinSample(t, e, "1")
	completeSurvey(t, e, 3)
	manager := e.login(e.A.Emails[auth.DeptManager])
	failing := func() bool { return strings.Contains(manager.get("/scores").Body, `data-testid="fail"`) }
	if !failing() {
		t.Fatalf("scoreboard: want the failing cell")
	}
	// written past the application's writers, which announce what they write: unannounced
	if _, err := e.DB.Owner.Pool.Exec(ctx, `UPDATE score_rollups SET points_sum = weight_sum * 100 WHERE tenant_id = $1`,
		e.A.TenantID); err != nil {
		t.Fatal(err)
	}
	if !failing() {
		t.Fatalf("scoreboard after an unannounced change: want the kept board")
	}
	cs := e.login(e.A.Emails[auth.CSManager])
	if res := cs.post(path("/tasks/{taskID}", e.A)+"/void", url.Values{"reason": {"again"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("void: Status=%d, want 303", res.Code)
	}
	if failing() {
		t.Errorf("scoreboard after a change request of the group: want it read afresh, without the voided survey")
	}
}

// TestScores_OtherGroupsStore: a score page asked for another group's store is not found.
func TestScores_OtherGroupsStore(t *testing.T) {
	e := newEnv(t)
	admin := e.login(e.A.Emails[auth.Admin])
	for _, p := range []string{"/scores", "/scores/trends", "/scores/drill", "/scores/report", "/scores/report.xlsx", "/scores/group", "/scores/group.xlsx"} {
		if res := admin.get(p + "?store=" + fmtID(e.B.StoreID)); res.Code != http.StatusNotFound {
			t.Errorf("%s with B's store: Status=%d, want 404", p, res.Code)
		}
	}
}

// TestScores_Tiers: a bad tier row is refused at the row and nothing is saved; good tiers
// replace the defaults and label the scoreboard's judged cells (minimum sample 1). Tiers are the
// group's: a store's customer-service manager may not change them, one of the whole group may.
func TestScores_Tiers(t *testing.T) {
	e := newEnv(t)
	mustPostMinSample(t, e, "1")
	completeSurvey(t, e, 10)
	if res := e.login(e.A.Emails[auth.CSManager]).get("/scores/tiers"); res.Code != http.StatusForbidden {
		t.Errorf("the store's customer-service manager: Status=%d, want 403", res.Code)
	}
	groupCS := auth.Membership{UserID: e.A.Users[auth.CSManager], Role: auth.CSManager}
	testkit.Must(t, auth.NewService(e.DB.App, time.Hour, time.Hour).AddMembership(context.Background(), e.A.TenantID, &groupCS))
	cs := e.login(e.A.Emails[auth.CSManager])
	bad := url.Values{"min_0": {"99"}, "zh_0": {"满分"}, "en_0": {"Perfect"}, "min_1": {"120"}, "zh_1": {"x"}, "en_1": {""}}
	res := cs.post("/scores/tiers", bad)
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="error-min_1"`) ||
		!strings.Contains(res.Body, `data-testid="error-en_1"`) {
		t.Fatalf("bad tiers: Status=%d, want 422 with messages at row 2", res.Code)
	}
	if strings.Contains(cs.get("/scores/tiers").Body, "Perfect") {
		t.Fatalf("a refused form saved a tier")
	}
	good := url.Values{"min_0": {"99"}, "zh_0": {"满分"}, "en_0": {"Perfect"}, "min_1": {"0"}, "zh_1": {"其他"}, "en_1": {"Other"}}
	if res := cs.post("/scores/tiers", good); res.Code != http.StatusSeeOther {
		t.Fatalf("save tiers: Status=%d, want 303", res.Code)
	}
	if board := cs.get("/scores"); !strings.Contains(board.Body, ">Perfect<") {
		t.Errorf("scoreboard: want the cells at 100 labelled Perfect")
	}
	b := e.login(e.B.Emails[auth.Admin])
	if strings.Contains(b.get("/scores/tiers").Body, "Perfect") {
		t.Errorf("group B sees group A's tiers")
	}
}
