package scores_test

import (
	"context"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestReadGroup_TooFewLast: with a minimum sample of 2, a store judged on two surveys ranks
// before a store with one perfect survey; each store counts its surveys once however many
// departments they touch; the weakest department is the lowest with enough surveys.
func TestReadGroup_TooFewLast(t *testing.T) {
	f := newScoreFixture(t)
	ctx := context.Background()
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	_, err = tx.Exec(ctx, `UPDATE stores SET min_sample = 2 WHERE tenant_id = $1`, f.tenantID)
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
	at := time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC) // Wednesday in Shanghai and New York
	f.complete(t, f.shanghai, at, map[int]int{1: 5, 2: 10, 4: 5})
	f.complete(t, f.newYork, at, map[int]int{1: 4, 2: 8, 4: 1}) // sales 20, once: too few
	f.complete(t, f.newYork, at, map[int]int{1: 4, 2: 9})
	list, err := scores.NewService(f.db.App, nil).ReadGroup(ctx, f.tenantID, "csi", scores.Week, day("2026-11-30"))
	testkit.Must(t, err)
	if len(list) != 2 || list[0].Store.ID != f.newYork.id || list[1].Store.ID != f.shanghai.id {
		t.Fatalf("ranking %+v, want New York (judged) before Shanghai (one survey)", list)
	}
	if list[0].Now.Surveys != 2 || list[1].Now.Surveys != 1 {
		t.Errorf("surveys %d and %d, want 2 and 1: a survey counts once for its store", list[0].Now.Surveys, list[1].Now.Surveys)
	}
	if v := list[1].Store.JudgeFigure("csi", list[1].Now); v != scores.TooFew {
		t.Errorf("Shanghai's verdict %v, want too few", v)
	}
	if !list[0].WeakestSet || list[0].Weakest.ID != f.newYork.after {
		t.Errorf("weakest %+v, want after-sales: sales has one survey", list[0].Weakest)
	}
}
