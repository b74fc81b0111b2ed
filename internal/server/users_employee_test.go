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

// newUserValues is the new-user form of a person with an employee number.
func newUserValues(email, employeeNo string) url.Values {
	return url.Values{"name": {"李娜"}, "email": {email}, "locale": {"zh-CN"}, "password": {"correct-horse"},
		"employee_no": {employeeNo}}
}

// TestUsers_EmployeeNumber: the administrator gives a new person an employee number, which the
// list shows and its search finds; a number with a space, one too long and one another person
// has are refused at the field and nothing is saved; the number is changed and cleared on the
// user's page; another group's administrator finds no such person.
func TestUsers_EmployeeNumber(t *testing.T) {
	e := newEnv(t)
	admin := e.login(e.A.Emails[auth.Admin])
	if page := admin.get("/admin/users/new"); !strings.Contains(page.Body, `name="employee_no"`) {
		t.Fatalf("new-user form: want the employee number field")
	}
	as := auth.NewService(e.DB.App, 0, 0)
	staff := e.A.Users[auth.Staff]
	testkit.Must(t, as.UpdateUser(context.Background(), e.A.TenantID, e.A.Users[auth.Admin], staff, auth.UserUpdate{
		Email: e.A.Emails[auth.Staff], Name: "staff a", Locale: "en", Active: true, EmployeeNo: "HZ-0007"}))
	for name, tc := range map[string]struct{ no, message string }{
		"Space":   {"HZ 0001", "Use letters, digits and - _ . / only."},
		"TooLong": {strings.Repeat("9", 41), "Too long."},
		"Taken":   {"HZ-0007", "Another person already has this employee number."},
	} {
		res := admin.post("/admin/users", newUserValues("li.na@example.com", tc.no))
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="error-employee_no"`) ||
			!strings.Contains(res.Body, tc.message) {
			t.Errorf("%s: Status=%d, want 422 with %q at the field", name, res.Code, tc.message)
		}
	}
	if list := admin.get("/admin/users?q=li.na"); strings.Contains(list.Body, "li.na@example.com") {
		t.Fatalf("a refused form created the user")
	}
	res := admin.post("/admin/users", newUserValues("li.na@example.com", " HZ-0012 "))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("create: Status=%d, want 303; body %.300s", res.Code, res.Body)
	}
	userPage := res.Header.Get("Location")
	list := admin.get("/admin/users?q=hz-0012")
	if !strings.Contains(list.Body, "li.na@example.com") || !strings.Contains(list.Body, `data-testid="employee-no">HZ-0012<`) {
		t.Errorf("search by employee number: want the person with HZ-0012")
	}

	edit := url.Values{"name": {"李娜"}, "email": {"li.na@example.com"}, "locale": {"zh-CN"}, "active": {"true"}, "employee_no": {"HZ-0007"}}
	if res := admin.post(userPage, edit); res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="error-employee_no"`) {
		t.Errorf("edit to a taken number: Status=%d, want 422 at the field", res.Code)
	}
	edit.Set("employee_no", "HZ-0013")
	if res := admin.post(userPage, edit); res.Code != http.StatusSeeOther {
		t.Fatalf("edit: Status=%d, want 303", res.Code)
	}
	if page := admin.get(userPage); !strings.Contains(page.Body, `value="HZ-0013"`) {
		t.Errorf("user page: want HZ-0013 in the form")
	}
	edit.Set("employee_no", "")
	if res := admin.post(userPage, edit); res.Code != http.StatusSeeOther {
		t.Fatalf("clear: Status=%d, want 303", res.Code)
	}
	if list := admin.get("/admin/users?q=li.na"); !strings.Contains(list.Body, `data-testid="employee-no"><`) {
		t.Errorf("list after clearing: want no employee number")
	}
	if res := e.login(e.B.Emails[auth.Admin]).get(userPage); res.Code != http.StatusNotFound {
		t.Errorf("another group's administrator: Status=%d, want 404", res.Code)
	}
}

// TestBrowser_EmployeeNumber: the administrator's user page and list show the employee number,
// and a bad one is refused at its field, in both languages, on a desktop and at 390 px.
func TestBrowser_EmployeeNumber(t *testing.T) {
	e := newEnv(t)
	staff := e.A.Users[auth.Staff]
	testkit.Must(t, auth.NewService(e.DB.App, 0, 0).UpdateUser(context.Background(), e.A.TenantID, e.A.Users[auth.Admin], staff,
		auth.UserUpdate{Email: e.A.Emails[auth.Staff], Name: "staff a", Locale: "en", Active: true, EmployeeNo: "HZ-0007"}))
	userPage := e.HTTP.URL + "/admin/users/" + fmtID(staff)
	for _, size := range screenSizes {
		ctx := newBrowser(t, size.width, size.height)
		browserLogin(t, ctx, e.HTTP.URL, e.A.Emails[auth.Admin], password)
		for _, lang := range []string{"zh-CN", "en"} {
			name := lang + "-" + size.name
			useLanguage(t, ctx, e.HTTP.URL, lang)
			do(t, ctx, chromedp.Navigate(e.HTTP.URL+"/admin/users?q=staff"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=users-table]`)))
			if size.name == "desktop" && text(t, ctx, `[data-testid=employee-no]`) != "HZ-0007" {
				t.Errorf("%s: list without the employee number", name)
			}
			screenshot(t, ctx, "users-employee-no-"+name)
			do(t, ctx, chromedp.Navigate(userPage), chromedp.WaitVisible(chromedp.CSS(`[data-testid=user-edit]`)),
				chromedp.SetValue(chromedp.CSS(`[data-testid=user-edit] input[name=employee_no]`), "HZ 0007"),
				chromedp.Click(chromedp.CSS(`[data-testid=user-save]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=error-employee_no]`)))
			want := map[string]string{"zh-CN": "只能使用字母、数字", "en": "Use letters, digits"}[lang]
			if got := text(t, ctx, `[data-testid=error-employee_no]`); !strings.Contains(got, want) {
				t.Errorf("%s: error %q, want %q", name, got, want)
			}
			screenshot(t, ctx, "user-employee-no-"+name)
		}
	}
}
