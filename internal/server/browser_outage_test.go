package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestBrowser_CallSavingPaused: on a phone, the demo agent answers the questionnaire while the
// database is away. The answer is kept and the paused notice shows in the page's language, never
// a page at the question; once the database is back the answer is saved and the notice goes. A
// page asked for meanwhile is the friendly 503 page. When the session has ended instead, the
// notice asks for a login in another tab, and the answer is saved on coming back.
func TestBrowser_CallSavingPaused(t *testing.T) {
	e, proxy := newOutageEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	ctx := newBrowser(t, 390, 844)
	browserLogin(t, ctx, e.HTTP.URL, demo.Logins[3].Email, demo.Password)
	claimDueCall(t, ctx, e.HTTP.URL)
	taskID := recordReached(t, ctx)
	call := fmt.Sprintf("%s/tasks/%d", e.HTTP.URL, taskID)
	for i, lang := range []string{"en", "zh-CN"} {
		useLanguage(t, ctx, e.HTTP.URL, lang)
		do(t, ctx, chromedp.Navigate(call), chromedp.WaitVisible(chromedp.CSS(`[data-testid=survey-form]`)))
		proxy.Cut()
		field := answer(t, ctx, 4+3*i) // far down the questionnaire: the notice must stay in sight
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`[data-testid=save-paused]`)))
		checkNotice(t, ctx, lang, "save-paused", "call.save_paused", field)
		viewScreenshot(t, ctx, "call-save-paused-"+lang+"-phone")
		proxy.Restore()
		waitHidden(t, ctx, `[data-testid=save-paused]`)
		waitAnswers(t, e, taskID, i+1)

		proxy.Cut()
		do(t, ctx, chromedp.Navigate(e.HTTP.URL+"/worklist"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=status-503]`)))
		if got, want := text(t, ctx, `[data-testid=status-text]`), catalog(t, lang).T("status.503.text"); got != want {
			t.Errorf("503 page (%s)=%q, want %q", lang, got, want)
		}
		screenshot(t, ctx, "status-503-"+lang+"-phone")
		proxy.Restore()
	}

	do(t, ctx, chromedp.Navigate(call), chromedp.WaitVisible(chromedp.CSS(`[data-testid=survey-form]`)))
	endSessions(t, e)
	field := answer(t, ctx, 10)
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`[data-testid=save-login]`)))
	checkNotice(t, ctx, "zh-CN", "save-login", "call.save_login", field)
	viewScreenshot(t, ctx, "call-save-login-zh-CN-phone")
	other, closeOther := chromedp.NewContext(ctx) // the login link's new tab
	defer closeOther()
	browserLogin(t, other, e.HTTP.URL, demo.Logins[3].Email, demo.Password)
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`void window.dispatchEvent(new Event("focus"))`)) // back to the call
	waitHidden(t, ctx, `[data-testid=save-login]`)
	waitAnswers(t, e, taskID, 3)
}

// claimDueCall opens the worklist's due satisfaction calls and claims the first: the call
// screen asks how the call went.
func claimDueCall(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/worklist?tab=due&kind=csi"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=tasks]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=claim]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=attempt-form]`)))
}

// recordReached records on the call screen that the customer was reached, and returns the
// task once its questionnaire shows.
func recordReached(t *testing.T, ctx context.Context) int64 {
	t.Helper()
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`[data-testid=outcome-reached]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=record-attempt]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=survey-form]`)))
	return taskOfPage(t, ctx)
}

// answer clicks an answer to the i-th question with choices of the call screen's questionnaire
// and returns the question's field name.
func answer(t *testing.T, ctx context.Context, i int) string {
	t.Helper()
	name, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
		const items = [...document.querySelectorAll('[data-testid=survey-form] .questions > li')]
			.filter(li => li.querySelector('input[type=radio]'));
		const radio = items[%d].querySelector('input[type=radio]');
		radio.scrollIntoView({block: 'center'});
		radio.click();
		return radio.name;
	})()`, i)))
	if err != nil {
		t.Fatal(err)
	}
	return name
}

// checkNotice fails the test unless the notice named testid says key's text in lang, within
// the screen where the agent answered, and the question of field shows no message of its own.
func checkNotice(t *testing.T, ctx context.Context, lang, testid, key, field string) {
	t.Helper()
	sel := `[data-testid=` + testid + `]`
	if got, want := text(t, ctx, sel), catalog(t, lang).T(key); !strings.HasPrefix(got, want) {
		t.Errorf("notice (%s)=%q, want %q", lang, got, want)
	}
	inSight, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const r = document.querySelector('`+sel+`').getBoundingClientRect();
		return r.top >= 0 && r.bottom <= window.innerHeight;
	})()`))
	if err != nil || !inSight {
		t.Errorf("notice (%s) in sight=%v (err %v), want it on the screen", lang, inSight, err)
	}
	slot, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(`[data-testid=error-`+field+`]`)))
	if err != nil || strings.TrimSpace(slot) != "" {
		t.Errorf("message at %s=%q (err %v), want none", field, slot, err)
	}
}

// viewScreenshot saves what the screen shows now, not the whole page.
func viewScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	testkit.Must(t, err)
	testkit.Must(t, os.WriteFile(filepath.Join(screenshotDir(t), name+".png"), png, 0o644))
}

// waitHidden waits up to 30 s, six times the Retry-After of a 503, until sel is hidden.
func waitHidden(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	wait, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(wait, chromedp.WaitNotVisible(chromedp.CSS(sel))); err != nil {
		t.Fatalf("%s still shows after 30 s: %v", sel, err)
	}
}

// endSessions ends the demo agent's sessions, as an administrator's deactivation or the idle
// timeout would.
func endSessions(t *testing.T, e *env) {
	t.Helper()
	tenantID := demoTenant(t, e)
	testkit.Must(t, e.DB.App.InTenantTx(context.Background(), tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `DELETE FROM sessions WHERE tenant_id = $1`, tenantID)
		return err
	}))
}
