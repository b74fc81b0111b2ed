package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/complaints/call"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/testkit"
)

// actorOf is the person of group g holding role, as the harness made them.
func actorOf(g group, role auth.Role) complaints.Actor {
	m := auth.Membership{UserID: g.Users[role], Role: role, StoreID: g.StoreID}
	if role.NeedsDepartment() {
		m.DepartmentID = g.DepartmentID
	}
	return complaints.Actor{UserID: g.Users[role], Memberships: []auth.Membership{m}}
}

// walkStep is a step a person of a role takes on group A's seeded form.
type walkStep struct {
	role auth.Role
	act  complaints.Action
	in   complaints.Input
}

// walk takes the steps on group A's seeded form through the service, as the people would.
func walk(t *testing.T, e *env, steps ...walkStep) {
	t.Helper()
	svc := complaintService(e)
	for _, s := range steps {
		testkit.Must(t, svc.Act(context.Background(), e.A.TenantID, actorOf(e.A, s.role), e.A.IDs["{complaintID}"], s.act, s.in))
	}
}

// inChinese switches the client's language to Chinese.
func inChinese(t *testing.T, c *client) {
	t.Helper()
	if res := c.post("/locale", url.Values{"lang": {"zh-CN"}, "return": {"/"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("switch to Chinese: Status=%d", res.Code)
	}
}

var activeTab = regexp.MustCompile(`class="active" data-testid="tab-([a-z_]+)"`)

// TestComplaints_QueueOpensOnFirstHolding: the department manager who took the seeded grievance
// on themselves lands on their to-handle queue, not on the empty to-assign one, and every tab
// shows its count; the statistics are named 顾客投诉统计表.
func TestComplaints_QueueOpensOnFirstHolding(t *testing.T) {
	e := newEnv(t)
	walk(t, e, walkStep{auth.DeptManager, complaints.ActAssign, complaints.Input{HandlerID: e.A.Users[auth.DeptManager]}})
	manager := e.login(e.A.Emails[auth.DeptManager])
	page := manager.get("/complaints")
	if m := activeTab.FindStringSubmatch(page.Body); m == nil || m[1] != "to_handle" {
		t.Errorf("the queue opens on %v, want to_handle, the first tab holding a form", m)
	}
	for tab, n := range map[string]string{"to_assign": "0", "to_handle": "1", "to_sign": "0", "mine": "1"} {
		count := regexp.MustCompile(`data-testid="tab-` + tab + `">[^<]*<span class="count" data-testid="tab-count">(\d+)</span>`)
		if m := count.FindStringSubmatch(page.Body); m == nil || m[1] != n {
			t.Errorf("tab %s: count %v, want %s", tab, m, n)
		}
	}
	if page := manager.get("/complaints?tab=to_assign"); !strings.Contains(page.Body, `data-testid="no-complaints"`) {
		t.Errorf("a tab asked for by name opens even when empty")
	}
	inChinese(t, manager)
	if page := manager.get("/complaints"); !strings.Contains(page.Body, `data-testid="complaint-stats">顾客投诉统计表</a>`) {
		t.Errorf("the statistics link lacks the report's name 顾客投诉统计表")
	}
}

// openCallComplaint writes the complaint a follow-up call opened in group A's store, at opened,
// as the call's completion does: the customer's words and two low answers of group A's
// department; the complaint workflow then starts its clock and suggests the department and the
// category. The store's time zone is Tokyo's.
func openCallComplaint(t *testing.T, e *env, opened time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	details := call.Details{Low: []call.LowAnswer{
		{NameZH: "服务顾问的服务态度和讲解", NameEN: "Service advisor's manner and explanations", Scale: surveys.Five, Value: 1, Points: 20,
			DepartmentID: e.A.DepartmentID},
		{NameZH: "各环节是否满意", NameEN: "Happy with every part", Scale: surveys.YesNo, Value: 0, DepartmentID: e.A.DepartmentID},
	}}
	tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `UPDATE stores SET time_zone = 'Asia/Tokyo' WHERE tenant_id = $1 AND id = $2`, e.A.TenantID, e.A.StoreID)
	testkit.Must(t, err)
	var store, customer, id int64
	testkit.Must(t, tx.QueryRow(ctx, `SELECT store_id, customer_id FROM complaints WHERE tenant_id = $1 AND id = $2`,
		e.A.TenantID, e.A.IDs["{complaintID}"]).Scan(&store, &customer))
	testkit.Must(t, tx.QueryRow(ctx, `INSERT INTO complaints (tenant_id, store_id, customer_id, description, details, created_by, created_at, opened_at)
		VALUES ($1, $2, $3, '取车等了一个小时', $4, $5, $6, $6) RETURNING id`,
		e.A.TenantID, store, customer, details, e.A.Users[auth.Agent], opened).Scan(&id))
	testkit.Must(t, complaintService(e).Opened(ctx, tx, e.A.TenantID, id, e.A.Users[auth.Agent], opened))
	testkit.Must(t, tx.Commit(ctx))
	return id
}

// TestComplaints_CallFormInReadersLanguage: a complaint a call opened shows the customer's words
// and each low answer by its short name with the answer's label, in the reader's language; its
// times in its store's time zone (Tokyo, not Shanghai); what it waits on in words that fit its
// state; and the dispatch form suggests the department of the low answers and the category of
// the lowest.
func TestComplaints_CallFormInReadersLanguage(t *testing.T) {
	e := newEnv(t)
	opened := time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC) // 10:00 in Tokyo, 09:00 in Shanghai
	e.clock = opened.Add(10 * time.Minute)
	id := fmtID(openCallComplaint(t, e, opened))
	agent := e.login(e.A.Emails[auth.Agent])
	en := agent.get("/complaints/" + id)
	for _, want := range []string{"取车等了一个小时", "Service advisor&#39;s manner and explanations: 1 of 5 · very dissatisfied",
		"Happy with every part: No", "2026-11-24 10:00", "Now: Dispatch to departments.", "Due 2026-11-24 10:30"} {
		if !strings.Contains(en.Body, want) {
			t.Errorf("English form lacks %q", want)
		}
	}
	if strings.Contains(en.Body, "服务态度和讲解") || strings.Contains(en.Body, "2026-11-24 09:00") {
		t.Errorf("English form shows the Chinese name or Shanghai's time")
	}
	dept := `name="departments" value="` + fmtID(e.A.DepartmentID) + `" checked`
	if !strings.Contains(en.Body, dept) || !regexp.MustCompile(`<option value="\d+" selected>Staff attitude</option>`).MatchString(en.Body) {
		t.Errorf("the dispatch form does not suggest the low answers' department and the lowest one's category")
	}
	inChinese(t, agent)
	zh := agent.get("/complaints/" + id)
	for _, want := range []string{"服务顾问的服务态度和讲解：1 分 · 非常不满意", "各环节是否满意：否", "当前环节：派发到部门。"} {
		if !strings.Contains(zh.Body, want) {
			t.Errorf("Chinese form lacks %q", want)
		}
	}
	// dispatched with no description of its own: the call's words and answers say what happened
	form := url.Values{"from": {"open"}, "departments": {fmtID(e.A.DepartmentID)}, "severity": {"grievance"},
		"category_id": {fmtID(complaintCategory(t, e))}, "note": {""}}
	if res := agent.post("/complaints/"+id+"/dispatch", form); res.Code != http.StatusSeeOther {
		t.Errorf("dispatch: Status=%d, want 303; body %.300s", res.Code, res.Body)
	}
}

