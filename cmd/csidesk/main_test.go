package main

import (
	"context"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/pgtest"
)

// TestRun_Commands drives the command line against a fresh database: migration status, the
// first admin of a new dealer group, refused bad input, the demo seed run twice, and the
// rebuild of the score roll-ups.
func TestRun_Commands(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	t.Setenv("DATABASE_URL", db.AppURL)
	t.Setenv("DATABASE_OWNER_URL", db.OwnerURL)
	ctx := context.Background()
	var out strings.Builder
	if err := run(ctx, []string{"migrate", "status"}, &out); err != nil || !strings.Contains(out.String(), "applied  000001_foundation") {
		t.Errorf("migrate status: err=%v out=%q, want the foundation applied", err, out.String())
	}
	out.Reset()
	args := []string{"user", "create", "-email", "Boss@Group.cn", "-name", "周总", "-password", "first-pass", "-tenant-name", "新集团"}
	if err := run(ctx, args, &out); err != nil || !strings.Contains(out.String(), "created admin boss@group.cn") {
		t.Errorf("user create: err=%v out=%q", err, out.String())
	}
	if err := run(ctx, args, &out); err == nil {
		t.Error("user create with a taken e-mail: err=nil, want a refusal")
	}
	if err := run(ctx, []string{"user", "create", "-email", "x@y.cn", "-name", "X", "-password", "short", "-tenant-name", "G"}, &out); err == nil {
		t.Error("user create with a short password: err=nil, want a refusal")
	}
	for range 2 {
		out.Reset()
		if err := run(ctx, []string{"seed", "demo"}, &out); err != nil || !strings.Contains(out.String(), "admin@demo.csidesk.cn") {
			t.Errorf("seed demo: err=%v out=%q, want the logins", err, out.String())
		}
	}
	out.Reset()
	if err := run(ctx, []string{"scores", "rebuild"}, &out); err != nil || !strings.Contains(out.String(), "瑞丰汽车集团") ||
		!strings.Contains(out.String(), " 0 differed") {
		t.Errorf("scores rebuild: err=%v out=%q, want every group with nothing different", err, out.String())
	}
	var groups int
	if err := db.Owner.Pool.QueryRow(ctx, `SELECT count(*) FROM tenants`).Scan(&groups); err != nil || groups != 2 {
		t.Errorf("dealer groups=%d err=%v, want 2 (new group, demo once; no orphan from the refusals)", groups, err)
	}
}
