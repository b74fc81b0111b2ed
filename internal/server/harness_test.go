package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/app"
	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/config"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/server"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

const password = "correct-horse"

// group is one dealer group of the fixture: a store, its departments, one user per role, and a
// department and membership that tests may delete.
type group struct {
	Prefix          string
	TenantID        int64
	StoreID         int64
	DepartmentID    int64
	SpareDepartment int64
	Users           map[auth.Role]int64
	Emails          map[auth.Role]string
	SpareMembership int64
	// IDs fills the further placeholders of route patterns, such as "{customerID}".
	IDs map[string]int64
}

// groupSeeds add further rows to each fixture group; files of tests register them in init.
var groupSeeds []func(e *env, g *group)

// env is a running server over a fresh database with two dealer groups, A and B.
type env struct {
	t    testing.TB
	DB   *pgtest.DB
	Srv  *server.Server
	HTTP *httptest.Server
	A, B group
	// A2 is a second store of group A, made by newScopedEnv only.
	A2    group
	clock time.Time
}

func newEnv(t testing.TB) *env {
	t.Helper()
	db := pgtest.MustOpenDB(t)
	return newEnvOn(t, db, db.App)
}

// newEnvOn is newEnv with the application working on pool, which reaches db's database as the
// application role by another way (through a proxy that a test can cut).
func newEnvOn(t testing.TB, db *pgtest.DB, pool *postgres.DB) *env {
	t.Helper()
	cfg := config.Config{SessionIdle: 2 * time.Hour, SessionMax: 12 * time.Hour,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}
	a, err := app.New(cfg, pool, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, DB: db, Srv: a.Server, clock: time.Now()}
	a.Clock.Set(func() time.Time { return e.clock })
	watch(t, a)
	e.HTTP = httptest.NewServer(a.Server)
	t.Cleanup(e.HTTP.Close)
	e.A = e.seedGroup("a")
	e.B = e.seedGroup("b")
	return e
}

// watch runs the application's change listener, as `csidesk serve` does, until the test ends,
// and waits until it listens.
func watch(t testing.TB, srv *app.App) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.WatchChanges(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	for deadline := time.Now().Add(10 * time.Second); !srv.HearingChanges(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the server is not listening for changes after 10 s")
		}
	}
}

// advance moves the server's clock.
func (e *env) advance(d time.Duration) { e.clock = e.clock.Add(d) }

// now reads the server's clock.
func (e *env) now() time.Time { return e.clock }

func (e *env) seedGroup(prefix string) group {
	tenantID, err := tenancy.CreateTenant(context.Background(), e.DB.Owner, "Group "+prefix)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.seedStore(tenantID, prefix, true)
}

// newScopedEnv is newEnv with a second store in group A, A2, which has a user of every role of
// its own (its administrator too holds the role in A2 only) and the same seeded rows as A.
func newScopedEnv(t testing.TB) *env {
	e := newEnv(t)
	e.A2 = e.seedStore(e.A.TenantID, "a2", false)
	return e
}

// seedStore adds a store named after prefix to the tenant, with one user of every role holding
// it there, and runs the group seeds on it; wholeAdmin makes its administrator the group's.
func (e *env) seedStore(tenantID int64, prefix string, wholeAdmin bool) group {
	t, ctx := e.t, context.Background()
	ts := &tenancy.Service{DB: e.DB.App}
	st := tenancy.NewStore()
	st.Name = "Store " + prefix
	testkit.Must(t, ts.CreateStore(ctx, tenantID, &st))
	deps, err := ts.Departments(ctx, tenantID, st.ID)
	testkit.Must(t, err)
	spare := tenancy.Department{StoreID: st.ID, Kind: tenancy.Other, Name: "Spare " + prefix}
	testkit.Must(t, ts.CreateDepartment(ctx, tenantID, &spare))
	g := group{Prefix: prefix, TenantID: tenantID, StoreID: st.ID, DepartmentID: deps[0].ID, SpareDepartment: spare.ID,
		Users: map[auth.Role]int64{}, Emails: map[auth.Role]string{}}
	as := auth.NewService(e.DB.App, time.Hour, time.Hour)
	for _, role := range auth.Roles {
		email := prefix + "-" + string(role) + "@example.com"
		id, err := as.CreateUser(ctx, tenantID, auth.NewUser{Email: email, Name: string(role) + " " + prefix, Locale: "en", Password: password})
		testkit.Must(t, err)
		m := auth.Membership{UserID: id, Role: role, StoreID: st.ID}
		if role == auth.Admin && wholeAdmin {
			m.StoreID = 0 // the group's administrator
		}
		if role.NeedsDepartment() {
			m.DepartmentID = g.DepartmentID
		}
		testkit.Must(t, as.AddMembership(ctx, tenantID, &m))
		g.Users[role], g.Emails[role] = id, email
	}
	extra := auth.Membership{UserID: g.Users[auth.Agent], Role: auth.CSManager, StoreID: st.ID}
	testkit.Must(t, as.AddMembership(ctx, tenantID, &extra))
	g.SpareMembership = extra.ID
	g.IDs = map[string]int64{}
	for _, seed := range groupSeeds {
		seed(e, &g)
	}
	return g
}

// client is a browser-like HTTP client that keeps cookies and does not follow redirects.
type client struct {
	e *env
	c *http.Client
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// login logs the client in and fails the test unless it succeeds.
func (e *env) login(email string) *client {
	c := e.client()
	if res := c.post("/login", url.Values{"email": {email}, "password": {password}}); res.Code != http.StatusSeeOther {
		e.t.Fatalf("login %s: Status=%d, want 303; body: %.300s", email, res.Code, res.Body)
	}
	return c
}

// response is a finished request: its status, headers and body.
type response struct {
	Code   int
	Header http.Header
	Body   string
}

func (c *client) do(req *http.Request) response {
	c.e.t.Helper()
	res, err := c.c.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Code: res.StatusCode, Header: res.Header, Body: string(b)}
}

func (c *client) get(path string, header ...string) response {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.e.HTTP.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

func (c *client) post(path string, form url.Values, header ...string) response {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.HTTP.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

// restoreSpares re-creates group A's spare department and membership when a request deleted them.
func (e *env) restoreSpares(t *testing.T) {
	t.Helper()
	ctx, g := context.Background(), &e.A
	ts := &tenancy.Service{DB: e.DB.App}
	if _, err := ts.Department(ctx, g.TenantID, g.StoreID, g.SpareDepartment); apperr.Is(err, apperr.NotFound) {
		d := tenancy.Department{StoreID: g.StoreID, Kind: tenancy.Other, Name: "Spare"}
		testkit.Must(t, ts.CreateDepartment(ctx, g.TenantID, &d))
		g.SpareDepartment = d.ID
	}
	as := auth.NewService(e.DB.App, time.Hour, time.Hour)
	_, ms, err := as.User(ctx, g.TenantID, g.Users[auth.Agent])
	testkit.Must(t, err)
	if !slices.ContainsFunc(ms, func(m auth.Membership) bool { return m.ID == g.SpareMembership }) {
		m := auth.Membership{UserID: g.Users[auth.Agent], Role: auth.CSManager, StoreID: g.StoreID}
		testkit.Must(t, as.AddMembership(ctx, g.TenantID, &m))
		g.SpareMembership = m.ID
	}
}
