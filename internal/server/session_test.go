package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
)

func sessionCookie(c *client, e *env) string {
	u, _ := url.Parse(e.HTTP.URL)
	for _, k := range c.c.Jar.Cookies(u) {
		if k.Name == "csidesk_session" {
			return k.Value
		}
	}
	return ""
}

// withCookie is a client that presents a given session cookie.
func (e *env) withCookie(value string) *client {
	c := e.client()
	u, _ := url.Parse(e.HTTP.URL)
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "csidesk_session", Value: value, Path: "/"}})
	return c
}

func TestSession_RotatedAtLoginAndDestroyedAtLogout(t *testing.T) {
	e := newEnv(t)
	c := e.login(e.A.Emails[auth.Agent])
	first := sessionCookie(c, e)
	c.post("/login", url.Values{"email": {e.A.Emails[auth.Agent]}, "password": {password}})
	second := sessionCookie(c, e)
	if first == "" || first == second {
		t.Fatalf("cookies %q and %q: want a new token at each login", first, second)
	}
	if res := e.withCookie(first).get("/"); res.Code != http.StatusSeeOther {
		t.Errorf("old session after a new login: Status=%d, want 303 to login", res.Code)
	}
	if res := c.post("/logout", nil); res.Code != http.StatusSeeOther {
		t.Fatalf("logout: Status=%d, want 303", res.Code)
	}
	if res := e.withCookie(second).get("/"); res.Code != http.StatusSeeOther {
		t.Errorf("session after logout: Status=%d, want 303 to login", res.Code)
	}
}

