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
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
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

// TestChanges_Notices: each writer of a table a kept read depends on announces its store, or
// the whole group, once per transaction when it commits; a rolled-back change announces nothing.
func TestChanges_Notices(t *testing.T) {
	f := newScoreFixture(t)
	h := listen(t, f)
	ctx := context.Background()
	store := fmt.Sprintf("%d/%d", f.tenantID, f.shanghai.id)
	group := fmt.Sprintf("%d/0", f.tenantID)
	people := group + "/" + changes.People
	stores := &tenancy.Service{DB: f.db.App}
	svc := scores.NewService(f.db.App, nil)

	f.complete(t, f.shanghai, time.Now(), map[int]int{1: 5}) // score, count and sample roll-ups of one store
	if got := h.next(t); got != store {
		t.Errorf("completing a survey announced %q, want %q", got, store)
	}
	for _, tc := range []struct {
		name   string
		change func() error
		want   []string
	}{
		{"a department renamed", func() error {
			return stores.UpdateDepartment(ctx, f.tenantID, &tenancy.Department{ID: f.shanghai.after, StoreID: f.shanghai.id,
				Kind: "after_sales", Name: "售后服务部"})
		}, []string{store, people}}, // the roles of kept sessions name the department
		{"a question edited", func() error {
			_, err := (&surveys.Service{DB: f.db.App, Now: time.Now}).SaveItem(ctx, f.tenantID, f.userID, f.shanghai.questionnaire,
				surveys.Item{Position: 1, NameZH: "题1", NameEN: "Item 1", TextZH: "问题一", TextEN: "Question one",
					Scale: surveys.Five, Weight: 2, Mandatory: true, DepartmentID: f.shanghai.after})
			return err
		}, []string{store}},
		{"a store's red line", func() error {
			st, err := stores.Store(ctx, f.tenantID, f.shanghai.id)
			if err == nil {
				st.CSIThreshold = 90
				err = stores.UpdateStore(ctx, f.tenantID, &st)
			}
			return err
		}, []string{group}},
		{"the tiers", func() error {
			return svc.SaveTiers(ctx, f.tenantID, []scores.Tier{{Min: 90, ZH: "良好", EN: "Good"}})
		}, []string{group}},
		{"a rebuild", func() error { _, err := svc.Rebuild(ctx, f.tenantID); return err }, []string{group}},
	} {
		testkit.Must(t, tc.change())
		for _, want := range tc.want {
			if got := h.next(t); got != want {
				t.Errorf("%s: announced %q, want %q", tc.name, got, want)
			}
		}
	}
	// announced in a transaction that rolls back: nothing
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	testkit.Must(t, changes.Announce(ctx, tx, f.tenantID, f.shanghai.id))
	testkit.Must(t, tx.Rollback(ctx))
	select {
	case p := <-h.notices:
		t.Errorf("further notice %q, want none: a rolled-back change or a repeated payload", p)
	case <-time.After(200 * time.Millisecond):
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

	// Written past the application's writers, a change goes unannounced: the kept boards stay.
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `INSERT INTO sample_rollups (tenant_id, store_id, kind, period, period_start, completed)
		VALUES ($1, $2, 'csi', 'week', '2026-11-23', 5), ($1, $3, 'csi', 'week', '2026-11-23', 5)`,
		f.tenantID, f.shanghai.id, f.newYork.id)
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
