package followups

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
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
	Kind   string
	Limit  int
	Offset int
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

// taskFrom joins an open task to its store and the store's date ($2 now); workable selects the
// tasks workable today ($1 tenant, $3 store or 0, $4 kind or ”).
const (
	taskFrom = `
	FROM follow_up_tasks t
	JOIN stores st ON st.tenant_id = t.tenant_id AND st.id = t.store_id
	CROSS JOIN LATERAL (SELECT ($2::timestamptz AT TIME ZONE st.time_zone)::date AS today) d`
	workable = `
	WHERE t.tenant_id = $1 AND t.status = 'open' AND ($3 = 0 OR t.store_id = $3)
	  AND ($4 = '' OR t.survey_kind = $4 OR ($4 = 'call' AND t.survey_kind = ''))
	  AND (t.due_from <= d.today OR (t.call_back_at AT TIME ZONE st.time_zone)::date <= d.today)`
)

// tabCondition selects a tab's tasks among the workable ones.
var tabCondition = map[Tab]string{
	DueToday:  `t.due_from <= d.today AND d.today <= t.due_until`,
	Overdue:   `d.today > t.due_until`,
	CallBacks: `(t.call_back_at AT TIME ZONE st.time_zone)::date <= d.today`,
	Expiring:  `t.expires_on <= d.today + 2`,
}

// Worklist returns a page of one tab of the open tasks, call-backs first, then by due date, and
// the size of every tab.
func (s *Service) Worklist(ctx context.Context, tenantID int64, f WorkFilter) (Worklist, error) {
	w := Worklist{Counts: map[Tab]int{}}
	cond, ok := tabCondition[f.Tab]
	if !ok {
		return w, apperr.New(apperr.NotFound, "error.not_found")
	}
	tx, err := s.DB.BeginTenant(ctx, tenantID)
	if err != nil {
		return w, err
	}
	defer tx.Rollback(ctx)
	args := []any{tenantID, s.Now(), f.StoreID, f.Kind}
	counts := make([]int, len(Tabs))
	sql := `SELECT `
	for i, t := range Tabs {
		if i > 0 {
			sql += `, `
		}
		sql += `count(*) FILTER (WHERE ` + tabCondition[t] + `)`
	}
	dst := make([]any, len(counts))
	for i := range counts {
		dst[i] = &counts[i]
	}
	if err := tx.QueryRow(ctx, sql+taskFrom+workable, args...).Scan(dst...); err != nil {
		return w, postgres.Err("followups.Worklist: counts", err)
	}
	for i, t := range Tabs {
		w.Counts[t] = counts[i]
	}
	w.Total = w.Counts[f.Tab]
	rows, _ := tx.Query(ctx, `
		SELECT t.id, t.store_id, st.name, t.customer_id, c.name, c.phone, t.reason, t.survey_kind,
		       t.due_from, t.due_until, t.expires_on, t.attempts, t.max_attempts, t.call_back_at,
		       coalesce(cu.name, ''), coalesce(au.name, ''), d.today`+taskFrom+`
		JOIN customers c ON c.tenant_id = t.tenant_id AND c.id = t.customer_id
		LEFT JOIN users cu ON cu.tenant_id = t.tenant_id AND cu.id = t.claimed_by
		LEFT JOIN users au ON au.tenant_id = t.tenant_id AND au.id = t.assigned_to`+workable+` AND `+cond+`
		ORDER BY t.call_back_at NULLS LAST, t.due_from, t.id
		LIMIT $5 OFFSET $6`, append(args, f.Limit, f.Offset)...)
	w.Items, err = pgx.CollectRows(rows, pgx.RowToStructByPos[WorkItem])
	if err != nil {
		return w, postgres.Err("followups.Worklist", err)
	}
	return w, tx.Commit(ctx)
}

// Claim makes userID the holder of an open task, unless another agent claimed it less than
// ClaimTimeout ago: that is a conflict, and the worklist shows who holds it.
func (s *Service) Claim(ctx context.Context, tenantID, userID, taskID int64) error {
	return s.onTask(ctx, tenantID, taskID, func(tx pgx.Tx, t lockedTask) error {
		now := s.Now()
		switch {
		case t.status != "open":
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
		if t.status != "open" {
			return apperr.New(apperr.Conflict, "error.task_closed")
		}
		_, err := tx.Exec(ctx, `UPDATE follow_up_tasks SET assigned_to = nullif($3, 0) WHERE tenant_id = $1 AND id = $2`,
			tenantID, taskID, agentID)
		return postgres.FieldErr("followups.Assign", err, map[string][2]string{
			"follow_up_tasks_tenant_id_assigned_to_fkey": {"agent_id", "validation.choice"}})
	})
}

// lockedTask is what the actions on a task decide by.
type lockedTask struct {
	status    string
	claimedBy *int64
	claimedAt *time.Time
}

// onTask runs act on a task locked for the transaction, so that of two agents acting on it at
// once the second sees what the first did.
func (s *Service) onTask(ctx context.Context, tenantID, taskID int64, act func(pgx.Tx, lockedTask) error) error {
	tx, err := s.DB.BeginTenant(ctx, tenantID)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	var t lockedTask
	err = tx.QueryRow(ctx, `SELECT status, claimed_by, claimed_at FROM follow_up_tasks
		WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, tenantID, taskID).Scan(&t.status, &t.claimedBy, &t.claimedAt)
	if err != nil {
		return postgres.Err("followups.onTask", err)
	}
	if err := act(tx, t); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
