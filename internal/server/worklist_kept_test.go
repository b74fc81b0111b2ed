package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/internal/testkit"
)

// taskCustomer is the customer of group g's seeded call, as the application reads it.
func taskCustomer(t *testing.T, e *env, g group) customers.Customer {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, g.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var id int64
	testkit.Must(t, tx.QueryRow(ctx, `SELECT customer_id FROM follow_up_tasks WHERE tenant_id = $1 AND id = $2`,
		g.TenantID, g.IDs["{taskID}"]).Scan(&id))
	c, err := (&customers.Service{DB: e.DB.App}).Customer(ctx, g.TenantID, id)
	testkit.Must(t, err)
	return c
}

// TestWorklist_KeptUntilACallChanges: a worklist page is kept rendered, so a change written past
// the application stays unseen; a claim taken on it shows on the next page, the page is read
// afresh once that claim runs out, and a customer renamed by another process of the application
// shows once its notice is heard.
func TestWorklist_KeptUntilACallChanges(t *testing.T) {
	e := newEnv(t)
	agent, cs := e.login(e.A.Emails[auth.Agent]), e.login(e.A.Emails[auth.CSManager])
	c := taskCustomer(t, e, e.A)
	if row := rowOf(cs.get("/worklist").Body, e.A.IDs["{taskID}"]); !strings.Contains(row, c.Name) || !strings.Contains(row, `data-testid="claim"`) {
		t.Fatalf("worklist: want the seeded call of %s to take", c.Name)
	}
	renameUnannounced(t, e, c.ID, "欧阳锋")
	if row := rowOf(cs.get("/worklist").Body, e.A.IDs["{taskID}"]); !strings.Contains(row, c.Name) {
		t.Fatalf("worklist after an unannounced rename: want the kept page, with %s", c.Name)
	}
	agent.post(path("/worklist/{taskID}/claim", e.A), nil, "Referer", e.HTTP.URL+"/worklist")
	row := rowOf(cs.get("/worklist").Body, e.A.IDs["{taskID}"])
	if !strings.Contains(row, `data-testid="claimed-by"`) || !strings.Contains(row, "欧阳锋") {
		t.Fatalf("worklist after another agent's claim: want it read afresh, held by them; row %.600s", row)
	}
	e.advance(31 * time.Minute)
	if row := rowOf(cs.get("/worklist").Body, e.A.IDs["{taskID}"]); !strings.Contains(row, `data-testid="claim"`) {
		t.Fatalf("worklist once the claim ran out: want the call offered again; row %.600s", row)
	}
	renameSaved(t, e, c.ID, "洪七公") // saved by another process: only the database's notice tells this one
	eventually(t, cs, "/worklist", "洪七公")
}
