package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// secondStore gives group A a second store, with its standard departments, and returns it and
// its departments.
func secondStore(t *testing.T, e *env) (tenancy.Store, []tenancy.Department) {
	t.Helper()
	ctx := context.Background()
	ts := &tenancy.Service{DB: e.DB.App}
	st := tenancy.NewStore()
	st.Name = "Store a2"
	testkit.Must(t, ts.CreateStore(ctx, e.A.TenantID, &st))
	deps, err := ts.Departments(ctx, e.A.TenantID, st.ID)
	testkit.Must(t, err)
	if len(deps) == 0 {
		t.Fatal("the second store has no departments")
	}
	return st, deps
}

// optgroup returns the markup of the department select's group of the store, or "".
func optgroup(body, storeName string, storeID int64) string {
	open := fmt.Sprintf(`<optgroup label="%s" data-store="%d">`, storeName, storeID)
	i := strings.Index(body, open)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	return rest[:strings.Index(rest, "</optgroup>")+len("</optgroup>")]
}

func optionOf(id int64) string { return fmt.Sprintf(`<option value="%d"`, id) }

// getUserPage opens a user's page as the admin and stops the test, saying why, unless it opens.
func getUserPage(t *testing.T, c *client, userPath string) string {
	t.Helper()
	res := c.get(userPath)
	if res.Code == http.StatusForbidden {
		t.Fatalf("GET %s as the fixture's admin: 403; the admin cannot reach the user pages", userPath)
	}
	if res.Code != http.StatusOK {
		t.Fatalf("GET %s: Status=%d, want 200; %.300s", userPath, res.Code, res.Body)
	}
	return res.Body
}