// complaintCategory is one of group A's complaint categories.
func complaintCategory(t *testing.T, e *env) int64 {
	t.Helper()
	cats, err := complaintService(e).Categories(context.Background(), e.A.TenantID)
	testkit.Must(t, err)
	return cats[0].ID
}

// TestComplaints_CurrentStepWording: a form whose first contact is logged waits on its plan,
// and says so; once the plan is written it waits on the department head's signature.
func TestComplaints_CurrentStepWording(t *testing.T) {
	e := newEnv(t)
	walk(t, e, walkStep{auth.DeptManager, complaints.ActAssign, complaints.Input{HandlerID: e.A.Users[auth.Staff]}},
		walkStep{auth.Staff, complaints.ActContact, complaints.Input{Note: "已致电客户"}})
	manager := e.login(e.A.Emails[auth.DeptManager])
	form := path("/complaints/{complaintID}", e.A)
	current := regexp.MustCompile(`data-testid="current-step"><p><strong>([^<]*)</strong>`)
	if m := current.FindStringSubmatch(manager.get(form).Body); m == nil || m[1] != "Now: Write the handling plan." {
		t.Errorf("contacted: current step %q, want the plan", m)
	}
	walk(t, e, walkStep{auth.Staff, complaints.ActPlan, complaints.Input{Plan: "免费复检"}})
	inChinese(t, manager)
	if m := current.FindStringSubmatch(manager.get(form).Body); m == nil || m[1] != "当前环节：部门经理签字。" {
		t.Errorf("planned: current step %q, want the signature", m)
	}
}

