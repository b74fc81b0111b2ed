package server_test

import (
	"bytes"
	"context"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
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
		"POST /tasks/{taskID}/void": only(404, auth.CSManager, auth.Admin, auth.Agent),
		"GET /scores/tiers":         adminOnly(200), // the group's: a store's customer-service manager may not
		"POST /scores/tiers":        adminOnly(422),
	})
}

// completeSurvey has group A's agent reach the customer of the fixture's call and complete its
// survey with every scored answer at value, or the scale's top when it is lower (free text "ok").
func completeSurvey(t *testing.T, e *env, value int) {
	t.Helper()
	ctx := context.Background()
	svc := &followups.Service{DB: e.DB.App, Now: e.now}
	agent, task := e.A.Users[auth.Agent], e.A.IDs["{taskID}"]
	testkit.Must(t, svc.RecordAttempt(ctx, e.A.TenantID, agent, task, followups.Attempt{Outcome: followups.Reached}))
	sv, err := svc.SurveyOf(ctx, e.A.TenantID, task)
	testkit.Must(t, err)
	q, _, err := (&surveys.Service{DB: e.DB.App}).Get(ctx, e.A.TenantID, sv.QuestionnaireID)
	testkit.Must(t, err)
	var answers []followups.Answer
	for _, it := range q.Items {
		a := followups.Answer{ItemID: it.ID, Text: "ok"}
		if it.Scale != surveys.Text {
			v := min(value, map[surveys.Scale]int{surveys.Five: 5, surveys.Ten: 10, surveys.YesNo: 1}[it.Scale])
			a.Value, a.Text = &v, ""
		}
		answers = append(answers, a)
	}
	testkit.Must(t, svc.SaveAnswers(ctx, e.A.TenantID, agent, task, answers))
	testkit.Must(t, svc.Complete(ctx, e.A.TenantID, agent, task, followups.Completion{}))
}

// TestScores_FailingWeekToTheCall: a completed survey with low answers shows on the department
// manager's scoreboard as a failing cell; its drill-down lists the lowest item and the survey,
// which links to its call; voiding the survey takes it out of every figure.
func TestScores_FailingWeekToTheCall(t *testing.T) {
	e := newEnv(t)
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
	completeSurvey(t, e, 3)
	manager := e.login(e.A.Emails[auth.DeptManager])
	failing := func() bool { return strings.Contains(manager.get("/scores").Body, `data-testid="fail"`) }
	if !failing() {
		t.Fatalf("scoreboard: want the failing cell")
	}
	for _, table := range []string{"score_rollups", "sample_rollups"} {
		if _, err := e.DB.Owner.Pool.Exec(ctx, `ALTER TABLE `+table+` DISABLE TRIGGER notify_change`); err != nil {
			t.Fatal(err)
		}
	}
	task := e.A.IDs["{taskID}"]
	testkit.Must(t, scores.NewService(e.DB.App, nil).Void(ctx, e.A.TenantID, e.A.Users[auth.CSManager], task, "客户撤回评价", e.now()))
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
	for _, p := range []string{"/scores", "/scores/trends", "/scores/drill", "/scores/report", "/scores/report.xlsx", "/scores/group"} {
		if res := admin.get(p + "?store=" + fmtID(e.B.StoreID)); res.Code != http.StatusNotFound {
			t.Errorf("%s with B's store: Status=%d, want 404", p, res.Code)
		}
	}
}

// TestScores_Report: the weekly report prints the departments, and its workbook opens with a
// sheet per kind holding the same figures.
func TestScores_Report(t *testing.T) {
	e := newEnv(t)
	completeSurvey(t, e, 10)
	manager := e.login(e.A.Emails[auth.DeptManager])
	page := manager.get("/scores/report")
	if !strings.Contains(page.Body, `data-testid="report-departments"`) || !strings.Contains(page.Body, "100.0") {
		t.Fatalf("report: want the departments at 100; body %.400s", page.Body)
	}
	res := manager.get("/scores/report.xlsx?period=month")
	if res.Code != http.StatusOK {
		t.Fatalf("workbook: Status=%d", res.Code)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	testkit.Must(t, err)
	if sheets := f.GetSheetList(); len(sheets) != 2 || !strings.HasPrefix(sheets[0], "CSI") || !strings.HasPrefix(sheets[1], "SSI") {
		t.Errorf("sheets %v, want CSI and SSI", sheets)
	}
	rows, err := f.GetRows(f.GetSheetList()[0])
	testkit.Must(t, err)
	var found bool
	for _, r := range rows {
		if len(r) > 1 && r[0] == "After-sales service" && r[1] == "100" {
			found = true
		}
	}
	if !found {
		t.Errorf("workbook rows %v, want after-sales at 100", rows)
	}
}

// TestScores_Tiers: a bad tier row is refused at the row and nothing is saved; good tiers
// replace the defaults and label the scoreboard's cells. Tiers are the group's: a store's
// customer-service manager may not change them, one of the whole group may.
func TestScores_Tiers(t *testing.T) {
	e := newEnv(t)
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
