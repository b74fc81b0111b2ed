package followups

import (
	"context"
	"strconv"
	"strings"
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
	// Kind is "ssi", "csi" or "call" (no survey); "" for all.
	Kind string
	// Department is the kind of department the calls are about; "" for all.
	Department tenancy.DepartmentKind
	Limit      int
	Offset     int
}

// WorkItem is an open task as the worklist shows it.
type WorkItem struct {
	ID           int64
	StoreID      int64
	StoreName    string
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
	ClaimedBy    string
	AssignedTo   string
	Today        time.Time
}

// Worklist is a page of open tasks and how many each tab holds.
type Worklist struct {
	Items  []WorkItem
	Counts map[Tab]int
	Total  int
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
// WorkCap. Every condition compares a task's own dates with constants, so that each tab reads an
// index in its order and stops at the page's end however many tasks are open.
func (s *Service) Worklist(ctx context.Context, tenantID int64, f WorkFilter) (Worklist, error) {
	w := Worklist{Counts: map[Tab]int{}}
	if _, ok := tabs[f.Tab]; !ok {
		return w, apperr.New(apperr.NotFound, "error.not_found")
	}
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		return s.worklist(ctx, tx, tenantID, f, &w)
	})
	return w, err
}

// worklist reads Worklist's counts and page in tx into w.
func (s *Service) worklist(ctx context.Context, tx pgx.Tx, tenantID int64, f WorkFilter, w *Worklist) error {
	days, err := storeDays(ctx, tx, tenantID, s.Now())
	if err != nil {
		return err
	}
	if err := countTabs(ctx, tx, newWorkQuery(tenantID, f), days, w.Counts); err != nil {
		return err
	}
	w.Total = w.Counts[f.Tab]
	q := newWorkQuery(tenantID, f)
	rows, _ := tx.Query(ctx, `
		SELECT t.id, t.store_id, st.name, t.customer_id, c.name, c.phone, t.reason, t.survey_kind,
		       t.due_from, t.due_until, t.expires_on, t.attempts, t.max_attempts, t.call_back_at,
		       coalesce(cu.name, ''), coalesce(au.name, ''), ($`+q.arg(s.Now())+`::timestamptz AT TIME ZONE st.time_zone)::date
		FROM (SELECT t.* FROM follow_up_tasks t WHERE `+q.where(days, f.Tab)+`
		      ORDER BY `+tabs[f.Tab].order+` LIMIT $`+q.arg(f.Limit)+` OFFSET $`+q.arg(f.Offset)+`) t
		JOIN stores st ON st.tenant_id = t.tenant_id AND st.id = t.store_id
		JOIN customers c ON c.tenant_id = t.tenant_id AND c.id = t.customer_id
		LEFT JOIN users cu ON cu.tenant_id = t.tenant_id AND cu.id = t.claimed_by
		LEFT JOIN users au ON au.tenant_id = t.tenant_id AND au.id = t.assigned_to
		ORDER BY `+tabs[f.Tab].order, q.args...)
	w.Items, err = pgx.CollectRows(rows, pgx.RowToStructByPos[WorkItem])
	return postgres.Err("followups.Worklist", err)
}

// countTabs counts every tab's tasks, up to WorkCap, into counts, in one statement.
func countTabs(ctx context.Context, tx pgx.Tx, q *workQuery, days []storeDay, counts map[Tab]int) error {
	sql := `SELECT `
	for i, t := range Tabs {
		if i > 0 {
			sql += `, `
		}
		sql += `(SELECT count(*) FROM (SELECT 1 FROM follow_up_tasks t WHERE ` + q.where(days, t) +
			` LIMIT ` + strconv.Itoa(WorkCap) + `) x)`
	}
	n := make([]int, len(Tabs))
	dst := make([]any, len(n))
	for i := range n {
		dst[i] = &n[i]
	}
	if err := tx.QueryRow(ctx, sql, q.args...).Scan(dst...); err != nil {
		return postgres.Err("followups.Worklist: counts", err)
	}
	for i, t := range Tabs {
		counts[t] = n[i]
	}
	return nil
}

// storeDay is the date in a group of stores that share a time zone, and when that day ends.
type storeDay struct {
	stores []int64
	today  time.Time
	end    time.Time
}

// storeDays groups the tenant's stores by time zone with their date at now.
func storeDays(ctx context.Context, tx pgx.Tx, tenantID int64, now time.Time) ([]storeDay, error) {
	rows, _ := tx.Query(ctx, `SELECT time_zone, array_agg(id ORDER BY id) FROM stores WHERE tenant_id = $1
		GROUP BY time_zone ORDER BY time_zone`, tenantID)
	var zone string
	var ids []int64
	var out []storeDay
	_, err := pgx.ForEachRow(rows, []any{&zone, &ids}, func() error {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			return err
		}
		y, m, d := now.In(loc).Date()
		out = append(out, storeDay{stores: ids, today: time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
			end: time.Date(y, m, d+1, 0, 0, 0, 0, loc)})
		return nil
	})
	return out, postgres.Err("followups.storeDays", err)
}

// workQuery builds a worklist statement's parameters: $1 tenant, $2 store or 0, $3 kind or
// empty, $4 the reasons of the department's calls or NULL.
type workQuery struct{ args []any }

