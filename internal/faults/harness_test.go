//go:build faults

// Package faults puts the built server through the faults an operator meets: a SIGKILL while
// agents save surveys, PostgreSQL restarting under load, a job killed while it runs, a password
// guessed from many addresses, spreadsheet formulas in an imported file, a corpus of hostile
// uploads. Each test asserts what users and operators see. `make test-faults` builds
// bin/csidesk and runs `go test -tags faults ./internal/faults/`; `go test ./...` leaves the
// suite out.
//
// The harness, shared by every file of the suite (this file, client_test.go, forms_test.go,
// calls_test.go, and badfiles_test.go's postUpload). Tests run one after another on the one cluster and its one demo group, so each
// takes rows no other test takes (openCalls hands out calls nobody holds) and undoes what would
// stand in another's way (the lockout test clears its failed logins).
//
//   - suite is the run's PostgreSQL cluster, set up by TestMain: .data/pgfaults on port
//     FAULTS_PG_PORT (54331), started by scripts/pg.sh with fsync off, its csidesk database
//     made afresh, migrated (`csidesk migrate up`) and loaded with the demo group
//     (`csidesk seed demo`), and stopped when the run ends. suite.Stop() and suite.Start()
//     stop and start PostgreSQL. suite.Super is a superuser connection for checks, which sees
//     every row. suite.AppURL and suite.OwnerURL are the servers' DATABASE_URL (csidesk_app)
//     and DATABASE_OWNER_URL (csidesk), as scripts/run.sh sets them.
//   - startServer(t, suite, extraEnv...) runs `bin/csidesk serve` on a free port with those
//     URLs and extraEnv ("KEY=value", which win), and waits for /readyz. The *proc has URL and
//     PID, Kill() (SIGKILL, then reaps it), Term() (SIGTERM, then waits for the exit),
//     Restart() (kills it if it runs and serves again on the same address), Running() and
//     PeakRSS() (VmHWM of /proc/PID/status, in bytes). It is killed when the test ends, and
//     a failed test shows the end of its log.
//   - login(t, url, email, password) is a client logged in with its own cookie jar; newClient()
//     is one not logged in; postLogin posts the login form. Clients do not follow redirects, so
//     tests see the 303s, and send Origin on posts as a browser does: the app's cross-origin
//     protection reads Origin and Sec-Fetch-Site, and its forms carry no token.
//   - fetch / mustFetch send one request and read the whole answer (form values, then header
//     pairs). formOf fetches a page and reads one of its forms (by data-testid): its action, the
//     current value of each field, and each radio question's choices.
//   - mustQueryRow and mustExec read and change rows as the superuser; tenantID(t) is the demo
//     group, storeID(t, "浦东") a store of it, openCalls(t, store, kind, n) open follow-up calls.
//   - caller makes a follow-up call on the call screen (reached, each answer saved as the page's
//     script does, completed), telling saved of each write the server acknowledged; step takes
//     one step, mustComplete all of them.
//   - demo(name) is a demo login ("agent" → agent@demo.csidesk.cn), demoPassword its password;
//     the logins are in the README.
package faults

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
)

// pgOptions trade durability for speed: every fault the suite makes is the server's, and
// PostgreSQL itself only ever stops cleanly.
const pgOptions = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"

// demoPassword is the password of every demo login.
const demoPassword = "Demo@2026"

// demo is the e-mail of a demo login.
func demo(name string) string { return name + "@demo.csidesk.cn" }

// root is the repository; binary is the server the suite runs.
var (
	root, _ = filepath.Abs("../..")
	binary  = filepath.Join(root, "bin", "csidesk")
)

// suite is the cluster every test of the run works on.
var suite *cluster

// cluster is a private PostgreSQL cluster with the demo group loaded.
type cluster struct {
	Dir      string // relative to the repository
	Port     int
	AppURL   string
	OwnerURL string
	Super    *postgres.DB
}

func TestMain(m *testing.M) { os.Exit(runSuite(m)) }

// runSuite sets up the cluster, runs the tests and stops the cluster.
func runSuite(m *testing.M) int {
	if _, err := os.Stat(binary); err != nil {
		fmt.Fprintf(os.Stderr, "faults: %v: build it first (make test-faults does)\n", err)
		return 1
	}
	port, err := strconv.Atoi(cmpOr(os.Getenv("FAULTS_PG_PORT"), "54331"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "faults: FAULTS_PG_PORT:", err)
		return 1
	}
	c := &cluster{Dir: ".data/pgfaults", Port: port,
		AppURL:   dbURL("csidesk_app", port, "csidesk"),
		OwnerURL: dbURL("csidesk", port, "csidesk")}
	defer c.Stop()
	if err := c.setUp(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "faults:", err)
		return 1
	}
	defer c.Super.Close()
	suite = c
	return m.Run()
}

func cmpOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// dbURL is the URL of a database on the cluster for a role whose password is its name.
func dbURL(role string, port int, db string) string {
	return fmt.Sprintf("postgres://%s:%s@127.0.0.1:%d/%s?sslmode=disable", role, role, port, db)
}

// setUp starts the cluster and makes its database afresh: migrated, with the demo group.
func (c *cluster) setUp(ctx context.Context) error {
	if err := c.Start(); err != nil {
		return err
	}
	admin, err := pgx.Connect(ctx, dbURL("postgres", c.Port, "postgres"))
	if err != nil {
		return err
	}
	defer admin.Close(ctx)
	for _, sql := range []string{`DROP DATABASE IF EXISTS csidesk WITH (FORCE)`, `CREATE DATABASE csidesk OWNER csidesk`} {
		if _, err := admin.Exec(ctx, sql); err != nil {
			return fmt.Errorf("%s: %w", sql, err)
		}
	}
	for _, args := range [][]string{{"migrate", "up"}, {"seed", "demo"}} {
		cmd := exec.Command(binary, args...)
		cmd.Env = c.env()
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("csidesk %s: %w\n%s", strings.Join(args, " "), err, out)
		}
	}
	c.Super, err = postgres.Open(ctx, dbURL("postgres", c.Port, "csidesk"))
	return err
}

