package improve_test

import (
	"context"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/testkit"
)

// TestNotifyOverdue: an open action past its due date tells its owner and the department's
// manager once a day; one not yet due, and a closed one, tell no one.
func TestNotifyOverdue(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	late, closed := f.create("cs"), f.create("cs")
	f.create("cs") // due on 16 December
	f.exec(`UPDATE improvement_actions SET due_on = '2026-12-08' WHERE tenant_id = $1 AND id = ANY($2)`, f.tenantID, []int64{late, closed})
	f.exec(`UPDATE improvement_actions SET stage = 'closed', closed_at = now(), outcome = 'met' WHERE tenant_id = $1 AND id = $2`, f.tenantID, closed)
	notices := func() int {
		return f.count(`SELECT count(*) FROM notifications WHERE tenant_id = $1 AND message = 'notice.action_overdue'`)
	}
	n, err := f.svc.NotifyOverdue(ctx, f.tenantID)
	testkit.Must(t, err)
	if n != 1 || notices() != 2 {
		t.Fatalf("told of %d, notices=%d; want 1 action told to its owner and its head", n, notices())
	}
	for _, who := range []string{"owner", "head"} {
		if f.count(`SELECT count(*) FROM notifications WHERE tenant_id = $1 AND user_id = $2 AND action_id = $3`, f.users[who], late) != 1 {
			t.Errorf("%s was not told of action %d", who, late)
		}
	}
	if f.count(`SELECT count(*) FROM outbox WHERE tenant_id = $1 AND body LIKE '%' || $2`, "/actions/"+itoa(late)) != 2 {
		t.Errorf("the e-mails do not end with the link to action %d", late)
	}
	f.now = f.now.Add(6 * time.Hour)
	if n, err = f.svc.NotifyOverdue(ctx, f.tenantID); err != nil || n != 0 || notices() != 2 {
		t.Errorf("later the same day: told of %d, notices=%d, err=%v; want none", n, notices(), err)
	}
	f.now = f.now.Add(24 * time.Hour)
	if n, err = f.svc.NotifyOverdue(ctx, f.tenantID); err != nil || n != 1 || notices() != 4 {
		t.Errorf("the next day: told of %d, notices=%d, err=%v; want the late one again", n, notices(), err)
	}
}
