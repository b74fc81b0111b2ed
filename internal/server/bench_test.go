package server_test

import (
	"net/http"
	"testing"

	"github.com/csidesk/csidesk/internal/auth"
)

// BenchmarkHome measures an authenticated page over real HTTP: session lookup, roles, render.
func BenchmarkHome(b *testing.B) {
	e := newEnv(b)
	c := e.login(e.A.Emails[auth.Admin])
	b.ResetTimer()
	for b.Loop() {
		if res := c.get("/"); res.Code != http.StatusOK {
			b.Fatalf("Status=%d, want 200", res.Code)
		}
	}
}

// BenchmarkUserList measures the admin's user list page.
func BenchmarkUserList(b *testing.B) {
	e := newEnv(b)
	c := e.login(e.A.Emails[auth.Admin])
	for b.Loop() {
		if res := c.get("/admin/users"); res.Code != http.StatusOK {
			b.Fatalf("Status=%d, want 200", res.Code)
		}
	}
}

// BenchmarkLogin measures a login, dominated by the argon2id password check.
func BenchmarkLogin(b *testing.B) {
	e := newEnv(b)
	for b.Loop() {
		e.login(e.A.Emails[auth.Agent])
	}
}

// BenchmarkCustomerPage measures the customer at a glance: contact data, vehicles, deliveries,
// service orders and contact changes, five reads and a render.
func BenchmarkCustomerPage(b *testing.B) {
	e := newEnv(b)
	c := e.login(e.A.Emails[auth.Agent])
	for b.Loop() {
		if res := c.get(path("/customers/{customerID}", e.A)); res.Code != http.StatusOK {
			b.Fatalf("Status=%d, want 200", res.Code)
		}
	}
}

// BenchmarkAPIPush measures a DMS push of 100 service orders that are already up to date: key
// check, parsing, COPY into staging and the merge that finds nothing to change.
func BenchmarkAPIPush(b *testing.B) {
	e := newEnv(b)
	_, secret := newAPIKey(b, e, e.A)
	recs := make([]map[string]any, 100)
	for i := range recs {
		recs[i] = serviceOrder(i)
	}
	body := batch(recs...)
	for b.Loop() {
		if res := e.push("/api/v1/service-orders", secret, body); res.Code != http.StatusOK {
			b.Fatalf("Status=%d, want 200: %s", res.Code, res.Body)
		}
	}
}
