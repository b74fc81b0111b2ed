package server_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/auth"
)

// navGroupLinks are the addresses of the links in the Admin entry of a page's menu, nil when
// the menu has no such entry.
func navGroupLinks(body string) []string {
	group := between(body, `data-testid="nav-admin"`, `</details>`)
	if group == "" {
		return nil
	}
	var out []string
	for _, m := range regexp.MustCompile(`<a href="([^"]*)"`).FindAllStringSubmatch(group, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestNav_AdminGroup: the settings pages, API keys among them, sit under one Admin entry for the
// group's administrator, the customer-service manager's under the same entry, and none for an
// agent; the notifications and the account are left to the top bar. The page shown is marked,
// and so is the entry that holds it.
func TestNav_AdminGroup(t *testing.T) {
	e := newEnv(t)
	for role, want := range map[auth.Role][]string{
		auth.Admin: {"/questionnaires", "/rules", "/scores/tiers", "/admin/stores", "/admin/users", "/complaints/policy", "/admin/calendars",
			"/admin/api-keys"},
		auth.CSManager: {"/questionnaires", "/rules"},
		auth.Staff:     nil,
	} {
		body := e.login(e.A.Emails[role]).get("/").Body
		if got := navGroupLinks(body); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: Admin entry %v, want %v", role, got, want)
		}
		nav := between(body, `data-testid="nav"`, `</nav>`)
		if strings.Contains(nav, `href="/notifications"`) || strings.Contains(nav, `href="/account"`) {
			t.Errorf("%s: the menu repeats the bell or the account", role)
		}
	}
	admin := e.login(e.A.Emails[auth.Admin])
	body := admin.get("/admin/api-keys").Body
	if !strings.Contains(body, `<details class="nav-group active" data-testid="nav-admin">`) ||
		!strings.Contains(body, `<a href="/admin/api-keys" class="active" aria-current="page">`) {
		t.Errorf("API keys page: want its link and the Admin entry marked")
	}
	tiers := between(admin.get("/scores/tiers").Body, `data-testid="nav"`, `</nav>`)
	if strings.Contains(tiers, `<a href="/scores" class="active"`) || !strings.Contains(tiers, `<a href="/scores/tiers" class="active"`) {
		t.Errorf("tiers page: want the tiers marked and not the scores")
	}
}

// TestNav_UnauthorizedNamesTheMenu: the API's 401 tells where in the menu a new key is made, in
// the words of the menu itself, in both languages.
func TestNav_UnauthorizedNamesTheMenu(t *testing.T) {
	e := newEnv(t)
	for _, lang := range languages {
		l := catalog(t, lang)
		p := decodeProblem(t, e.push("/api/v1/service-orders", "", batch(serviceOrder(1)), "Accept-Language", lang), 401)
		if where := l.T("nav.admin") + " → " + l.T("nav.api_keys"); !strings.Contains(p.Detail, where) ||
			!strings.Contains(p.Detail, "/admin/api-keys") {
			t.Errorf("%s: detail %q, want it to name %q and /admin/api-keys", lang, p.Detail, where)
		}
	}
}
