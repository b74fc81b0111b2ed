package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/testkit"
)

// loginAs logs the browser out, if anyone is logged in, and in as the fixture's user.
func loginAs(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(base+"/"),
		chromedp.Evaluate[chromedp.Void](`void document.querySelector('[data-testid=logout]')?.click()`),
		chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)))
	browserLogin(t, ctx, base, email, password)
}

// unlockStatements takes back the group's approvals, so that the journey can approve again.
func unlockStatements(t *testing.T, e *env, tenantID int64) {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.Owner.Pool.Begin(ctx)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	testkit.Must(t, postgres.SetTenant(ctx, tx, tenantID))
	_, err = tx.Exec(ctx, `DELETE FROM incentive_statements WHERE tenant_id = $1`, tenantID)
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
}

// TestBrowser_Incentives: the administrator sets the rules in force from last month; the month's
// draft shows its lines; the general manager approves it; the staff member sees their
// commission cut on their start page. In both languages, on a desktop and on a phone, with
// screenshots.
func TestBrowser_Incentives(t *testing.T) {
	e := newEnv(t)
	month := incentiveMonth(e)
	seedIncentiveFacts(t, e, e.A, month)
	base := e.HTTP.URL
	statement := base + statementPath(e.A, month)
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		ctx := newBrowser(t, size.width, size.height)
		for _, lang := range []string{"zh-CN", "en"} {
			name := lang + "-" + size.name
			unlockStatements(t, e, e.A.TenantID)
			loginAs(t, ctx, base, e.A.Emails[auth.Admin])
			useLanguage(t, ctx, base, lang)
			do(t, ctx, chromedp.Navigate(base+"/incentives/rules"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=rules-form]`)),
				chromedp.Evaluate[chromedp.Void](`void (document.querySelector('input[name=effective_month]').value = '`+month.Format("2006-01")+`')`),
				// submitted as its button does, without aiming a click at the foot of a long form
				chromedp.Evaluate[chromedp.Void](`void document.querySelector('[data-testid=rules-form]').requestSubmit(
					document.querySelector('[data-testid=save-rules]'))`),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=flash]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=version]`)))
			screenshot(t, ctx, "incentive-rules-"+name)
			do(t, ctx, chromedp.Navigate(statement), chromedp.WaitVisible(chromedp.CSS(`[data-testid=draft]`)))
			if got := text(t, ctx, `[data-testid=store-total]`); !strings.Contains(got, "-1,000.00") {
				t.Errorf("%s: store total %q, want -1,000.00", name, got)
			}
			screenshot(t, ctx, "incentive-draft-"+name)

			loginAs(t, ctx, base, e.A.Emails[auth.GM])
			useLanguage(t, ctx, base, lang)
			do(t, ctx, chromedp.Navigate(statement), chromedp.WaitVisible(chromedp.CSS(`[data-testid=approve]`)),
				chromedp.Evaluate[chromedp.Void](`window.confirm = function () { return true; }`),
				chromedp.Click(chromedp.CSS(`[data-testid=approve]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=approved]`)))
			screenshot(t, ctx, "incentive-approved-"+name)

			loginAs(t, ctx, base, e.A.Emails[auth.Staff])
			useLanguage(t, ctx, base, lang)
			do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=home-incentives]`)))
			want := map[string]string{"zh-CN": "提成 −5 %", "en": "−5 % commission"}[lang]
			if got := text(t, ctx, `[data-testid=my-incentive-amount]`); got != want {
				t.Errorf("%s: the staff member's line %q, want %q", name, got, want)
			}
			screenshot(t, ctx, "incentive-home-"+name)
		}
	}
}
