package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/auth"
)

// anonymous stands for a logged-out visitor in the expectation table.
const anonymous auth.Role = "anonymous"

var allRoles = append([]auth.Role{anonymous}, auth.Roles...)

// expect gives the status each role gets; roles not listed get def.
type expect struct {
	def   int
	roles map[auth.Role]int
}

func (x expect) for_(r auth.Role) int {
	if c, ok := x.roles[r]; ok {
		return c
	}
	return x.def
}

// everyone answers the same to all.
func everyone(code int) expect { return expect{def: code} }

// loggedIn answers code to any logged-in user and sends visitors to the login page.
func loggedIn(code int) expect {
	return expect{def: code, roles: map[auth.Role]int{anonymous: http.StatusSeeOther}}
}

// adminOnly answers code to admins, 403 to other users and sends visitors to the login page.
func adminOnly(code int) expect { return only(code, auth.Admin) }

// only answers code to the roles listed, 403 to other users and sends visitors to the login
// page.
func only(code int, roles ...auth.Role) expect {
	x := expect{def: http.StatusForbidden, roles: map[auth.Role]int{anonymous: http.StatusSeeOther}}
	for _, r := range roles {
		x.roles[r] = code
	}
	return x
}

// routeExpectations lists every route with its answer per role. Forms are posted empty, so a
// permitted form action answers 422; the delete actions answer 303. A route missing here fails
// TestRoutes_EveryRouteHasExpectations.
var routeExpectations = map[string]expect{
	"GET /healthz":           everyone(200),
	"GET /readyz":            everyone(200),
	"GET /static/*":          everyone(200),
	"GET /login":             {def: http.StatusSeeOther, roles: map[auth.Role]int{anonymous: 200}},
	"POST /login":            everyone(422),
	"POST /logout":           everyone(303),
	"POST /locale":           everyone(303),
	"GET /":                  loggedIn(200),
	"GET /account":           loggedIn(200),
	"POST /account/password": loggedIn(422),

	"GET /admin/stores":                                              adminOnly(200),
	"GET /admin/stores/new":                                          adminOnly(200),
	"POST /admin/stores":                                             adminOnly(422),
	"GET /admin/stores/{storeID}":                                    adminOnly(200),
	"GET /admin/stores/{storeID}/edit":                               adminOnly(200),
	"POST /admin/stores/{storeID}":                                   adminOnly(422),
	"POST /admin/stores/{storeID}/departments":                       adminOnly(422),
	"GET /admin/stores/{storeID}/departments/{departmentID}/edit":    adminOnly(200),
	"POST /admin/stores/{storeID}/departments/{departmentID}":        adminOnly(422),
	"POST /admin/stores/{storeID}/departments/{departmentID}/delete": adminOnly(303),
	"GET /admin/users":                                               adminOnly(200),
	"GET /admin/users/new":                                           adminOnly(200),
	"POST /admin/users":                                              adminOnly(422),
	"GET /admin/users/{userID}":                                      adminOnly(200),
	"POST /admin/users/{userID}":                                     adminOnly(422),
	"POST /admin/users/{userID}/password":                            adminOnly(422),
	"POST /admin/users/{userID}/memberships":                         adminOnly(422),
	"POST /admin/users/{userID}/memberships/{membershipID}/delete":   adminOnly(303),
}

type route struct{ Method, Pattern string }

func walkRoutes(t *testing.T, e *env) []route {
	t.Helper()
	var routes []route
	err := chi.Walk(e.Srv.Router(), func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		routes = append(routes, route{method, pattern})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return routes
}

// path fills a route pattern with group g's ids.
func path(pattern string, g group) string {
	pairs := []string{
		"{storeID}", fmt.Sprint(g.StoreID),
		"{departmentID}", fmt.Sprint(g.SpareDepartment),
		"{userID}", fmt.Sprint(g.Users[auth.Agent]),
		"{membershipID}", fmt.Sprint(g.SpareMembership),
		"{action}", "sign",
		"*", "app.css"}
	for k, id := range g.IDs {
		pairs = append(pairs, k, fmt.Sprint(id))
	}
	return strings.NewReplacer(pairs...).Replace(pattern)
}

func TestRoutes_EveryRouteHasExpectations(t *testing.T) {
	e := newEnv(t)
	seen := map[string]bool{}
	for _, rt := range walkRoutes(t, e) {
		key := rt.Method + " " + rt.Pattern
		seen[key] = true
		if _, ok := routeExpectations[key]; !ok {
			t.Errorf("route %s has no expectation in routeExpectations", key)
		}
	}
	for key := range routeExpectations {
		if !seen[key] {
			t.Errorf("expectation %s names no route", key)
		}
	}
}

// TestRoutes_RoleExpectations requests every route as every role and checks the status.
// Destructive routes run on spare rows that are re-created for each role.
func TestRoutes_RoleExpectations(t *testing.T) {
	e := newEnv(t)
	for _, role := range allRoles {
		t.Run(string(role), func(t *testing.T) {
			for _, rt := range walkRoutes(t, e) {
				key := rt.Method + " " + rt.Pattern
				want := routeExpectations[key].for_(role)
				c := e.client()
				if role != anonymous {
					c = e.login(e.A.Emails[role])
				}
				form := url.Values{}
				if key == "POST /locale" {
					form.Set("lang", "en")
				}
				var res response
				if rt.Method == http.MethodGet {
					res = c.get(path(rt.Pattern, e.A))
				} else {
					res = c.post(path(rt.Pattern, e.A), form)
				}
				if res.Code != want {
					t.Errorf("%s as %s: Status=%d, want %d", key, role, res.Code, want)
				}
				if res.Code == http.StatusSeeOther && role == anonymous && want == routeExpectations[key].for_(anonymous) &&
					!strings.HasPrefix(key, "POST /lo") && !strings.HasPrefix(res.Header.Get("Location"), "/login") {
					t.Errorf("%s as visitor: Location=%q, want the login page", key, res.Header.Get("Location"))
				}
				e.restoreSpares(t)
			}
		})
	}
}
