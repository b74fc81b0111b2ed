package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/testkit"
)

// renameUser renames a user past the application's writers, which announce what they write:
// unannounced, so a session kept in memory keeps the old name.
func renameUser(t *testing.T, e *env, g group, role auth.Role, name string) {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, g.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `UPDATE users SET name = $3 WHERE tenant_id = $1 AND id = $2`, g.TenantID, g.Users[role], name)
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
}

// TestSession_KeptUntilPeopleChange: a session is kept in memory, so a change to its user written
// past the application stays unseen; the same person renamed or deactivated by another process
// of the application shows on their next page once its notice is heard.
func TestSession_KeptUntilPeopleChange(t *testing.T) {
	e := newEnv(t)
	agent := e.login(e.A.Emails[auth.Agent])
	if page := agent.get("/"); page.Code != http.StatusOK {
		t.Fatalf("home: Status=%d, want 200", page.Code)
	}
	renameUser(t, e, e.A, auth.Agent, "甲乙丙")
	if page := agent.get("/"); strings.Contains(page.Body, "甲乙丙") {
		t.Fatalf("home after an unannounced rename: want the kept session's name")
	}
	// another process saves the user: its notice voids the kept session
	svc := auth.NewService(e.DB.App, time.Hour, time.Hour)
	upd := auth.UserUpdate{Email: e.A.Emails[auth.Agent], Name: "王小明", Locale: "zh-CN", Active: true}
	testkit.Must(t, svc.UpdateUser(context.Background(), e.A.TenantID, e.A.Users[auth.Admin], e.A.Users[auth.Agent], upd))
	eventually(t, agent, "/", "王小明")
	upd.Active = false
	testkit.Must(t, svc.UpdateUser(context.Background(), e.A.TenantID, e.A.Users[auth.Admin], e.A.Users[auth.Agent], upd))
	for deadline := time.Now().Add(5 * time.Second); agent.get("/").Code != http.StatusSeeOther; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("home after deactivation by another process: want 303 to login within 5 s")
		}
	}
}

// TestSession_KeptTouchedAndExpired: a kept session's last-seen time is still written once a
// minute, and it still ends after the idle timeout.
func TestSession_KeptTouchedAndExpired(t *testing.T) {
	e := newEnv(t)
	agent := e.login(e.A.Emails[auth.Agent])
	agent.get("/")
	e.advance(90 * time.Minute)
	if page := agent.get("/"); page.Code != http.StatusOK {
		t.Fatalf("home 90 min later: Status=%d, want 200", page.Code)
	}
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var seen time.Time
	testkit.Must(t, tx.QueryRow(ctx, `SELECT last_seen_at FROM sessions WHERE tenant_id = $1 AND user_id = $2`,
		e.A.TenantID, e.A.Users[auth.Agent]).Scan(&seen))
	if d := e.now().Sub(seen); d > time.Second || d < -time.Second {
		t.Errorf("last seen %v, want the request's time %v", seen, e.now())
	}
	e.advance(90 * time.Minute)
	renameUser(t, e, e.A, auth.Agent, "甲乙丙") // a change the kept session does not know
	if page := agent.get("/"); !strings.Contains(page.Body, "甲乙丙") {
		t.Errorf("home after the last-seen time was due: want the session read afresh")
	}
	e.advance(3 * time.Hour)
	if page := agent.get("/"); page.Code != http.StatusSeeOther {
		t.Errorf("home after 3 idle hours: Status=%d, want 303 to login", page.Code)
	}
}
