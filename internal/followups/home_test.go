package followups_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestToday: the start page's counts are the worklist's; a call given to an agent leaves the
// unassigned ones; a call whose customer an agent reached is that agent's call in progress, and
// no other agent's.
func TestToday(t *testing.T) {
	c := newCallFixture(t)
	ctx := context.Background()
	second := secondDueCall(t, c)
	today := func(agent int64) followups.Today {
		t.Helper()
		got, err := c.svc.Today(ctx, c.tenantID, agent)
		testkit.Must(t, err)
		return got
	}
	got := today(c.agent)
	if list := c.worklist(t, followups.WorkFilter{Tab: followups.DueToday}); !maps.Equal(got.Counts, list.Counts) {
		t.Errorf("Counts=%v, want the worklist's %v", got.Counts, list.Counts)
	}
	if got.Counts[followups.DueToday] != 2 || got.Unassigned[followups.DueToday] != 2 || got.Unassigned[followups.Overdue] != 0 ||
		len(got.Started) != 0 {
		t.Fatalf("Today=%+v, want 2 calls due, both unassigned, none in progress", got)
	}
	m := auth.Membership{UserID: c.other, Role: auth.Agent, StoreID: c.storeID}
	testkit.Must(t, auth.NewService(c.db.App, time.Hour, time.Hour).AddMembership(ctx, c.tenantID, &m))
	testkit.Must(t, c.svc.Assign(ctx, c.tenantID, second, c.other))
	testkit.Must(t, c.svc.RecordAttempt(ctx, c.tenantID, c.agent, c.taskID, followups.Attempt{Outcome: followups.Reached}))
	got = today(c.agent)
	if got.Counts[followups.DueToday] != 2 || got.Unassigned[followups.DueToday] != 1 {
		t.Errorf("after assigning one: Counts=%v Unassigned=%v, want 2 due, 1 unassigned", got.Counts, got.Unassigned)
	}
	unassigned := c.worklist(t, followups.WorkFilter{Tab: followups.DueToday, Unassigned: true, Limit: 10})
	if n := unassigned.Counts[followups.DueToday]; n != 1 || len(unassigned.Items) != 1 || unassigned.Items[0].ID == second {
		t.Errorf("the worklist of unassigned calls: count %d, items %+v, want the one call not given to an agent", n, unassigned.Items)
	}
	if len(got.Started) != 1 || got.Started[0].TaskID != c.taskID || got.Started[0].CustomerName == "" ||
		got.Started[0].Reason != followups.ServiceSurvey || !got.Started[0].StartedAt.Equal(c.now) {
		t.Errorf("Started=%+v, want the reached call %d, begun now", got.Started, c.taskID)
	}
	if other := today(c.other); len(other.Started) != 0 {
		t.Errorf("the other agent's Started=%+v, want none", other.Started)
	}
}
