package server_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/testkit"
)

// editorsOnly answers code to the roles that edit customers, 403 to other users and sends
// visitors to the login page.
func editorsOnly(code int) expect { return only(code, auth.Agent, auth.CSManager, auth.Admin) }

func init() {
	maps.Copy(routeExpectations, map[string]expect{
		"GET /customers":                                            loggedIn(200),
		"GET /customers/{customerID}":                               loggedIn(200),
		"GET /customers/new":                                        editorsOnly(200),
		"POST /customers":                                           editorsOnly(422),
		"GET /customers/{customerID}/edit":                          editorsOnly(200),
		"POST /customers/{customerID}":                              editorsOnly(422),
		"GET /customers/{customerID}/vehicles/new":                  editorsOnly(200),
		"POST /customers/{customerID}/vehicles":                     editorsOnly(422),
		"GET /customers/{customerID}/vehicles/{vehicleID}/edit":     editorsOnly(200),
		"POST /customers/{customerID}/vehicles/{vehicleID}":         editorsOnly(422),
		"GET /customers/{customerID}/deliveries/new":                editorsOnly(200),
		"POST /customers/{customerID}/deliveries":                   editorsOnly(422),
		"GET /customers/{customerID}/deliveries/{deliveryID}/edit":  editorsOnly(200),
		"POST /customers/{customerID}/deliveries/{deliveryID}":      editorsOnly(422),
		"GET /customers/{customerID}/service-orders/new":            editorsOnly(200),
		"POST /customers/{customerID}/service-orders":               editorsOnly(422),
		"GET /customers/{customerID}/service-orders/{orderID}/edit": editorsOnly(200),
		"POST /customers/{customerID}/service-orders/{orderID}":     editorsOnly(422),
	})
	groupSeeds = append(groupSeeds, seedCustomer)
}

// seedCustomer gives a group a customer with a vehicle, a delivery and a service order, loaded
// as an import would.
func seedCustomer(e *env, g *group) {
	ctx := context.Background()
	opened := time.Now().Add(-48 * time.Hour)
	closed := opened.Add(5 * time.Hour)
	phone, vin := "13912345678", "LSVAG2180E2100001"
	if g.Prefix == "a2" { // the second store of group A has a customer of its own
		phone, vin = "13912345602", "LSVAG2180E2100002"
	}
	recs := []orders.Record{{Line: 1, OrderNo: "D-" + g.Emails[auth.Agent], CustomerName: "张伟",
		Phone: phone, VIN: vin, Plate: "粤B12345", Brand: "大众", Model: "帕萨特",
		DeliveredOn: opened.Truncate(24 * time.Hour)}}
	load := func(k orders.Kind, recs []orders.Record) {
		_, err := (&orders.Service{DB: e.DB.App}).Load(ctx, g.TenantID, g.StoreID, k, "import", recs, false)
		testkit.Must(e.t, err)
	}
	load(orders.Deliveries, recs)
	recs[0].OrderNo, recs[0].WorkType, recs[0].OpenedAt, recs[0].ClosedAt = "RO-1", "maintenance", opened, &closed
	load(orders.ServiceOrders, recs)
	tx, err := e.DB.App.BeginTenant(ctx, g.TenantID)
	testkit.Must(e.t, err)
	defer tx.Rollback(ctx)
	var customerID, vehicleID, deliveryID, orderID int64
	testkit.Must(e.t, tx.QueryRow(ctx, `SELECT c.id, v.id, d.id, o.id FROM customers c
		JOIN vehicles v ON v.tenant_id = c.tenant_id AND v.customer_id = c.id
		JOIN deliveries d ON d.tenant_id = c.tenant_id AND d.customer_id = c.id
		JOIN service_orders o ON o.tenant_id = c.tenant_id AND o.customer_id = c.id
		WHERE c.tenant_id = $2 AND d.store_id = $1 AND o.store_id = $1`, g.StoreID, g.TenantID).Scan(&customerID, &vehicleID, &deliveryID, &orderID))
	g.IDs["{customerID}"], g.IDs["{vehicleID}"] = customerID, vehicleID
	g.IDs["{deliveryID}"], g.IDs["{orderID}"] = deliveryID, orderID
}

