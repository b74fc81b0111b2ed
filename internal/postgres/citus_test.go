package postgres_test

import (
	"context"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/pgtest"
)

// onCitus gives, on a Citus cluster, the test's database with two groups and a superuser
// connection to its coordinator; elsewhere it skips the test.
func onCitus(t *testing.T) (db *pgtest.DB, a, b int64, super *pgx.Conn) {
	t.Helper()
	if !pgtest.Citus() {
		t.Skip("runs on a Citus cluster (make test-citus)")
	}
	db, a, b, _ = twoTenants(t)
	owner, err := url.Parse(db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(os.Getenv("TEST_DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = owner.Path
	ctx := context.Background()
	super, err = pgx.Connect(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { super.Close(ctx) })
	return db, a, b, super
}

// storesSeen is how many stores each group sees as the application.
func storesSeen(t *testing.T, db *pgtest.DB, tenants ...int64) []int {
	t.Helper()
	var seen []int
	for _, id := range tenants {
		tx, err := db.App.BeginTenant(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, count(t, tx, "stores"))
		tx.Rollback(context.Background())
	}
	return seen
}

// TestCitus_IsolateTenant: a big group moved onto shards of its own
// (isolate_tenant_to_new_shard) has every table's shard to itself, and both groups still see
// their own store and nothing else.
func TestCitus_IsolateTenant(t *testing.T) {
	db, a, b, super := onCitus(t)
	ctx := context.Background()
	if _, err := super.Exec(ctx, `SELECT isolate_tenant_to_new_shard('stores', $1::bigint, 'CASCADE', shard_transfer_mode => 'block_writes')`, a); err != nil {
		t.Fatal(err)
	}
	var own, tables int
	err := super.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE s.shardminvalue = s.shardmaxvalue
		                          AND s.shardminvalue::int = worker_hash($1::bigint)),
		       count(DISTINCT s.logicalrelid)
		FROM pg_dist_shard s JOIN pg_dist_partition p USING (logicalrelid) WHERE p.partmethod = 'h'`, a).Scan(&own, &tables)
	if err != nil {
		t.Fatal(err)
	}
	if own != tables || tables == 0 {
		t.Errorf("group A has a shard of its own in %d of %d distributed tables", own, tables)
	}
	if got := storesSeen(t, db, a, b); got[0] != 1 || got[1] != 1 {
		t.Errorf("stores seen after the move: A %d, B %d; want 1 each", got[0], got[1])
	}
}

// TestCitus_Rebalance: with every shard drained onto one worker, as if the other had just been
// added, citus_rebalance_start spreads them over both again, and the groups see what they saw.
func TestCitus_Rebalance(t *testing.T) {
	db, a, b, super := onCitus(t)
	ctx := context.Background()
	var host string
	var port int
	err := super.QueryRow(ctx, `SELECT nodename, nodeport FROM pg_dist_node WHERE groupid > 0 ORDER BY nodeport DESC LIMIT 1`).Scan(&host, &port)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := super.Exec(ctx, `SELECT citus_drain_node($1, $2, shard_transfer_mode => 'block_writes')`, host, port); err != nil {
		t.Fatal(err)
	}
	if n := placements(t, super, port); n != 0 {
		t.Fatalf("%d placements left on the drained worker", n)
	}
	// draining marks the worker to hold no shards; an added worker holds them
	if _, err := super.Exec(ctx, `SELECT citus_set_node_property($1, $2, 'shouldhaveshards', true)`, host, port); err != nil {
		t.Fatal(err)
	}
	if _, err := super.Exec(ctx, `SELECT citus_rebalance_start(shard_transfer_mode => 'block_writes')`); err != nil {
		t.Fatal(err)
	}
	if _, err := super.Exec(ctx, `SELECT citus_rebalance_wait()`); err != nil {
		t.Fatal(err)
	}
	if n := placements(t, super, port); n == 0 {
		t.Error("the rebalance moved no shard onto the empty worker")
	}
	if got := storesSeen(t, db, a, b); got[0] != 1 || got[1] != 1 {
		t.Errorf("stores seen after the rebalance: A %d, B %d; want 1 each", got[0], got[1])
	}
}

// placements counts the placements of distributed tables' shards on the worker at port
// (reference tables are on every node).
func placements(t *testing.T, super *pgx.Conn, port int) int {
	t.Helper()
	var n int
	err := super.QueryRow(context.Background(), `
		SELECT count(*) FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid)
		JOIN pg_dist_shard s USING (shardid) JOIN pg_dist_partition d USING (logicalrelid)
		WHERE n.nodeport = $1 AND d.partmethod = 'h'`, port).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCitus_JoinStaysOnTheGroupsShard: an update joined to another table (the shape of the
// follow-up generator's expiry), run over and over on one of the application's connections past
// the point where PostgreSQL would switch to a generic plan, is sent to the group's shard alone
// every time: Citus is told to refuse a statement across shards.
func TestCitus_JoinStaysOnTheGroupsShard(t *testing.T) {
	db, a, _, _ := onCitus(t)
	ctx := context.Background()
	tx, err := db.App.BeginTenant(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SET LOCAL citus.multi_task_query_log_level = error`); err != nil {
		t.Fatal(err)
	}
	for run := 1; run <= 8; run++ {
		_, err := tx.Exec(ctx, `UPDATE follow_up_tasks t SET status = 'expired', closed_at = $2
			FROM stores st WHERE t.tenant_id = $1 AND t.status = 'open' AND st.tenant_id = $1 AND st.id = t.store_id
			  AND t.expires_on < ($2 AT TIME ZONE st.time_zone)::date`, a, time.Now())
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
	}
}
