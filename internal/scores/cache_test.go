package scores_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/testkit"
)

// heard is a tracker that also hands each notice and each start of listening to the test.
type heard struct {
	*changes.Tracker
	notices chan string
	started chan struct{}
}

func (h heard) Listening(on bool) {
	h.Tracker.Listening(on)
	if on {
		h.started <- struct{}{}
	}
}

// Notified hands the test the notices of what boards read. Those of the calls' own area, which
// completing a survey sends too, go to the tracker alone: they must leave the boards kept.
func (h heard) Notified(payload string) {
	h.Tracker.Notified(payload)
	if !strings.HasSuffix(payload, "/"+changes.Tasks) {
		h.notices <- payload
	}
}

// listen listens for changes to f's database until the test ends.
func listen(t *testing.T, f *scoreFixture) heard {
	t.Helper()
	h := heard{Tracker: changes.NewTracker(), notices: make(chan string, 100), started: make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.db.App.Listen(ctx, changes.Channel, h, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	select {
	case <-h.started:
	case <-time.After(10 * time.Second):
		t.Fatal("not listening after 10 s")
	}
	return h
}

// next returns the next notice heard.
func (h heard) next(t *testing.T) string {
	t.Helper()
	select {
	case p := <-h.notices:
		return p
	case <-time.After(10 * time.Second):
		t.Fatal("no notice after 10 s")
		return ""
	}
}

// TestChanges_Notices: a change to each table a kept read depends on announces its store, or
// the whole group, once per transaction when it commits; a rolled-back change announces nothing.
func TestChanges_Notices(t *testing.T) {
	f := newScoreFixture(t)
	h := listen(t, f)
	store := fmt.Sprintf("%d/%d", f.tenantID, f.shanghai.id)
	group := fmt.Sprintf("%d/0", f.tenantID)

	f.complete(t, f.shanghai, time.Now(), map[int]int{1: 5}) // score, count and sample roll-ups of one store
	if got := h.next(t); got != store {
		t.Errorf("completing a survey announced %q, want %q", got, store)
	}
	for _, tc := range []struct {
		sql  string
		id   int64
		want string
	}{
		{`UPDATE departments SET name = '售后服务部' WHERE tenant_id = $1 AND id = $2`, f.shanghai.after, store},
		{`UPDATE questionnaires SET version = 2 WHERE tenant_id = $1 AND id = $2`, f.shanghai.questionnaire, store},
		{`UPDATE questionnaire_items SET text_en = text_en || '?' WHERE tenant_id = $1 AND questionnaire_id = $2`, f.shanghai.questionnaire, group},
		{`UPDATE stores SET csi_threshold = 90 WHERE tenant_id = $1 AND id = $2`, f.shanghai.id, group},
		{`INSERT INTO score_tiers (tenant_id, min_points, label_zh, label_en) VALUES ($1, 90 + $2::bigint, '良好', 'Good')`, 0, group},
		{`DELETE FROM score_rollups WHERE tenant_id = $1 AND store_id = $2`, f.shanghai.id, store},
		{`DELETE FROM score_survey_counts WHERE tenant_id = $1 AND store_id = $2`, f.shanghai.id, store},
		{`UPDATE stores SET min_sample = 3 WHERE tenant_id = $1 AND id = $2`, f.shanghai.id, group},
		{`DELETE FROM sample_rollups WHERE tenant_id = $1 AND store_id = $2`, f.shanghai.id, store},
	} {
		for _, commit := range []bool{false, true} {
			change(t, f, commit, tc.sql, tc.id)
		}
		if got := h.next(t); got != tc.want {
			t.Errorf("%s: announced %q, want %q", tc.sql, got, tc.want)
		}
	}
	select {
	case p := <-h.notices:
		t.Errorf("further notice %q, want none: a rolled-back change or a repeated payload", p)
	default:
	}
}

// change runs one statement with the tenant and an id as the application, and commits it or
// rolls it back.
func change(t *testing.T, f *scoreFixture, commit bool, sql string, id int64) {
	t.Helper()
	ctx := context.Background()
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, sql, f.tenantID, id)
	testkit.Must(t, err)
	if commit {
		testkit.Must(t, tx.Commit(ctx))
	}
}

// TestChanges_BoardsKept: a board is kept until a survey completed in its store is announced,
// and then shows it; a board of another store stays kept.
func TestChanges_BoardsKept(t *testing.T) {
	f := newScoreFixture(t)
	h := listen(t, f)
	ctx := context.Background()
	boards := scores.NewService(f.db.App, h.Tracker)
	sh := time.FixedZone("CST", 8*3600)
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, sh)
	key := func(st storeFixture) scores.Key {
		return scores.Key{StoreID: st.id, Kind: "csi", Period: scores.Week, Start: day("2026-11-23")}
	}
	// completed is the week's sample count of completed surveys on the store's board.
	completed := func(st storeFixture) int {
		t.Helper()
		b, err := boards.ReadBoard(ctx, f.tenantID, key(st), 1)
		testkit.Must(t, err)
		return b.Samples[0].Completed
	}
	if got := completed(f.shanghai) + completed(f.newYork); got != 0 {
		t.Fatalf("completed before=%d, want 0", got)
	}

	// Written with the trigger held back, a change goes unannounced: the kept boards stay.
	tx, err := f.db.Owner.Pool.Begin(ctx)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	testkit.Must(t, postgres.SetTenant(ctx, tx, f.tenantID))
	_, err = tx.Exec(ctx, `ALTER TABLE sample_rollups DISABLE TRIGGER notify_change`)
	testkit.Must(t, err)
	_, err = tx.Exec(ctx, `INSERT INTO sample_rollups (tenant_id, store_id, kind, period, period_start, completed)
		VALUES ($1, $2, 'csi', 'week', '2026-11-23', 5), ($1, $3, 'csi', 'week', '2026-11-23', 5)`,
		f.tenantID, f.shanghai.id, f.newYork.id)
	testkit.Must(t, err)
	_, err = tx.Exec(ctx, `ALTER TABLE sample_rollups ENABLE TRIGGER notify_change`)
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
	if got := completed(f.shanghai) + completed(f.newYork); got != 0 {
		t.Fatalf("completed after an unannounced change=%d, want the kept 0", got)
	}

	// A completed survey in Shanghai is announced: Shanghai's board shows it and the kept
	// count, New York's stays kept.
	f.complete(t, f.shanghai, at, map[int]int{1: 5})
	if got := h.next(t); got != fmt.Sprintf("%d/%d", f.tenantID, f.shanghai.id) {
		t.Fatalf("notice=%q", got)
	}
	if got := completed(f.shanghai); got != 6 {
		t.Errorf("Shanghai completed=%d, want 6: the unannounced 5 and the new survey", got)
	}
	if got := completed(f.newYork); got != 0 {
		t.Errorf("New York completed=%d, want the kept 0", got)
	}
}
