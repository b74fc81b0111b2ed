package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestBrowser_PauseAndResume: the handler of the seeded grievance pauses first contact with a
// reason, in each language and on a desktop and at 390 px: the form then says it is paused, why,
// and how much business time was left, the department manager's paused queue lists it, and
// resuming brings back the time left and puts the resume on the timeline. Nothing scrolls
// sideways; screenshots of the paused form, the paused queue and the policy page are left for
// each.
func TestBrowser_PauseAndResume(t *testing.T) {
	e := newEnv(t)
	walk(t, e, walkStep{auth.DeptManager, complaints.ActAssign, complaints.Input{HandlerID: e.A.Users[auth.Staff]}})
	reasons, err := complaintService(e).PauseReasons(context.Background(), e.A.TenantID)
	testkit.Must(t, err)
	form := e.HTTP.URL + path("/complaints/{complaintID}", e.A)
	words := map[string]struct{ reason, left, resumed string }{
		"zh-CN": {reasons[0].NameZH, "工作时间剩余", "恢复计时"},
		"en":    {reasons[0].NameEN, "business time left", "resumed after"},
	}
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		staff, manager, admin := newBrowser(t, size.width, size.height), newBrowser(t, size.width, size.height), newBrowser(t, size.width, size.height)
		browserLogin(t, staff, e.HTTP.URL, e.A.Emails[auth.Staff], password)
		browserLogin(t, manager, e.HTTP.URL, e.A.Emails[auth.DeptManager], password)
		browserLogin(t, admin, e.HTTP.URL, e.A.Emails[auth.Admin], password)
		for _, lang := range []string{"zh-CN", "en"} {
			w, shot := words[lang], "-"+lang+"-"+size.name
			for _, b := range []context.Context{staff, manager, admin} {
				useLanguage(t, b, e.HTTP.URL, lang)
			}
			do(t, staff, chromedp.Navigate(form))
			act(t, staff, "pause", "客户下周回国后再联系", chromedp.SetValue(chromedp.CSS(`select[name=reason_id]`), fmtID(reasons[0].ID)))
			if got := text(t, staff, `[data-testid=paused-reason]`); !strings.Contains(got, w.reason) {
				t.Errorf("%s: paused form says %q, want the reason %q", shot, got, w.reason)
			}
			if got := text(t, staff, `[data-testid=time-left]`); !strings.Contains(got, w.left) {
				t.Errorf("%s: time left %q, want %q", shot, got, w.left)
			}
			checkFits(t, staff, "complaint-paused"+shot, `[data-testid=paused], [data-testid=do-resume]`)
			do(t, manager, chromedp.Navigate(e.HTTP.URL+"/complaints?tab=paused"))
			if got := text(t, manager, `[data-testid=paused-reason]`); got != w.reason {
				t.Errorf("%s: paused queue says %q, want %q", shot, got, w.reason)
			}
			checkFits(t, manager, "complaints-paused-queue"+shot, `[data-testid=paused], [data-testid=time-left]`)
			do(t, admin, chromedp.Navigate(e.HTTP.URL+"/complaints/policy"))
			checkFits(t, admin, "complaint-policy-business"+shot, `[data-testid=save-policy], [data-testid=save-reasons]`)
			act(t, staff, "resume", "")
			if got := text(t, staff, `[data-testid=timeline]`); !strings.Contains(got, w.resumed) {
				t.Errorf("%s: timeline %q, want the resume", shot, got)
			}
			if got := text(t, staff, `[data-testid=time-left]`); !strings.Contains(got, w.left) {
				t.Errorf("%s: resumed: time left %q, want %q", shot, got, w.left)
			}
			checkFits(t, staff, "complaint-resumed"+shot, `[data-testid=time-left], [data-testid=do-pause]`)
		}
	}
}

// checkFits checks that the page does not scroll sideways and shows what sel finds, and leaves a
// screenshot named name.
func checkFits(t *testing.T, ctx context.Context, name, sel string) {
	t.Helper()
	if f := measure(t, ctx, sel); f.Overflow > 0 || f.Outside > 0 || f.Seen == 0 {
		t.Errorf("%s: %+v, want no overflow and %s seen", name, f, sel)
	}
	screenshot(t, ctx, name)
}