func newWorkQuery(tenantID int64, f WorkFilter) *workQuery {
	var reasons []string
	for _, r := range DepartmentReasons[f.Department] {
		reasons = append(reasons, string(r))
	}
	return &workQuery{args: []any{tenantID, f.StoreID, f.Kind, reasons}}
}

// DepartmentReasons says which calls are about which kind of department: sales calls and
// purchase surveys about sales, service and six-month surveys about after-sales, birthday
// greetings about customer service itself.
var DepartmentReasons = map[tenancy.DepartmentKind][]Reason{
	tenancy.Sales:           {SalesCall, PurchaseSurvey},
	tenancy.AfterSales:      {ServiceSurvey, PeriodicSurvey},
	tenancy.CustomerService: {BirthdayCare},
}

func (q *workQuery) arg(v any) string {
	q.args = append(q.args, v)
	return strconv.Itoa(len(q.args))
}

// where selects a tab's open tasks with each group of stores' own date; one group needs no store
// condition.
func (q *workQuery) where(days []storeDay, tab Tab) string {
	parts := make([]string, 0, len(days))
	for _, d := range days {
		cond := tabs[tab].cond
		if len(days) > 1 {
			cond = `t.store_id = ANY($` + q.arg(d.stores) + `) AND ` + cond
		}
		if strings.Contains(cond, "$T") {
			cond = strings.ReplaceAll(cond, "$T", "$"+q.arg(d.today)+"::date")
		}
		if strings.Contains(cond, "$E") {
			cond = strings.ReplaceAll(cond, "$E", "$"+q.arg(d.end)+"::timestamptz")
		}
		parts = append(parts, "("+cond+")")
	}
	if len(parts) == 0 {
		parts = append(parts, "false")
	}
	return `t.tenant_id = $1 AND t.status = 'open' AND ($2 = 0 OR t.store_id = $2)
		AND ($3 = '' OR t.survey_kind = $3 OR ($3 = 'call' AND t.survey_kind = ''))
		AND ($4::text[] IS NULL OR t.reason = ANY($4::text[]))
		AND (` + strings.Join(parts, " OR ") + `)`
}

// Claim makes userID the holder of an open task, unless another agent claimed it less than
// ClaimTimeout ago: that is a conflict, and the worklist shows who holds it.
func (s *Service) Claim(ctx context.Context, tenantID, userID, taskID int64) error {
	return s.onTask(ctx, tenantID, taskID, func(tx pgx.Tx, t lockedTask) error {
		now := s.Now()
		switch {
		case t.status != TaskOpen:
			return apperr.New(apperr.Conflict, "error.task_closed")
		case t.claimedBy != nil && *t.claimedBy != userID && now.Sub(*t.claimedAt) < ClaimTimeout:
			return apperr.New(apperr.Conflict, "error.task_taken")
		}
		_, err := tx.Exec(ctx, `UPDATE follow_up_tasks SET claimed_by = $3, claimed_at = $4 WHERE tenant_id = $1 AND id = $2`,
			tenantID, taskID, userID, now)
		return postgres.Err("followups.Claim", err)
	})
}

// Release gives up userID's claim on a task; a task they do not hold stays as it is.
func (s *Service) Release(ctx context.Context, tenantID, userID, taskID int64) error {
	return s.onTask(ctx, tenantID, taskID, func(tx pgx.Tx, _ lockedTask) error {
		_, err := tx.Exec(ctx, `UPDATE follow_up_tasks SET claimed_by = NULL, claimed_at = NULL
			WHERE tenant_id = $1 AND id = $2 AND claimed_by = $3`, tenantID, taskID, userID)
		return postgres.Err("followups.Release", err)
	})
}

// Assign gives an open task to an agent, or to no one when agentID is 0.
func (s *Service) Assign(ctx context.Context, tenantID, taskID, agentID int64) error {
	return s.onTask(ctx, tenantID, taskID, func(tx pgx.Tx, t lockedTask) error {
		if t.status != TaskOpen {
			return apperr.New(apperr.Conflict, "error.task_closed")
		}
		tag, err := tx.Exec(ctx, `
			UPDATE follow_up_tasks t SET assigned_to = nullif($3, 0)
			WHERE tenant_id = $1 AND id = $2
			  AND ($3 = 0 OR EXISTS (SELECT FROM memberships m JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
			                         WHERE m.tenant_id = $1 AND m.user_id = $3 AND m.role = 'agent' AND u.active
			                           AND (m.store_id IS NULL OR m.store_id = t.store_id)))`,
			tenantID, taskID, agentID)
		if err == nil && tag.RowsAffected() == 0 {
			return apperr.Fields(map[string]string{"agent_id": "validation.choice"})
		}
		return postgres.Err("followups.Assign", err)
	})
}

// lockedTask is what the actions on a task decide by.
type lockedTask struct {
	status    TaskStatus
	claimedBy *int64
	claimedAt *time.Time
}

// onTask runs act on a task locked for the transaction, so that of two agents acting on it at
// once the second sees what the first did.
func (s *Service) onTask(ctx context.Context, tenantID, taskID int64, act func(pgx.Tx, lockedTask) error) error {
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		var t lockedTask
		err := tx.QueryRow(ctx, `SELECT status, claimed_by, claimed_at FROM follow_up_tasks
			WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, tenantID, taskID).Scan(&t.status, &t.claimedBy, &t.claimedAt)
		if err != nil {
			return postgres.Err("followups.onTask", err)
		}
		return act(tx, t)
	})
}
