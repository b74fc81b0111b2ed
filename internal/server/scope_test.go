package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// groupWide lists the routes whose pages belong to the whole group rather than to one store: the
// customer (and their vehicles) is the group's, the lists show what the person holds, and the
// account is their own. A person of another store of the group gets there what the store's own
// person gets; on every other route they get 404 or 403.
var groupWide = map[string]bool{
	"GET /healthz": true, "GET /readyz": true, "GET /static/*": true,
	"GET /login": true, "POST /login": true, "POST /logout": true, "POST /locale": true,
	"GET /": true, "GET /account": true, "POST /account/password": true,
	"GET /customers": true, "GET /customers/new": true, "POST /customers": true,
	"GET /customers/{customerID}": true, "GET /customers/{customerID}/edit": true, "POST /customers/{customerID}": true,
	"GET /customers/{customerID}/vehicles/new": true, "POST /customers/{customerID}/vehicles": true,
	"GET /customers/{customerID}/vehicles/{vehicleID}/edit": true, "POST /customers/{customerID}/vehicles/{vehicleID}": true,
	"GET /customers/{customerID}/deliveries/new": true, "GET /customers/{customerID}/service-orders/new": true,
	"GET /notifications": true, "POST /notifications/read": true,
	"GET /complaints": true, "GET /complaints/new": true, "GET /imports": true, "GET /questionnaires": true,
	"GET /followups/samples": true, "GET /admin/api-keys": true,
}

// scopeOverrides are the answers, on routes of another store, that a request gets before any store
// is known: an upload that is not a multipart form is a bad request.
var scopeOverrides = map[string]int{"POST /imports": http.StatusBadRequest}

// asksStore adds store A's id to a request's query, so that pages choosing a store by ?store= are
// asked for A.
func asksStore(p string, g group) string {
	sep := "?"
	if strings.Contains(p, "?") {
		sep = "&"
	}
	return p + sep + "store=" + fmt.Sprint(g.StoreID)
}

// TestScope_OtherStoreRoutes: for every route, each role held in store A2 of the same group, asked
// for store A's objects (and ?store= / store_id= of A), gets 404 or 403, and on the group's own
// pages what A's holder gets; every change it sent left every row of the group as it was.
func TestScope_OtherStoreRoutes(t *testing.T) {
	e := newScopedEnv(t)
	before := fingerprint(t, e, e.A.TenantID)
	for _, role := range auth.Roles {
		c := e.login(e.A2.Emails[role])
		for _, rt := range walkRoutes(t, e) {
			key := rt.Method + " " + rt.Pattern
			if rt.Method == http.MethodPost && groupWide[key] || strings.HasPrefix(key, "POST /api/") || strings.HasPrefix(key, "GET /api/") {
				continue // the DMS API acts in its key's store and names no other
			}
			p := path(rt.Pattern, e.A)
			var res response
			if rt.Method == http.MethodGet {
				res = c.get(asksStore(p, e.A))
			} else {
				res = c.post(p, url.Values{"store_id": {fmt.Sprint(e.A.StoreID)}, "agent_id": {fmt.Sprint(e.A2.Users[auth.Agent])},
					"name": {"Scope probe"}, "reason": {"probe"}, "kind": {"service_orders"}})
			}
			if !scopeAnswerOK(key, role, res.Code) {
				t.Errorf("%s as %s of A2: Status=%d, want 404 or 403 (group pages: %d)", key, role, res.Code,
					routeExpectations[key].for_(role))
			}
			e.restoreSpares(t)
		}
	}
	if after := fingerprint(t, e, e.A.TenantID); after != before {
		t.Errorf("A2's people changed rows of group A:\n%s", diffLines(before, after))
	}
}

func scopeAnswerOK(key string, role auth.Role, code int) bool {
	if groupWide[key] {
		return code == routeExpectations[key].for_(role)
	}
	if want, ok := scopeOverrides[key]; ok && code == want {
		return true
	}
	return code == http.StatusNotFound || code == http.StatusForbidden
}

