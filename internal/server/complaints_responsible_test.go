package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/testkit"
)

// nameResponsible posts the responsible person of group A's seeded form as c.
func nameResponsible(c *client, e *env, person string) response {
	return c.post(path("/complaints/{complaintID}", e.A)+"/responsible",
		url.Values{"from": {"dispatched"}, "responsible_id": {person}, "note": {"客户指名投诉"}})
}

// TestComplaints_ResponsiblePerson: the department head names the staff member the seeded
// grievance is against; the form, its timeline and the queue row show them. A person of
// another store or group, or no one, is refused at the field with nothing written; a staff
// member may not name anyone; another store's and another group's heads find no form.
func TestComplaints_ResponsiblePerson(t *testing.T) {
	e := newScopedEnv(t)
	manager := e.login(e.A.Emails[auth.DeptManager])
	form := path("/complaints/{complaintID}", e.A)
	if page := manager.get(form); !strings.Contains(page.Body, `data-testid="act-responsible"`) ||
		!strings.Contains(page.Body, `<option value="`+fmtID(e.A.Users[auth.Staff])+`">staff a</option>`) {
		t.Fatalf("form: want the responsible person's card offering the department's staff; body %.400s", page.Body)
	}
	for name, person := range map[string]string{
		"OtherGroup": fmtID(e.B.Users[auth.Staff]),
		"OtherStore": fmtID(e.A2.Users[auth.Staff]),
		"Agent":      fmtID(e.A.Users[auth.Agent]),
	} {
		res := nameResponsible(manager, e, person)
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="error-responsible_id"`) ||
			!strings.Contains(res.Body, "Choose staff or a manager of one of the form&#39;s departments.") {
			t.Errorf("%s: Status=%d, want 422 with the message at the field", name, res.Code)
		}
	}
	if res := nameResponsible(manager, e, ""); res.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `data-testid="error-responsible_id"`) {
		t.Errorf("no one: Status=%d, want 422 at the field", res.Code)
	}
	if page := manager.get(form); !strings.Contains(page.Body, `data-testid="responsible">No one<`) ||
		strings.Contains(page.Body, "Responsible person:") {
		t.Fatalf("after the refusals: want no one named and no event")
	}
	if res := nameResponsible(e.login(e.A.Emails[auth.Staff]), e, fmtID(e.A.Users[auth.Staff])); res.Code != http.StatusForbidden ||
		!strings.Contains(res.Body, `data-testid="problem"`) {
		t.Errorf("staff: Status=%d, want 403 with the message on the form", res.Code)
	}
	for _, other := range []string{e.A2.Emails[auth.DeptManager], e.B.Emails[auth.DeptManager]} {
		if res := nameResponsible(e.login(other), e, fmtID(e.A.Users[auth.Staff])); res.Code != http.StatusNotFound {
			t.Errorf("%s: Status=%d, want 404", other, res.Code)
		}
	}

	if res := nameResponsible(manager, e, fmtID(e.A.Users[auth.Staff])); res.Code != http.StatusSeeOther {
		t.Fatalf("name: Status=%d, want 303; body %.300s", res.Code, res.Body)
	}
	page := manager.get(form)
	if !strings.Contains(page.Body, `data-testid="responsible">staff a<`) ||
		!strings.Contains(page.Body, "Responsible person: No one → staff a") {
		t.Errorf("form after naming: want staff a shown and the change on the timeline")
	}
	if queue := manager.get("/complaints?tab=to_assign"); !strings.Contains(queue.Body, "Against: staff a") {
		t.Errorf("queue row: want the responsible person")
	}
}

// closeSeededComplaint takes group A's seeded grievance to the GM's final approval over HTTP,
// each step by the person whose it is.
func closeSeededComplaint(t *testing.T, e *env) {
	t.Helper()
	form := path("/complaints/{complaintID}", e.A)
	for _, step := range []struct {
		who    auth.Role
		action string
		form   url.Values
	}{
		{auth.DeptManager, "assign", url.Values{"handler_id": {fmtID(e.A.Users[auth.Staff])}}},
		{auth.Staff, "contact", url.Values{"note": {"已致电客户"}}},
		{auth.Staff, "plan", url.Values{"plan": {"致歉并赠送保养一次"}}},
		{auth.DeptManager, "sign", nil},
		{auth.Agent, "revisit", url.Values{"yes": {"true"}, "note": {"客户满意"}}},
		{auth.GM, "approve", url.Values{"note": {"同意结案"}}},
	} {
		if res := e.login(e.A.Emails[step.who]).post(form+"/"+step.action, step.form); res.Code != http.StatusSeeOther {
			t.Fatalf("%s: Status=%d, want 303; body %.300s", step.action, res.Code, res.Body)
		}
	}
}

// TestComplaintStats_ResponsiblePerson: once the GM approves the closed grievance, the month's
// statistics count it against the staff member named, with their employee number.
func TestComplaintStats_ResponsiblePerson(t *testing.T) {
	e := newEnv(t)
	staff := e.A.Users[auth.Staff]
	as := auth.NewService(e.DB.App, 0, 0)
	testkit.Must(t, as.UpdateUser(context.Background(), e.A.TenantID, e.A.Users[auth.Admin], staff, auth.UserUpdate{
		Email: e.A.Emails[auth.Staff], Name: "staff a", Locale: "en", Active: true, EmployeeNo: "A-0042"}))
	manager := e.login(e.A.Emails[auth.DeptManager])
	if res := nameResponsible(manager, e, fmtID(staff)); res.Code != http.StatusSeeOther {
		t.Fatalf("name: Status=%d, want 303", res.Code)
	}
	stats := "/complaints/stats?store=" + fmtID(e.A.StoreID) + "&month=" + e.now().Format("2006-01")
	gm := e.login(e.A.Emails[auth.GM])
	if page := gm.get(stats); !strings.Contains(page.Body, `data-testid="cstats-no-responsible"`) {
		t.Errorf("before the approval: want no one counted")
	}
	closeSeededComplaint(t, e)
	page := gm.get(stats)
	table := page.Body[strings.Index(page.Body, `data-testid="cstats-responsible"`)+1:]
	if !strings.Contains(page.Body, `data-testid="cstats-responsible"`) || !strings.Contains(table, "staff a") ||
		!strings.Contains(table, "A-0042") || !strings.Contains(table, `<td class="num">1</td>`) {
		t.Errorf("statistics: want staff a (A-0042) counted once")
	}
}

// screenSizes are the widths every new page is looked at: a desktop and a 390 px phone.
var screenSizes = []struct {
	name          string
	width, height int64
}{{"desktop", 1280, 900}, {"phone", 390, 844}}

// TestBrowser_ResponsiblePerson: the department head names the staff member the grievance is
// against in the browser; the form and the queue show them, and the timeline the change;
// choosing the same person again is refused at the field; once the form is closed the month's
// statistics count it against them: in both languages, on a desktop and at 390 px.
func TestBrowser_ResponsiblePerson(t *testing.T) {
	e := newEnv(t)
	form := e.HTTP.URL + path("/complaints/{complaintID}", e.A)
	card := `[data-testid=act-responsible] `
	var browsers []context.Context
	for i, size := range screenSizes {
		ctx := newBrowser(t, size.width, size.height)
		browsers = append(browsers, ctx)
		browserLogin(t, ctx, e.HTTP.URL, e.A.Emails[auth.DeptManager], password)
		if i == 0 {
			do(t, ctx, chromedp.Navigate(form))
			act(t, ctx, "responsible", "客户指名投诉", chromedp.SetValue(chromedp.CSS(card+`select[name=responsible_id]`), fmtID(e.A.Users[auth.Staff])))
		}
		for _, lang := range []string{"zh-CN", "en"} {
			name := lang + "-" + size.name
			useLanguage(t, ctx, e.HTTP.URL, lang)
			do(t, ctx, chromedp.Navigate(form), chromedp.WaitVisible(chromedp.CSS(`[data-testid=responsible]`)))
			if got := text(t, ctx, `[data-testid=responsible]`); got != "staff a" {
				t.Errorf("%s: responsible person %q, want staff a", name, got)
			}
			want := map[string]string{"zh-CN": "被投诉人：无 → staff a", "en": "Responsible person: No one → staff a"}[lang]
			if got := text(t, ctx, `[data-testid=timeline]`); !strings.Contains(got, want) {
				t.Errorf("%s: timeline %q, want %q", name, got, want)
			}
			screenshot(t, ctx, "complaint-responsible-"+name)
			do(t, ctx, chromedp.Navigate(e.HTTP.URL+"/complaints?tab=to_assign"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=complaints] [data-testid=responsible]`)))
			screenshot(t, ctx, "complaints-queue-responsible-"+name)
		}
		do(t, ctx, chromedp.Navigate(form), chromedp.SetValue(chromedp.CSS(card+`select[name=responsible_id]`), fmtID(e.A.Users[auth.Staff])),
			chromedp.Click(chromedp.CSS(`[data-testid=do-responsible]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=error-responsible_id]`)))
		if got := text(t, ctx, `[data-testid=error-responsible_id]`); !strings.Contains(got, "already the responsible person") {
			t.Errorf("%s: the same person again: error %q", size.name, got)
		}
		screenshot(t, ctx, "complaint-responsible-refused-en-"+size.name)
	}
	closeSeededComplaint(t, e)
	stats := e.HTTP.URL + "/complaints/stats?store=" + fmtID(e.A.StoreID) + "&month=" + e.now().Format("2006-01")
	for i, ctx := range browsers {
		for _, lang := range []string{"zh-CN", "en"} {
			name := lang + "-" + screenSizes[i].name
			useLanguage(t, ctx, e.HTTP.URL, lang)
			do(t, ctx, chromedp.Navigate(stats), chromedp.WaitVisible(chromedp.CSS(`[data-testid=cstats-responsible]`)))
			if got := text(t, ctx, `[data-testid=cstats-responsible] tbody`); !strings.Contains(got, "staff a") {
				t.Errorf("%s: statistics %q, want staff a", name, got)
			}
			screenshot(t, ctx, "complaint-stats-responsible-"+name)
		}
	}
}
