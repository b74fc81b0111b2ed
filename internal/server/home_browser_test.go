package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/testkit"
)

// homeRoles are the demo people whose start pages the browser test visits: each role's section
// and, for each, one count to follow to its list, whose tab must show the same number.
var homeRoles = []struct {
	name    string
	login   int
	section string
	follow  string // a count's test id
	tab     string // the tab of the list it leads to
}{
	{"agent", 3, "home-agent", "count-calls-due", "tab-due"},
	{"manager", 4, "home-manager", "count-complaints-to_assign", "tab-to_assign"},
	{"gm", 1, "home-gm", "count-complaints-to_approve", "tab-to_approve"},
	{"csm", 2, "home-cs", "count-complaints-to_revisit", "tab-to_revisit"},
	{"staff", 5, "home-staff", "count-complaints-mine", "tab-mine"},
	{"admin", 0, "no-work", "", ""},
}

// TestBrowser_HomePages: each demo role's start page, in both languages, on a desktop and on a
// phone, answers 200 with its section and counts; a count followed leads to a list whose tab
// shows the same number. Screenshots of each, and of the notifications with the header's count.
func TestBrowser_HomePages(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		for _, r := range homeRoles {
			ctx := newBrowser(t, size.width, size.height)
			browserLogin(t, ctx, e.HTTP.URL, demo.Logins[r.login].Email, demo.Password)
			for _, lang := range []string{"zh-CN", "en"} {
				useLanguage(t, ctx, e.HTTP.URL, lang)
				name := r.name + "-" + lang + "-" + size.name
				homePage(t, ctx, e.HTTP.URL, name, r.section)
				screenshot(t, ctx, "home-"+name)
				if r.follow != "" {
					followCount(t, ctx, name, r.follow, r.tab)
				}
				if r.name == "manager" {
					do(t, ctx, chromedp.Navigate(e.HTTP.URL+"/notifications"), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
					if code := pageStatus(t, ctx); code != http.StatusOK {
						t.Errorf("notifications (%s): Status=%d, want 200", name, code)
					}
					screenshot(t, ctx, "notifications-"+name)
				}
			}
		}
	}
}

// homePage opens the start page and checks it answered 200 with the role's section.
func homePage(t *testing.T, ctx context.Context, base, name, section string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=welcome]`)))
	if code := pageStatus(t, ctx); code != http.StatusOK {
		t.Fatalf("home (%s): Status=%d, want 200", name, code)
	}
	if got := text(t, ctx, `[data-testid=`+section+`]`); got == "" {
		t.Errorf("home (%s): the %s section is empty", name, section)
	}
}

// followCount clicks a count of the start page and checks the list's tab shows the same number.
func followCount(t *testing.T, ctx context.Context, name, count, tab string) {
	t.Helper()
	n := text(t, ctx, `[data-testid=`+count+`] [data-testid=count]`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid=`+count+`]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=`+tab+`]`)))
	if got := text(t, ctx, `[data-testid=`+tab+`] .count`); strings.TrimSpace(got) != strings.TrimSpace(n) {
		t.Errorf("%s: the start page counts %s for %s, its list's tab shows %s", name, n, count, got)
	}
}
