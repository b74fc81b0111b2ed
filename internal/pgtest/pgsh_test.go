package pgtest_test

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestPGScript_CheckoutUnderPrivateFolder: run as root from a checkout the postgres user cannot
// reach (a clone under /root, mode 0700), scripts/pg.sh still starts the private cluster, in a
// folder of its own under /var/lib/csidesk/ that it names, and stops it.
func TestPGScript_CheckoutUnderPrivateFolder(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("only root runs the cluster as another user")
	}
	private := t.TempDir() // mode 0700, like /root
	dir := filepath.Join(private, "csidesk", ".data", "pg")
	port := freePort(t)
	script, err := filepath.Abs("../../scripts/pg.sh")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(script, "start", dir, port).CombinedOutput()
	if err != nil {
		t.Fatalf("pg.sh start: %v\n%s", err, out)
	}
	var dataDir string
	t.Cleanup(func() {
		if out, err := exec.Command(script, "stop", dir).CombinedOutput(); err != nil {
			t.Errorf("pg.sh stop: %v\n%s", err, out)
		}
		if dataDir != "" {
			os.RemoveAll(filepath.Dir(dataDir))
		}
	})
	if !strings.Contains(string(out), "the cluster lives in /var/lib/csidesk/") {
		t.Errorf("pg.sh does not say where the cluster lives:\n%s", out)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, "postgres://postgres:postgres@127.0.0.1:"+port+"/postgres?sslmode=disable")
	if err != nil {
		t.Fatalf("the cluster does not answer: %v", err)
	}
	defer conn.Close(ctx)
	if err := conn.QueryRow(ctx, "SELECT current_setting('data_directory')").Scan(&dataDir); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(dataDir, "/var/lib/csidesk/") {
		t.Errorf("data directory %s, want one under /var/lib/csidesk/", dataDir)
	}
}

// freePort returns a TCP port nothing listens on now.
func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}
