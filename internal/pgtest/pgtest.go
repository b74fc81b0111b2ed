// Package pgtest gives each test a fresh, migrated PostgreSQL database cloned from a template.
// TEST_DATABASE_URL names a superuser connection to the test cluster; make test starts that
// cluster and sets it.
package pgtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver pgtestdb uses
	"github.com/peterldowns/pgtestdb"

	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/migrations"
)

// AppRole is the application's role; it must exist before the migrations grant it rights.
const AppRole = "csidesk_app"

// DB is one test's database, reachable as the schema owner and as the application.
type DB struct {
	// App connects as the application role, subject to row-level security.
	App *postgres.DB
	// Owner connects as the role that ran the migrations.
	Owner *postgres.DB
	// AppURL and OwnerURL are the connection strings behind App and Owner.
	AppURL, OwnerURL string
}

var appRoleOnce sync.Once

// MustOpenDB returns a fresh migrated database for t, dropped when t passes. On a Citus cluster
// (TEST_CITUS_WORKERS) it is distributed as Migrator.Up distributes a production database.
func MustOpenDB(t testing.TB) *DB {
	t.Helper()
	if workers := citusWorkers(); len(workers) > 0 {
		return mustOpenCitus(t, workers)
	}
	conf := superConfig(t)
	appRoleOnce.Do(func() { ensureAppRole(t, conf) })
	inst := pgtestdb.Custom(t, conf, migrator{})
	ownerURL := inst.URL()
	return openDB(t, ownerURL, withUser(t, ownerURL, AppRole, AppRole))
}

// openDB opens the owner's and the application's pools of a test database.
func openDB(t testing.TB, ownerURL, appURL string) *DB {
	t.Helper()
	ctx := context.Background()
	owner, err := postgres.Open(ctx, ownerURL)
	if err != nil {
		t.Fatalf("open owner: %v", err)
	}
	t.Cleanup(owner.Close)
	app, err := postgres.Open(ctx, appURL)
	if err != nil {
		t.Fatalf("open app: %v", err)
	}
	t.Cleanup(app.Close)
	return &DB{App: app, Owner: owner, AppURL: appURL, OwnerURL: ownerURL}
}

func superConfig(t testing.TB) pgtestdb.Config {
	t.Helper()
	raw := os.Getenv("TEST_DATABASE_URL")
	if raw == "" {
		t.Fatal("TEST_DATABASE_URL is not set: run the tests with `make test`, which starts the test cluster")
	}
	pc, err := pgconn.ParseConfig(raw)
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	return pgtestdb.Config{
		DriverName: "pgx",
		User:       pc.User,
		Password:   pc.Password,
		Host:       pc.Host,
		Port:       fmt.Sprint(pc.Port),
		Database:   pc.Database,
		Options:    "sslmode=disable",
	}
}

func ensureAppRole(t testing.TB, conf pgtestdb.Config) {
	t.Helper()
	db, err := sql.Open("pgx", conf.URL())
	if err != nil {
		t.Fatalf("open superuser: %v", err)
	}
	defer db.Close()
	_, err = db.Exec(`DO $$ BEGIN
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '` + AppRole + `') THEN
			CREATE ROLE ` + AppRole + ` LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '` + AppRole + `';
		END IF; END $$`)
	if err != nil {
		t.Fatalf("create app role: %v", err)
	}
}

func withUser(t testing.TB, raw, user, password string) string {
	t.Helper()
	u, err := roleURL(raw, user, password, "")
	if err != nil {
		t.Fatalf("parse %q: %v", raw, err)
	}
	return u
}

// roleURL is the connection raw as another user, and in database when it is given.
func roleURL(raw, user, password, database string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	u.User = url.UserPassword(user, password)
	if database != "" {
		u.Path = "/" + database
	}
	return u.String(), nil
}

// migrator applies the embedded migrations with the application's own migrator, so the tests
// exercise the code path that production uses.
type migrator struct{}

func (migrator) Hash() (string, error) {
	h := sha256.New()
	h.Write([]byte("river v0.51.1")) // River's migrations, applied after ours, change with its version
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		h.Write([]byte(path))
		h.Write(b)
		return err
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

func (migrator) Migrate(_ context.Context, _ *sql.DB, conf pgtestdb.Config) error {
	m, err := postgres.NewMigrator(conf.URL())
	if err != nil {
		return err
	}
	defer m.Close()
	return m.Up()
}

// SetBefore25 sets, in tx, the tenant and a whole-group scope as the schema read them before
// migration 000025 made them one setting, for the tests that write into a database migrated down.
func SetBefore25(ctx context.Context, tx pgx.Tx, tenantID int64) error {
	_, err := tx.Exec(ctx, `SELECT set_config('app.tenant_id', $1::bigint::text, true), set_config('app.stores', '*', true),
		set_config('app.whole_stores', '*', true), set_config('app.departments', '{}', true)`, tenantID)
	return err
}
