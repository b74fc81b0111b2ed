package server_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestCallScreen_StoreTime: the call screen shows every time in the store's time zone (Asia/
// Shanghai, eight hours ahead of UTC): the attempts, the call-back agreed, and the void note.
func TestCallScreen_StoreTime(t *testing.T) {
	e := newEnv(t)
	agent, cs := e.login(e.A.Emails[auth.Agent]), e.login(e.A.Emails[auth.CSManager])
	task := path("/tasks/{taskID}", e.A)
	local := func(at time.Time, layout string) string {
		return at.In(tenancy.Location(tenancy.DefaultTimeZone)).Format(layout)
	}
	callBack := e.now().Add(3 * time.Hour)
	form := url.Values{"outcome": {"call_back"}, "call_back_at": {local(callBack, "2006-01-02T15:04")}}
	if res := agent.post(task+"/attempts", form); res.Code != 303 {
		t.Fatalf("call back: Status=%d, want 303", res.Code)
	}
	answerAll(t, e, e.A, e.A.IDs["{taskID}"])
	if res := cs.post(task+"/void", url.Values{"reason": {"录入错误"}}); res.Code != 303 {
		t.Fatalf("void: Status=%d, want 303", res.Code)
	}
	page := cs.get(task)
	for _, want := range []string{local(e.now(), "01-02 15:04") + " · Call back later " + local(callBack, "01-02 15:04"),
		local(e.now(), "01-02 15:04") + " · Reached", "on " + local(e.now(), "2006-01-02 15:04")} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("call screen lacks %q in the store's time", want)
		}
	}
	if utc := e.now().UTC().Format("01-02 15:04"); strings.Contains(page.Body, utc) {
		t.Errorf("call screen shows %q, the time in UTC", utc)
	}
}

// TestCallScreen_ComplaintState: the complaint a call opened shows where it stands now, both
// with the survey and in the customer's complaints.
func TestCallScreen_ComplaintState(t *testing.T) {
	e := newEnv(t)
	agent := e.login(e.A.Emails[auth.Agent])
	inChinese(t, agent)
	task := path("/tasks/{taskID}", e.A)
	answerAll(t, e, e.A, e.A.IDs["{taskID}"])
	if page := agent.get(task); !strings.Contains(page.Body, `data-testid="complaint-status">待派发`) {
		t.Fatalf("new complaint: want it shown waiting to be dispatched")
	}
	// the customer's complaints name what the call found low, when the customer gave no words
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var low string
	testkit.Must(t, tx.QueryRow(ctx, `SELECT details->'low'->0->>'name_zh' FROM complaints
		WHERE tenant_id = $1 AND survey_id IS NOT NULL AND description = ''`, e.A.TenantID).Scan(&low))
	if line := agent.get(task).Body; low == "" || !strings.Contains(line, "· "+low) {
		t.Errorf("the customer's complaint line lacks the low item %q", low)
	}
	// an upheld appeal voids a complaint (the complaint workflow's own tests take it there)
	_, err = tx.Exec(ctx, `UPDATE complaints SET status = 'void' WHERE tenant_id = $1 AND survey_id IS NOT NULL`, e.A.TenantID)
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
	page := agent.get(task)
	for _, id := range []string{"complaint-status", "customer-complaint-status"} {
		if !strings.Contains(page.Body, `data-testid="`+id+`">已作废`) {
			t.Errorf("%s: want the voided complaint shown as 已作废", id)
		}
	}
	if strings.Contains(page.Body, "待客服派发") || strings.Contains(page.Body, `data-testid="complaint-status">待派发`) {
		t.Errorf("the voided complaint still shows as waiting to be dispatched")
	}
}
