package followups

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Tab is a part of the agent's worklist.
type Tab string

// The parts of the worklist. A task may be in more than one: an overdue call may also expire
// soon.
const (
	DueToday  Tab = "due"       // in its window today
	Overdue   Tab = "overdue"   // past its window, not yet expired
	CallBacks Tab = "call_back" // the customer asked to be called back today
	Expiring  Tab = "expiring"  // dropped within two days
)

// Tabs lists the parts of the worklist in the order the page shows them.
var Tabs = []Tab{DueToday, Overdue, CallBacks, Expiring}

// ClaimTimeout is how long a claim holds without the agent acting on the task.
const ClaimTimeout = 30 * time.Minute

// WorkFilter selects a page of the worklist.
type WorkFilter struct {
	Tab     Tab
	StoreID int64
	// Kind is "ssi", "csi", "event" or "call" (no survey); "" for all.
	Kind string
	// Department is the kind of department the calls are about; "" for all.
	Department tenancy.DepartmentKind
	// Unassigned keeps only the calls assigned to no agent.
	Unassigned bool
	Limit      int
	Offset     int
}

// WorkItem is an open task as the worklist shows it.
type WorkItem struct {
	ID           int64
	StoreID      int64
	StoreName    string
	TimeZone     string
	CustomerID   int64
	CustomerName string
	Phone        string
	Reason       Reason
	Survey       string
	DueFrom      time.Time
	DueUntil     time.Time
	ExpiresOn    time.Time
	Attempts     int
	MaxAttempts  int
	CallBackAt   *time.Time
	// HolderID and HolderName are the agent who holds the call, while their claim lasts.
	HolderID   int64
	HolderName string
	// HeldSince is when the holder claimed the call; nil when no one holds it.
	HeldSince  *time.Time
	AssignedID int64
	AssignedTo string
	Today      time.Time
	// TriedToday says an attempt today did not reach the customer: the worklist lists such
	// calls after the others, since another try today would not count.
	TriedToday bool
}

// Worklist is a page of open tasks and how many each tab holds.
type Worklist struct {
	Items  []WorkItem
	Counts map[Tab]int
	Total  int
	// Until is when the page stops holding with no call changed: a claim it shows runs out, or
	// the day of one of its stores ends.
	Until time.Time
}

// until is when a worklist read over days stops holding, with items its page.
func until(days []storeDay, items []WorkItem) time.Time {
	var t time.Time
	earlier := func(u time.Time) {
		if t.IsZero() || u.Before(t) {
			t = u
		}
	}
	for _, d := range days {
		earlier(d.end)
	}
	for _, it := range items {
		if it.HeldSince != nil {
			earlier(it.HeldSince.Add(ClaimTimeout))
		}
	}
	return t
}

// WorkCap is the most calls a worklist tab counts; beyond it the tab shows "999+".
const WorkCap = 1000

// tabs says, per tab, which open tasks it holds and in which order, with $T the store's date
// and $E the end of that day. Each holds only tasks workable today (due, or to be called back),
// and reads as a range of one of the task's dates, so that an index serves it.
var tabs = map[Tab]struct{ cond, order string }{
	DueToday:  {`t.due_from <= $T AND $T <= t.due_until`, `t.due_until, t.id`},
	Overdue:   {`t.due_until < $T`, `t.due_until, t.id`},
	CallBacks: {`t.call_back_at < $E`, `t.call_back_at, t.id`},
	Expiring:  {`t.expires_on <= $T + 2 AND t.due_from <= $T`, `t.expires_on, t.id`},
}

