package server_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/csidesk/csidesk/internal/auth"
)

// TestLogin_GoesOnToTheAskedPage: a visitor sent to the login page on the way to a page arrives
// there after logging in; a next page off the site goes home instead.
func TestLogin_GoesOnToTheAskedPage(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	res := c.get("/customers?q=wang")
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/login?next=%2Fcustomers%3Fq%3Dwang" {
		t.Fatalf("visitor: Status=%d Location=%q, want 303 to the login with the page next", res.Code, res.Header.Get("Location"))
	}
	page := c.get(res.Header.Get("Location"))
	m := regexp.MustCompile(`<form method="post" action="(/login[^"]*)"`).FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatalf("the login page has no form: %.300s", page.Body)
	}
	action := html.UnescapeString(m[1])
	credentials := url.Values{"email": {e.A.Emails[auth.Agent]}, "password": {password}}
	if res := c.post(action, credentials); res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/customers?q=wang" {
		t.Errorf("login posted to %q: Status=%d Location=%q, want 303 to /customers?q=wang", action, res.Code, res.Header.Get("Location"))
	}
	if res := e.client().post("/login?next=//evil.example/", credentials); res.Header.Get("Location") != "/" {
		t.Errorf("a next page off the site: Location=%q, want /", res.Header.Get("Location"))
	}
}