func TestCustomers_SearchAndMasking(t *testing.T) {
	e := newEnv(t)
	agent, manager := e.login(e.A.Emails[auth.Agent]), e.login(e.A.Emails[auth.DeptManager])
	for _, q := range []string{"张伟", "张", "5678", "139123", "B12345", "12345", "2100001", "LSVAG", "粤B"} {
		res := agent.get("/customers?q=" + url.QueryEscape(q))
		if !strings.Contains(res.Body, "张伟") {
			t.Errorf("search %q: customer not found; body: %.300s", q, res.Body)
		}
	}
	for _, q := range []string{"李", "99999", "LFV"} {
		if res := agent.get("/customers?q=" + url.QueryEscape(q)); strings.Contains(res.Body, "张伟") {
			t.Errorf("search %q found 张伟, want no match", q)
		}
	}
	if res := agent.get("/customers?q=5678"); !strings.Contains(res.Body, "13912345678") {
		t.Errorf("agent sees no full phone, want 13912345678")
	}
	res := manager.get("/customers?q=5678")
	if strings.Contains(res.Body, "13912345678") || !strings.Contains(res.Body, "139****5678") {
		t.Errorf("department manager: want the phone masked as 139****5678")
	}
	page := manager.get(path("/customers/{customerID}", e.A))
	if strings.Contains(page.Body, "13912345678") || !strings.Contains(page.Body, "139****5678") {
		t.Errorf("department manager's customer page: want the phone masked")
	}
	if strings.Contains(page.Body, "data-testid=\"edit-customer\"") {
		t.Errorf("department manager's customer page offers editing, want none")
	}
	if res := e.login(e.B.Emails[auth.Agent]).get("/customers?q=" + url.QueryEscape("张伟")); strings.Contains(res.Body, e.A.Emails[auth.Agent]) {
		t.Errorf("group B's search shows group A's rows")
	}
}

