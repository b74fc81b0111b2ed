package server_test

import (
	"net/http"
	"testing"

	"github.com/csidesk/csidesk/internal/auth"
)

// BenchmarkAccountPage measures the lightest page: the session, the header's count of unread
// notifications, which every page pays, and a render.
func BenchmarkAccountPage(b *testing.B) {
	e := newEnv(b)
	c := e.login(e.A.Emails[auth.Agent])
	for b.Loop() {
		if res := c.get("/account"); res.Code != http.StatusOK {
			b.Fatalf("Status=%d, want 200", res.Code)
		}
	}
}

// BenchmarkHomeSections measures the start page of each role with daily work: the fixture's
// agent also manages customer service (the worklist's counts, calls in progress, samples), the
// department manager reads two scoreboards, the GM two group rankings; each also reads the
// complaint queues' counts.
func BenchmarkHomeSections(b *testing.B) {
	e := newEnv(b)
	for _, role := range []auth.Role{auth.Agent, auth.DeptManager, auth.GM} {
		b.Run(string(role), func(b *testing.B) {
			c := e.login(e.A.Emails[role])
			for b.Loop() {
				if res := c.get("/"); res.Code != http.StatusOK {
					b.Fatalf("Status=%d, want 200", res.Code)
				}
			}
		})
	}
}
