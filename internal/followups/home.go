package followups

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Today is what the start page shows of the open calls in the request's scope: the worklist's
// tab counts, counted as the worklist counts them; of the calls due today and overdue, those
// assigned to no agent; and one agent's calls in progress.
type Today struct {
	Counts     map[Tab]int
	Unassigned map[Tab]int
	Started    []Started
}

// Started is a call in progress: the agent reached the customer and began the survey, which
// waits on the call screen to be completed.
type Started struct {
	TaskID       int64
	CustomerName string
	StoreName    string
	Reason       Reason
	StartedAt    time.Time
}

// StartedCap is the most calls in progress the start page lists; an agent has a handful at
// most. Today reads one more, so that "more than the cap" can be told.
const StartedCap = 50

// UnassignedTabs are the worklist tabs whose calls without an agent Today counts.
var UnassignedTabs = []Tab{DueToday, Overdue}

// Today reads the worklist's counts, the unassigned calls and agentID's calls in progress in one
// round trip. The counts use the worklist's own conditions (countsSQL, workQuery.where), so the
// start page and the worklist cannot disagree.
func (s *Service) Today(ctx context.Context, tenantID, agentID int64) (Today, error) {
	t := Today{Counts: map[Tab]int{}, Unassigned: map[Tab]int{}}
	days, err := s.storeDays(ctx, tenantID, s.Now())
	if err != nil {
		return t, err
	}
	err = s.DB.ReadBatch(ctx, tenantID, func(b *pgx.Batch) {
		queueCounts(b, newWorkQuery(tenantID, WorkFilter{}), days, Tabs)
		queueCounts(b, newWorkQuery(tenantID, WorkFilter{Unassigned: true}), days, UnassignedTabs)
		b.Queue(startedSQL, tenantID, agentID)
	}, func(br pgx.BatchResults) (err error) {
		if err = readTabCounts(br, Tabs, t.Counts); err != nil {
			return err
		}
		if err = readTabCounts(br, UnassignedTabs, t.Unassigned); err != nil {
			return err
		}
		rows, _ := br.Query()
		t.Started, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Started])
		return postgres.Err("followups.Today: started", err)
	})
	return t, err
}

// startedSQL lists agent $2's open calls whose survey is under way, the latest first, from the
// index of open surveys (surveys_open_agent): completed surveys, which grow without end, are
// never read.
var startedSQL = `
	SELECT t.id, c.name, st.name, t.reason, sv.started_at
	FROM surveys sv
	JOIN follow_up_tasks t ON t.tenant_id = sv.tenant_id AND t.id = sv.task_id AND t.status = 'open'
	JOIN customers c ON c.tenant_id = t.tenant_id AND c.id = t.customer_id
	JOIN stores st ON st.tenant_id = t.tenant_id AND st.id = t.store_id
	WHERE sv.tenant_id = $1 AND sv.agent_id = $2 AND sv.status = 'open'
	ORDER BY sv.started_at DESC, t.id
	LIMIT ` + strconv.Itoa(StartedCap+1)
