package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestBrowser_AgentCompletesASurvey: the demo agent logs in, opens a due after-sales call,
// records that the customer was reached, answers the questionnaire (each answer saved as it is
// given) with one dissatisfied answer, completes it, and sees the complaint it opened.
func TestBrowser_AgentCompletesASurvey(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	ctx := newBrowser(t, 1280, 900)
	browserLogin(t, ctx, e.HTTP.URL, demo.Logins[3].Email, demo.Password)
	claimDueCall(t, ctx, e.HTTP.URL)
	screenshot(t, ctx, "call-attempt-zh-CN")
	taskID := recordReached(t, ctx)
	// answer every question by clicking, as an agent would: 5 points, 9 of 10, yes, and the
	// second question 2 of 5; the script saves each answer as it is clicked
	js := `(() => {
		const items = [...document.querySelectorAll('[data-testid=survey-form] .questions > li')];
		items.forEach((li, i) => {
			const radios = [...li.querySelectorAll('input[type=radio]')];
			if (radios.length === 0) { return; }
			let pick = radios.find(r => r.value === '5') || radios.find(r => r.value === '9') || radios.find(r => r.value === '1');
			if (i === 1) { pick = radios.find(r => r.value === '2'); }
			pick.click();
		});
		return items.length;
	})()`
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
	if err != nil || n < 10 {
		t.Fatalf("answered %d questions, err %v", n, err)
	}
	waitAnswers(t, e, taskID, n-1) // every question but the free-text one
	screenshot(t, ctx, "call-survey-zh-CN")
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`[data-testid=complete]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=complaint-draft]`)))
	if got := text(t, ctx, `[data-testid=survey-score]`); !strings.Contains(got, "分") {
		t.Errorf("score=%q, want the survey's points", got)
	}
	if got := text(t, ctx, `[data-testid=complaint-draft]`); !strings.Contains(got, "登记投诉") {
		t.Errorf("complaint=%q, want the draft announced", got)
	}
	screenshot(t, ctx, "call-done-zh-CN")
}

// taskOfPage reads the task id from the call screen's address.
func taskOfPage(t *testing.T, ctx context.Context) int64 {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	if _, err := fmt.Sscanf(loc[strings.LastIndex(loc, "/tasks/"):], "/tasks/%d", &id); err != nil {
		t.Fatalf("location %q: %v", loc, err)
	}
	return id
}

// waitAnswers waits until the page's script has saved n answers of a task's survey.
func waitAnswers(t *testing.T, e *env, taskID int64, n int) {
	t.Helper()
	svc := &followups.Service{DB: e.DB.App}
	tenantID := demoTenant(t, e)
	for range 100 {
		sv, err := svc.SurveyOf(context.Background(), tenantID, taskID)
		testkit.Must(t, err)
		if sv != nil && len(sv.Answers) >= n {
			return
		}
		sleep()
	}
	t.Fatalf("the answers were not saved as they were given")
}

func demoTenant(t *testing.T, e *env) int64 {
	t.Helper()
	var id int64
	testkit.Must(t, e.DB.Owner.Pool.QueryRow(context.Background(), `SELECT tenant_id FROM login_emails WHERE email = $1`,
		demo.Logins[3].Email).Scan(&id))
	return id
}

func sleep() { time.Sleep(50 * time.Millisecond) }
