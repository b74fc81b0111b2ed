package server_test

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/testkit"
)

func init() {
	maps.Copy(routeExpectations, map[string]expect{
		"GET /complaints":                         loggedIn(200),
		"GET /complaints/{complaintID}":           loggedIn(200),
		"POST /complaints/{complaintID}/{action}": loggedIn(409), // the seeded form is not at the signature
		"GET /complaints/new":                     only(200, auth.Agent, auth.CSManager),
		"POST /complaints":                        only(422, auth.Agent, auth.CSManager),
		"GET /complaints/policy":                  adminOnly(200),
		"POST /complaints/policy":                 adminOnly(422),
		"POST /complaints/policy/reasons":         adminOnly(422),
	})
	groupSeeds = append(groupSeeds, seedComplaint)
}

// complaintService is the complaint workflow over the test database, on the test's clock.
func complaintService(e *env) *complaints.Service {
	bundle, err := i18n.New()
	testkit.Must(e.t, err)
	return &complaints.Service{DB: e.DB.App, Now: e.now, Notify: &notify.Service{Bundle: bundle}}
}

// seedComplaint opens a hotline grievance about a customer of the group, sent to its department.
func seedComplaint(e *env, g *group) {
	ctx := context.Background()
	svc := complaintService(e)
	tx, err := e.DB.App.BeginTenant(ctx, g.TenantID)
	testkit.Must(e.t, err)
	defer tx.Rollback(ctx)
	var customer int64
	testkit.Must(e.t, tx.QueryRow(ctx, `INSERT INTO customers (tenant_id, name, phone) VALUES ($1, '黄蓉', '137' || lpad($2::bigint::text, 8, '0')) RETURNING id`,
		g.TenantID, g.StoreID).Scan(&customer))
	testkit.Must(e.t, tx.Commit(ctx))
	cats, err := svc.Categories(ctx, g.TenantID)
	testkit.Must(e.t, err)
	agent := complaints.Actor{UserID: g.Users[auth.Agent], Memberships: []auth.Membership{{Role: auth.Agent, StoreID: g.StoreID}}}
	id, err := svc.Open(ctx, g.TenantID, agent, complaints.Form{StoreID: g.StoreID, CustomerID: customer,
		Departments: []int64{g.DepartmentID}, CategoryID: cats[0].ID, Severity: complaints.Grievance, Channel: "hotline",
		Description: "等待时间太长"})
	testkit.Must(e.t, err)
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

// TestComplaints_Policy: the admin shortens the first-contact deadline of a grievance made face
// to face and counts it on the clock; a deadline of nothing is refused at its field and nothing
// is saved; a grievance opened afterwards is due by the new deadline, on the clock.
func TestComplaints_Policy(t *testing.T) {
	e := newEnv(t)
	admin := e.login(e.A.Emails[auth.Admin])
	page := admin.get("/complaints/policy")
	form := url.Values{}
	for _, m := range regexpInputs.FindAllStringSubmatch(page.Body, -1) {
		form.Set(m[1], m[2])
	}
	for _, m := range regexpChecked.FindAllStringSubmatch(page.Body, -1) {
		form.Set(m[1], "true")
	}
	if form.Get("grievance_contact_f2f") != "120" || form.Get("grievance_contact_business") != "true" || form.Has("major_contact_business") {
		t.Fatalf("policy page: grievance first contact %q in business time %q, major on the clock %q; want the defaults",
			form.Get("grievance_contact_f2f"), form.Get("grievance_contact_business"), form.Get("major_contact_business"))
	}
	bad := maps.Clone(form)
	bad.Set("major_approve_remote", "0")
	if res := admin.post("/complaints/policy", bad); res.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `data-testid="error-major_approve_remote"`) {
		t.Fatalf("zero minutes: Status=%d, want 422 at the field", res.Code)
	}
	form.Set("grievance_contact_f2f", "45")
	form.Del("grievance_contact_business") // on the clock
	if res := admin.post("/complaints/policy", form); res.Code != http.StatusSeeOther {
		t.Fatalf("save: Status=%d, want 303", res.Code)
	}
	p, err := complaintService(e).ReadPolicy(context.Background(), e.A.TenantID)
	testkit.Must(t, err)
	if g := p[complaints.Grievance][complaints.Contact]; g.FaceToFace != 45 || g.Business || p[complaints.Major][complaints.Approve].Remote != 5760 ||
		!p[complaints.Major][complaints.Approve].Business {
		t.Errorf("saved policy %+v", p[complaints.Grievance][complaints.Contact])
	}
	svc := complaintService(e)
	ctx := context.Background()
	c, err := svc.Get(ctx, e.A.TenantID, e.A.IDs["{complaintID}"])
	testkit.Must(t, err)
	agent := complaints.Actor{UserID: e.A.Users[auth.Agent], Memberships: []auth.Membership{{Role: auth.Agent, StoreID: e.A.StoreID}}}
	id, err := svc.Open(ctx, e.A.TenantID, agent, complaints.Form{StoreID: e.A.StoreID, CustomerID: c.CustomerID,
		Departments: []int64{e.A.DepartmentID}, CategoryID: c.CategoryID, Severity: complaints.Grievance, Channel: "walk_in",
		FaceToFace: true, Description: "到店投诉"})
	testkit.Must(t, err)
	if c, err = svc.Get(ctx, e.A.TenantID, id); err != nil {
		t.Fatal(err)
	}
	for _, st := range c.Steps {
		if st.Step == complaints.Contact && !st.DueAt.Equal(c.OpenedAt.Add(45*time.Minute)) {
			t.Errorf("first contact due %v, want 45 minutes after %v", st.DueAt, c.OpenedAt)
		}
	}
}

var regexpChecked = regexp.MustCompile(`name="([a-z_]+_business)" value="true" checked`)

var regexpInputs = regexp.MustCompile(`name="([a-z_]+_(?:f2f|remote))" type="number" min="1" max="43200" value="(\d+)"`)
