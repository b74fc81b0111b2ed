package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestBrowser_ManagerDrillsToTheCall: the demo after-sales manager logs in on Monday's
// scoreboard, sees a week below the red line marked, opens it, picks its lowest item, and
// follows the lowest answer to that item to the call behind it, where the answers are shown.
func TestBrowser_ManagerDrillsToTheCall(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, &strings.Builder{}))
	ctx := newBrowser(t, 1280, 900)
	browserLogin(t, ctx, e.HTTP.URL, demo.Logins[4].Email, demo.Password)
	do(t, ctx,
		chromedp.Navigate(e.HTTP.URL+"/scores"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=scoreboard]`)))
	if got := text(t, ctx, `.cell.fail [data-testid=fail]`); got == "" {
		t.Fatalf("no failing week is marked on the scoreboard")
	}
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`.cell.fail [data-testid=cell]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=items]`)))
	if got := text(t, ctx, `[data-testid=figure]`); got == "" {
		t.Fatalf("the drill-down shows no figure")
	}
	lowest := text(t, ctx, `[data-testid=items] tbody tr:first-child [data-testid=item]`)
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`[data-testid=items] tbody tr:first-child [data-testid=item]`)),
		chromedp.WaitVisible(chromedp.CSS(`tr.selected`)))
	if got := text(t, ctx, `#surveys h2`); !strings.Contains(got, strings.TrimSpace(lowest)[:12]) {
		t.Errorf("surveys heading %q, want them listed by the lowest item %q", got, lowest)
	}
	screenshot(t, ctx, "drill-item-zh-CN")
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`[data-testid=survey-call]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=given-answers]`)))
	if got := text(t, ctx, `[data-testid=survey-score]`); !strings.Contains(got, "分") {
		t.Errorf("call screen score %q, want the survey's points", got)
	}
	screenshot(t, ctx, "call-read-zh-CN")
}
