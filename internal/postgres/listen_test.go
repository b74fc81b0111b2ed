package postgres_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/testkit"
)

// recorder is a change tracker that also reports what it is told, for the test to wait on.
type recorder struct {
	*changes.Tracker
	on    chan bool
	heard chan string
}

func (r *recorder) Listening(on bool) {
	r.Tracker.Listening(on)
	r.on <- on
}

func (r *recorder) Notified(payload string) {
	r.Tracker.Notified(payload)
	r.heard <- payload
}

// TestListen_Outage: the change listener says it no longer listens once its connection is cut
// (the database went away) or silently stops passing anything (a dead host, a dropped link),
// and the notices sent meanwhile are lost; once the database is back it listens again, and a
// board kept from before the outage is read afresh, with what changed while it was away.
func TestListen_Outage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		outage func(*testkit.Proxy)
	}{{"Cut", (*testkit.Proxy).Cut}, {"Silent", (*testkit.Proxy).Freeze}} {
		t.Run(tc.name, func(t *testing.T) {
			postgres.SetListenTimes(t, 200*time.Millisecond, 300*time.Millisecond)
			db := pgtest.MustOpenDB(t)
			pool, proxy := throughProxy(t, db)
			rec := listen(t, pool)
			memo, board := changes.NewMemo[int](rec.Tracker), 1
			read := func() (int, error) { return board, nil }
			keep := func() int { v, _ := memo.Get("board", 1, []int64{7}, read); return v }
			expect(t, rec.on, true)
			keep()
			board = 2 // announced below, heard, and so read afresh
			notify(t, db, "1/7")
			expect(t, rec.heard, "1/7")
			if got := keep(); got != 2 {
				t.Fatalf("board after a notice=%d, want 2", got)
			}
			tc.outage(proxy)
			expect(t, rec.on, false)
			board = 3
			notify(t, db, "1/7") // lost: nobody listens
			proxy.Restore()
			expect(t, rec.on, true)
			if got := keep(); got != 3 {
				t.Errorf("board after the outage=%d, want 3: a change made while away was missed", got)
			}
			notify(t, db, "1/8")
			expect(t, rec.heard, "1/8")
		})
	}
}

// listen runs the change listener on pool until the test ends.
func listen(t *testing.T, pool *postgres.DB) *recorder {
	t.Helper()
	rec := &recorder{Tracker: changes.NewTracker(), on: make(chan bool, 16), heard: make(chan string, 16)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		pool.Listen(ctx, changes.Channel, rec, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	t.Cleanup(func() { cancel(); <-done })
	return rec
}

// notify announces a change as the database's triggers do, past the proxy.
func notify(t *testing.T, db *pgtest.DB, payload string) {
	t.Helper()
	_, err := db.Owner.Pool.Exec(context.Background(), `SELECT pg_notify($1, $2)`, changes.Channel, payload)
	testkit.Must(t, err)
}

// expect waits for the next value of c and fails the test unless it is want.
func expect[T comparable](t *testing.T, c <-chan T, want T) {
	t.Helper()
	select {
	case got := <-c:
		if got != want {
			t.Fatalf("got %v, want %v", got, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("waited 10 s for %v", want)
	}
}
