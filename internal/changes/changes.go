// Package changes keeps what pages read most in memory until the database announces that it
// changed. Whatever writes a row a kept read depends on announces it (Announce) in its own
// transaction: a notice on Channel of "tenant/store"; store 0 stands for every store of the
// group. Rows that change all day long, the calls, are announced as "tenant/store/area" instead
// (AnnounceTasks), which voids only the memos of that area, so that an agent's call leaves the
// store's score boards kept. A Tracker hears them, and each Memo serves the reads it kept only
// while no change has reached them since.
package changes

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
)

// Channel is where the database announces changes.
const Channel = "csidesk_changes"

// Tasks is the area of the notices of calls (follow-up tasks).
const Tasks = "tasks"

// Complaints is the area of the notices of complaint tracking forms.
const Complaints = "complaints"

// People is the area of the notices of who people are and may do: their sessions, names,
// roles and unread notifications, which every page reads.
const People = "people"

// Customers is the area of the notices of the group's customers, their vehicles and orders,
// which the customer search lists and the customer files (call screen, customer page) show.
const Customers = "customers"

// Tracker counts the changes heard, per group and per store. It is a postgres.Watcher of
// Channel; while it is not listening a change could pass unheard, so nothing is served.
type Tracker struct {
	mu        sync.Mutex
	listening bool
	seq       uint64           // counts the changes
	floor     uint64           // reads that began before it are void: they may have missed a change
	changed   map[scope]uint64 // the seq of the last change to a group (store 0) or a store
}

// scope is where a change was: a group or a store, in an area ("" for every area).
type scope struct {
	tenantID, storeID int64
	area              string
}

// NewTracker returns a tracker that is not yet listening.
func NewTracker() *Tracker { return &Tracker{changed: map[scope]uint64{}} }

// Listening implements postgres.Watcher: every read before now may have missed a change.
func (t *Tracker) Listening(on bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.listening = on
	t.forget()
}

// Hearing says whether changes are being heard, and so whether reads are kept.
func (t *Tracker) Hearing() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.listening
}

// Notified implements postgres.Watcher for the payloads of Channel.
func (t *Tracker) Notified(payload string) {
	tenant, store, ok := strings.Cut(payload, "/")
	store, area, _ := strings.Cut(store, "/")
	tenantID, err1 := strconv.ParseInt(tenant, 10, 64)
	storeID, err2 := strconv.ParseInt(store, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		t.mu.Lock()
		defer t.mu.Unlock()
		t.forget() // an unreadable notice could have named anything
		return
	}
	t.changedIn(tenantID, storeID, area)
}

// Changed records a change to a store, or with storeID 0 to every store of the group, in
// every area.
func (t *Tracker) Changed(tenantID, storeID int64) { t.changedIn(tenantID, storeID, "") }

// changedIn records a change to a store or group in one area, or with area "" in every area.
func (t *Tracker) changedIn(tenantID, storeID int64, area string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.seq++
	t.changed[scope{tenantID, storeID, area}] = t.seq
}

// forget voids every read so far; t.mu is held.
func (t *Tracker) forget() {
	t.seq++
	t.floor = t.seq
}

// begin stamps a read that begins now, and says whether it may be kept.
func (t *Tracker) begin() (uint64, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.seq, t.listening
}

// fresh says whether a read stamped seq has missed no change to the group or the stores in
// areas, "" standing for the changes of every area.
func (t *Tracker) fresh(seq uint64, tenantID int64, storeIDs []int64, areas []string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.listening || seq < t.floor {
		return false
	}
	for _, a := range areas {
		if t.changed[scope{tenantID, 0, a}] > seq {
			return false
		}
		for _, id := range storeIDs {
			if t.changed[scope{tenantID, id, a}] > seq {
				return false
			}
		}
	}
	return true
}

// maxKept bounds the reads a Memo keeps; when it is reached the memo starts afresh.
const maxKept = 4096

// Memo keeps reads of one kind by key. The values it returns are shared: read them only.
type Memo[T any] struct {
	t     *Tracker
	areas []string
	limit int
	mu    sync.Mutex
	kept  map[string]kept[T]
}

type kept[T any] struct {
	v   T
	seq uint64
}

// NewMemo returns an empty memo whose reads t watches.
func NewMemo[T any](t *Tracker) *Memo[T] { return NewMemoIn[T](t) }

// NewMemoIn returns an empty memo whose reads t watches, voided also by the changes of areas.
func NewMemoIn[T any](t *Tracker, areas ...string) *Memo[T] {
	return &Memo[T]{t: t, areas: append([]string{""}, areas...), limit: maxKept, kept: map[string]kept[T]{}}
}

// Limit bounds the reads m keeps to n, for reads too large for maxKept of them, and returns m.
func (m *Memo[T]) Limit(n int) *Memo[T] {
	m.limit = n
	return m
}

// Get returns what read returned for key, kept from an earlier call if no change to the group
// or to one of storeIDs has been heard since that read began; else it reads now and keeps it.
func (m *Memo[T]) Get(key string, tenantID int64, storeIDs []int64, read func() (T, error)) (T, error) {
	return m.GetWhile(key, tenantID, storeIDs, nil, read)
}

