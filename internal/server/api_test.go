package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/apikeys"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/testkit"
)

// push posts body to an API endpoint with a key; header adds name, value pairs.
func (e *env) push(path, secret, body string, header ...string) response {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.HTTP.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return e.client().do(req)
}

// serviceOrder is a valid service order record of the API.
func serviceOrder(i int) map[string]any {
	return map[string]any{
		"order_no": fmt.Sprintf("RO%04d", i), "customer_name": fmt.Sprintf("客户%d", i),
		"phone": fmt.Sprintf("139%08d", i), "vin": fmt.Sprintf("LSVAG2180E2%06d", i), "plate": "粤B12345",
		"work_type": "保养", "opened_at": "2026-05-01 09:00", "closed_at": "2026-05-01T17:30:00+08:00",
		"advisor": "王芳", "mileage": 12000 + i, "amount": "1,280.50",
	}
}

// batch renders records as the body of a push.
func batch(records ...map[string]any) string {
	b, _ := json.Marshal(map[string]any{"records": records})
	return string(b)
}

type pushResult struct {
	Received, Created, Updated, Unchanged int64
	NewCustomers                          int64 `json:"new_customers"`
	NewVehicles                           int64 `json:"new_vehicles"`
}

type problem struct {
	Type   string
	Title  string
	Status int
	Detail string
	Errors []struct{ Pointer, Detail string }
}

// decodeProblem reads a problem answer, failing the test unless it is one with the status.
func decodeProblem(t *testing.T, res response, status int) problem {
	t.Helper()
	var p problem
	if res.Code != status || res.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("Status=%d Content-Type=%q, want %d application/problem+json; body %.300s",
			res.Code, res.Header.Get("Content-Type"), status, res.Body)
	}
	if err := json.Unmarshal([]byte(res.Body), &p); err != nil || p.Status != status || p.Title == "" || p.Detail == "" {
		t.Fatalf("problem=%+v (err %v), want status %d with a title and detail", p, err, status)
	}
	return p
}

