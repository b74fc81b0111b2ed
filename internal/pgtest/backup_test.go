package pgtest_test

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// TestBackupRestore: scripts/backup.sh, as the read-only backup role, writes every dealer group's
// rows; scripts/restore.sh restores them into a new database with the same count of rows per
// group in every table, and the same row-level security.
func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	db := pgtest.MustOpenDB(t)
	if err := demo.Seed(ctx, db.Owner, "", io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := tenancy.CreateTenant(ctx, db.Owner, "Second group"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "csidesk.dump")
	os.Chmod(filepath.Dir(file), 0o755) // the scripts' programs may run as another user
	run(t, "backup.sh", []string{"BACKUP_DATABASE_URL=" + withURL(t, db.OwnerURL, url.UserPassword("csidesk_backup", "csidesk_backup"), "")}, file)

	restored := fmt.Sprintf("restored_%d", os.Getpid())
	super := os.Getenv("TEST_DATABASE_URL")
	owner, err := url.Parse(db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	run(t, "restore.sh", []string{"RESTORE_DATABASE_URL=" + super, "OWNER_ROLE=" + owner.User.Username()}, file, restored)
	t.Cleanup(func() { dropDatabase(t, super, restored) })

	before := connect(t, withURL(t, super, nil, strings.TrimPrefix(owner.Path, "/")))
	after := connect(t, withURL(t, super, nil, restored))
	counts := rowsPerGroup(t, before)
	if len(counts) < 2 || !strings.Contains(fmt.Sprint(counts), "surveys") {
		t.Fatalf("the seeded database has too little to compare: %v", counts)
	}
	if got := rowsPerGroup(t, after); !reflect.DeepEqual(got, counts) {
		t.Errorf("rows per group after restore differ:\n got %v\nwant %v", got, counts)
	}
	if got, want := policies(t, after), policies(t, before); !reflect.DeepEqual(got, want) || len(want) == 0 {
		t.Errorf("row-level security after restore differs:\n got %v\nwant %v", got, want)
	}
}

// run runs one of the project's scripts with env added, failing the test on an error.
func run(t *testing.T, script string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command(filepath.Join("..", "..", "scripts", script), args...)
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", script, err, out)
	}
}

// withURL is the connection raw with another user and database, when given.
func withURL(t *testing.T, raw string, user *url.Userinfo, database string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if user != nil {
		u.User = user
	}
	if database != "" {
		u.Path = "/" + database
	}
	return u.String()
}

func connect(t *testing.T, raw string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), raw)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// rowsPerGroup counts the rows of every table with a tenant_id, per group: "table/group" → rows.
func rowsPerGroup(t *testing.T, conn *pgx.Conn) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	rows, _ := conn.Query(ctx, `SELECT table_name FROM information_schema.columns
		WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY 1`)
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int64{}
	for _, table := range tables {
		rows, _ := conn.Query(ctx, fmt.Sprintf(`SELECT tenant_id, count(*) FROM %s GROUP BY 1`, pgx.Identifier{table}.Sanitize()))
		var tenantID, n int64
		_, err := pgx.ForEachRow(rows, []any{&tenantID, &n}, func() error {
			counts[fmt.Sprintf("%s/%d", table, tenantID)] = n
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return counts
}

// policies lists every row-level security policy, and which tables enforce them.
func policies(t *testing.T, conn *pgx.Conn) []string {
	t.Helper()
	rows, _ := conn.Query(context.Background(), `
		SELECT format('%s %s %s %s %s', tablename, policyname, cmd, qual, with_check) FROM pg_policies
		UNION ALL
		SELECT format('%s rls=%s force=%s', relname, relrowsecurity, relforcerowsecurity) FROM pg_class
		WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
		ORDER BY 1`)
	list, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func dropDatabase(t *testing.T, super, name string) {
	conn := connect(t, super)
	if _, err := conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		t.Error(err)
	}
}