// fingerprint is every row of the tenant but sessions, table by table, as count and hash: two
// equal fingerprints mean nothing of the group was written between them. Customers and vehicles
// belong to the whole group, so the group-wide routes that change them are not replayed.
func fingerprint(t *testing.T, e *env, tenantID int64) string {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.Owner.Pool.Begin(ctx)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	testkit.Must(t, postgres.SetTenant(ctx, tx, tenantID))
	rows, err := tx.Query(ctx, `
		SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
		WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND c.relname NOT IN ('sessions')
		ORDER BY c.relname`)
	testkit.Must(t, err)
	var tables []string
	for rows.Next() {
		var n string
		testkit.Must(t, rows.Scan(&n))
		tables = append(tables, n)
	}
	testkit.Must(t, rows.Err())
	var b strings.Builder
	for _, tbl := range tables {
		var n int
		var h string
		testkit.Must(t, tx.QueryRow(ctx, fmt.Sprintf(`SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')
			FROM %s t WHERE tenant_id = $1`, tbl), tenantID).Scan(&n, &h))
		fmt.Fprintf(&b, "%s %d %s\n", tbl, n, h)
	}
	return b.String()
}

// diffLines lists the lines of after that before lacks.
func diffLines(before, after string) string {
	var out []string
	for _, l := range strings.Split(after, "\n") {
		if !strings.Contains(before, l+"\n") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestScope_ListsShowTheStoreHeld: A2's people see A2's calls, complaints, figures and stores only,
// with no "all stores" choice for one store, and their counts count A2 alone.
func TestScope_ListsShowTheStoreHeld(t *testing.T) {
	e := newScopedEnv(t)
	agent := e.login(e.A2.Emails[auth.Agent])
	list := agent.get("/worklist")
	own, other := fmt.Sprintf(`href="/tasks/%d"`, e.A2.IDs["{taskID}"]), fmt.Sprintf(`href="/tasks/%d"`, e.A.IDs["{taskID}"])
	if !strings.Contains(list.Body, own) || strings.Contains(list.Body, other) {
		t.Errorf("A2's worklist: want A2's call and not A's")
	}
	if picker := between(list.Body, `name="store"`, `</select>`); strings.Contains(picker, `value="0"`) ||
		!strings.Contains(picker, ">Store a2<") || strings.Contains(picker, ">Store a<") {
		t.Errorf("A2's store picker: want Store a2 alone, without all stores")
	}
	if n := between(list.Body, `data-testid="tab-due"`, `</a>`); !strings.Contains(n, `<span class="count">1</span>`) {
		t.Errorf("A2's due count: %q, want 1 (A's call is not counted)", n)
	}
	customer := agent.get(path("/customers/{customerID}", e.A))
	if customer.Code != 200 || strings.Contains(customer.Body, "D-"+e.A.Emails[auth.Agent]) {
		t.Errorf("A's customer as A2's agent: Status=%d, want 200 without A's delivery", customer.Code)
	}
	if !strings.Contains(e.login(e.A.Emails[auth.Agent]).get(path("/customers/{customerID}", e.A)).Body, "D-"+e.A.Emails[auth.Agent]) {
		t.Errorf("A's customer as A's agent: want A's delivery")
	}
	cs := e.login(e.A2.Emails[auth.CSManager])
	for _, p := range []string{"/followups/samples", "/scores/group", "/complaints?tab=all", "/questionnaires", "/rules", "/imports"} {
		if body := cs.get(p).Body; strings.Contains(body, "Store a<") || strings.Contains(body, fmt.Sprintf(`href="/complaints/%d"`, e.A.IDs["{complaintID}"])) {
			t.Errorf("%s as A2's customer-service manager shows store A", p)
		}
	}
	if res := cs.get("/complaints/stats"); res.Code != 200 || !strings.Contains(res.Body, "Store a2") {
		t.Errorf("stats: Status=%d, want A2's", res.Code)
	}
	gm := e.login(e.A.Emails[auth.GM])
	if res := gm.get("/worklist"); res.Code != http.StatusForbidden {
		t.Errorf("A's GM on the worklist: Status=%d, want 403", res.Code)
	}
	if body := gm.get("/scores/group").Body; !strings.Contains(body, "Store a") || strings.Contains(body, "Store a2") {
		t.Errorf("A's GM's group ranking: want store A only")
	}
}

// TestScope_DepartmentComplaints: staff and managers of one department read and act on their
// department's complaints only; customer service of the store reads them all.
func TestScope_DepartmentComplaints(t *testing.T) {
	e := newScopedEnv(t)
	ctx := context.Background()
	svc := complaintService(e)
	deps, err := (&tenancy.Service{DB: e.DB.App}).Departments(ctx, e.A.TenantID, e.A.StoreID)
	testkit.Must(t, err)
	cats, err := svc.Categories(ctx, e.A.TenantID)
	testkit.Must(t, err)
	agent := complaints.Actor{UserID: e.A.Users[auth.Agent], Memberships: []auth.Membership{{Role: auth.Agent, StoreID: e.A.StoreID}}}
	id, err := svc.Open(ctx, e.A.TenantID, agent, complaints.Form{StoreID: e.A.StoreID, CustomerID: e.A.IDs["{customerID}"],
		Departments: []int64{deps[1].ID}, CategoryID: cats[0].ID, Severity: complaints.Grievance, Channel: "hotline",
		Description: "另一个部门的投诉"})
	testkit.Must(t, err)
	form := fmt.Sprintf("/complaints/%d", id)
	for role, want := range map[auth.Role]int{auth.Staff: 404, auth.DeptManager: 404, auth.Agent: 200, auth.CSManager: 200, auth.GM: 200} {
		c := e.login(e.A.Emails[role])
		if res := c.get(form); res.Code != want {
			t.Errorf("%s of A's first department: another department's complaint Status=%d, want %d", role, res.Code, want)
		}
		if role.NeedsDepartment() {
			if strings.Contains(c.get("/complaints?tab=all").Body, `href="`+form+`"`) {
				t.Errorf("%s: the queue lists another department's complaint", role)
			}
			if res := c.post(form+"/assign", url.Values{"handler_id": {fmt.Sprint(e.A.Users[auth.Staff])}}); res.Code != http.StatusNotFound {
				t.Errorf("%s assigning another department's complaint: Status=%d, want 404", role, res.Code)
			}
		}
	}
	manager := e.login(e.A.Emails[auth.DeptManager])
	if res := manager.get(path("/complaints/{complaintID}", e.A)); res.Code != 200 {
		t.Errorf("the manager's own department's complaint: Status=%d, want 200", res.Code)
	}
	// The month's statistics count what the reader holds, and say so when it is not the whole store.
	for email, want := range map[string]struct{ opened, scope string }{
		e.A.Emails[auth.DeptManager]: {`data-testid="cstats-opened">1<`, `data-testid="stats-scope"`},
		e.A.Emails[auth.CSManager]:   {`data-testid="cstats-opened">2<`, ""},
	} {
		body := e.login(email).get("/complaints/stats").Body
		if !strings.Contains(body, want.opened) || strings.Contains(body, `data-testid="stats-scope"`) != (want.scope != "") {
			t.Errorf("statistics as %s: want %s and the scope line %v", email, want.opened, want.scope != "")
		}
	}
}

// between is the part of s from the first start to the next end after it.
func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], end)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j]
}

