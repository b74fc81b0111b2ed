package server_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestHTTP_OtherTenantsObjectsAreNotFound: an admin of group A asking for any of group B's
// stores, departments, users or roles, to read or to change, gets 404.
func TestHTTP_OtherTenantsObjectsAreNotFound(t *testing.T) {
	e := newEnv(t)
	c := e.login(e.A.Emails[auth.Admin])
	checked := 0
	for _, rt := range walkRoutes(t, e) {
		if !strings.Contains(rt.Pattern, "{") {
			continue
		}
		p := path(rt.Pattern, e.B)
		var res response
		if rt.Method == http.MethodGet {
			res = c.get(p)
		} else {
			res = c.post(p, url.Values{"name": {"taken"}, "kind": {"sales"}, "role": {"agent"}, "store_id": {fmt.Sprint(e.B.StoreID)},
				"time_zone": {"Asia/Shanghai"}, "email": {"x@example.com"}, "locale": {"en"}, "password": {"long-enough"}})
		}
		if res.Code != http.StatusNotFound {
			t.Errorf("%s %s as A's admin: Status=%d, want 404", rt.Method, p, res.Code)
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("checked %d routes with ids, want every one", checked)
	}
	bAdmin := e.login(e.B.Emails[auth.Admin])
	if res := bAdmin.get(fmt.Sprintf("/admin/stores/%d", e.B.StoreID)); !strings.Contains(res.Body, "Store b") {
		t.Errorf("B's store after A's attempts: Status=%d, want it unchanged as %q", res.Code, "Store b")
	}
}

// TestHTTP_CrossOriginPostRefused: a form posted from another site is refused and writes nothing.
func TestHTTP_CrossOriginPostRefused(t *testing.T) {
	e := newEnv(t)
	c := e.login(e.A.Emails[auth.Admin])
	form := url.Values{"name": {"Cross-site store"}, "time_zone": {"Asia/Shanghai"}, "ssi_threshold": {"95"}, "csi_threshold": {"95"}}
	for _, h := range [][]string{{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}} {
		if res := c.post("/admin/stores", form, h...); res.Code != http.StatusForbidden {
			t.Errorf("POST with %s: Status=%d, want 403", h[0], res.Code)
		}
	}
	if res := c.get("/admin/stores"); strings.Contains(res.Body, "Cross-site store") {
		t.Error("a refused cross-origin POST created the store")
	}
	if res := c.post("/admin/stores", form, "Sec-Fetch-Site", "same-origin"); res.Code != http.StatusSeeOther {
		t.Errorf("same-origin POST: Status=%d, want 303", res.Code)
	}
}

// TestHTTP_SecurityHeaders: every page forbids inline script and framing.
func TestHTTP_SecurityHeaders(t *testing.T) {
	e := newEnv(t)
	res := e.client().get("/login")
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("Content-Security-Policy=%q, want script-src 'self' without unsafe-inline", csp)
	}
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
		if got := res.Header.Get(h); got != want {
			t.Errorf("%s=%q, want %q", h, got, want)
		}
	}
	if strings.Contains(res.Body, "<script>") {
		t.Error("the login page has an inline script")
	}
}

// TestHTTP_ErrorPagesLeakNothing: an unknown page gets the friendly 404 in the visitor's language.
func TestHTTP_ErrorPagesLeakNothing(t *testing.T) {
	e := newEnv(t)
	c := e.login(e.A.Emails[auth.Admin])
	res := c.get("/admin/stores/not-a-number")
	if res.Code != http.StatusNotFound || !strings.Contains(res.Body, "Not found") {
		t.Errorf("Status=%d, want 404 with the English page; body %.200s", res.Code, res.Body)
	}
	res = e.client().get("/no/such/page", "Accept-Language", "zh-CN")
	if res.Code != http.StatusNotFound || !strings.Contains(res.Body, "未找到") {
		t.Errorf("visitor: Status=%d, want 404 in Chinese", res.Code)
	}
}

// TestHTTP_Operations: health and readiness answer for operators; the metrics are served
// apart from the pages, which do not list the static folders either.
func TestHTTP_Operations(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	if res := c.get("/readyz"); res.Code != 200 || res.Body != "ready\n" {
		t.Errorf("/readyz: Status=%d Body=%q, want 200 ready", res.Code, res.Body)
	}
	c.get("/login")
	if res := c.get("/metrics"); res.Code != http.StatusNotFound {
		t.Errorf("/metrics among the pages: Status=%d, want 404", res.Code)
	}
	metrics := httptest.NewServer(e.Srv.Metrics())
	defer metrics.Close()
	res, err := http.Get(metrics.URL + "/metrics")
	testkit.Must(t, err)
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	testkit.Must(t, err)
	if !strings.Contains(string(body), `csidesk_http_requests_total{method="GET",route="/login",status="200"}`) {
		t.Errorf("the metrics lack the request count of GET /login")
	}
	if res, err := http.Get(metrics.URL + "/debug/pprof/"); err != nil || res.StatusCode != 200 {
		t.Errorf("the profiles on the metrics address: %v %v, want 200", res, err)
	} else {
		res.Body.Close()
	}
	if res := c.get("/debug/pprof/"); res.Code != http.StatusNotFound {
		t.Errorf("the profiles among the pages: Status=%d, want 404", res.Code)
	}
	for _, path := range []string{"/static/", "/static/examples/", "/static/examples"} {
		if res := c.get(path); res.Code != http.StatusNotFound || strings.Contains(res.Body, `href="app.css"`) ||
			strings.Contains(res.Body, `href="deliveries.csv"`) {
			t.Errorf("GET %s: Status=%d, want 404 without a listing", path, res.Code)
		}
	}
	if res := c.get("/static/examples/deliveries.csv"); res.Code != 200 {
		t.Errorf("GET an example file: Status=%d, want 200", res.Code)
	}
}