// env is the environment of the server's commands on the cluster.
func (c *cluster) env() []string {
	return append(os.Environ(), "DATABASE_URL="+c.AppURL, "DATABASE_OWNER_URL="+c.OwnerURL)
}

// Start starts PostgreSQL (scripts/pg.sh start); it does nothing when it runs.
func (c *cluster) Start() error { return c.pgScript("start", c.Dir, strconv.Itoa(c.Port)) }

// Stop stops PostgreSQL (scripts/pg.sh stop, a fast shutdown).
func (c *cluster) Stop() error { return c.pgScript("stop", c.Dir) }

func (c *cluster) pgScript(args ...string) error {
	cmd := exec.Command(filepath.Join(root, "scripts", "pg.sh"), args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "PG_EXTRA_OPTS="+pgOptions)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("scripts/pg.sh %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// tenantID is the demo group's id.
func tenantID(t testing.TB) int64 {
	t.Helper()
	var id int64
	mustQueryRow(t, `SELECT tenant_id FROM login_emails WHERE email = $1`, []any{demo("admin")}, &id)
	return id
}

// mustQueryRow reads one row as the superuser.
func mustQueryRow(t testing.TB, sql string, args []any, dest ...any) {
	t.Helper()
	if err := suite.Super.Pool.QueryRow(context.Background(), sql, args...).Scan(dest...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// mustExec changes rows as the superuser.
func mustExec(t testing.TB, sql string, args ...any) {
	t.Helper()
	if _, err := suite.Super.Pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// proc is a running `csidesk serve`.
type proc struct {
	URL    string
	PID    int
	t      testing.TB
	addr   string
	env    []string
	log    string
	cmd    *exec.Cmd
	exited chan struct{}
}

// startServer serves the app on a free port of 127.0.0.1 over c, with extraEnv.
func startServer(t testing.TB, c *cluster, extraEnv ...string) *proc {
	t.Helper()
	addr := freeAddr(t)
	p := &proc{t: t, URL: "http://" + addr, addr: addr, log: filepath.Join(t.TempDir(), "server.log"),
		env: append(append(c.env(), "LISTEN_ADDR="+addr), extraEnv...)}
	t.Cleanup(p.cleanup)
	p.serve()
	return p
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// serve starts the process and waits until it is ready.
func (p *proc) serve() {
	p.t.Helper()
	f, err := os.OpenFile(p.log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		p.t.Fatal(err)
	}
	cmd := exec.Command(binary, "serve")
	cmd.Env, cmd.Stdout, cmd.Stderr = p.env, f, f
	if err := cmd.Start(); err != nil {
		f.Close()
		p.t.Fatalf("csidesk serve: %v", err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		f.Close()
		close(exited)
	}()
	p.cmd, p.PID, p.exited = cmd, cmd.Process.Pid, exited
	p.waitReady(30 * time.Second)
}

// waitReady polls /readyz until it answers 200.
func (p *proc) waitReady(limit time.Duration) {
	p.t.Helper()
	c := &http.Client{Timeout: 2 * time.Second}
	for deadline := time.Now().Add(limit); ; time.Sleep(20 * time.Millisecond) {
		if res, err := c.Get(p.URL + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		switch {
		case !p.Running():
			p.t.Fatalf("csidesk serve exited before it was ready:\n%s", p.tail())
		case time.Now().After(deadline):
			p.t.Fatalf("csidesk serve not ready after %v:\n%s", limit, p.tail())
		}
	}
}

// Running reports whether the process has not exited.
func (p *proc) Running() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// Kill ends the process with SIGKILL, as a crash or the OOM killer does, and reaps it.
func (p *proc) Kill() {
	if p.Running() {
		p.cmd.Process.Signal(syscall.SIGKILL)
	}
	<-p.exited
}

// Term asks the process to stop with SIGTERM and waits up to 30 s for it to exit.
func (p *proc) Term() {
	p.t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(30 * time.Second):
		p.Kill()
		p.t.Fatalf("csidesk serve still running 30 s after SIGTERM:\n%s", p.tail())
	}
}

// Restart kills the process if it runs and serves again on the same address and environment.
func (p *proc) Restart() {
	p.t.Helper()
	p.Kill()
	p.serve()
}

// PeakRSS is the most memory the process has held (VmHWM), in bytes.
func (p *proc) PeakRSS() int64 {
	p.t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.PID))
	if err != nil {
		p.t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				p.t.Fatalf("VmHWM %q: %v", v, err)
			}
			return kb << 10
		}
	}
	p.t.Fatal("no VmHWM in /proc/PID/status")
	return 0
}

func (p *proc) cleanup() {
	p.Kill()
	if p.t.Failed() {
		p.t.Logf("server log, last lines:\n%s", p.tail())
	}
}

// tail is the end of the server's log.
func (p *proc) tail() string {
	b, err := os.ReadFile(p.log)
	if err != nil {
		return err.Error()
	}
	if len(b) > 6000 {
		b = b[bytes.IndexByte(b[len(b)-6000:], '\n')+len(b)-6000+1:]
	}
	return string(b)
}
