package server_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/testkit"
)

// TestBrowser_SurveyLink: on a phone, in each language, the customer opens the link from their
// text message, answers three questions (each saved as it is tapped), leaves, comes back to
// find them kept, submits too early and sees the question marked, then answers the rest and is
// thanked; the link then no longer opens. The survey is also shot on a desktop.
func TestBrowser_SurveyLink(t *testing.T) {
	e := newEnv(t)
	inTenant(t, e, e.A.TenantID, `UPDATE stores SET name = '瑞丰宝马杭州 4S 店', brand = 'BMW 宝马' WHERE tenant_id = $1`)
	for n, lang := range []string{"zh-CN", "en"} {
		l := sendSurveyLink(t, e, e.A, n+1, lang)
		ctx := newBrowser(t, 390, 844)
		do(t, ctx, chromedp.Navigate(e.HTTP.URL+l.Path("")), chromedp.WaitVisible(chromedp.CSS(`[data-testid=link-form]`)))
		screenshot(t, ctx, "links-survey-"+lang+"-phone")
		tap(t, ctx, 0, 1, 2) // the first three questions
		waitLinkAnswers(t, e, l.TaskID, 3)
		screenshotScreen(t, ctx, "links-screen-"+lang+"-phone")
		if got := text(t, ctx, `[data-testid=link-brand]`); got != "BMW 宝马" {
			t.Errorf("%s: brand %q, want the store's", lang, got)
		}
		do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(e.HTTP.URL+l.Path("")),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=link-form]`)))
		if kept := countChecked(t, ctx); kept != 3 {
			t.Errorf("%s: %d answers shown on coming back, want 3", lang, kept)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid=link-submit]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=form-error]`)))
		if code := pageStatus(t, ctx); code != 422 {
			t.Errorf("%s: submitted too early: Status=%d, want 422", lang, code)
		}
		screenshot(t, ctx, "links-errors-"+lang+"-phone")
		tap(t, ctx, -1) // every question still unanswered
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid=link-submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=notice]`)))
		want := map[string]string{"zh-CN": "感谢您的反馈", "en": "Thank you for your feedback"}[lang]
		if got := text(t, ctx, `h1`); !strings.Contains(got, want) {
			t.Errorf("%s: thanks heading %q, want %q", lang, got, want)
		}
		screenshot(t, ctx, "links-thanks-"+lang+"-phone")
		do(t, ctx, chromedp.Navigate(e.HTTP.URL+l.Path("")), chromedp.WaitVisible(chromedp.CSS(`[data-testid=notice]`)))
		if code := pageStatus(t, ctx); code != 404 {
			t.Errorf("%s: the link once submitted: Status=%d, want 404", lang, code)
		}
		screenshot(t, ctx, "links-gone-"+lang+"-phone")
	}
	l := sendSurveyLink(t, e, e.A, 3, "zh-CN")
	ctx := newBrowser(t, 1280, 900)
	do(t, ctx, chromedp.Navigate(e.HTTP.URL+l.Path("")), chromedp.WaitVisible(chromedp.CSS(`[data-testid=link-form]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=link-lang-en]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=link-lang-zh]`)))
	tap(t, ctx, 0, 1)
	screenshot(t, ctx, "links-survey-en-desktop")
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid=link-unsubscribe]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=unsubscribe-confirm]`)))
	screenshot(t, ctx, "links-unsubscribe-en-desktop")
}

// tap answers the questions at the places given by tapping their highest answer, as a customer
// would (the second button of a yes-or-no: no); -1 answers every question not yet answered.
func tap(t *testing.T, ctx context.Context, at ...int) {
	t.Helper()
	list, _ := json.Marshal(at)
	js := `((at) => {
		const qs = [...document.querySelectorAll('.lp-q')];
		const which = at[0] === -1 ? qs.filter(q => !q.querySelector('input:checked')) : at.map(i => qs[i]);
		for (const q of which) {
			const buttons = [...q.querySelectorAll('.lp-choice span')];
			if (buttons.length > 0) { buttons[buttons.length === 2 ? 0 : buttons.length - 1].click(); }
		}
		return which.length;
	})(` + string(list) + `)`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](js)); err != nil {
		t.Fatal(err)
	}
}

// screenshotScreen leaves a shot of the screen as the customer sees it, with the bar at its
// foot: a shot of the whole page shows the bar where the screen ended.
func screenshotScreen(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(screenshotDir(t), name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func countChecked(t *testing.T, ctx context.Context) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.lp-q input:checked').length`))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitLinkAnswers waits until the page's script has saved n answers of a task's survey.
func waitLinkAnswers(t *testing.T, e *env, taskID int64, n int) {
	t.Helper()
	ctx := context.Background()
	for range 100 {
		var got int
		testkit.Must(t, e.DB.App.InTenantTx(ctx, e.A.TenantID, func(tx pgx.Tx) error {
			return tx.QueryRow(ctx, `SELECT count(DISTINCT a.item_id) FROM survey_answers a
				JOIN surveys s ON s.tenant_id = a.tenant_id AND s.id = a.survey_id
				WHERE a.tenant_id = $1 AND s.task_id = $2`, e.A.TenantID, taskID).Scan(&got)
		}))
		if got >= n {
			return
		}
		sleep()
	}
	t.Fatalf("the answers were not saved as they were given")
}