func TestCustomers_EditRecordsContactChanges(t *testing.T) {
	e := newEnv(t)
	agent := e.login(e.A.Emails[auth.Agent])
	form := url.Values{"name": {"张伟"}, "phone": {"139 1234 5678"}, "phone2": {"0755-8888 6666"},
		"gender": {"male"}, "contact_time": {"evening"}, "consent": {"true"}, "dnc_reason": {""}}
	t.Run("BadPhone", func(t *testing.T) {
		bad := maps.Clone(form)
		bad.Set("phone", "12345")
		res := agent.post(path("/customers/{customerID}", e.A), bad)
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="error-phone"`) {
			t.Errorf("Status=%d, want 422 with the phone's message", res.Code)
		}
	})
	t.Run("OK", func(t *testing.T) {
		if res := agent.post(path("/customers/{customerID}", e.A), form); res.Code != http.StatusSeeOther {
			t.Fatalf("Status=%d, want 303; body: %.500s", res.Code, res.Body)
		}
		cs, err := (&customers.Service{DB: e.DB.App}).ContactChanges(context.Background(), e.A.TenantID, e.A.IDs["{customerID}"])
		testkit.Must(t, err)
		if len(cs) != 2 {
			t.Fatalf("changes=%+v, want 2 (second phone and contact time)", cs)
		}
		page := agent.get(path("/customers/{customerID}", e.A))
		if !strings.Contains(page.Body, "075588886666") || !strings.Contains(page.Body, "agent a") {
			t.Errorf("customer page: want the change with the new number and who made it")
		}
	})
	t.Run("EmailAndLanguage", func(t *testing.T) {
		bad := maps.Clone(form)
		bad.Set("email", "zhang.example.com")
		if res := agent.post(path("/customers/{customerID}", e.A), bad); res.Code != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Body, `data-testid="error-email"`) {
			t.Errorf("an address without @: Status=%d, want 422 at the e-mail", res.Code)
		}
		good := maps.Clone(form)
		good.Set("email", " Zhang.Wei@Example.com ")
		good.Set("language", "en")
		if res := agent.post(path("/customers/{customerID}", e.A), good); res.Code != http.StatusSeeOther {
			t.Fatalf("Status=%d, want 303", res.Code)
		}
		if page := agent.get(path("/customers/{customerID}", e.A)); !strings.Contains(page.Body, `data-testid="email">zhang.wei@example.com<`) {
			t.Errorf("agent's customer page: want the address as saved")
		}
		manager := e.login(e.A.Emails[auth.DeptManager])
		if page := manager.get(path("/customers/{customerID}", e.A)); !strings.Contains(page.Body, `data-testid="email">z***@example.com<`) {
			t.Errorf("department manager's customer page: want the address masked as the phone is")
		}
	})
	t.Run("DoNotContact", func(t *testing.T) {
		dnc := maps.Clone(form)
		dnc.Set("dnc_reason", "sold_car")
		if res := agent.post(path("/customers/{customerID}", e.A), dnc); res.Code != http.StatusSeeOther {
			t.Fatalf("Status=%d, want 303", res.Code)
		}
		if page := agent.get(path("/customers/{customerID}", e.A)); !strings.Contains(page.Body, `data-testid="dnc"`) {
			t.Errorf("customer page: want the do-not-contact badge")
		}
	})
}

func TestCustomers_Create(t *testing.T) {
	e := newEnv(t)
	agent := e.login(e.A.Emails[auth.Agent])
	form := url.Values{"name": {"李娜"}, "phone": {"+86 138-0000-1111"}, "gender": {"female"},
		"contact_time": {"any"}, "consent": {"true"}, "birth_date": {"1990-02-30"}}
	if res := agent.post("/customers", form); res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="error-birth_date"`) {
		t.Errorf("bad birth date: Status=%d, want 422 with the date's message", res.Code)
	}
	form.Set("birth_date", "1990-02-28")
	res := agent.post("/customers", form)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("Status=%d, want 303; body: %.500s", res.Code, res.Body)
	}
	if page := agent.get(res.Header.Get("Location")); !strings.Contains(page.Body, "13800001111") {
		t.Errorf("new customer's page lacks the normalized phone")
	}
	form.Set("name", "李娜二")
	if res := agent.post("/customers", form); res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="error-phone"`) {
		t.Errorf("duplicate phone: Status=%d, want 422 at the phone", res.Code)
	}
}

func TestOrders_ManualEntry(t *testing.T) {
	e := newEnv(t)
	agent := e.login(e.A.Emails[auth.Agent])
	base := path("/customers/{customerID}", e.A)
	vehicle := url.Values{"vin": {"lfv2a21k6g4000001"}, "plate": {"粤b 66666"}, "brand": {"大众"}, "mileage": {"8000"}}
	if res := agent.post(base+"/vehicles", url.Values{"vin": {"LFV2A21K6G400000"}}); !strings.Contains(res.Body, `data-testid="error-vin"`) {
		t.Errorf("short VIN: Status=%d, want the VIN's message", res.Code)
	}
	if res := agent.post(base+"/vehicles", vehicle); res.Code != http.StatusSeeOther {
		t.Fatalf("vehicle: Status=%d, want 303; body %.500s", res.Code, res.Body)
	}
	so := url.Values{"store_id": {fmtID(e.A.StoreID)}, "vehicle_id": {fmtID(e.A.IDs["{vehicleID}"])},
		"order_no": {"RO-77"}, "work_type": {"repair"}, "opened_at": {"2026-03-01T09:30"},
		"closed_at": {"2026-03-01T08:00"}, "amount": {"1280.50"}}
	if res := agent.post(base+"/service-orders", so); !strings.Contains(res.Body, `data-testid="error-closed_at"`) {
		t.Errorf("closed before opened: Status=%d, want the closing time's message", res.Code)
	}
	so.Set("closed_at", "2026-03-01T17:00")
	if res := agent.post(base+"/service-orders", so); res.Code != http.StatusSeeOther {
		t.Fatalf("service order: Status=%d, want 303; body %.800s", res.Code, res.Body)
	}
	page := agent.get(base)
	for _, want := range []string{"LFV2A21K6G4000001", "粤B66666", "RO-77", "2026-03-01 09:30", "¥1280.50"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("customer page lacks %q", want)
		}
	}
	d := url.Values{"store_id": {fmtID(e.A.StoreID)}, "vehicle_id": {fmtID(e.B.IDs["{vehicleID}"])},
		"order_no": {"D-9"}, "delivered_on": {"2026-03-02"}}
	if res := agent.post(base+"/deliveries", d); !strings.Contains(res.Body, `data-testid="error-vehicle_id"`) {
		t.Errorf("another group's vehicle: Status=%d, want the vehicle's message", res.Code)
	}
}

func fmtID(id int64) string { return strconv.FormatInt(id, 10) }

// addCustomers adds n customers to the group in one statement, the i-th (from 1) named and
// numbered by row(i). It lists the rows as VALUES: an INSERT … SELECT into customers would pass
// through a Citus coordinator, which row-level security refuses.
func addCustomers(t *testing.T, e *env, tenantID int64, n int, row func(i int) (name, phone string)) []int64 {
	t.Helper()
	ctx := context.Background()
	args := []any{tenantID}
	values := make([]string, n)
	for i := range n {
		name, phone := row(i + 1)
		args = append(args, name, phone)
		values[i] = fmt.Sprintf("($1, $%d, $%d)", len(args)-1, len(args))
	}
	tx, err := e.DB.App.BeginTenant(ctx, tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	rows, err := tx.Query(ctx, `INSERT INTO customers (tenant_id, name, phone) VALUES `+strings.Join(values, ", ")+` RETURNING id`, args...)
	testkit.Must(t, err)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
	return ids
}

// TestCustomers_SearchCapped: a search counts its matches up to customers.SearchCap; with one
// more it says so and asks for more letters, and with exactly the cap it does not.
func TestCustomers_SearchCapped(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	addCustomers(t, e, e.A.TenantID, customers.SearchCap+1, func(i int) (string, string) {
		return fmt.Sprint("欧阳", i), fmt.Sprintf("136990%05d", i)
	})
	agent := e.login(e.A.Emails[auth.Agent])
	search := "/customers?q=" + url.QueryEscape("欧阳")
	if body := agent.get(search).Body; !strings.Contains(body, `data-testid="search-capped"`) ||
		!strings.Contains(body, "More than "+strconv.Itoa(customers.SearchCap)+" customers match") {
		t.Errorf("%d matches: want the search capped at %d", customers.SearchCap+1, customers.SearchCap)
	}
	tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `DELETE FROM customers WHERE tenant_id = $1 AND name = '欧阳1'`, e.A.TenantID)
	testkit.Must(t, err)
	testkit.Must(t, changes.AnnounceCustomers(ctx, tx, e.A.TenantID)) // the kept search pages are void
	testkit.Must(t, tx.Commit(ctx))
	last := "/customers?page=" + strconv.Itoa(customers.SearchCap/20) + "&q=" + url.QueryEscape("欧阳")
	for deadline := time.Now().Add(5 * time.Second); strings.Contains(agent.get(search).Body, `data-testid="search-capped"`); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("exactly %d matches: want no cap within 5 s", customers.SearchCap)
		}
	}
	if body := agent.get(last).Body; !strings.Contains(body, "欧阳99") {
		t.Errorf("the last page of %d matches: want the last in name order, 欧阳99", customers.SearchCap)
	}
}