// TestMembershipForm_DepartmentsByStore: the admin's user page groups the departments per store,
// under the store's name, and explains what a role with and without a store means, in both
// languages.
func TestMembershipForm_DepartmentsByStore(t *testing.T) {
	e := newEnv(t)
	st2, deps2 := secondStore(t, e)
	c := e.login(e.A.Emails[auth.Admin])
	userPath := path("/admin/users/{userID}", e.A)
	body := getUserPage(t, c, userPath)

	first, second := optgroup(body, "Store a", e.A.StoreID), optgroup(body, st2.Name, st2.ID)
	if first == "" || second == "" {
		t.Fatalf("department select: want an optgroup per store (Store a, %s); form: %s", st2.Name, formOf(body))
	}
	if !strings.Contains(first, optionOf(e.A.DepartmentID)) || strings.Contains(second, optionOf(e.A.DepartmentID)) {
		t.Errorf("store a's department %d: want it in store a's group only", e.A.DepartmentID)
	}
	for _, d := range deps2 {
		if !strings.Contains(second, optionOf(d.ID)) || strings.Contains(first, optionOf(d.ID)) {
			t.Errorf("department %d of %s: want it in that store's group only", d.ID, st2.Name)
		}
	}
	if strings.Contains(body, optgroupOfStore(e.B.StoreID)) {
		t.Error("the page lists a group of another dealer group's store")
	}
	if !strings.Contains(body, `data-store-of="f-store_id"`) {
		t.Error("department select: want data-store-of naming the store select, for app.js")
	}
	for _, want := range []string{
		`<option value="0" selected>All stores (whole group)</option>`,
		"A role with a store applies in that store only.",
		"only general managers, customer-service managers and administrators may hold one.",
		"Department managers and responsible staff also choose one department of the store.",
		`aria-describedby="h-store_id"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("user page (en) lacks %q", want)
		}
	}

	if res := c.post("/locale", url.Values{"lang": {"zh-CN"}, "return": {userPath}}); res.Code != http.StatusSeeOther {
		t.Fatalf("switch to zh-CN: Status=%d, want 303", res.Code)
	}
	body = getUserPage(t, c, userPath)
	for _, want := range []string{
		"全部门店（整个集团）",
		"选了门店的角色只在该门店有效",
		"只有总经理、客服经理和系统管理员可以这样持有",
		"部门经理和责任人还须选择该门店的一个部门",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("user page (zh-CN) lacks %q", want)
		}
	}
	if optgroup(body, st2.Name, st2.ID) == "" {
		t.Error("user page (zh-CN): want the second store's optgroup")
	}
}

func optgroupOfStore(id int64) string { return fmt.Sprintf(`data-store="%d"`, id) }

// formOf cuts the role form out of a page, for failure messages.
func formOf(body string) string {
	i := strings.Index(body, `data-testid="membership-form"`)
	if i < 0 {
		return "(no membership form)"
	}
	rest := body[i:]
	if j := strings.Index(rest, "</form>"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// TestMembershipForm_DepartmentOfOtherStore: a department of another store of the same group is
// refused at the department field (422) and gives no role; a role for the whole group is listed
// as "All stores".
func TestMembershipForm_DepartmentOfOtherStore(t *testing.T) {
	e := newEnv(t)
	_, deps2 := secondStore(t, e)
	c := e.login(e.A.Emails[auth.Admin])
	userPath := path("/admin/users/{userID}", e.A)
	getUserPage(t, c, userPath)
	as := auth.NewService(e.DB.App, time.Hour, time.Hour)
	_, before, err := as.User(context.Background(), e.A.TenantID, e.A.Users[auth.Agent])
	testkit.Must(t, err)

	res := c.post(userPath+"/memberships", url.Values{"role": {"staff"}, "store_id": {fmt.Sprint(e.A.StoreID)},
		"department_id": {fmt.Sprint(deps2[0].ID)}})
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("staff of store a with a department of store a2: Status=%d, want 422; %.300s", res.Code, res.Body)
	}
	if !strings.Contains(res.Body, `data-testid="error-department_id">Choose a department of the chosen store.`) {
		t.Errorf("want the message at the department field; form: %s", formOf(res.Body))
	}
	if !strings.Contains(res.Body, `<option value="`+fmt.Sprint(e.A.StoreID)+`" selected>`) {
		t.Error("the refused form: want the chosen store kept")
	}
	_, after, err := as.User(context.Background(), e.A.TenantID, e.A.Users[auth.Agent])
	testkit.Must(t, err)
	if len(after) != len(before) {
		t.Errorf("memberships: %d after the refused form, want %d", len(after), len(before))
	}

	res = c.post(userPath+"/memberships", url.Values{"role": {"gm"}, "store_id": {"0"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("gm for the whole group: Status=%d, want 303; %.300s", res.Code, res.Body)
	}
	body := getUserPage(t, c, userPath)
	i := strings.Index(body, `data-testid="memberships"`)
	list := body[i : i+strings.Index(body[i:], "</ul>")]
	if !strings.Contains(list, "General manager") || !strings.Contains(list, "All stores") {
		t.Errorf("memberships: want the whole-group role listed as All stores; %s", list)
	}
}

// TestBrowser_MembershipForm: on the demo general manager's page (a role for the whole group),
// app.js offers the departments of the chosen store only, and none for the whole group; it
// leaves a screenshot of the page in both languages on a desktop and a phone.
func TestBrowser_MembershipForm(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	var gmID int64
	tx, err := e.DB.Owner.Pool.Begin(context.Background())
	testkit.Must(t, err)
	defer tx.Rollback(context.Background())
	var tenantID int64
	testkit.Must(t, tx.QueryRow(context.Background(), `SELECT tenant_id FROM login_emails WHERE email = $1`, demo.Logins[1].Email).Scan(&tenantID))
	testkit.Must(t, postgres.SetTenant(context.Background(), tx, tenantID))
	testkit.Must(t, tx.QueryRow(context.Background(), `SELECT id FROM users WHERE email = $1`, demo.Logins[1].Email).Scan(&gmID))
	testkit.Must(t, tx.Rollback(context.Background()))
	// shown reports the store ids of the department groups app.js leaves enabled, and the
	// chosen department.
	const shown = `(() => {
		const d = document.getElementById("f-department_id");
		const on = [...d.querySelectorAll("optgroup")].filter(g => !g.disabled && !g.hidden).map(g => g.dataset.store);
		return on.join(",") + " | " + d.value;
	})()`
	const chooseStore = `(() => {
		const s = document.getElementById("f-store_id");
		s.selectedIndex = %d;
		s.dispatchEvent(new Event("change", {bubbles: true}));
		return s.value;
	})()`
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		ctx := newBrowser(t, size.width, size.height)
		browserLogin(t, ctx, e.HTTP.URL, demo.Logins[0].Email, demo.Password)
		for _, lang := range []string{"zh-CN", "en"} {
			useLanguage(t, ctx, e.HTTP.URL, lang)
			do(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/admin/users/%d", e.HTTP.URL, gmID)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=membership-form]`)))
			if got, err := chromedp.Run(ctx, chromedp.Evaluate[string](shown)); err != nil || got != " | 0" {
				t.Errorf("%s %s, whole group chosen: groups and department %q (err %v), want none", lang, size.name, got, err)
			}
			store, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(chooseStore, 1)))
			testkit.Must(t, err)
			if got, err := chromedp.Run(ctx, chromedp.Evaluate[string](shown)); err != nil || got != store+" | 0" {
				t.Errorf("%s %s, store %s chosen: groups and department %q (err %v), want that store's only", lang, size.name, store, got, err)
			}
			// A department of the first store is dropped when another store is chosen.
			do(t, ctx, chromedp.Evaluate[chromedp.Void](`void (document.getElementById("f-department_id").selectedIndex = 1)`))
			other, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(chooseStore, 2)))
			testkit.Must(t, err)
			if got, err := chromedp.Run(ctx, chromedp.Evaluate[string](shown)); err != nil || got != other+" | 0" {
				t.Errorf("%s %s, store %s chosen after a department of %s: %q (err %v), want its groups only and no department",
					lang, size.name, other, store, got, err)
			}
			if got := text(t, ctx, `[data-testid=memberships]`); !strings.Contains(got, map[string]string{"zh-CN": "全部门店", "en": "All stores"}[lang]) {
				t.Errorf("%s: memberships %q, want the whole-group role as all stores", lang, got)
			}
			_, err = chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(chooseStore, 1)))
			testkit.Must(t, err)
			screenshot(t, ctx, "user-memberships-"+lang+"-"+size.name)
			// The same with the department select drawn as an open list, to show what it offers.
			do(t, ctx, chromedp.Evaluate[chromedp.Void](`void (document.getElementById("f-department_id").size = 10)`))
			screenshot(t, ctx, "user-memberships-departments-"+lang+"-"+size.name)
		}
	}
}
