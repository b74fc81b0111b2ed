package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// demoActions gives the demo's first store the actions its closed months below the red line
// open, and one of its after-sales department opened from last month's CSI, started, with
// evidence; it returns the store, the department and that action.
func demoActions(t *testing.T, e *env) (storeID, departmentID, actionID int64) {
	t.Helper()
	ctx := context.Background()
	var tenantID, managerID, staffID int64
	tx, err := e.DB.Owner.Pool.Begin(ctx)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	testkit.Must(t, tx.QueryRow(ctx, `SELECT tenant_id FROM login_emails WHERE email = $1`, demo.Logins[2].Email).Scan(&tenantID))
	testkit.Must(t, postgres.SetTenant(ctx, tx, tenantID))
	testkit.Must(t, tx.QueryRow(ctx, `
		SELECT (SELECT min(id) FROM stores WHERE tenant_id = $1),
		       (SELECT d.id FROM departments d WHERE d.tenant_id = $1 AND d.kind = 'after_sales' ORDER BY d.store_id, d.id LIMIT 1),
		       (SELECT id FROM users WHERE tenant_id = $1 AND email = $2), (SELECT id FROM users WHERE tenant_id = $1 AND email = $3)`,
		tenantID, demo.Logins[4].Email, demo.Logins[5].Email).Scan(&storeID, &departmentID, &managerID, &staffID))
	svc := improveService(e)
	_, err = svc.OpenRedLines(ctx, tenantID)
	testkit.Must(t, err)
	last := scores.Month.Add(scores.MonthStart(e.now(), tenancy.Location(tenancy.DefaultTimeZone)), -1)
	target := 95.0
	manager := improve.Actor{UserID: managerID, Memberships: []auth.Membership{{Role: auth.DeptManager, StoreID: storeID, DepartmentID: departmentID}}}
	actionID, err = svc.Create(ctx, tenantID, manager, improve.Cause{Source: improve.FromScore, StoreID: storeID, Kind: "csi",
		Period: "month", PeriodStart: last}, improve.Plan{DepartmentID: departmentID, Weakness: "售后 CSI 上月低于红线：保养等待时间过长",
		Target: &target, CauseAnalysis: "周末预约集中，快保工位不足；接待未告知预计等待时间。",
		Measure: "周末增开两个快保工位；接待时告知预计完工时间，超时主动致电。", OwnerID: staffID,
		DueOn: e.now().AddDate(0, 0, 20)}, scores.Date(e.now(), tenancy.Location(tenancy.DefaultTimeZone)))
	testkit.Must(t, err)
	_, err = svc.Move(ctx, tenantID, manager, actionID, improve.StepStart, improve.StagePlan, improve.Closing{})
	testkit.Must(t, err)
	testkit.Must(t, svc.AddEvidence(ctx, tenantID, manager, actionID, improve.NewEvidence{Note: "周末快保工位排班表",
		FileName: "排班表.pdf", Content: pdfEvidence}))
	return storeID, departmentID, actionID
}

// TestBrowser_Actions: the customer-service manager of the demo's first store sees the plan
// sheet, an action with its check and evidence, and the form that opens one from a score cell,
// which refuses a blank weakness at its field; in both languages, on a desktop and on a phone,
// with screenshots.
func TestBrowser_Actions(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	storeID, departmentID, actionID := demoActions(t, e)
	last := scores.Month.Add(scores.MonthStart(e.now(), tenancy.Location(tenancy.DefaultTimeZone)), -1)
	newForm := "/actions/new?" + url.Values{"store": {fmt.Sprint(storeID)}, "source": {"score"}, "kind": {"csi"}, "period": {"month"},
		"department": {fmt.Sprint(departmentID)}, "start": {last.Format(time.DateOnly)}}.Encode()
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		ctx := newBrowser(t, size.width, size.height)
		browserLogin(t, ctx, e.HTTP.URL, demo.Logins[2].Email, demo.Password)
		for _, lang := range []string{"zh-CN", "en"} {
			name := lang + "-" + size.name
			useLanguage(t, ctx, e.HTTP.URL, lang)
			do(t, ctx, chromedp.Navigate(e.HTTP.URL+"/actions"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=action-table]`)))
			screenshot(t, ctx, "actions-"+name)
			do(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/actions/%d", e.HTTP.URL, actionID)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=check]`)))
			if got := text(t, ctx, `[data-testid=evidence-list]`); !strings.Contains(got, "排班表.pdf") {
				t.Errorf("%s: evidence %q, want the PDF", name, got)
			}
			screenshot(t, ctx, "action-"+name)
			do(t, ctx, chromedp.Navigate(e.HTTP.URL+newForm), chromedp.WaitVisible(chromedp.CSS(`[data-testid=new-form]`)))
			screenshot(t, ctx, "action-new-"+name)
			do(t, ctx, chromedp.Evaluate[chromedp.Void](`void (document.querySelector('textarea[name=weakness]').value = '')`),
				chromedp.Click(chromedp.CSS(`[data-testid=create]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=error-weakness]`)))
			want := map[string]string{"zh-CN": "必填", "en": "Required"}[lang]
			if got := text(t, ctx, `[data-testid=error-weakness]`); !strings.Contains(got, want) {
				t.Errorf("%s: weakness error %q, want %q", name, got, want)
			}
		}
	}
}
