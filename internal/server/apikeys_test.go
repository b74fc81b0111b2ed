package server_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/apikeys"
	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/testkit"
)

func init() {
	maps.Copy(routeExpectations, map[string]expect{
		"GET /api/v1/openapi.json":    everyone(200),
		"POST /api/v1/deliveries":     everyone(401),
		"POST /api/v1/service-orders": everyone(401),

		"GET /admin/api-keys":                 adminOnly(200),
		"POST /admin/api-keys":                adminOnly(422),
		"POST /admin/api-keys/{keyID}/revoke": adminOnly(303),
	})
	groupSeeds = append(groupSeeds, seedAPIKey)
}

// seedAPIKey gives each fixture group an API key for its store, which fills "{keyID}".
func seedAPIKey(e *env, g *group) {
	svc := &apikeys.Service{DB: e.DB.App, Now: time.Now}
	k, _, err := svc.Create(context.Background(), g.TenantID, g.StoreID, "Seed DMS", g.Users[auth.Admin])
	testkit.Must(e.t, err)
	g.IDs["{keyID}"] = k.ID
}

// newAPIKey creates a key for g's store and returns it with its secret.
func newAPIKey(t testing.TB, e *env, g group) (apikeys.Key, string) {
	t.Helper()
	svc := &apikeys.Service{DB: e.DB.App, Now: time.Now}
	k, secret, err := svc.Create(context.Background(), g.TenantID, g.StoreID, "Test DMS", g.Users[auth.Admin])
	testkit.Must(t, err)
	return k, secret
}

var secretPattern = regexp.MustCompile(`csk_[0-9]+_[A-Za-z0-9_-]{43}`)

// TestAPIKeys_Create: the new key's secret is shown once; the list shows only its hint, and
// when it was last used.
func TestAPIKeys_Create(t *testing.T) {
	e := newEnv(t)
	c := e.login(e.A.Emails[auth.Admin])
	res := c.post("/admin/api-keys", url.Values{"store_id": {fmt.Sprint(e.A.StoreID)}, "name": {"After-sales DMS"}})
	secret := secretPattern.FindString(res.Body)
	if res.Code != http.StatusOK || secret == "" || !strings.Contains(res.Body, `data-testid="api-key-warning"`) {
		t.Fatalf("Status=%d, want 200 with the secret and the warning; body %.500s", res.Code, res.Body)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control=%q, want no-store", cc)
	}
	if !strings.Contains(res.Body, "Bearer "+secret) || !strings.Contains(res.Body, e.HTTP.URL+"/api/v1/service-orders") {
		t.Errorf("the page lacks the curl example with the key")
	}
	list := c.get("/admin/api-keys")
	if strings.Contains(list.Body, secret) || !strings.Contains(list.Body, "…"+secret[len(secret)-4:]) {
		t.Errorf("list: want the hint …%s and never the secret", secret[len(secret)-4:])
	}
	if n := strings.Count(list.Body, ">Never<"); n != 2 {
		t.Errorf("keys never used=%d, want 2 (the seeded and the new)", n)
	}
	if res := e.push("/api/v1/service-orders", secret, batch(serviceOrder(1))); res.Code != http.StatusOK {
		t.Fatalf("push with the new key: Status=%d, want 200", res.Code)
	}
	list = c.get("/admin/api-keys")
	used := lastUsedPattern.FindStringSubmatch(list.Body)
	want := e.clock.In(shanghai(t)).Format("2006-01-02 15:04")
	if n := strings.Count(list.Body, ">Never<"); n != 1 || used == nil || used[1]+used[2] != want {
		t.Errorf("after a push: keys never used=%d, last use shown %q, want 1 and %s", n, used, want)
	}
}

var lastUsedPattern = regexp.MustCompile(`data-testid="api-key-last-used">([^<]+)<span class="hide-narrow">([^<]+)</span>`)

func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	testkit.Must(t, err)
	return loc
}

func TestAPIKeys_CreateInvalid(t *testing.T) {
	e := newEnv(t)
	c := e.login(e.A.Emails[auth.Admin])
	tests := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"ErrNoName", url.Values{"store_id": {fmt.Sprint(e.A.StoreID)}, "name": {" "}}, "name"},
		{"ErrNameTooLong", url.Values{"store_id": {fmt.Sprint(e.A.StoreID)}, "name": {strings.Repeat("x", 101)}}, "name"},
		{"ErrNoStore", url.Values{"store_id": {"0"}, "name": {"DMS"}}, "store_id"},
		{"ErrOtherTenantsStore", url.Values{"store_id": {fmt.Sprint(e.B.StoreID)}, "name": {"DMS"}}, "store_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.post("/admin/api-keys", tt.form)
			if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="error-`+tt.field+`"`) {
				t.Errorf("Status=%d, want 422 with an error on %s", res.Code, tt.field)
			}
			if secretPattern.MatchString(res.Body) {
				t.Errorf("the page shows a secret, want none")
			}
		})
	}
	if keys := countRows(t, e, e.A, "api_keys") + countRows(t, e, e.B, "api_keys"); keys != 2 {
		t.Errorf("keys=%d, want only the 2 seeded", keys)
	}
}

func TestAPIKeys_Revoke(t *testing.T) {
	e := newEnv(t)
	c := e.login(e.A.Emails[auth.Admin])
	k, secret := newAPIKey(t, e, e.A)
	if !strings.Contains(c.get("/admin/api-keys").Body, fmt.Sprintf(`action="/admin/api-keys/%d/revoke"`, k.ID)) {
		t.Fatalf("the list has no revoke button for key %d", k.ID)
	}
	res := c.post(fmt.Sprintf("/admin/api-keys/%d/revoke", k.ID), nil)
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/admin/api-keys" {
		t.Fatalf("Status=%d Location=%q, want 303 to the list", res.Code, res.Header.Get("Location"))
	}
	list := c.get("/admin/api-keys")
	if !strings.Contains(list.Body, "API key revoked.") || !strings.Contains(list.Body, "Revoked<") {
		t.Errorf("list after revoking: want the flash and the key marked revoked")
	}
	if strings.Contains(list.Body, fmt.Sprintf(`action="/admin/api-keys/%d/revoke"`, k.ID)) {
		t.Errorf("the revoked key still has a revoke button")
	}
	if res := e.push("/api/v1/service-orders", secret, batch(serviceOrder(1))); res.Code != http.StatusUnauthorized {
		t.Errorf("push with the revoked key: Status=%d, want 401", res.Code)
	}
}
