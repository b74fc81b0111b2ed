package followups_test

import (
	"context"
	"io"
	"testing"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestRollups_EqualRecomputation: after the demo's six months of randomly answered surveys, the
// roll-ups kept as each survey was completed equal a recomputation from the raw answers (the
// newest answer per question of each completed survey, periods in the store's time zone); a
// damaged roll-up is found and repaired by a rebuild.
func TestRollups_EqualRecomputation(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	testkit.Must(t, demo.Seed(ctx, db.Owner, "", io.Discard))
	var tenantID int64
	testkit.Must(t, db.Owner.Pool.QueryRow(ctx, `SELECT tenant_id FROM login_emails LIMIT 1`).Scan(&tenantID))
	r, err := scores.NewService(db.App, nil).Rebuild(ctx, tenantID)
	testkit.Must(t, err)
	if r.Rows < 20 || r.Different != 0 || r.SamplesDifferent != 0 {
		t.Fatalf("rebuild: %+v, want many rows and none different (scores and samples)", r)
	}
	tx, err := db.App.BeginTenant(ctx, tenantID)
	testkit.Must(t, err)
	_, err = tx.Exec(ctx, `UPDATE score_rollups SET points_sum = points_sum + 50
		WHERE (store_id, department_id, kind, period, period_start) =
		      (SELECT store_id, department_id, kind, period, period_start FROM score_rollups LIMIT 1)`)
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
	if r, err := scores.NewService(db.App, nil).Rebuild(ctx, tenantID); err != nil || r.Different != 1 {
		t.Errorf("rebuild after damage: %+v %v, want one different row", r, err)
	}
	if r, err := scores.NewService(db.App, nil).Rebuild(ctx, tenantID); err != nil || r.Different != 0 {
		t.Errorf("rebuild after repair: %+v %v, want none different", r, err)
	}
}
