package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/testkit"
)

// fit is how a page sits in the window: how far it overflows sideways, and how many of the
// elements that must be seen lie outside it (or have no size).
type fit struct {
	Overflow int `json:"overflow"`
	Outside  int `json:"outside"`
	Seen     int `json:"seen"`
}

// measure measures the page against the window; sel names the elements that must be seen.
func measure(t *testing.T, ctx context.Context, sel string) fit {
	t.Helper()
	js := `(() => {
		const w = window.innerWidth;
		const els = [...document.querySelectorAll('` + sel + `')];
		const outside = els.filter(el => { const r = el.getBoundingClientRect(); return r.width === 0 || r.left < 0 || r.right > w; });
		return {overflow: document.documentElement.scrollWidth - w, outside: outside.length, seen: els.length};
	})()`
	f, err := chromedp.Run(ctx, chromedp.Evaluate[fit](js))
	testkit.Must(t, err)
	return f
}

// TestBrowser_WorklistOnAPhone: the demo agent's worklist, with a call they tried this morning
// (so "me", Continue and "tried today" show too), and their call screen, in both languages, on a
// desktop and at 390 px: nothing scrolls sideways, and every Take or Continue button and count
// of attempts is on the screen. Screenshots of both pages are left for each.
func TestBrowser_WorklistOnAPhone(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	tryFirstDueCall(t, e)
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		ctx := newBrowser(t, size.width, size.height)
		browserLogin(t, ctx, e.HTTP.URL, demo.Logins[3].Email, demo.Password)
		for _, lang := range []string{"zh-CN", "en"} {
			useLanguage(t, ctx, e.HTTP.URL, lang)
			do(t, ctx, chromedp.Navigate(e.HTTP.URL+"/worklist"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=tasks]`)))
			sel := `[data-testid=claim], [data-testid=continue], [data-testid=attempts], [data-testid=tried-today]`
			if f := measure(t, ctx, sel); f.Overflow > 0 || f.Outside > 0 || f.Seen < 5 {
				t.Errorf("worklist (%s, %s): %+v, want no overflow and every button and attempts count seen", lang, size.name, f)
			}
			screenshot(t, ctx, "worklist-agent-"+lang+"-"+size.name)
			do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid=open-call]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=attempt-form]`)))
			if f := measure(t, ctx, `[data-testid=record-attempt]`); f.Overflow > 0 || f.Outside > 0 {
				t.Errorf("call screen (%s, %s): %+v, want no overflow", lang, size.name, f)
			}
			screenshot(t, ctx, "call-agent-"+lang+"-"+size.name)
		}
	}
}

// TestBrowser_NextCall: on a phone, the demo agent takes the first call due today, records
// that the customer refused, and is offered the tab's next call, which one tap takes and opens
// with the tab kept; in English, taking call after call until the tab is empty, closing the
// last says there is no other.
func TestBrowser_NextCall(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	ctx := newBrowser(t, 390, 844)
	browserLogin(t, ctx, e.HTTP.URL, demo.Logins[3].Email, demo.Password)
	useLanguage(t, ctx, e.HTTP.URL, "zh-CN")
	do(t, ctx, chromedp.Navigate(e.HTTP.URL+"/worklist?tab=due"),
		chromedp.Click(chromedp.CSS(`[data-testid=claim]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=attempt-form]`)))
	first := taskOfPage(t, ctx)
	refuse(t, ctx, `[data-testid=take-next]`)
	screenshot(t, ctx, "call-next-zh-CN-phone")
	next := text(t, ctx, `[data-testid=next-customer]`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid=take-next]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=attempt-form]`)))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	testkit.Must(t, err)
	if id, who := taskOfPage(t, ctx), text(t, ctx, `[data-testid=call-customer]`); id == first || who != next || !strings.Contains(loc, "tab=due") {
		t.Fatalf("took the next call: task %d of %q at %q, want another task, of %q, keeping the tab", id, who, loc, next)
	}
	useLanguage(t, ctx, e.HTTP.URL, "en")
	do(t, ctx, chromedp.Navigate(loc), chromedp.WaitVisible(chromedp.CSS(`[data-testid=attempt-form]`)))
	for range 30 { // more than the demo's calls due today in a store
		refuse(t, ctx, `[data-testid=take-next], [data-testid=no-next]`)
		if got := text(t, ctx, `[data-testid=next-call]`); strings.Contains(got, "No more calls") {
			screenshot(t, ctx, "call-no-next-en-phone")
			return
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid=take-next]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=attempt-form]`)))
	}
	t.Errorf("every call due today closed, and still a next call offered")
}

// refuse records on the call screen that the customer refused, and waits for sel on the page
// that follows; nothing on it may stick out sideways.
func refuse(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid=outcome-refused]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=record-attempt]`)),
		chromedp.WaitVisible(chromedp.CSS(sel)))
	if f := measure(t, ctx, sel); f.Overflow > 0 || f.Outside > 0 {
		t.Errorf("call screen after the call: %+v, want no overflow", f)
	}
}

// tryFirstDueCall records, as the demo agent, that the first call due today was not answered.
func tryFirstDueCall(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	tenantID := demoTenant(t, e)
	tx, err := e.DB.App.BeginTenant(ctx, tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var agentID int64
	testkit.Must(t, tx.QueryRow(ctx, `SELECT id FROM users WHERE email = $1`, demo.Logins[3].Email).Scan(&agentID))
	svc := &followups.Service{DB: e.DB.App, Now: e.now}
	list, err := svc.Worklist(ctx, tenantID, followups.WorkFilter{Tab: followups.DueToday, Limit: 1})
	testkit.Must(t, err)
	if len(list.Items) == 0 {
		t.Fatal("the demo has no call due today")
	}
	testkit.Must(t, svc.RecordAttempt(ctx, tenantID, agentID, list.Items[0].ID, followups.Attempt{Outcome: followups.NoAnswer}))
}
