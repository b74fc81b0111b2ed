package server_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/testkit"
)

func init() {
	maps.Copy(routeExpectations, map[string]expect{
		"GET /notifications":       loggedIn(200),
		"POST /notifications/read": loggedIn(303),
	})
}

// notifyAgent opens a complaint in group A and sends A's agent a notice about it, returning the
// complaint's id.
func notifyAgent(t *testing.T, e *env) int64 {
	t.Helper()
	ctx := context.Background()
	bundle, err := i18n.New()
	testkit.Must(t, err)
	tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var complaintID int64
	testkit.Must(t, tx.QueryRow(ctx, `
		INSERT INTO complaints (tenant_id, store_id, customer_id, description, created_by)
		VALUES ($1, $2, $3, 'Noise after service', $4)
		RETURNING id`, e.A.TenantID, e.A.StoreID, e.A.IDs["{customerID}"], e.A.Users[auth.CSManager]).Scan(&complaintID))
	svc := &notify.Service{Bundle: bundle}
	testkit.Must(t, svc.Send(ctx, tx, e.A.TenantID, notify.Notice{ComplaintID: complaintID, Message: "notice.assigned",
		Args: map[string]any{"ID": complaintID, "Customer": "张伟"}}, e.A.Users[auth.Agent]))
	testkit.Must(t, tx.Commit(ctx))
	return complaintID
}

// TestNotifications_OwnAndMarkRead: a notice sent to group A's agent shows, unread and linking
// to its complaint, on that agent's page only; marking all read clears the unread mark.
func TestNotifications_OwnAndMarkRead(t *testing.T) {
	e := newEnv(t)
	id := notifyAgent(t, e)
	agent := e.login(e.A.Emails[auth.Agent])
	page := agent.get("/notifications")
	wants := []string{`data-testid="notification"`, `data-testid="unread"`, "张伟",
		fmt.Sprintf("complaint #%d ", id), fmt.Sprintf(`href="/complaints/%d"`, id)}
	for _, want := range wants {
		if page.Code != http.StatusOK || !strings.Contains(page.Body, want) {
			t.Fatalf("A's agent: Status=%d, want 200 with %s; body %.800s", page.Code, want, page.Body)
		}
	}
	for _, c := range []*client{e.login(e.B.Emails[auth.Agent]), e.login(e.A.Emails[auth.CSManager])} {
		other := c.get("/notifications")
		if strings.Contains(other.Body, "张伟") || !strings.Contains(other.Body, `data-testid="no-notifications"`) {
			t.Errorf("another user's page shows A's agent's notice, want the empty state; body %.800s", other.Body)
		}
	}
	res := agent.post("/notifications/read", nil)
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/notifications" {
		t.Fatalf("mark all read: Status=%d Location=%q, want 303 to /notifications", res.Code, res.Header.Get("Location"))
	}
	read := agent.get("/notifications")
	if strings.Contains(read.Body, `data-testid="unread"`) || !strings.Contains(read.Body, `data-testid="flash"`) ||
		!strings.Contains(read.Body, "张伟") {
		t.Errorf("after mark all read: want the notice without its unread mark and a flash; body %.800s", read.Body)
	}
	n, err := (&notify.Inbox{DB: e.DB.App}).Unread(context.Background(), e.A.TenantID, e.A.Users[auth.Agent])
	if err != nil || n != 0 {
		t.Errorf("Unread=%d, %v, want 0, nil", n, err)
	}
}