// Worklist returns a page of one tab of the open tasks and the size of every tab, counted up to
// WorkCap: the counts kept (Service.KeptCounts) or read with the page in one round trip, and a
// second when the page has room for calls tried today. Every condition compares a task's own
// dates with constants, so that each tab reads an index in its order and stops at the page's end
// however many tasks are open.
func (s *Service) Worklist(ctx context.Context, tenantID int64, f WorkFilter) (Worklist, error) {
	w := Worklist{Counts: map[Tab]int{}}
	if _, ok := tabs[f.Tab]; !ok {
		return w, apperr.New(apperr.NotFound, "error.not_found")
	}
	now := s.Now()
	days, err := s.storeDays(ctx, tenantID, now)
	if err != nil {
		return w, err
	}
	counts, items, err := s.countsAndPage(ctx, tenantID, f, days, now)
	byTab(Tabs, counts, w.Counts)
	w.Total, w.Items = w.Counts[f.Tab], items
	if err == nil && len(w.Items) < f.Limit {
		var tried []WorkItem
		tried, err = s.page(ctx, tenantID, f, days, triedToday, afterUntried(days, f, len(w.Items)), now)
		w.Items = append(w.Items, tried...)
	}
	w.Until = until(days, w.Items)
	return w, err
}

// countsAndPage reads the tab counts and the calls of f's page not tried today: when the counts
// are not kept, in one round trip.
func (s *Service) countsAndPage(ctx context.Context, tenantID int64, f WorkFilter, days []storeDay, now time.Time) ([]int, []WorkItem, error) {
	var items []WorkItem
	read := false
	counts, err := s.counts(tenantID, newWorkQuery(tenantID, f), days, func(q *workQuery) (n []int, err error) {
		read = true
		err = s.DB.ReadBatch(ctx, tenantID, func(b *pgx.Batch) {
			queueCounts(b, q, days, Tabs)
			queuePage(b, newWorkQuery(tenantID, f), days, f.Tab, untried, rows(f.Limit, f.Offset), now)
		}, func(br pgx.BatchResults) (err error) {
			if n, err = readCounts(br, len(Tabs)); err == nil {
				items, err = readPage(br)
			}
			return err
		})
		return n, err
	})
	if err == nil && !read {
		items, err = s.page(ctx, tenantID, f, days, untried, rows(f.Limit, f.Offset), now)
	}
	return counts, items, err
}

// page reads the span sp of the calls of f's tab that also meet also.
func (s *Service) page(ctx context.Context, tenantID int64, f WorkFilter, days []storeDay, also string, sp span, now time.Time) ([]WorkItem, error) {
	var items []WorkItem
	err := s.DB.ReadBatch(ctx, tenantID, func(b *pgx.Batch) {
		queuePage(b, newWorkQuery(tenantID, f), days, f.Tab, also, sp, now)
	}, func(br pgx.BatchResults) (err error) {
		items, err = readPage(br)
		return err
	})
	return items, err
}

// counts are the tab counts that q's filter gives in the stores of days, in the order of Tabs:
// kept (Service.KeptCounts) until a call of those stores changes, else as read reads them.
// What a count covers is written whole in its statement (the stores' dates, the filter) and the
// statement is the key, with the stores of the reader's scope.
func (s *Service) counts(tenantID int64, q *workQuery, days []storeDay, read func(*workQuery) ([]int, error)) ([]int, error) {
	if s.KeptCounts == nil {
		return read(q)
	}
	var stores []int64
	for _, d := range days {
		stores = append(stores, d.stores...)
	}
	key := strconv.FormatInt(tenantID, 10) + " " + idsLit(stores) + " " + countsSQL(q, days, Tabs)
	return s.KeptCounts.Get(key, tenantID, stores, func() ([]int, error) { return read(q) })
}

// The two parts of a tab: the calls not tried today, and those tried today without reaching
// the customer; $T is the store's date.
const (
	untried    = `t.last_attempt_on IS DISTINCT FROM $T`
	triedToday = `t.last_attempt_on = $T`
)

// span is the part of a tab's rows that a read takes, as LIMIT and OFFSET expressions.
type span func(q *workQuery) (limit, offset string)

// rows is the span of limit rows from offset.
func rows(limit, offset int) span {
	return func(*workQuery) (string, string) { return strconv.Itoa(limit), strconv.Itoa(offset) }
}

