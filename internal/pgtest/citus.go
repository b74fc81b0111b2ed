package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"golang.org/x/sync/errgroup"

	"github.com/csidesk/csidesk/internal/postgres"
)

// On a Citus cluster (make test-citus: TEST_CITUS_WORKERS names the workers beside the
// coordinator TEST_DATABASE_URL reaches), each test's database is a database of the same name on
// every node, cloned on each from a template that was migrated and distributed once: the
// coordinator's metadata and the workers' shards are copied together. A template a node's Citus
// daemon is connected to cannot be copied, so the finished template takes no connections.

// citusWorkers are the workers' host:port, or none when the tests run on a single node.
func citusWorkers() []string {
	if w := os.Getenv("TEST_CITUS_WORKERS"); w != "" {
		return strings.Split(w, ",")
	}
	return nil
}

// ownerRole owns a Citus test database; the nodes reach each other with its password.
const ownerRole = "csidesk"

var citusTemplate struct {
	once sync.Once
	name string
	err  error
}

// mustOpenCitus is MustOpenDB on a Citus cluster.
func mustOpenCitus(t testing.TB, workers []string) *DB {
	t.Helper()
	super := os.Getenv("TEST_DATABASE_URL")
	citusTemplate.once.Do(func() { citusTemplate.name, citusTemplate.err = ensureCitusTemplate(super, workers) })
	if citusTemplate.err != nil {
		t.Fatalf("citus template: %v", citusTemplate.err)
	}
	ctx := context.Background()
	b := make([]byte, 4)
	rand.Read(b)
	name := citusTemplate.name + "_" + hex.EncodeToString(b)
	nodes, err := nodeURLs(super, workers)
	if err != nil {
		t.Fatal(err)
	}
	err = onEach(nodes, func(conn *pgx.Conn) error {
		_, err := conn.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s OWNER %s`, name, citusTemplate.name, ownerRole))
		return err
	})
	if err != nil {
		t.Fatalf("citus test database: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			return // kept for a look, as on a single node
		}
		err := onEach(nodes, func(conn *pgx.Conn) error {
			err := shut(ctx, conn, name)
			for try := 0; err == nil && try < 5; try++ {
				// a node's Citus daemon may come back to it once between shut and drop
				if _, err = conn.Exec(ctx, `DROP DATABASE `+name+` WITH (FORCE)`); err == nil {
					return nil
				}
				time.Sleep(200 * time.Millisecond)
				err = shut(ctx, conn, name)
			}
			return err
		})
		if err != nil {
			t.Errorf("drop citus test database: %v", err)
		}
	})
	ownerURL, err := roleURL(super, ownerRole, ownerRole, name)
	if err != nil {
		t.Fatal(err)
	}
	return openDB(t, ownerURL, withUser(t, ownerURL, AppRole, AppRole))
}

// ensureCitusTemplate makes the template once for every test process of the run: the first to
// take the lock migrates and distributes it, the others find it made.
func ensureCitusTemplate(super string, workers []string) (string, error) {
	ctx := context.Background()
	hash, err := migrator{}.Hash()
	if err != nil {
		return "", err
	}
	name := "citus_tpl_" + hash[:16]
	lock, err := pgx.Connect(ctx, super)
	if err != nil {
		return "", err
	}
	defer lock.Close(ctx)
	if _, err := lock.Exec(ctx, `SELECT pg_advisory_lock(hashtext('pgtest.citus'))`); err != nil {
		return "", err
	}
	var made bool
	err = lock.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1 AND datistemplate)`, name).Scan(&made)
	if err != nil || made {
		return name, err
	}
	nodes, err := nodeURLs(super, workers)
	if err != nil {
		return "", err
	}
	err = onEach(nodes, func(conn *pgx.Conn) error {
		_, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
		if err == nil {
			_, err = conn.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s OWNER %s`, name, ownerRole))
		}
		return err
	})
	if err != nil {
		return "", err
	}
	if err := attach(super, name); err != nil {
		return "", err
	}
	ownerURL, err := roleURL(super, ownerRole, ownerRole, name)
	if err != nil {
		return "", err
	}
	m, err := postgres.NewMigrator(ownerURL)
	if err != nil {
		return "", err
	}
	err = m.Up()
	m.Close()
	if err != nil {
		return "", err
	}
	return name, onEach(nodes, func(conn *pgx.Conn) error {
		err := shut(ctx, conn, name)
		if err == nil {
			_, err = conn.Exec(ctx, `UPDATE pg_database SET datistemplate = true WHERE datname = $1`, name)
		}
		return err
	})
}

// shut closes a node's database to new connections and ends those it has, the Citus daemon's
// among them.
func shut(ctx context.Context, conn *pgx.Conn, name string) error {
	_, err := conn.Exec(ctx, `ALTER DATABASE `+name+` WITH ALLOW_CONNECTIONS false`)
	if err == nil {
		_, err = conn.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, name)
	}
	return err
}

// Citus says whether the tests run on a Citus cluster.
func Citus() bool { return len(citusWorkers()) > 0 }

// attach makes the database a Citus cluster's with scripts/citus.sh attach.
func attach(super, name string) error {
	u, err := url.Parse(super)
	if err != nil {
		return err
	}
	root, err := os.Getwd()
	for err == nil {
		if _, statErr := os.Stat(filepath.Join(root, "go.mod")); statErr == nil {
			break
		}
		if filepath.Dir(root) == root {
			return fmt.Errorf("no go.mod above the test's folder")
		}
		root = filepath.Dir(root)
	}
	if err != nil {
		return err
	}
	out, err := exec.Command(filepath.Join(root, "scripts", "citus.sh"), "attach", u.Port(), name).CombinedOutput()
	if err != nil {
		return fmt.Errorf("citus.sh attach: %v\n%s", err, out)
	}
	return nil
}

// nodeURLs are superuser connections to the coordinator and each worker's postgres database.
func nodeURLs(super string, workers []string) ([]string, error) {
	nodes := []string{super}
	for _, w := range workers {
		u, err := url.Parse(super)
		if err != nil {
			return nil, err
		}
		u.Host = w
		nodes = append(nodes, u.String())
	}
	return nodes, nil
}

// onEach runs fn on a connection to each node at once.
func onEach(nodes []string, fn func(*pgx.Conn) error) error {
	var g errgroup.Group
	for _, n := range nodes {
		g.Go(func() error {
			ctx := context.Background()
			conn, err := pgx.Connect(ctx, n)
			if err != nil {
				return err
			}
			defer conn.Close(ctx)
			return fn(conn)
		})
	}
	return g.Wait()
}