func TestSession_DeactivationEndsSessions(t *testing.T) {
	e := newEnv(t)
	staff := e.login(e.A.Emails[auth.Staff])
	admin := e.login(e.A.Emails[auth.Admin])
	res := admin.post(fmt.Sprintf("/admin/users/%d", e.A.Users[auth.Staff]),
		url.Values{"name": {"staff a"}, "email": {e.A.Emails[auth.Staff]}, "locale": {"en"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("deactivate: Status=%d, want 303; %.300s", res.Code, res.Body)
	}
	if res := staff.get("/"); res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Errorf("deactivated user's next request: Status=%d Location=%q, want 303 /login", res.Code, res.Header.Get("Location"))
	}
	relogin := e.client().post("/login", url.Values{"email": {e.A.Emails[auth.Staff]}, "password": {password}})
	if relogin.Code != http.StatusUnauthorized {
		t.Errorf("deactivated user's login: Status=%d, want 401", relogin.Code)
	}
	self := admin.post(fmt.Sprintf("/admin/users/%d", e.A.Users[auth.Admin]),
		url.Values{"name": {"admin a"}, "email": {e.A.Emails[auth.Admin]}, "locale": {"en"}})
	if self.Code != http.StatusUnprocessableEntity || !strings.Contains(self.Body, "cannot deactivate yourself") {
		t.Errorf("admin deactivating themselves: Status=%d, want 422 with a message", self.Code)
	}
}

func TestSession_Timeouts(t *testing.T) {
	e := newEnv(t)
	t.Run("ErrIdle", func(t *testing.T) {
		c := e.login(e.A.Emails[auth.Agent])
		e.advance(2*time.Hour + time.Minute)
		if res := c.get("/"); res.Code != http.StatusSeeOther {
			t.Errorf("after 2h idle: Status=%d, want 303 to login", res.Code)
		}
	})
	t.Run("ErrAbsolute", func(t *testing.T) {
		c := e.login(e.A.Emails[auth.Agent])
		for _, step := range []time.Duration{115 * time.Minute, 115 * time.Minute, 115 * time.Minute, 115 * time.Minute, 115 * time.Minute, 115 * time.Minute, 28 * time.Minute} {
			e.advance(step)
			if res := c.get("/"); res.Code != http.StatusOK {
				t.Fatalf("active session within 12h: Status=%d, want 200", res.Code)
			}
		}
		e.advance(3 * time.Minute)
		if res := c.get("/"); res.Code != http.StatusSeeOther {
			t.Errorf("after 12h: Status=%d, want 303 to login", res.Code)
		}
	})
}

func TestLogin_SameAnswerAndThrottle(t *testing.T) {
	e := newEnv(t)
	email := e.A.Emails[auth.Agent]
	wrong := e.client().post("/login", url.Values{"email": {email}, "password": {"not-the-password"}}, "Accept-Language", "en")
	unknown := e.client().post("/login", url.Values{"email": {"nobody@example.com"}, "password": {"x-password"}}, "Accept-Language", "en")
	if wrong.Code != http.StatusUnauthorized || unknown.Code != http.StatusUnauthorized {
		t.Fatalf("Status=%d and %d, want 401 for both", wrong.Code, unknown.Code)
	}
	msg := "The e-mail address or password is not correct."
	if !strings.Contains(wrong.Body, msg) || !strings.Contains(unknown.Body, msg) {
		t.Errorf("want the same message %q for a wrong password and an unknown e-mail", msg)
	}
	for range auth.PairLimit - 1 {
		e.client().post("/login", url.Values{"email": {email}, "password": {"not-the-password"}})
	}
	res := e.client().post("/login", url.Values{"email": {email}, "password": {password}}, "Accept-Language", "en")
	if res.Code != http.StatusTooManyRequests || !strings.Contains(res.Body, "Too many failed attempts") {
		t.Errorf("right password after %d failures from this address: Status=%d, want 429 with a message", auth.PairLimit, res.Code)
	}
	if other := e.client().post("/login", url.Values{"email": {e.A.Emails[auth.GM]}, "password": {password}}); other.Code != http.StatusSeeOther {
		t.Errorf("another account from the same address: Status=%d, want 303", other.Code)
	}
	e.advance(auth.ThrottleWindow + time.Minute)
	e.login(email)
}

// TestLogin_GuessersDoNotLockTheOwnerOut: behind the trusted proxy (the harness trusts
// loopback), three addresses named by X-Forwarded-For guess one account's password until each
// is refused; the owner, from an address of their own, still logs in, only slowed; an address
// the client wrote into X-Forwarded-For before the proxy's own entry is not believed.
func TestLogin_GuessersDoNotLockTheOwnerOut(t *testing.T) {
	e := newEnv(t)
	email := e.A.Emails[auth.Agent]
	guess := func(addr string) int {
		return e.client().post("/login", url.Values{"email": {email}, "password": {"not-the-password"}}, "X-Forwarded-For", addr).Code
	}
	for i := range 3 {
		addr := fmt.Sprintf("203.0.113.%d", 10+i)
		for n := range auth.PairLimit {
			if code := guess(addr); code != http.StatusUnauthorized {
				t.Fatalf("guess %d from %s: Status=%d, want 401", n+1, addr, code)
			}
		}
		if code := guess(addr); code != http.StatusTooManyRequests {
			t.Errorf("guess %d from %s: Status=%d, want 429", auth.PairLimit+1, addr, code)
		}
	}
	if code := guess("198.51.100.7, 203.0.113.10"); code != http.StatusTooManyRequests {
		t.Errorf("a guess from 203.0.113.10 claiming to be 198.51.100.7 first: Status=%d, want 429", code)
	}
	start := time.Now()
	res := e.client().post("/login", url.Values{"email": {email}, "password": {password}}, "X-Forwarded-For", "198.51.100.7")
	if res.Code != http.StatusSeeOther {
		t.Fatalf("the owner's login after %d guesses from other addresses: Status=%d, want 303", 3*auth.PairLimit, res.Code)
	}
	if waited := time.Since(start); waited < auth.MaxDelay/2 {
		t.Errorf("the owner's login waited %v after %d failures, want the account's delay", waited, 3*auth.PairLimit)
	}
}

func TestLanguage_AcceptLanguageThenChoice(t *testing.T) {
	e := newEnv(t)
	zh := e.client().get("/login", "Accept-Language", "zh-CN,zh;q=0.9")
	en := e.client().get("/login", "Accept-Language", "en-GB,en;q=0.8")
	if !strings.Contains(zh.Body, `lang="zh-CN"`) || !strings.Contains(zh.Body, "登录") {
		t.Error("Accept-Language zh-CN: want the Chinese login page")
	}
	if !strings.Contains(en.Body, `lang="en"`) || !strings.Contains(en.Body, "Log in") {
		t.Error("Accept-Language en: want the English login page")
	}
	c := e.login(e.A.Emails[auth.Agent])
	if res := c.post("/locale", url.Values{"lang": {"zh-CN"}, "return": {"/account"}}); res.Header.Get("Location") != "/account" {
		t.Errorf("switch: Location=%q, want back to /account", res.Header.Get("Location"))
	}
	if res := c.get("/account", "Accept-Language", "en"); !strings.Contains(res.Body, "我的账户") {
		t.Error("after choosing zh-CN: want Chinese whatever the browser asks")
	}
	again := e.login(e.A.Emails[auth.Agent])
	if res := again.get("/", "Accept-Language", "en"); !strings.Contains(res.Body, `lang="zh-CN"`) {
		t.Error("a new login: want the language remembered on the user")
	}
	if res := c.post("/locale", url.Values{"lang": {"fr"}}); res.Code != http.StatusBadRequest {
		t.Errorf("unknown language: Status=%d, want 400", res.Code)
	}
	if res := c.post("/locale", url.Values{"lang": {"en"}, "return": {"https://evil.example/"}}); res.Header.Get("Location") != "/" {
		t.Errorf("foreign return address: Location=%q, want /", res.Header.Get("Location"))
	}
}

func TestAccount_ChangePassword(t *testing.T) {
	e := newEnv(t)
	email := e.A.Emails[auth.Agent]
	other := e.login(email)
	c := e.login(email)
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"ErrWrongCurrent", url.Values{"current_password": {"nope-nope"}, "new_password": {"new-secret-1"}, "confirm_password": {"new-secret-1"}}, "The current password is not correct."},
		{"ErrMismatch", url.Values{"current_password": {password}, "new_password": {"new-secret-1"}, "confirm_password": {"new-secret-2"}}, "The two passwords differ."},
		{"ErrShort", url.Values{"current_password": {password}, "new_password": {"short"}, "confirm_password": {"short"}}, "Use at least 8 characters."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post("/account/password", tc.form)
			if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tc.want) {
				t.Errorf("Status=%d, want 422 with %q", res.Code, tc.want)
			}
		})
	}
	res := c.post("/account/password", url.Values{"current_password": {password}, "new_password": {"new-secret-1"}, "confirm_password": {"new-secret-1"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("change: Status=%d, want 303", res.Code)
	}
	if res := c.get("/account"); res.Code != http.StatusOK || !strings.Contains(res.Body, "Your password has been changed") {
		t.Errorf("own session after the change: Status=%d, want 200 with the message", res.Code)
	}
	if res := other.get("/"); res.Code != http.StatusSeeOther {
		t.Errorf("other session after the change: Status=%d, want 303 to login", res.Code)
	}
	if res := e.client().post("/login", url.Values{"email": {email}, "password": {"new-secret-1"}}); res.Code != http.StatusSeeOther {
		t.Errorf("login with the new password: Status=%d, want 303", res.Code)
	}
}

// TestAccount_RolesNameTheirStore: a person whose roles are a store's (and a department's) sees
// each role with its store's name on the account page: the roles are read before the scope they
// give is known, and the scope must not hide their own store from them.
func TestAccount_RolesNameTheirStore(t *testing.T) {
	e := newEnv(t)
	for _, role := range []auth.Role{auth.Agent, auth.DeptManager} {
		page := e.login(e.A.Emails[role]).get("/account")
		if page.Code != http.StatusOK || !strings.Contains(page.Body, "Store a") {
			t.Errorf("%s's account page: Status=%d, want 200 naming the store of the role, %q", role, page.Code, "Store a")
		}
	}
}