// TestComplaints_SendBack: at final approval the GM sends the plan back with a reason (none is
// refused at its field); the form waits on a new plan and the department manager is told.
func TestComplaints_SendBack(t *testing.T) {
	e := newEnv(t)
	walk(t, e, walkStep{auth.DeptManager, complaints.ActAssign, complaints.Input{HandlerID: e.A.Users[auth.Staff]}},
		walkStep{auth.Staff, complaints.ActContact, complaints.Input{Note: "已致电客户"}},
		walkStep{auth.Staff, complaints.ActPlan, complaints.Input{Plan: "免费复检"}},
		walkStep{auth.DeptManager, complaints.ActSign, complaints.Input{}},
		walkStep{auth.Agent, complaints.ActRevisit, complaints.Input{Yes: true, Note: "客户认可"}})
	gm := e.login(e.A.Emails[auth.GM])
	form := path("/complaints/{complaintID}", e.A)
	if page := gm.get(form); !strings.Contains(page.Body, `data-testid="act-send_back"`) || !strings.Contains(page.Body, `data-testid="act-approve"`) {
		t.Fatalf("the GM's form at approval lacks the send-back beside the approval")
	}
	if res := gm.post(form+"/send_back", url.Values{"from": {"accepted"}}); res.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `data-testid="error-note"`) {
		t.Errorf("send back without a reason: Status=%d, want 422 at the reason", res.Code)
	}
	if res := gm.post(form+"/send_back", url.Values{"from": {"accepted"}, "note": {"复检范围不够"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("send back: Status=%d, want 303", res.Code)
	}
	manager := e.login(e.A.Emails[auth.DeptManager])
	if page := manager.get(form); !strings.Contains(page.Body, "Now: Write the handling plan.") || !strings.Contains(page.Body, "复检范围不够") {
		t.Errorf("after the send-back the manager's form does not wait on a new plan with the GM's reason")
	}
	if page := manager.get("/notifications"); !strings.Contains(page.Body, "The GM sent back the plan for complaint #"+path("{complaintID}", e.A)) {
		t.Errorf("the department manager was not told the plan came back")
	}
}

// TestComplaints_DecideAppeal: the GM's decision offers no outcome chosen; none chosen, or an
// upheld appeal without confirming the void, comes back at its field with the reason kept; the
// confirmed void ends the form and the appellant is told the outcome.
func TestComplaints_DecideAppeal(t *testing.T) {
	e := newEnv(t)
	walk(t, e, walkStep{auth.Staff, complaints.ActAppeal, complaints.Input{Note: "客户自行加装配件所致"}},
		walkStep{auth.DeptManager, complaints.ActReviewAppeal, complaints.Input{Note: "情况属实"}})
	gm := e.login(e.A.Emails[auth.GM])
	form := path("/complaints/{complaintID}", e.A)
	page := gm.get(form)
	decide := page.Body[strings.Index(page.Body, `data-testid="act-decide_appeal"`):]
	decide = decide[:strings.Index(decide, "</form>")]
	if strings.Contains(decide, "checked") || !strings.Contains(decide, "Confirm voiding complaint No. "+path("{complaintID}", e.A)) {
		t.Errorf("the decision preselects an outcome or lacks the confirmation naming the void: %s", decide)
	}
	res := gm.post(form+"/decide_appeal", url.Values{"from": {"dispatched"}, "note": {"查无实据"}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="error-yes"`) {
		t.Errorf("no outcome chosen: Status=%d, want 422 at the outcome", res.Code)
	}
	res = gm.post(form+"/decide_appeal", url.Values{"from": {"dispatched"}, "yes": {"true"}, "note": {"申诉成立"}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="error-confirm_void"`) ||
		!strings.Contains(res.Body, ">申诉成立</textarea>") || !strings.Contains(res.Body, `value="true" required checked`) {
		t.Errorf("uphold unconfirmed: Status=%d, want 422 at the confirmation with the reason and choice kept", res.Code)
	}
	res = gm.post(form+"/decide_appeal", url.Values{"from": {"dispatched"}, "yes": {"true"}, "confirm_void": {"true"}, "note": {"申诉成立"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("uphold confirmed: Status=%d, want 303", res.Code)
	}
	staff := e.login(e.A.Emails[auth.Staff])
	if page := staff.get("/notifications"); !strings.Contains(page.Body, "was decided: Appeal upheld, complaint void.") {
		t.Errorf("the appellant was not told the outcome")
	}
}
