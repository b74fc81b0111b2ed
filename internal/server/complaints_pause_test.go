package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/testkit"
)

// storeTime is an instant as the pause form takes it, in the stores' zone (Shanghai).
func storeTime(t time.Time) string {
	zone, _ := time.LoadLocation("Asia/Shanghai")
	return t.In(zone).Format(complaints.ResumeLayout)
}

// TestComplaints_PauseResume: once the seeded grievance is assigned, its handler pauses first
// contact with a reason and a time to resume: the form says so, and the department manager sees
// it in the paused queue. Bad input comes back at its field; customer service (not the step's
// owner) is refused, another group's manager does not find the form, and a second pause is a
// conflict; each refusal writes nothing. The manager resumes it, and the timeline has both.
func TestComplaints_PauseResume(t *testing.T) {
	e := newEnv(t)
	walk(t, e, walkStep{auth.DeptManager, complaints.ActAssign, complaints.Input{HandlerID: e.A.Users[auth.Staff]}})
	reasons, err := complaintService(e).PauseReasons(context.Background(), e.A.TenantID)
	testkit.Must(t, err)
	form := path("/complaints/{complaintID}", e.A)
	staff, manager := e.login(e.A.Emails[auth.Staff]), e.login(e.A.Emails[auth.DeptManager])
	if page := staff.get(form); !strings.Contains(page.Body, `data-testid="act-pause"`) || !strings.Contains(page.Body, "Waiting for parts to arrive") {
		t.Fatalf("handler's form: want the pause with the group's reasons; body %.300s", page.Body)
	}
	reason := fmtID(reasons[1].ID)
	later := storeTime(e.now().Add(48 * time.Hour))
	refused := []struct {
		name string
		c    *client
		path string
		form url.Values
		code int
		mark string
	}{
		{"no reason", staff, form + "/pause", url.Values{"from": {"assigned"}}, http.StatusUnprocessableEntity, `data-testid="error-reason_id"`},
		{"in the past", staff, form + "/pause", url.Values{"from": {"assigned"}, "reason_id": {reason}, "resume_at": {storeTime(e.now().Add(-time.Hour))}},
			http.StatusUnprocessableEntity, `data-testid="error-resume_at"`},
		{"customer service", e.login(e.A.Emails[auth.Agent]), form + "/pause", url.Values{"from": {"assigned"}, "reason_id": {reason}},
			http.StatusForbidden, `data-testid="problem"`},
		{"another group", e.login(e.B.Emails[auth.DeptManager]), form + "/pause", url.Values{"from": {"assigned"}, "reason_id": {reason}},
			http.StatusNotFound, ""},
		{"not paused", manager, form + "/resume", url.Values{"from": {"assigned"}}, http.StatusConflict, `data-testid="problem"`},
	}
	for _, tt := range refused {
		if res := tt.c.post(tt.path, tt.form); res.Code != tt.code || !strings.Contains(res.Body, tt.mark) {
			t.Errorf("%s: Status=%d, want %d with %s", tt.name, res.Code, tt.code, tt.mark)
		}
	}
	if events := timelineOf(t, e); len(events) != 3 {
		t.Errorf("after the refusals: %d events, want the opening, the dispatch and the assignment", len(events))
	}
	if res := staff.post(form+"/pause", url.Values{"from": {"assigned"}, "reason_id": {reason}, "resume_at": {later}}); res.Code != http.StatusSeeOther {
		t.Fatalf("pause: Status=%d, want 303; body %.300s", res.Code, res.Body)
	}
	page := manager.get(form)
	if !strings.Contains(page.Body, `data-testid="paused"`) || !strings.Contains(page.Body, "Waiting for parts to arrive") ||
		!strings.Contains(page.Body, `data-testid="act-resume"`) || strings.Contains(page.Body, `data-testid="act-contact"`) {
		t.Errorf("paused form: want it marked paused with its reason, the resume offered and the contact not")
	}
	if queue := manager.get("/complaints?tab=paused"); !strings.Contains(queue.Body, `data-testid="complaint-link"`) {
		t.Errorf("the manager's paused queue lacks the form")
	}
	if res := manager.post(form+"/pause", url.Values{"from": {"assigned"}, "reason_id": {reason}}); res.Code != http.StatusConflict {
		t.Errorf("second pause: Status=%d, want 409", res.Code)
	}
	e.advance(time.Hour)
	if res := manager.post(form+"/resume", url.Values{"from": {"assigned"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("resume: Status=%d, want 303", res.Code)
	}
	events := timelineOf(t, e)
	if n := len(events); n != 5 || events[3].Action != "pause" || events[4].Action != "resume" {
		t.Errorf("timeline %+v, want the pause and the resume after the assignment", events)
	}
}

func timelineOf(t *testing.T, e *env) []complaints.Event {
	t.Helper()
	list, err := complaintService(e).Timeline(context.Background(), e.A.TenantID, e.A.IDs["{complaintID}"])
	testkit.Must(t, err)
	return list
}

// TestComplaints_PauseReasons: the admin renames a reason and adds one; a reason given twice, or
// without its English name, comes back at its field and nothing is saved.
func TestComplaints_PauseReasons(t *testing.T) {
	e := newEnv(t)
	admin := e.login(e.A.Emails[auth.Admin])
	svc := complaintService(e)
	before, err := svc.PauseReasons(context.Background(), e.A.TenantID)
	testkit.Must(t, err)
	if page := admin.get("/complaints/policy"); !strings.Contains(page.Body, `data-testid="pause-reasons"`) || !strings.Contains(page.Body, "客户出差") {
		t.Fatalf("policy page: want the pause reasons with the defaults")
	}
	form := url.Values{}
	for _, r := range before {
		form.Add("reason_id", fmtID(r.ID))
		form.Add("reason_zh", r.NameZH)
		form.Add("reason_en", r.NameEN)
	}
	bad := url.Values{"reason_id": append(form["reason_id"], ""), "reason_zh": append(form["reason_zh"], before[0].NameZH),
		"reason_en": append(form["reason_en"], "Again")}
	if res := admin.post("/complaints/policy/reasons", bad); res.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `data-testid="error-reason_`) {
		t.Errorf("a reason twice: Status=%d, want 422 at its field", res.Code)
	}
	form["reason_en"][0] = "Customer asked us to call next week"
	form.Add("reason_id", "")
	form.Add("reason_zh", "等待保险公司定损")
	form.Add("reason_en", "Waiting for the insurer's assessment")
	if res := admin.post("/complaints/policy/reasons", form); res.Code != http.StatusSeeOther {
		t.Fatalf("save: Status=%d, want 303; body %.300s", res.Code, res.Body)
	}
	after, err := svc.PauseReasons(context.Background(), e.A.TenantID)
	testkit.Must(t, err)
	if len(after) != len(before)+1 || after[0].ID != before[0].ID || after[0].NameEN != "Customer asked us to call next week" ||
		after[len(after)-1].NameZH != "等待保险公司定损" {
		t.Errorf("reasons %+v, want the first renamed in place and the new one last", after)
	}
}