// afterUntried is the span of the calls tried today that fill f's page after the n calls not
// tried today it found. When it found some, or it is the first page, they start at the first;
// else they start at the offset less the calls not tried today, counted up to it by the
// database in the same read, which the pages before showed.
func afterUntried(days []storeDay, f WorkFilter, n int) span {
	return func(q *workQuery) (string, string) {
		limit := strconv.Itoa(f.Limit - n)
		if n > 0 || f.Offset == 0 {
			return limit, "0"
		}
		return limit, strconv.Itoa(f.Offset) + " - " + q.count(days, f.Tab, untried, f.Offset)
	}
}

// queuePage queues the read of the open tasks of a tab that also meet also (a condition of
// where), the span sp of them in the tab's order; readPage reads them. The agents holding and
// assigned each call are looked up per call (OFFSET 0 keeps each a lookup), never by reading every user.
// Every table is filtered by the tenant itself, not through the page's calls: Citus then sends
// the statement whole to the group's worker.
func queuePage(b *pgx.Batch, q *workQuery, days []storeDay, tab Tab, also string, sp span, now time.Time) {
	where := q.where(days, tab, also)
	limit, offset := sp(q)
	b.Queue(`
		SELECT t.id, t.store_id, st.name, st.time_zone, t.customer_id, c.name, c.phone, t.reason, t.survey_kind,
		       t.due_from, t.due_until, t.expires_on, t.attempts, t.max_attempts, t.call_back_at,
		       coalesce(h.id, 0), coalesce(h.name, ''), h.claimed_at, coalesce(au.id, 0), coalesce(au.name, ''), d.today,
		       coalesce(t.last_attempt_on = d.today, false)
		FROM (SELECT t.* FROM follow_up_tasks t WHERE `+where+`
		      ORDER BY `+tabs[tab].order+` LIMIT `+limit+` OFFSET `+offset+`) t
		JOIN stores st ON st.tenant_id = $1 AND st.id = t.store_id
		CROSS JOIN LATERAL (SELECT ($`+q.arg(now)+`::timestamptz AT TIME ZONE st.time_zone)::date AS today) d
		JOIN customers c ON c.tenant_id = $1 AND c.id = t.customer_id
		LEFT JOIN LATERAL (SELECT h.id, h.name, t.claimed_at FROM users h WHERE h.tenant_id = $1 AND h.id = t.claimed_by
		                   AND t.claimed_at > $`+q.arg(now.Add(-ClaimTimeout))+` OFFSET 0) h ON true
		LEFT JOIN LATERAL (SELECT au.id, au.name FROM users au WHERE au.tenant_id = $1 AND au.id = t.assigned_to
		                   OFFSET 0) au ON true
		ORDER BY `+tabs[tab].order, q.args...)
}

// readPage reads the answer of queuePage.
func readPage(br pgx.BatchResults) ([]WorkItem, error) {
	rows, _ := br.Query()
	items, err := pgx.CollectRows(rows, pgx.RowToStructByPos[WorkItem])
	return items, postgres.Err("followups.Worklist", err)
}

// NextCall is the call an agent goes on to after finishing one from a tab of the worklist: the
// first of the tab, in its order, that is not the one just done, was not tried today and no
// other agent holds; nil when the tab has none.
func (s *Service) NextCall(ctx context.Context, tenantID, agentID int64, f WorkFilter, done int64) (*WorkItem, error) {
	if _, ok := tabs[f.Tab]; !ok {
		return nil, apperr.New(apperr.NotFound, "error.not_found")
	}
	now := s.Now()
	days, err := s.storeDays(ctx, tenantID, now)
	if err != nil {
		return nil, err
	}
	var items []WorkItem
	err = s.DB.ReadBatch(ctx, tenantID, func(b *pgx.Batch) {
		q := newWorkQuery(tenantID, f)
		also := untried + ` AND t.id <> $` + q.arg(done) + ` AND (t.claimed_by IS NULL OR t.claimed_by = $` +
			q.arg(agentID) + ` OR t.claimed_at <= $` + q.arg(now.Add(-ClaimTimeout)) + `)`
		queuePage(b, q, days, f.Tab, also, rows(1, 0), now)
	}, func(br pgx.BatchResults) (err error) {
		items, err = readPage(br)
		return err
	})
	if err != nil || len(items) == 0 {
		return nil, err
	}
	return &items[0], nil
}
