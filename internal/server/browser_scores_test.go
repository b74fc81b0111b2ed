package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestBrowser_ManagerDrillsToTheCall: the demo after-sales manager logs in on Monday's
// scoreboard, sees a week below the red line marked, opens it, picks its lowest item, and
// follows the lowest answer to that item to the call behind it, where the answers are shown.
func TestBrowser_ManagerDrillsToTheCall(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
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
	if got := text(t, ctx, `[data-testid=scope]`); !strings.Contains(got, "口径") {
		t.Errorf("scope=%q, want the drill-down to say what its figures count", got)
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

// TestBrowser_ScorePages: the demo administrator's score pages and store settings, in both
// languages, on a desktop and at 390 px: each shows its heading and nothing scrolls sideways
// (wide tables scroll inside their frame). A screenshot of each is left in tmp/screenshots.
func TestBrowser_ScorePages(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	store, dept := demoAfterSales(t, e)
	lastWeek := e.now().AddDate(0, 0, -7).Format("2006-01-02")
	pages := []struct{ name, path string }{
		{"scoreboard", "/scores"}, {"scoreboard-month", "/scores?period=month"},
		{"drill-department", fmt.Sprintf("/scores/drill?store=%d&dept=%d&start=%s", store, dept, lastWeek)},
		{"drill-store", fmt.Sprintf("/scores/drill?store=%d&start=%s", store, lastWeek)},
		{"report-week", "/scores/report"}, {"report-month", "/scores/report?period=month"},
		{"ranking", "/scores/group"}, {"trends", "/scores/trends"},
		{"store-settings", fmt.Sprintf("/admin/stores/%d", store)}, {"store-form", fmt.Sprintf("/admin/stores/%d/edit", store)},
	}
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		ctx := newBrowser(t, size.width, size.height)
		browserLogin(t, ctx, e.HTTP.URL, demo.Logins[0].Email, demo.Password)
		for _, lang := range []string{"zh-CN", "en"} {
			useLanguage(t, ctx, e.HTTP.URL, lang)
			for _, p := range pages {
				do(t, ctx, chromedp.Navigate(e.HTTP.URL+p.path), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
				if f := measure(t, ctx, `main h1`); f.Overflow > 0 || f.Seen != 1 {
					t.Errorf("%s (%s, %s): %+v, want its heading and no sideways scrolling", p.name, lang, size.name, f)
				}
				screenshot(t, ctx, "scores-"+p.name+"-"+lang+"-"+size.name)
			}
		}
	}
}

// demoAfterSales is the demo's first store and its after-sales department.
func demoAfterSales(t *testing.T, e *env) (store, dept int64) {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.Owner.Pool.Begin(ctx)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var tenantID int64
	testkit.Must(t, tx.QueryRow(ctx, `SELECT tenant_id FROM login_emails WHERE email = $1`, demo.Logins[0].Email).Scan(&tenantID))
	testkit.Must(t, postgres.SetTenant(ctx, tx, tenantID))
	testkit.Must(t, tx.QueryRow(ctx, `SELECT s.id, d.id FROM stores s JOIN departments d ON d.store_id = s.id
		WHERE s.tenant_id = $1 AND d.kind = 'after_sales' ORDER BY s.id LIMIT 1`, tenantID).Scan(&store, &dept))
	return store, dept
}
