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
