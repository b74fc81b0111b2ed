package server_test

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/notify"
)

func init() {
	maps.Copy(routeExpectations, map[string]expect{
		"GET /complaints":                         loggedIn(200),
		"GET /complaints/{complaintID}":           loggedIn(200),
		"POST /complaints/{complaintID}/{action}": loggedIn(409), // the seeded form is not at the signature
		"GET /complaints/new":                     only(200, auth.Agent, auth.CSManager),
		"POST /complaints":                        only(422, auth.Agent, auth.CSManager),
	})
	groupSeeds = append(groupSeeds, seedComplaint)
}

// complaintService is the complaint workflow over the test database, on the test's clock.
func complaintService(e *env) *complaints.Service {
	bundle, err := i18n.New()
	must(e.t, err)
	return &complaints.Service{DB: e.DB.App, Now: e.now, Notify: &notify.Service{Bundle: bundle}}
}

// seedComplaint opens a hotline grievance about a customer of the group, sent to its department.
func seedComplaint(e *env, g *group) {
	ctx := context.Background()
	svc := complaintService(e)
	tx, err := e.DB.App.BeginTenant(ctx, g.TenantID)
	must(e.t, err)
	var customer int64
	must(e.t, tx.QueryRow(ctx, `INSERT INTO customers (tenant_id, name, phone) VALUES ($1, '黄蓉', '13700000009') RETURNING id`,
		g.TenantID).Scan(&customer))
	must(e.t, tx.Commit(ctx))
	cats, err := svc.Categories(ctx, g.TenantID)
	must(e.t, err)
	agent := complaints.Actor{UserID: g.Users[auth.Agent], Memberships: []auth.Membership{{Role: auth.Agent, StoreID: g.StoreID}}}
	id, err := svc.Open(ctx, g.TenantID, agent, complaints.Form{StoreID: g.StoreID, CustomerID: customer,
		Departments: []int64{g.DepartmentID}, CategoryID: cats[0].ID, Severity: complaints.Grievance, Channel: "hotline",
		Description: "等待时间太长"})
	must(e.t, err)
	g.IDs["{complaintID}"] = id
}

// TestComplaints_QueuesAndSteps: the seeded grievance waits in the department manager's queue to
// be assigned with its time left; a signature out of order comes back on the form with its
// message; bad input comes back at its field; assigning it puts it in the assignee's queue.
func TestComplaints_QueuesAndSteps(t *testing.T) {
	e := newEnv(t)
	manager := e.login(e.A.Emails[auth.DeptManager])
	queue := manager.get("/complaints?tab=to_assign")
	if !strings.Contains(queue.Body, `data-testid="complaint-link"`) || !strings.Contains(queue.Body, `data-testid="time-left"`) {
		t.Fatalf("to-assign queue: want the grievance with its time left; body %.400s", queue.Body)
	}
	form := path("/complaints/{complaintID}", e.A)
	res := manager.post(form+"/sign", url.Values{"from": {"dispatched"}})
	if res.Code != http.StatusConflict || !strings.Contains(res.Body, `data-testid="problem"`) {
		t.Errorf("sign before the plan: Status=%d, want 409 with the message on the form", res.Code)
	}
	res = manager.post(form+"/assign", url.Values{"from": {"dispatched"}, "handler_id": {"0"}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="error-handler_id"`) {
		t.Errorf("assign nobody: Status=%d, want 422 at the handler field", res.Code)
	}
	staff := e.A.Users[auth.Staff]
	if res := manager.post(form+"/assign", url.Values{"from": {"dispatched"}, "handler_id": {fmtID(staff)}}); res.Code != http.StatusSeeOther {
		t.Fatalf("assign: Status=%d, want 303; body %.300s", res.Code, res.Body)
	}
	if page := e.login(e.A.Emails[auth.Staff]).get("/complaints?tab=mine"); !strings.Contains(page.Body, `data-testid="complaint-link"`) {
		t.Errorf("the staff member's queue lacks the assigned form")
	}
	if res := manager.post(form+"/assign", url.Values{"from": {"dispatched"}, "handler_id": {fmtID(staff)}}); res.Code != http.StatusConflict ||
		!strings.Contains(res.Body, `data-testid="problem"`) {
		t.Errorf("assign again from a stale page: Status=%d, want 409 saying who acted", res.Code)
	}
}
