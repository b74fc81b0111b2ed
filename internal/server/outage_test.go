package server_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/testkit"
)

// newOutageEnv is newEnv with the application reaching the database through a proxy that the
// test cuts and restores: an outage of the database, in-process.
func newOutageEnv(t *testing.T) (*env, *testkit.Proxy) {
	t.Helper()
	db := pgtest.MustOpenDB(t)
	proxy, through := testkit.ProxyTo(t, db.AppURL)
	pool, err := postgres.Open(context.Background(), through)
	testkit.Must(t, err)
	t.Cleanup(pool.Close)
	return newEnvOn(t, db, pool), proxy
}

// catalog is a language of the catalogs, for the texts a test expects.
func catalog(t *testing.T, lang string) *i18n.Localizer {
	t.Helper()
	bundle, err := i18n.New()
	testkit.Must(t, err)
	return bundle.Localizer(lang)
}

// checkUnavailablePage fails the test unless res is the friendly 503 page in lang, with
// Retry-After, offering to try retry again, and with the session cookie left alone.
func checkUnavailablePage(t *testing.T, res response, lang, retry string) {
	t.Helper()
	l := catalog(t, lang)
	if res.Code != http.StatusServiceUnavailable {
		t.Fatalf("Status=%d, want 503; body %.300s", res.Code, res.Body)
	}
	if got := res.Header.Get("Retry-After"); got != "5" {
		t.Errorf("Retry-After=%q, want 5", got)
	}
	for _, want := range []string{`lang="` + lang + `"`, l.T("status.503.title"), html.EscapeString(l.T("status.503.text")),
		`href="` + html.EscapeString(retry) + `" class="button primary" data-testid="status-retry">` + l.T("status.retry")} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("page lacks %q; body %.1000s", want, res.Body)
		}
	}
	for _, c := range res.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "csidesk_session=") {
			t.Errorf("Set-Cookie %q, want the session cookie kept", c)
		}
	}
}

// untilUp asks again until the database answers, as a client told Retry-After would, and
// returns the first answer that is not a 503: a connection of the pool broken by the outage may
// fail one more request before the pool drops it.
func untilUp(ask func() response) response {
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if res := ask(); res.Code != http.StatusServiceUnavailable || time.Now().After(deadline) {
			return res
		}
	}
}

// TestOutage_Pages: while the database is away, a logged-in user's pages and forms answer 503
// with Retry-After and the friendly page in the browser's language (the language cookie, else
// Accept-Language), and the session cookie is kept; nothing of a form sent then is saved, and
// the same cookie works again once the database is back.
func TestOutage_Pages(t *testing.T) {
	e, proxy := newOutageEnv(t)
	c := e.login(e.A.Emails[auth.Agent])
	base, _ := url.Parse(e.HTTP.URL)
	before, customers := c.c.Jar.Cookies(base), countRows(t, e, e.A, "customers")
	proxy.Cut()
	t.Run("AcceptLanguage", func(t *testing.T) {
		checkUnavailablePage(t, c.get("/worklist", "Accept-Language", "en-GB,en;q=0.9"), "en", "/worklist")
		checkUnavailablePage(t, c.get("/customers?q=13", "Accept-Language", "zh-CN,zh;q=0.9"), "zh-CN", "/customers?q=13")
	})
	t.Run("LanguageCookie", func(t *testing.T) {
		c.c.Jar.SetCookies(base, []*http.Cookie{{Name: "csidesk_lang", Value: "zh-CN", Path: "/"}})
		checkUnavailablePage(t, c.get("/worklist", "Accept-Language", "en"), "zh-CN", "/worklist")
	})
	t.Run("Form", func(t *testing.T) {
		form := url.Values{"name": {"停电客户"}, "phone": {"13900001111"}}
		res := c.post("/customers", form, "Referer", e.HTTP.URL+"/customers/new")
		checkUnavailablePage(t, res, "zh-CN", "/customers/new")
	})
	proxy.Restore()
	if res := untilUp(func() response { return c.get("/worklist") }); res.Code != http.StatusOK {
		t.Fatalf("after the outage: Status=%d, want 200 with the same session; body %.300s", res.Code, res.Body)
	}
	if after := c.c.Jar.Cookies(base); !strings.Contains(cookieLine(after), cookieLine(before)) {
		t.Errorf("cookies after the outage %v, want the session of before %v", after, before)
	}
	if n := countRows(t, e, e.A, "customers"); n != customers {
		t.Errorf("customers=%d after a form sent while the database was away, want %d", n, customers)
	}
}

// cookieLine is the session cookie among cookies, as name=value.
func cookieLine(cookies []*http.Cookie) string {
	for _, c := range cookies {
		if c.Name == "csidesk_session" {
			return c.Name + "=" + c.Value
		}
	}
	return "no session"
}

// TestOutage_Login: a login while the database is away answers 503 with Retry-After and the
// friendly page, not a failed login; once it is back the same login succeeds.
func TestOutage_Login(t *testing.T) {
	e, proxy := newOutageEnv(t)
	form := url.Values{"email": {e.A.Emails[auth.Agent]}, "password": {password}}
	proxy.Cut()
	res := e.client().post("/login", form, "Accept-Language", "en", "Referer", e.HTTP.URL+"/login")
	checkUnavailablePage(t, res, "en", "/login")
	proxy.Restore()
	if res := untilUp(func() response { return e.client().post("/login", form) }); res.Code != http.StatusSeeOther {
		t.Errorf("login after the outage: Status=%d, want 303", res.Code)
	}
}

// TestOutage_API: a push while the database is away answers 503 problem JSON with Retry-After
// in the caller's language, and saves nothing; once it is back the same push is loaded.
func TestOutage_API(t *testing.T) {
	e, proxy := newOutageEnv(t)
	_, secret := newAPIKey(t, e, e.A)
	body := batch(serviceOrder(1), serviceOrder(2))
	before := tableCounts(t, e, e.A)
	proxy.Cut()
	for _, lang := range []string{"en", "zh-CN"} {
		res := e.push("/api/v1/service-orders", secret, body, "Accept-Language", lang)
		p := decodeProblem(t, res, http.StatusServiceUnavailable)
		if got := res.Header.Get("Retry-After"); got != "5" {
			t.Errorf("%s: Retry-After=%q, want 5", lang, got)
		}
		l := catalog(t, lang)
		if p.Title != l.T("status.503.title") || p.Detail != l.T("error.unavailable") {
			t.Errorf("%s: problem %q / %q, want %q / %q", lang, p.Title, p.Detail, l.T("status.503.title"), l.T("error.unavailable"))
		}
	}
	proxy.Restore()
	checkAdded(t, e, e.A, before, nil)
	res := untilUp(func() response { return e.push("/api/v1/service-orders", secret, body) })
	if res.Code != http.StatusOK {
		t.Fatalf("push after the outage: Status=%d; body %.300s", res.Code, res.Body)
	}
	checkAdded(t, e, e.A, before, map[string]int{"customers": 2, "vehicles": 2, "service_orders": 2})
}