// GetWhile is Get for reads that also end with the clock: what was kept is served only while
// holds says it still holds (a deadline not yet passed), else read afresh. A nil holds always
// holds.
func (m *Memo[T]) GetWhile(key string, tenantID int64, storeIDs []int64, holds func(T) bool, read func() (T, error)) (T, error) {
	v, stamp, ok := m.Peek(key, tenantID, storeIDs)
	if ok && (holds == nil || holds(v)) {
		return v, nil
	}
	v, err := read()
	if err == nil {
		m.Keep(key, stamp, v)
	}
	return v, err
}

// Stamp marks when a read began, for Keep.
type Stamp struct {
	seq  uint64
	keep bool
}

// Peek returns what m keeps for key, and true, if no change to the group or to one of storeIDs
// has been heard since that read began, else false; and the stamp of a read that begins now,
// for Keep: for a read that goes to the database with others.
func (m *Memo[T]) Peek(key string, tenantID int64, storeIDs []int64) (T, Stamp, bool) {
	seq, keep := m.t.begin()
	if keep {
		m.mu.Lock()
		k, ok := m.kept[key]
		m.mu.Unlock()
		if ok && m.t.fresh(k.seq, tenantID, storeIDs, m.areas) {
			return k.v, Stamp{seq, keep}, true
		}
	}
	var zero T
	return zero, Stamp{seq, keep}, false
}

// Keep keeps v, read from the moment stamp marks (Peek), for key.
func (m *Memo[T]) Keep(key string, stamp Stamp, v T) {
	if !stamp.keep {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.kept) >= m.limit {
		clear(m.kept)
	}
	m.kept[key] = kept[T]{v: v, seq: stamp.seq}
}

// Forget drops what m keeps for key at once, for a change this process has just committed and
// whose notice is still on its way.
func (m *Memo[T]) Forget(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.kept, key)
}

// Announce tells every process, once tx commits, that rows of the stores changed: score
// boards, questionnaires, departments and the like; store 0 stands for every store of the group
// (AnnounceGroup). Whatever writes a row a kept read depends on announces it in the same
// transaction, so that the notice goes exactly when the change becomes visible, and not at all
// when it rolls back. It is sent from the node the application talks to, where every process
// listens. No store, no notice.
func Announce(ctx context.Context, tx pgx.Tx, tenantID int64, storeIDs ...int64) error {
	return announce(ctx, tx, "", tenantID, storeIDs)
}

// AnnounceGroup is Announce for every store of the group.
func AnnounceGroup(ctx context.Context, tx pgx.Tx, tenantID int64) error {
	return announce(ctx, tx, "", tenantID, []int64{0})
}

// AnnounceTasks is Announce for calls (follow-up tasks), which void only what is kept of the
// calls of the stores (area Tasks) and leave their score boards kept.
func AnnounceTasks(ctx context.Context, tx pgx.Tx, tenantID int64, storeIDs ...int64) error {
	return announce(ctx, tx, Tasks, tenantID, storeIDs)
}

// AnnounceComplaints is Announce for complaint tracking forms (area Complaints), which void only
// what is kept of the forms of the stores.
func AnnounceComplaints(ctx context.Context, tx pgx.Tx, tenantID int64, storeIDs ...int64) error {
	return announce(ctx, tx, Complaints, tenantID, storeIDs)
}

// AnnouncePeople is Announce for the people of the group (area People): a session ended, a
// user or their roles changed, a notification came or was read.
func AnnouncePeople(ctx context.Context, tx pgx.Tx, tenantID int64) error {
	return announce(ctx, tx, People, tenantID, []int64{0})
}

// AnnounceCustomers is Announce for the customers of the group and their vehicles (area
// Customers): one created, edited, unsubscribed or loaded from the DMS.
func AnnounceCustomers(ctx context.Context, tx pgx.Tx, tenantID int64) error {
	return announce(ctx, tx, Customers, tenantID, []int64{0})
}

func announce(ctx context.Context, tx pgx.Tx, area string, tenantID int64, storeIDs []int64) error {
	if len(storeIDs) == 0 {
		return nil
	}
	payloads := make([]string, 0, len(storeIDs))
	for _, id := range slices.Compact(slices.Sorted(slices.Values(storeIDs))) {
		p := strconv.FormatInt(tenantID, 10) + "/" + strconv.FormatInt(id, 10)
		if area != "" {
			p += "/" + area
		}
		payloads = append(payloads, p)
	}
	_, err := tx.Exec(ctx, `SELECT pg_notify($1, p) FROM unnest($2::text[]) p`, Channel, payloads)
	if err != nil {
		return fmt.Errorf("changes: announce: %w", err)
	}
	return nil
}

// Stores runs a write whose rows return their store_id, and gives the stores it wrote, for
// Announce.
func Stores(ctx context.Context, tx pgx.Tx, sql string, args ...any) ([]int64, error) {
	rows, _ := tx.Query(ctx, sql, args...)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return slices.Compact(slices.Sorted(slices.Values(ids))), err
}
