package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// answerFunc is the answer the customer of survey i gives to the item at position pos on its
// scale: at most its top (5, 10, or 1 for yes).
type answerFunc func(i, pos int, top int) int

// completeTask has group A's agent reach the customer of a task and complete its survey with
// every scored answer from answer (free text "ok").
func completeTask(t *testing.T, e *env, task int64, i int, answer answerFunc) {
	t.Helper()
	ctx := context.Background()
	svc := &followups.Service{DB: e.DB.App, Now: e.now}
	agent := e.A.Users[auth.Agent]
	testkit.Must(t, svc.RecordAttempt(ctx, e.A.TenantID, agent, task, followups.Attempt{Outcome: followups.Reached}))
	sv, err := svc.SurveyOf(ctx, e.A.TenantID, task)
	testkit.Must(t, err)
	q, _, err := (&surveys.Service{DB: e.DB.App}).Get(ctx, e.A.TenantID, sv.QuestionnaireID)
	testkit.Must(t, err)
	var answers []followups.Answer
	for pos, it := range q.Items {
		a := followups.Answer{ItemID: it.ID, Text: "ok"}
		if top := map[surveys.Scale]int{surveys.Five: 5, surveys.Ten: 10, surveys.YesNo: 1}[it.Scale]; top > 0 {
			v := min(answer(i, pos, top), top)
			a.Value, a.Text = &v, ""
		}
		answers = append(answers, a)
	}
	testkit.Must(t, svc.SaveAnswers(ctx, e.A.TenantID, agent, task, answers))
	testkit.Must(t, svc.Complete(ctx, e.A.TenantID, agent, task, followups.Completion{}))
}

// completeSurvey completes the survey of the fixture's call with every scored answer at value,
// or the scale's top when it is lower.
func completeSurvey(t *testing.T, e *env, value int) {
	t.Helper()
	completeTask(t, e, e.A.IDs["{taskID}"], 0, func(int, int, int) int { return value })
}

// completeServiceSurveys loads a service order closed two days ago for each of advisors (one
// customer each, their workshop group alternating), generates their after-sales calls in group
// A's store, and completes them in order with answer.
func completeServiceSurveys(t *testing.T, e *env, advisors []string, answer answerFunc) {
	t.Helper()
	ctx := context.Background()
	opened := time.Now().Add(-48 * time.Hour)
	closed := opened.Add(5 * time.Hour)
	var recs []orders.Record
	for i, a := range advisors {
		recs = append(recs, orders.Record{Line: i + 1, OrderNo: fmt.Sprintf("RO-S%d", i), CustomerName: fmt.Sprintf("客户%d", i+1),
			Phone: fmt.Sprintf("1370000%04d", i), VIN: fmt.Sprintf("LSVAG2180E21%05d", 500+i), Plate: "沪A1234" + fmt.Sprint(i),
			Brand: "宝马", Model: "5系", WorkType: "maintenance", OpenedAt: opened, ClosedAt: &closed, Advisor: a,
			WorkshopGroup: []string{"机电一组", "钣喷组"}[i%2]})
	}
	_, err := (&orders.Service{DB: e.DB.App}).Load(ctx, e.A.TenantID, e.A.StoreID, orders.ServiceOrders, "import", recs, false)
	testkit.Must(t, err)
	svc := &followups.Service{DB: e.DB.App, Now: e.now, Cooldown: followups.DefaultCooldown}
	_, err = svc.Generate(ctx, e.A.TenantID)
	testkit.Must(t, err)
	list, err := svc.Worklist(ctx, e.A.TenantID, followups.WorkFilter{StoreID: e.A.StoreID, Kind: "csi", Tab: followups.DueToday, Limit: 100})
	testkit.Must(t, err)
	i := 0
	for _, it := range list.Items {
		if it.CustomerName != "张伟" { // the fixture's own call stays open
			completeTask(t, e, it.ID, i, answer)
			i++
		}
	}
	if i != len(advisors) {
		t.Fatalf("completed %d surveys, want %d", i, len(advisors))
	}
}

// postMinSample sets the minimum sample of group A's store through the store form, as its
// administrator would, and returns the answer.
func postMinSample(t *testing.T, e *env, value string) response {
	t.Helper()
	form := url.Values{"name": {"Store a"}, "time_zone": {"Asia/Shanghai"}, "ssi_threshold": {"95"},
		"csi_threshold": {"95"}, "min_sample": {value}}
	return e.login(e.A.Emails[auth.Admin]).post(fmt.Sprintf("/admin/stores/%d", e.A.StoreID), form)
}

// mustPostMinSample sets the minimum sample and fails the test unless it is saved.
func mustPostMinSample(t *testing.T, e *env, value string) {
	t.Helper()
	if res := postMinSample(t, e, value); res.Code != http.StatusSeeOther {
		t.Fatalf("min sample %s: Status=%d, want 303", value, res.Code)
	}
}

// The rows of a score page's tables as the reader sees them: a person's or segment's name,
// number of surveys and score; a survey's completion, customer, agent and score.
var (
	groupRowRe  = regexp.MustCompile(`<tr data-testid="group-row"><td>([^<]*)</td><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td></tr>`)
	surveyRowRe = regexp.MustCompile(`<tr data-testid="survey-row"><td[^>]*>([^<]*)</td><td><a[^>]*>([^<]*)</a></td><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td></tr>`)
)

// tableRows are the matches of re in body, each as its groups joined by " | ".
func tableRows(re *regexp.Regexp, body string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		s := m[1]
		for _, g := range m[2:] {
			s += " | " + g
		}
		out = append(out, s)
	}
	return out
}

// firstMatch is the first group of the first match of pattern in body, or "".
func firstMatch(pattern, body string) string {
	if m := regexp.MustCompile(pattern).FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

// afterSales is the after-sales department of group A's store.
func afterSales(t *testing.T, e *env) int64 {
	t.Helper()
	deps, err := (&tenancy.Service{DB: e.DB.App}).Departments(context.Background(), e.A.TenantID, e.A.StoreID)
	testkit.Must(t, err)
	for _, d := range deps {
		if d.Kind == tenancy.AfterSales {
			return d.ID
		}
	}
	t.Fatal("group A's store has no after-sales department")
	return 0
}
