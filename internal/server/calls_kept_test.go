package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestCallScreen_QuestionnaireKeptUntilEdited: the call screen keeps the questionnaire it asks in
// memory, so a change written past the application stays unseen; an edit saved by another
// process shows once its notice is heard. Once the customer is reached, the survey keeps the
// version it began on: a later edit makes the next version, which the call does not ask.
func TestCallScreen_QuestionnaireKeptUntilEdited(t *testing.T) {
	e := newEnv(t)
	agent := e.login(e.A.Emails[auth.Agent])
	call := path("/tasks/{taskID}", e.A)
	ctx := context.Background()
	svc := &surveys.Service{DB: e.DB.App} // another process: only the database's notices tell this one
	var qid int64
	for _, s := range overview(t, e) {
		if s.StoreID == e.A.StoreID && s.Kind == surveys.CSI {
			qid = s.ID
		}
	}
	const said = "Thank you for bringing your car to us recently!"
	if page := agent.get(call).Body; !strings.Contains(page, said) {
		t.Fatalf("call screen: want the greeting of the store's questionnaire, with %q", said)
	}

	tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `UPDATE script_sections SET text_en = 'Unannounced greeting.'
		WHERE tenant_id = $1 AND questionnaire_id = $2 AND kind = 'greeting'`, e.A.TenantID, qid)
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
	if page := agent.get(call).Body; !strings.Contains(page, said) || strings.Contains(page, "Unannounced greeting.") {
		t.Fatalf("call screen after an unannounced change: want the kept greeting")
	}

	const greeting = "Good morning from the service team."
	_, err = svc.SaveScript(ctx, e.A.TenantID, e.A.Users[auth.Admin], qid,
		[]surveys.Section{{Kind: surveys.Greeting, TextZH: "您好，这里是售后服务团队。", TextEN: greeting}})
	testkit.Must(t, err)
	eventually(t, agent, call, greeting)

	// reached: the survey begins on this version, which is frozen from now on
	if res := agent.post(call+"/attempts", url.Values{"outcome": {"reached"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("reached: Status=%d, want 303", res.Code)
	}
	q, _, err := svc.Get(ctx, e.A.TenantID, qid)
	testkit.Must(t, err)
	first := q.Items[0]
	if page := agent.get(call).Body; !strings.Contains(page, first.TextEN) {
		t.Fatalf("call screen once reached: want the first question %q", first.TextEN)
	}
	next := first
	next.TextZH, next.TextEN = "第二版的问题", "The second version's question"
	saved, err := svc.SaveItem(ctx, e.A.TenantID, e.A.Users[auth.Admin], qid, next)
	testkit.Must(t, err)
	if saved.ID == qid {
		t.Fatalf("edit of a version a survey began on: want the next version, got the same %d", qid)
	}
	if page := agent.get(call).Body; !strings.Contains(page, first.TextEN) || strings.Contains(page, "second version") {
		t.Errorf("call screen after the next version: want the survey's version, with %q", first.TextEN)
	}
}

// TestCustomerFile_KeptUntilACustomerChanges: the call screen and the customer page keep the
// customer's file (contact data, vehicles, orders), so a change written past the application
// stays unseen on both; a rename and a service order entered by another process show on both
// once the notice is heard; a call recorded meanwhile shows at once, for calls are read afresh.
func TestCustomerFile_KeptUntilACustomerChanges(t *testing.T) {
	e := newEnv(t)
	agent := e.login(e.A.Emails[auth.Agent])
	call, page := path("/tasks/{taskID}", e.A), path("/customers/{customerID}", e.A)
	ctx := context.Background()
	id := e.A.IDs["{customerID}"]
	for _, p := range []string{call, page} {
		if body := agent.get(p).Body; !strings.Contains(body, "张伟") {
			t.Fatalf("%s: want the customer 张伟", p)
		}
	}
	renameUnannounced(t, e, id, "欧阳锋")
	for _, p := range []string{call, page} {
		if body := agent.get(p).Body; !strings.Contains(body, "张伟") || strings.Contains(body, "欧阳锋") {
			t.Fatalf("%s after an unannounced rename: want the kept file, with 张伟", p)
		}
	}

	renameSaved(t, e, id, "洪七公") // saved by another process: only the database's notices tell this one
	eventually(t, agent, call, "洪七公")
	eventually(t, agent, page, "洪七公")
	opened := e.now().Add(-48 * time.Hour)
	o := orders.ServiceOrder{StoreID: e.A.StoreID, OrderNo: "RO-kept", CustomerID: id, VehicleID: e.A.IDs["{vehicleID}"],
		WorkType: "repair", OpenedAt: opened}
	testkit.Must(t, (&orders.Service{DB: e.DB.App, Now: e.now}).SaveServiceOrder(ctx, e.A.TenantID, &o))
	eventually(t, agent, call, "RO-kept")
	eventually(t, agent, page, "RO-kept")

	fs := &followups.Service{DB: e.DB.App, Now: e.now}
	testkit.Must(t, fs.RecordAttempt(ctx, e.A.TenantID, e.A.Users[auth.Agent], e.A.IDs["{taskID}"],
		followups.Attempt{Outcome: followups.NoAnswer}))
	if body := agent.get(call).Body; !strings.Contains(body, "1 of 3 attempts made") {
		t.Errorf("call screen after an attempt by another process: want it at once")
	}
}
