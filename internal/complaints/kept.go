package complaints

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/postgres"
)

// KeptLimit bounds the queues Service.Kept keeps: each holds up to QueueCap forms, some 60 kB,
// so that a thousand people's queues stay within the server's memory.
const KeptLimit = 1024

// Queues is what a person's queues page shows: every queue's count, the queue shown and its
// forms.
type Queues struct {
	Counts map[Tab]int
	Tab    Tab
	Items  []Item
}

// Queues reads the actor's queues with the forms of tab, or, when tab is not one of theirs, of
// the first that holds something. What it reads is kept (Service.Kept) for the same person
// until a form of the stores they see changes, or until the clock reaches the next deadline of
// a form they follow, which would move it to the Overdue queue.
func (s *Service) Queues(ctx context.Context, tenantID int64, who Actor, tab Tab) (Queues, error) {
	if !slices.Contains(TabsFor(who), tab) {
		tab = ""
	}
	read := func() (KeptQueues, error) { return s.readQueues(ctx, tenantID, who, tab, s.Now()) }
	if s.Kept == nil {
		k, err := read()
		return k.Queues, err
	}
	stores, err := s.storeIDs(ctx, tenantID)
	if err != nil {
		return Queues{}, err
	}
	k, err := s.Kept.GetWhile(keyOf(ctx, tenantID, who, tab), tenantID, stores,
		func(k KeptQueues) bool { return k.holdsAt(s.Now()) }, read)
	return k.Queues, err
}

// readQueues reads the actor's queues and the forms of tab (none: the first that holds
// something) at the instant now.
func (s *Service) readQueues(ctx context.Context, tenantID int64, who Actor, tab Tab, now time.Time) (KeptQueues, error) {
	counts, until, err := s.countAt(ctx, tenantID, who, now)
	if err != nil {
		return KeptQueues{}, err
	}
	if tab == "" {
		tab = FirstHolding(TabsFor(who), counts)
	}
	items, err := s.queueAt(ctx, tenantID, who, tab, QueueCap, now)
	return KeptQueues{Queues: Queues{Counts: counts, Tab: tab, Items: items}, until: until}, err
}

// storeIDs are the stores of ctx's scope.
func (s *Service) storeIDs(ctx context.Context, tenantID int64) ([]int64, error) {
	stores, err := s.Stores(ctx, tenantID)
	ids := make([]int64, len(stores))
	for i, st := range stores {
		ids[i] = st.ID
	}
	return ids, err
}

// keyOf names what a person's queues read: the group, the scope, the person and their roles
// (whose reach writes the statements), and the tab asked for.
func keyOf(ctx context.Context, tenantID int64, who Actor, tab Tab) string {
	var b strings.Builder
	b.WriteString(strconv.FormatInt(tenantID, 10) + " " + postgres.ScopeOf(ctx).Key() + " " + strconv.FormatInt(who.UserID, 10))
	for _, m := range who.Memberships {
		b.WriteString(" " + string(m.Role) + ":" + strconv.FormatInt(m.StoreID, 10) + ":" + strconv.FormatInt(m.DepartmentID, 10))
	}
	b.WriteString(" " + string(tab))
	return b.String()
}

// KeptQueues are queues read at an instant, which hold until the deadline until (nil: as long
// as no form changes).
type KeptQueues struct {
	Queues
	until *time.Time
}

// holdsAt reports whether the queues still hold at now: the Overdue queue gains a form at its
// deadline.
func (k KeptQueues) holdsAt(now time.Time) bool { return k.until == nil || now.Before(*k.until) }