// TestScope_AssignToTheStoresAgents: the group's administrator gives store A's call to A's agent,
// and not to A2's, who holds no role in A; the list of agents to choose from is the stores'.
func TestScope_AssignToTheStoresAgents(t *testing.T) {
	e := newScopedEnv(t)
	admin := e.login(e.A.Emails[auth.Admin])
	assign := path("/worklist/{taskID}/assign", e.A)
	if res := admin.post(assign, url.Values{"agent_id": {fmt.Sprint(e.A2.Users[auth.Agent])}}); res.Code != http.StatusBadRequest {
		t.Errorf("to A2's agent: Status=%d, want 400", res.Code)
	}
	if res := admin.post(assign, url.Values{"agent_id": {fmt.Sprint(e.A.Users[auth.Agent])}}); res.Code != http.StatusSeeOther {
		t.Errorf("to A's agent: Status=%d, want 303", res.Code)
	}
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var assigned int64
	testkit.Must(t, tx.QueryRow(ctx, `SELECT assigned_to FROM follow_up_tasks WHERE tenant_id = $1 AND id = $2`, e.A.TenantID, e.A.IDs["{taskID}"]).Scan(&assigned))
	if assigned != e.A.Users[auth.Agent] {
		t.Errorf("assigned_to=%d, want A's agent %d", assigned, e.A.Users[auth.Agent])
	}
	picker := between(e.login(e.A.Emails[auth.CSManager]).get("/worklist").Body, `name="agent_id"`, `</select>`)
	if !strings.Contains(picker, "agent a<") || strings.Contains(picker, "agent a2<") {
		t.Errorf("A's manager's agents: want A's agent alone; got %q", picker)
	}
}
