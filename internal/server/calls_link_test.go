package server_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/testkit"
)

// An agent sends the survey of a call as a link from the call screen: by e-mail only when the
// customer has an address; the screen then shows the link, the message's fate and no call form.
func TestCall_SendLink(t *testing.T) {
	e := newEnv(t)
	k := newCallKinds(t, e)
	agent := e.login(e.A.Emails[auth.Agent])
	path := "/tasks/" + fmtID(k.CSI)
	page := agent.get(path)
	if !strings.Contains(page.Body, `data-testid="link-form"`) || !strings.Contains(page.Body, "(no address on file)") {
		t.Fatalf("call screen: want the link form, noting the missing e-mail")
	}
	if res := agent.post(path+"/link", url.Values{"via": {"email"}}); res.Code != 422 ||
		!strings.Contains(res.Body, `data-testid="via-error">The customer has no e-mail address`) {
		t.Fatalf("by e-mail without an address: Status=%d, want 422 at the choice", res.Code)
	}
	if res := agent.post(path+"/link", url.Values{"via": {"sms"}}); res.Code != 303 {
		t.Fatalf("by SMS: Status=%d, want 303", res.Code)
	}
	page = agent.get(path)
	for _, want := range []string{`data-testid="link-status"`, "Sent by SMS to 13900000009", `data-testid="task-status"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("call screen after sending: want %q", want)
		}
	}
	if strings.Contains(page.Body, `data-testid="attempt-form"`) || strings.Contains(page.Body, `data-testid="link-form"`) {
		t.Errorf("call screen after sending: want no call or link form while the link is out")
	}
	ctx := context.Background()
	testkit.Must(t, e.DB.App.InTenantTx(ctx, e.A.TenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE outbox SET attempts = 2, last_error = 'provider: quota exceeded' WHERE tenant_id = $1`, e.A.TenantID)
		return err
	}))
	if page := agent.get(path); !strings.Contains(page.Body, `data-testid="link-failed">Not sent (2 tries): provider: quota exceeded`) {
		t.Errorf("call screen: want the failed delivery shown on the task")
	}
	other := e.login(e.B.Emails[auth.Agent])
	if res := other.post(path+"/link", url.Values{"via": {"sms"}}); res.Code != 404 {
		t.Errorf("another group's agent: Status=%d, want 404", res.Code)
	}
}