// countRows counts a table's rows as g's tenant sees them.
func countRows(t *testing.T, e *env, g group, table string) int {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, g.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var n int
	testkit.Must(t, tx.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE tenant_id = $1`, g.TenantID).Scan(&n))
	return n
}

// loadedTables are the tables a push writes to.
var loadedTables = []string{"customers", "vehicles", "deliveries", "service_orders"}

// tableCounts counts the rows of loadedTables as g's tenant sees them, by table.
func tableCounts(t *testing.T, e *env, g group) map[string]int {
	t.Helper()
	n := map[string]int{}
	for _, table := range loadedTables {
		n[table] = countRows(t, e, g, table)
	}
	return n
}

// checkAdded checks how many rows each table has gained since before; tables not in want none.
func checkAdded(t *testing.T, e *env, g group, before, want map[string]int) {
	t.Helper()
	after := tableCounts(t, e, g)
	for _, table := range loadedTables {
		if got := after[table] - before[table]; got != want[table] {
			t.Errorf("%s added=%d, want %d", table, got, want[table])
		}
	}
}

func TestAPI_PushServiceOrders(t *testing.T) {
	e := newEnv(t)
	_, secret := newAPIKey(t, e, e.A)
	body := batch(serviceOrder(1), serviceOrder(2), serviceOrder(3))
	for _, tt := range []struct {
		name string
		want pushResult
	}{
		{"OK", pushResult{Received: 3, Created: 3, NewCustomers: 3, NewVehicles: 3}},
		{"SameBatchAgainUnchanged", pushResult{Received: 3, Unchanged: 3}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := e.push("/api/v1/service-orders", secret, body)
			var got pushResult
			if res.Code != http.StatusOK || json.Unmarshal([]byte(res.Body), &got) != nil {
				t.Fatalf("Status=%d, want 200; body %.300s", res.Code, res.Body)
			}
			if got != tt.want {
				t.Errorf("result=%+v, want %+v", got, tt.want)
			}
		})
	}
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var source, amount string
	var mileage int
	testkit.Must(t, tx.QueryRow(ctx, `SELECT source, amount::text, mileage FROM service_orders
		WHERE tenant_id = $1 AND store_id = $2 AND order_no = 'RO0002'`, e.A.TenantID, e.A.StoreID).Scan(&source, &amount, &mileage))
	if source != "api" || amount != "1280.50" || mileage != 12002 {
		t.Errorf("order RO0002: source=%q amount=%s mileage=%d, want api 1280.50 12002", source, amount, mileage)
	}
}

func TestAPI_PushDeliveries(t *testing.T) {
	e := newEnv(t)
	_, secret := newAPIKey(t, e, e.A)
	d := map[string]any{"order_no": "D-1", "customer_name": "张伟", "phone": "137 0000 1111",
		"vin": "lfv3a23c8e3000001", "delivered_on": "2026/5/3", "sales_consultant": "李娜"}
	before := tableCounts(t, e, e.A)
	res := e.push("/api/v1/deliveries", secret, batch(d))
	var got pushResult
	if res.Code != http.StatusOK || json.Unmarshal([]byte(res.Body), &got) != nil {
		t.Fatalf("Status=%d, want 200; body %.300s", res.Code, res.Body)
	}
	if want := (pushResult{Received: 1, Created: 1, NewCustomers: 1, NewVehicles: 1}); got != want {
		t.Errorf("result=%+v, want %+v", got, want)
	}
	checkAdded(t, e, e.A, before, map[string]int{"customers": 1, "vehicles": 1, "deliveries": 1})
}

// TestAPI_DeliveredTodayInStoreTime: at 01:30 in Shanghai, still the day before in UTC, a
// delivery of today is accepted and one of tomorrow is not.
func TestAPI_DeliveredTodayInStoreTime(t *testing.T) {
	e := newEnv(t)
	_, secret := newAPIKey(t, e, e.A)
	e.clock = time.Date(2026, 5, 2, 1, 30, 0, 0, shanghai(t))
	d := map[string]any{"order_no": "D-1", "customer_name": "张伟", "phone": "13700001111",
		"vin": "LFV3A23C8E3000001", "delivered_on": "2026-05-02"}
	if res := e.push("/api/v1/deliveries", secret, batch(d)); res.Code != http.StatusOK {
		t.Errorf("delivered today: Status=%d, want 200; body %.300s", res.Code, res.Body)
	}
	d["delivered_on"] = "2026-05-03"
	p := decodeProblem(t, e.push("/api/v1/deliveries", secret, batch(d), "Accept-Language", "en"), 422)
	if len(p.Errors) != 1 || p.Errors[0].Pointer != "/records/0/delivered_on" {
		t.Errorf("delivered tomorrow: errors=%+v, want one at /records/0/delivered_on", p.Errors)
	}
}

// TestAPI_InvalidRecordWritesNothing: one bad VIN rejects the whole batch, with the error in
// the language the request accepts.
func TestAPI_InvalidRecordWritesNothing(t *testing.T) {
	e := newEnv(t)
	_, secret := newAPIKey(t, e, e.A)
	bundle, err := i18n.New()
	testkit.Must(t, err)
	bad := serviceOrder(2)
	bad["vin"] = "LSVAG2180E210000I"
	body := batch(serviceOrder(1), bad, serviceOrder(3))
	before := tableCounts(t, e, e.A)
	for _, lang := range []string{"zh-CN", "en"} {
		t.Run(lang, func(t *testing.T) {
			p := decodeProblem(t, e.push("/api/v1/service-orders", secret, body, "Accept-Language", lang), 422)
			l := bundle.Localizer(lang)
			if p.Type != "https://csidesk.cn/problems/invalid-records" || p.Title != l.T("api.invalid.title") {
				t.Errorf("type=%q title=%q, want invalid-records titled %q", p.Type, p.Title, l.T("api.invalid.title"))
			}
			if len(p.Errors) != 1 || p.Errors[0].Pointer != "/records/1/vin" || p.Errors[0].Detail != l.T("validation.vin") {
				t.Errorf("errors=%+v, want one at /records/1/vin saying %q", p.Errors, l.T("validation.vin"))
			}
		})
	}
	checkAdded(t, e, e.A, before, nil)
}

func TestAPI_InvalidRecords(t *testing.T) {
	e := newEnv(t)
	_, secret := newAPIKey(t, e, e.A)
	dup := serviceOrder(3)
	dup["order_no"] = "RO0001"
	typed := serviceOrder(2)
	typed["order_no"], typed["mileage"], typed["colour"] = 17, true, "red"
	missing := serviceOrder(4)
	delete(missing, "phone")
	missing["opened_at"] = nil
	tests := []struct {
		name string
		body string
		want map[string]string
	}{
		{"ErrDuplicateOrderNo", batch(serviceOrder(1), serviceOrder(2), dup),
			map[string]string{"/records/2/order_no": "The order number is already used by /records/0"}},
		{"ErrTypes", batch(typed), map[string]string{"/records/0/order_no": "Must be a string.",
			"/records/0/mileage": "Must be a string or a number.", "/records/0/colour": "Unknown property."}},
		{"ErrMissing", batch(missing), map[string]string{"/records/0/phone": "Required.", "/records/0/opened_at": "Required."}},
	}
	before := tableCounts(t, e, e.A)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := decodeProblem(t, e.push("/api/v1/service-orders", secret, tt.body, "Accept-Language", "en"), 422)
			got := map[string]string{}
			for _, fe := range p.Errors {
				got[fe.Pointer] = fe.Detail
			}
			for ptr, want := range tt.want {
				if !strings.HasPrefix(got[ptr], want) {
					t.Errorf("error at %s=%q, want %q", ptr, got[ptr], want)
				}
			}
			if len(got) != len(tt.want) {
				t.Errorf("errors=%v, want exactly %v", got, tt.want)
			}
		})
	}
	checkAdded(t, e, e.A, before, nil)
}

func TestAPI_Unauthorized(t *testing.T) {
	e := newEnv(t)
	_, secret := newAPIKey(t, e, e.A)
	k, revoked := newAPIKey(t, e, e.A)
	testkit.Must(t, (&apikeys.Service{DB: e.DB.App, Now: time.Now}).Revoke(context.Background(), e.A.TenantID, k.ID))
	tests := []struct{ name, auth string }{
		{"ErrNoHeader", ""},
		{"ErrBasic", "Basic " + secret},
		{"ErrUnknownKey", "Bearer " + secret[:len(secret)-4] + "AAAA"},
		{"ErrRevoked", "Bearer " + revoked},
		{"ErrOtherTenantsID", fmt.Sprintf("Bearer csk_%d%s", e.B.TenantID, secret[len(secret)-44:])},
	}
	beforeA, beforeB := tableCounts(t, e, e.A), tableCounts(t, e, e.B)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.push("/api/v1/service-orders", "", batch(serviceOrder(1)), "Authorization", tt.auth)
			p := decodeProblem(t, res, 401)
			if p.Type != "https://csidesk.cn/problems/unauthorized" || !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("type=%q WWW-Authenticate=%q, want unauthorized and Bearer", p.Type, res.Header.Get("WWW-Authenticate"))
			}
		})
	}
	checkAdded(t, e, e.A, beforeA, nil)
	checkAdded(t, e, e.B, beforeB, nil)
	if res := e.push("/api/v1/service-orders", "", batch(serviceOrder(1)), "Authorization", "bearer "+secret); res.Code != 200 {
		t.Errorf("lower-case scheme: Status=%d, want 200", res.Code)
	}
}

// TestAPI_KeyWritesOnlyItsStore: what A's key sends lands in A's store, never in B's.
func TestAPI_KeyWritesOnlyItsStore(t *testing.T) {
	e := newEnv(t)
	_, secret := newAPIKey(t, e, e.A)
	beforeA, beforeB := tableCounts(t, e, e.A), tableCounts(t, e, e.B)
	if res := e.push("/api/v1/service-orders", secret, batch(serviceOrder(1))); res.Code != 200 {
		t.Fatalf("Status=%d, want 200; body %.300s", res.Code, res.Body)
	}
	checkAdded(t, e, e.A, beforeA, map[string]int{"customers": 1, "vehicles": 1, "service_orders": 1})
	checkAdded(t, e, e.B, beforeB, nil)
}

func TestAPI_BadRequests(t *testing.T) {
	e := newEnv(t)
	_, secret := newAPIKey(t, e, e.A)
	many := make([]map[string]any, 1001)
	for i := range many {
		many[i] = serviceOrder(i)
	}
	huge := `{"records": [` + strings.Repeat(" ", 5<<20) + batch(serviceOrder(1))[12:]
	tests := []struct {
		name        string
		contentType string
		body        string
		status      int
		slug        string
	}{
		{"ErrContentType", "text/plain", batch(serviceOrder(1)), 415, "unsupported-media-type"},
		{"ErrNoContentType", "", batch(serviceOrder(1)), 415, "unsupported-media-type"},
		{"ErrNotJSON", "application/json", "order_no,vin\nRO1,LSVAG2180E2000001\n", 400, "malformed-json"},
		{"ErrTruncated", "application/json", batch(serviceOrder(1))[:40], 400, "malformed-json"},
		{"ErrTrailingData", "application/json", batch(serviceOrder(1)) + "{}", 400, "malformed-json"},
		{"ErrEmptyBody", "application/json", "", 400, "malformed-json"},
		{"ErrUnknownTopLevel", "application/json", `{"rows": []}`, 400, "invalid-body"},
		{"ErrNotObject", "application/json", `[{"order_no": "RO1"}]`, 400, "invalid-body"},
		{"ErrRecordNotObject", "application/json", `{"records": [1]}`, 400, "invalid-body"},
		{"ErrNoRecords", "application/json", `{"records": []}`, 400, "invalid-body"},
		{"ErrTooMany", "application/json; charset=utf-8", batch(many...), 422, "too-many-records"},
		{"ErrTooLarge", "application/json", huge, 413, "body-too-large"},
	}
	before := tableCounts(t, e, e.A)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := decodeProblem(t, e.push("/api/v1/service-orders", secret, tt.body, "Content-Type", tt.contentType), tt.status)
			if want := "https://csidesk.cn/problems/" + tt.slug; p.Type != want {
				t.Errorf("type=%q, want %q", p.Type, want)
			}
		})
	}
	checkAdded(t, e, e.A, before, nil)
}

func TestAPI_UnknownRoutes(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	res := c.get("/api/v1/deliveries", "Accept-Language", "zh-CN")
	if p := decodeProblem(t, res, 405); p.Type != "about:blank" || res.Header.Get("Allow") != "POST" {
		t.Errorf("GET deliveries: type=%q Allow=%q, want about:blank and POST", p.Type, res.Header.Get("Allow"))
	}
	if res.Header.Get("Content-Language") != "zh-CN" {
		t.Errorf("Content-Language=%q, want zh-CN", res.Header.Get("Content-Language"))
	}
	decodeProblem(t, c.get("/api/v1/customers"), 404)
}

// TestAPI_OpenAPIMatchesFields: the description parses, and each endpoint's record schema lists
// exactly the properties of orders.Fields with the same required ones.
func TestAPI_OpenAPIMatchesFields(t *testing.T) {
	e := newEnv(t)
	res := e.client().get("/api/v1/openapi.json")
	var doc map[string]any
	if res.Code != 200 || json.Unmarshal([]byte(res.Body), &doc) != nil {
		t.Fatalf("Status=%d, want 200 with JSON; body %.200s", res.Code, res.Body)
	}
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi=%v, want 3.1.0", doc["openapi"])
	}
	for path, k := range map[string]orders.Kind{"/deliveries": orders.Deliveries, "/service-orders": orders.ServiceOrders} {
		t.Run(string(k), func(t *testing.T) {
			body := dig(t, doc, doc, "paths", path, "post", "requestBody", "content", "application/json", "schema")
			record := dig(t, doc, body, "properties", "records", "items")
			got, want := map[string]bool{}, map[string]bool{}
			for name := range dig(t, doc, record, "properties").(map[string]any) {
				got[name] = false
			}
			for _, name := range dig(t, doc, record, "required").([]any) {
				got[name.(string)] = true
			}
			for _, f := range orders.Fields(k) {
				want[f.Name] = f.Required
			}
			if !maps.Equal(got, want) {
				t.Fatalf("properties (name: required)=%v, want %v as orders.Fields", got, want)
			}
			for name := range want {
				checkPropertyType(t, name, dig(t, doc, record, "properties", name))
			}
		})
	}
}

// checkPropertyType: every property is a string; amount and mileage may also be numbers.
func checkPropertyType(t *testing.T, name string, schema any) {
	t.Helper()
	typ := fmt.Sprint(schema.(map[string]any)["type"])
	want := map[string]string{"amount": "[string number]", "mileage": "[string integer]"}[name]
	if want == "" {
		want = "string"
	}
	if typ != want {
		t.Errorf("%s: type=%s, want %s", name, typ, want)
	}
}

// dig follows keys from v into the document, resolving "$ref"s on the way.
func dig(t *testing.T, doc map[string]any, v any, keys ...string) any {
	t.Helper()
	for {
		m, ok := v.(map[string]any)
		if ref, isRef := m["$ref"].(string); ok && isRef {
			v = doc
			for _, k := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
				v = v.(map[string]any)[k]
			}
			continue
		}
		if len(keys) == 0 {
			return v
		}
		if v, ok = m[keys[0]]; !ok {
			t.Fatalf("no %q in the document", keys[0])
		}
		keys = keys[1:]
	}
}
