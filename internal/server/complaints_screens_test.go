package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/testkit"
)

// complaintScreen is a complaint page as one person sees it, and what must be on the screen.
type complaintScreen struct {
	name string
	role auth.Role
	path string
	must string // selector of what must be seen within the window
}

// TestBrowser_ComplaintScreens: the complaint pages this workflow changed, as the people who use
// them see them, in both languages, on a desktop and at 390 px: the department manager's queues
// with their counts; a complaint a call opened, with its low answers and the dispatch form; the
// GM at final approval with the send-back beside it; the GM deciding an appeal, the void to
// confirm; and a plan sent back, waiting on a new one. Nothing scrolls sideways, and the
// controls are on the screen. Screenshots of each are left in tmp/screenshots.
func TestBrowser_ComplaintScreens(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	svc := complaintService(e)
	call := fmtID(openCallComplaint(t, e, e.clock.Add(-15*time.Minute)))
	walk(t, e, walkStep{auth.DeptManager, complaints.ActAssign, complaints.Input{HandlerID: e.A.Users[auth.Staff]}},
		walkStep{auth.Staff, complaints.ActContact, complaints.Input{Note: "已致电客户，约定明天到店复检。"}},
		walkStep{auth.Staff, complaints.ActPlan, complaints.Input{Plan: "免费复检并更换异响部件，赠送一次保养。"}},
		walkStep{auth.DeptManager, complaints.ActSign, complaints.Input{}},
		walkStep{auth.Agent, complaints.ActRevisit, complaints.Input{Yes: true, Note: "客户对处理结果表示满意。"}})
	c, err := svc.Get(ctx, e.A.TenantID, e.A.IDs["{complaintID}"])
	testkit.Must(t, err)
	open := func(text string) int64 {
		id, err := svc.Open(ctx, e.A.TenantID, actorOf(e.A, auth.Agent), complaints.Form{StoreID: e.A.StoreID, CustomerID: c.CustomerID,
			Departments: []int64{e.A.DepartmentID}, CategoryID: c.CategoryID, Severity: complaints.General, Channel: "hotline", Description: text})
		testkit.Must(t, err)
		return id
	}
	act := func(role auth.Role, id int64, a complaints.Action, in complaints.Input) {
		testkit.Must(t, svc.Act(ctx, e.A.TenantID, actorOf(e.A, role), id, a, in))
	}
	appealed := open("来电投诉：保养后发动机异响。")
	act(auth.Staff, appealed, complaints.ActAppeal, complaints.Input{Note: "异响系客户自行加装的配件所致，非本店责任。"})
	act(auth.DeptManager, appealed, complaints.ActReviewAppeal, complaints.Input{Note: "经核实情况属实。"})
	sentBack := open("来信：对更换刹车片的报价有疑问。")
	act(auth.DeptManager, sentBack, complaints.ActContact, complaints.Input{Note: "已致电客户解释报价。"})
	act(auth.DeptManager, sentBack, complaints.ActPlan, complaints.Input{Plan: "退还差价 200 元。"})
	act(auth.DeptManager, sentBack, complaints.ActSign, complaints.Input{})
	act(auth.Agent, sentBack, complaints.ActRevisit, complaints.Input{Yes: true, Note: "客户认可。"})
	act(auth.GM, sentBack, complaints.ActSendBack, complaints.Input{Note: "退款须先经财务核对金额，请补充。"})

	screens := []complaintScreen{
		{"complaints-queue-manager", auth.DeptManager, "/complaints", `[data-testid=tab-count], [data-testid=time-left]`},
		{"complaint-from-call", auth.Agent, "/complaints/" + call, `[data-testid=do-dispatch]`},
		{"complaint-approval-gm", auth.GM, path("/complaints/{complaintID}", e.A), `[data-testid=do-send_back], [data-testid=do-approve]`},
		{"complaint-appeal-gm", auth.GM, "/complaints/" + fmtID(appealed), `[data-testid=confirm-void], [data-testid=do-decide_appeal]`},
		{"complaint-sent-back-manager", auth.DeptManager, "/complaints/" + fmtID(sentBack), `[data-testid=do-plan]`},
	}
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		for _, role := range []auth.Role{auth.Agent, auth.DeptManager, auth.GM} {
			b := newBrowser(t, size.width, size.height)
			browserLogin(t, b, e.HTTP.URL, e.A.Emails[role], password)
			for _, lang := range []string{"zh-CN", "en"} {
				useLanguage(t, b, e.HTTP.URL, lang)
				for _, s := range screens {
					if s.role != role {
						continue
					}
					do(t, b, chromedp.Navigate(e.HTTP.URL+s.path), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
					if f := measure(t, b, s.must); f.Overflow > 0 || f.Outside > 0 || f.Seen == 0 {
						t.Errorf("%s (%s, %s): %+v, want no overflow and %s seen", s.name, lang, size.name, f, s.must)
					}
					screenshot(t, b, s.name+"-"+lang+"-"+size.name)
				}
			}
		}
	}
}
