package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/testkit"
)

// switchUser logs the browser out and in as another demo user.
func switchUser(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(base+"/"), chromedp.Click(chromedp.CSS(`[data-testid=logout]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)))
	browserLogin(t, ctx, base, email, demo.Password)
}

// act fills an action's note (and plan) on the form page and submits it.
func act(t *testing.T, ctx context.Context, action, note string, extra ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	form := `[data-testid=act-` + action + `] `
	field := form + `textarea[name=note]`
	if action == "plan" {
		field = form + `textarea[name=plan]`
	}
	steps := append([]chromedp.Action[chromedp.Void]{chromedp.WaitVisible(chromedp.CSS(form))}, extra...)
	if note != "" {
		steps = append(steps, chromedp.SendKeys(chromedp.CSS(field), note))
	}
	// the page before the submit is marked, so that only the next page's message counts
	steps = append(steps, chromedp.Evaluate[chromedp.Void](`void (document.body.dataset.stale = "1")`),
		chromedp.Click(chromedp.CSS(`[data-testid=do-`+action+`]`)),
		chromedp.WaitVisible(chromedp.CSS(`body:not([data-stale]) .flash`)))
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		screenshot(t, ctx, "failed-"+action)
		t.Fatalf("%s: %v", action, err)
	}
}

// TestBrowser_ComplaintAcrossFourLogins: the agent opens a hotline complaint from the customer's
// page and sends it to after-sales; the department manager records the first contact, writes
// and signs the plan; the agent re-visits the customer, who accepts (the outcome is chosen, never
// preselected); the general manager sends the plan back with a reason; the manager, told, writes
// and signs it again; the agent re-visits again; the general manager approves and the form is
// closed. A second complaint the customer does not accept opens a linked form back at the
// department manager.
func TestBrowser_ComplaintAcrossFourLogins(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	ctx := newBrowser(t, 1280, 900)
	base := e.HTTP.URL
	var customer string
	var tenantID int64
	testkit.Must(t, e.DB.Owner.Pool.QueryRow(context.Background(), `SELECT tenant_id FROM login_emails WHERE email = $1`,
		demo.Logins[3].Email).Scan(&tenantID))
	tx, err := e.DB.App.BeginTenant(context.Background(), tenantID)
	testkit.Must(t, err)
	err = tx.QueryRow(context.Background(), `SELECT id::text FROM customers WHERE tenant_id = $1 AND NOT do_not_contact
		ORDER BY id LIMIT 1`, tenantID).Scan(&customer)
	tx.Rollback(context.Background())
	testkit.Must(t, err)
	open := func() string {
		do(t, ctx,
			chromedp.Navigate(base+"/customers/"+customer),
			chromedp.Click(chromedp.CSS(`[data-testid=new-complaint]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=new-complaint]`)),
			chromedp.SetValue(chromedp.CSS(`select[name=channel]`), "hotline"),
			chromedp.Click(chromedp.CSS(`[data-testid=dept-after_sales]`)),
			chromedp.Evaluate[chromedp.Void](`void (document.querySelector('select[name=category_id]').selectedIndex = 2)`),
			chromedp.SetValue(chromedp.CSS(`select[name=severity]`), "general"),
			chromedp.SendKeys(chromedp.CSS(`textarea[name=description]`), "来电投诉：保养后仪表盘故障灯常亮。"),
			chromedp.Click(chromedp.CSS(`[data-testid=submit-complaint]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=status]`)))
		if got := text(t, ctx, `[data-testid=status]`); got != "已派发" {
			t.Fatalf("opened complaint status %q, want 已派发", got)
		}
		url, err := chromedp.Run(ctx, chromedp.Location())
		testkit.Must(t, err)
		return url
	}
	browserLogin(t, ctx, base, demo.Logins[3].Email, demo.Password) // the agent
	first := open()
	screenshot(t, ctx, "complaint-opened-zh-CN")
	second := open()

	switchUser(t, ctx, base, demo.Logins[4].Email) // the after-sales manager, told of both
	do(t, ctx, chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	if got := text(t, ctx, `main`); !strings.Contains(got, "#"+first[strings.LastIndex(first, "/")+1:]) {
		t.Errorf("the manager's notifications %q lack the new complaint", got)
	}
	screenshot(t, ctx, "notifications-manager-zh-CN")
	for _, form := range []string{first, second} {
		do(t, ctx, chromedp.Navigate(form))
		act(t, ctx, "contact", "已致电客户，约定明天到店检测。")
		act(t, ctx, "plan", "检测仪表线路，免费更换故障传感器。")
		act(t, ctx, "sign", "")
	}
	if got := text(t, ctx, `[data-testid=status]`); got != "部门经理已签字" {
		t.Errorf("after signing: status %q", got)
	}

	accept := chromedp.Click(chromedp.CSS(`[data-testid=act-revisit] [data-testid=answer-yes]`))
	switchUser(t, ctx, base, demo.Logins[3].Email) // the agent re-visits
	do(t, ctx, chromedp.Navigate(first))
	act(t, ctx, "revisit", "客户表示故障已排除，满意。", accept)
	do(t, ctx, chromedp.Navigate(second))
	act(t, ctx, "revisit", "客户称故障灯仍然亮。", chromedp.Click(chromedp.CSS(`[data-testid=act-revisit] [data-testid=answer-no]`)))
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid=child]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=status]`)))
	if got := text(t, ctx, `[data-testid=status]`); got != "已派发" {
		t.Errorf("the linked form: status %q, want 已派发 back to the department", got)
	}
	child, err := chromedp.Run(ctx, chromedp.Location())
	testkit.Must(t, err)

	switchUser(t, ctx, base, demo.Logins[1].Email) // the general manager sends the plan back
	do(t, ctx, chromedp.Navigate(first))
	act(t, ctx, "send_back", "请写明更换传感器后的质保期限。")
	if got := text(t, ctx, `[data-testid=current-step] strong`); got != "当前环节：填写处理方案。" {
		t.Errorf("after the send-back: current step %q, want the plan", got)
	}

	switchUser(t, ctx, base, demo.Logins[4].Email) // the manager, told, writes and signs it again
	do(t, ctx, chromedp.Navigate(base+"/notifications"), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	if got := text(t, ctx, `main`); !strings.Contains(got, "总经理退回了客诉 #"+first[strings.LastIndex(first, "/")+1:]) {
		t.Errorf("the manager's notifications %q lack the send-back", got)
	}
	do(t, ctx, chromedp.Navigate(first))
	act(t, ctx, "plan", "质保一年。")
	act(t, ctx, "sign", "")
	do(t, ctx, chromedp.Navigate(base+"/complaints?tab=to_handle"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=complaints]`)))
	id := child[strings.LastIndex(child, "/")+1:]
	if got := text(t, ctx, `[data-testid=complaints]`); !strings.Contains(got, fmt.Sprint(id)) {
		t.Errorf("the manager's queue %q lacks the linked form %s", got, id)
	}

	switchUser(t, ctx, base, demo.Logins[3].Email) // the agent re-visits again
	do(t, ctx, chromedp.Navigate(first))
	act(t, ctx, "revisit", "客户认可质保安排。", accept)

	switchUser(t, ctx, base, demo.Logins[1].Email) // the general manager approves
	do(t, ctx, chromedp.Navigate(first))
	act(t, ctx, "approve", "同意结案。")
	if got := text(t, ctx, `[data-testid=status]`); got != "已结案归档" {
		t.Errorf("after approval: status %q, want 已结案归档", got)
	}
	if got := text(t, ctx, `[data-testid=timeline]`); !strings.Contains(got, "总经理审批结案") || !strings.Contains(got, "部门经理签字") ||
		!strings.Contains(got, "请写明更换传感器后的质保期限。") {
		t.Errorf("timeline %q lacks the signature, the send-back's reason or the approval", got)
	}
	screenshot(t, ctx, "complaint-closed-zh-CN")
}
