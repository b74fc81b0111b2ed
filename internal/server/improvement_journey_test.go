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

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// journeyItem is the benchmark item the journey imports, below both averages.
const journeyItem = "夜间取送车服务"

// journeyWords are what the journey reads and writes in each language.
var journeyWords = map[string]struct{ cause, measure, evidence, closed string }{
	"zh-CN": {"夜间取送车人手不足，预约常被推迟。", "增设两名夜班取送车司机，预约当天确认。", "夜班司机排班表及十二月客户回访记录", "已关闭"},
	"en":    {"Too few drivers at night; pick-ups were often put off.", "Two more night drivers; every booking confirmed the same day.", "Night drivers' rota and December's call notes", "Closed"},
}

// TestBrowser_ImprovementJourney: a customer-service manager imports the manufacturer's
// quarterly results, sees the item's gap, follows it to the action the import opened and writes
// its plan; the owner adds evidence; once the next quarter has ended, the manager enters its
// result, checks the action against it and closes it, target met. Once in each language, in
// each demo store, with screenshots. Each step waits for what only the page after it shows.
func TestBrowser_ImprovementJourney(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	sh := tenancy.Location(tenancy.DefaultTimeZone)
	e.clock = time.Date(2026, 12, 7, 10, 0, 0, 0, sh)
	file := filepath.Join(t.TempDir(), "2026Q3-厂家成绩.csv")
	testkit.Must(t, os.WriteFile(file, []byte("类别,季度,考核项目,本店得分,全国平均,区域平均,排名\n"+
		"CSI,2026Q3,"+journeyItem+",83.5,88.0,86.0,37\n"), 0o644))
	for i, lang := range languages {
		manager, owner := demo.Logins[2], demo.Logins[5] // the first store's customer-service manager and after-sales staff
		if i == 1 {
			manager, owner = demo.Logins[10], demo.Logins[11]
		}
		storeID, departmentID, ownerID := journeyPeople(t, e, manager.Email, owner.Email)
		w := journeyWords[lang]

		ctx := newBrowser(t, 1280, 900)
		browserLogin(t, ctx, e.HTTP.URL, manager.Email, demo.Password)
		useLanguage(t, ctx, e.HTTP.URL, lang)
		do(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/benchmarks/imports?store=%d", e.HTTP.URL, storeID)),
			chromedp.SetUploadFiles(chromedp.CSS(`[data-testid=file]`), []string{file}),
			chromedp.Click(chromedp.CSS(`[data-testid=upload]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=preview]`)))
		if opens := text(t, ctx, `[data-testid=count-opened]`); opens != "1" {
			t.Fatalf("%s: the dry run opens %q actions, want 1", lang, opens)
		}
		do(t, ctx, acceptConfirms, chromedp.Click(chromedp.CSS(`[data-testid=commit]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=see-gap]`)))

		do(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/benchmarks?store=%d&quarter=2026Q3", e.HTTP.URL, storeID)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=gap-table]`)))
		row := `[...document.querySelectorAll('[data-testid=gap-row]')].find(r => r.textContent.includes('` + journeyItem + `'))`
		gaps, err := chromedp.Run(ctx, chromedp.Evaluate[string](row+`?.innerText ?? ''`))
		testkit.Must(t, err)
		if !strings.Contains(gaps, "−4.5") || !strings.Contains(gaps, "−2.5") {
			t.Errorf("%s: %s's row reads %q, want its gaps −4.5 to the national and −2.5 to the regional average", lang, journeyItem, gaps)
		}
		screenshot(t, ctx, "journey-gap-"+lang)
		do(t, ctx, chromedp.Evaluate[chromedp.Void](`void `+row+`.querySelector('[data-testid=gap-action]').click()`),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=action]`)))
		if weakness := text(t, ctx, `[data-testid=weakness]`); !strings.Contains(weakness, journeyItem) || !strings.Contains(weakness, "83.5") {
			t.Errorf("%s: the action's weakness is %q, want the item and its score", lang, weakness)
		}
		actionURL, err := chromedp.Run(ctx, chromedp.Location())
		testkit.Must(t, err)

		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid=edit] summary`)),
			chromedp.SetValue(chromedp.CSS(`[data-testid=edit-form] select[name=department_id]`), fmt.Sprint(departmentID)),
			chromedp.SetValue(chromedp.CSS(`[data-testid=edit-form] textarea[name=cause_analysis]`), w.cause),
			chromedp.SetValue(chromedp.CSS(`[data-testid=edit-form] textarea[name=action]`), w.measure),
			chromedp.SetValue(chromedp.CSS(`[data-testid=edit-form] select[name=owner_id]`), fmt.Sprint(ownerID)),
			chromedp.SetValue(chromedp.CSS(`[data-testid=edit-form] input[name=due_on]`), "2027-01-31"),
			chromedp.Click(chromedp.CSS(`[data-testid=save]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=flash]`)),
			chromedp.Click(chromedp.CSS(`[data-testid=do-start]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=do-check]`)))
		if got := text(t, ctx, `[data-testid=owner]`); got != owner.Name {
			t.Errorf("%s: owner %q, want %s", lang, got, owner.Name)
		}

		octx := newBrowser(t, 390, 844)
		browserLogin(t, octx, e.HTTP.URL, owner.Email, demo.Password)
		useLanguage(t, octx, e.HTTP.URL, lang)
		do(t, octx, chromedp.Navigate(actionURL),
			chromedp.SetValue(chromedp.CSS(`[data-testid=evidence-form] textarea[name=note]`), w.evidence),
			chromedp.Click(chromedp.CSS(`[data-testid=add-evidence]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=evidence-list]`)))
		if got := text(t, octx, `[data-testid=evidence-list]`); !strings.Contains(got, w.evidence) {
			t.Errorf("%s: evidence %q, want %q", lang, got, w.evidence)
		}
		screenshot(t, octx, "journey-evidence-"+lang+"-phone")

		// The fourth quarter has ended: its result decides.
		e.clock = time.Date(2027, 1, 20, 10, 0, 0, 0, sh)
		ctx = newBrowser(t, 1280, 900)
		browserLogin(t, ctx, e.HTTP.URL, manager.Email, demo.Password)
		do(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/benchmarks/results/new?store=%d&item=%d&quarter=2026Q4", e.HTTP.URL, storeID,
			journeyItemID(t, e, manager.Email))),
			chromedp.SetValue(chromedp.CSS(`[data-testid=result-form] input[name=score]`), "89.5"),
			chromedp.SetValue(chromedp.CSS(`[data-testid=result-form] input[name=national]`), "88.2"),
			chromedp.SetValue(chromedp.CSS(`[data-testid=result-form] input[name=regional]`), "86.4"),
			chromedp.Click(chromedp.CSS(`[data-testid=save-result]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=changes]`)))
		do(t, ctx, chromedp.Navigate(actionURL), chromedp.Click(chromedp.CSS(`[data-testid=do-check]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=do-act]`)))
		if got := text(t, ctx, `[data-testid=figure-score]`); !strings.Contains(got, "89.5") {
			t.Errorf("%s: the check shows %q, want the fourth quarter's 89.5", lang, got)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid=do-act]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=do-close]`)),
			chromedp.Click(chromedp.CSS(`[data-testid=do-close]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=outcome]`)))
		if got := text(t, ctx, `[data-testid=stage]`); got != w.closed {
			t.Errorf("%s: stage %q after closing, want %q", lang, got, w.closed)
		}
		screenshot(t, ctx, "journey-closed-"+lang)
		e.clock = time.Date(2026, 12, 7, 10, 0, 0, 0, sh)
	}
}

// acceptConfirms answers yes to the page's confirmations until it is left.
var acceptConfirms = chromedp.Evaluate[chromedp.Void](`window.confirm = function () { return true; }`)

// journeyPeople reads the store of the manager, and the department and id of the action's
// owner-to-be.
func journeyPeople(t *testing.T, e *env, managerEmail, ownerEmail string) (storeID, departmentID, ownerID int64) {
	t.Helper()
	journeyRead(t, e, managerEmail, `
		SELECT (SELECT m.store_id FROM memberships m JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
		        WHERE m.tenant_id = $1 AND u.email = $2 LIMIT 1), m.department_id, m.user_id
		FROM memberships m JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
		WHERE m.tenant_id = $1 AND u.email = $3`, []any{managerEmail, ownerEmail}, &storeID, &departmentID, &ownerID)
	return storeID, departmentID, ownerID
}

// journeyItemID reads the id of the journey's item in the catalogue of the manager's group.
func journeyItemID(t *testing.T, e *env, managerEmail string) int64 {
	t.Helper()
	var id int64
	journeyRead(t, e, managerEmail, `SELECT id FROM benchmark_items WHERE tenant_id = $1 AND name = $2`,
		[]any{journeyItem}, &id)
	return id
}

// journeyRead reads one row of the group of email ($1 is its tenant, args follow).
func journeyRead(t *testing.T, e *env, email, sql string, args []any, dest ...any) {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.Owner.Pool.Begin(ctx)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var tenantID int64
	testkit.Must(t, tx.QueryRow(ctx, `SELECT tenant_id FROM login_emails WHERE email = $1`, email).Scan(&tenantID))
	testkit.Must(t, postgres.SetTenant(ctx, tx, tenantID))
	testkit.Must(t, tx.QueryRow(ctx, sql, append([]any{tenantID}, args...)...).Scan(dest...))
}
