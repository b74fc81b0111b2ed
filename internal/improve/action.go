package improve

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Stage is where an action stands in its plan → do → check → act cycle.
type Stage string

// The stages, in order.
const (
	StagePlan   Stage = "plan"
	StageDo     Stage = "do"
	StageCheck  Stage = "check"
	StageAct    Stage = "act"
	StageClosed Stage = "closed"
)

// Stages lists every stage in order.
var Stages = []Stage{StagePlan, StageDo, StageCheck, StageAct, StageClosed}

// Outcome is how a closed action ended.
type Outcome string

// The outcomes: the figure that followed reached the target, or a signed note says it did not
// work (and a new action follows).
const (
	Met    Outcome = "met"
	NotMet Outcome = "not_met"
)

// Action is an improvement action as its page and the lists show it.
type Action struct {
	ID        int64
	StoreID   int64
	StoreName string
	TimeZone  string
	// DepartmentID is 0 when the action belongs to no department; DeptKind and DeptName name it.
	DepartmentID int64
	DeptKind     string
	DeptName     string
	Source       Source
	// The figure that caused it: a score (Kind, Period, PeriodStart, ItemShort), a benchmark
	// result (ResultID, of Quarter and BenchmarkItem), or a complaint category.
	Kind          string
	Period        string
	PeriodStart   *time.Time
	ItemShort     string
	ResultID      int64
	Quarter       *time.Time
	BenchmarkItem int64
	ComparedWith  string
	Category      string // the complaint category's id, as text
	CategoryZH    string
	CategoryEN    string
	Weakness      string
	Baseline      *float64
	Target        *float64
	CauseAnalysis string
	Measure       string // the improvement measure (改善措施)
	OwnerID       int64
	OwnerName     string
	DueOn         *time.Time
	Stage         Stage
	StartedOn     *time.Time
	Outcome       Outcome
	OutcomeNote   string
	OutcomeBy     string
	FollowsID     int64
	FollowedByID  int64
	OpenedBy      string
	// Effect is the evidence of its effect, each note (or file name) in turn.
	Effect    string
	CreatedAt time.Time
	ClosedAt  *time.Time
}

// Location is the time zone of the action's store.
func (a Action) Location() *time.Location { return tenancy.Location(a.TimeZone) }

// Overdue reports whether an action still open is past its due date on today (a store date).
func (a Action) Overdue(today time.Time) bool {
	return a.Stage != StageClosed && a.DueOn != nil && a.DueOn.Before(today)
}

// ScoreBased reports whether the action stands for a score of the store: a department's (or
// one item's) figure of a kind and period.
func (a Action) ScoreBased() bool {
	return a.ResultID == 0 && a.Kind != "" && a.Period != "" && a.PeriodStart != nil
}

// HasFigure reports whether the action is checked against figures: a score or a benchmark
// result. Others close on the department manager's or the general manager's word.
func (a Action) HasFigure() bool { return a.ScoreBased() || a.ResultID != 0 }

// actionSQL reads actions with their names; {where} chooses them and {tail} orders and limits.
// $1 is the tenant. Row-level security shows an action to those who see its store whole or hold
// a role in its department.
const actionSQL = `
	SELECT a.id, a.store_id, st.name, st.time_zone, coalesce(a.department_id, 0), coalesce(d.kind, ''),
	       coalesce(d.name, ''), a.source, coalesce(a.kind, ''), coalesce(a.period, ''), a.period_start,
	       a.item_short, coalesce(a.result_id, 0), r.quarter, coalesce(r.item_id, 0), coalesce(a.compared_with, ''),
	       coalesce(a.complaint_category, ''), coalesce(c.name_zh, ''), coalesce(c.name_en, ''), a.weakness,
	       a.baseline::float8, a.target::float8, a.cause_analysis, a.action, coalesce(a.owner_id, 0),
	       coalesce(o.name, ''), a.due_on, a.stage, a.started_on, coalesce(a.outcome, ''), a.outcome_note,
	       coalesce(ob.name, ''), coalesce(a.follows_id, 0),
	       coalesce((SELECT min(f.id) FROM improvement_actions f WHERE f.tenant_id = $1 AND f.follows_id = a.id), 0),
	       coalesce(op.name, ''),
	       coalesce((SELECT string_agg(coalesce(nullif(e.note, ''), e.file_name), '; ' ORDER BY e.id)
	                 FROM improvement_evidence e WHERE e.tenant_id = $1 AND e.action_id = a.id), ''),
	       a.created_at, a.closed_at
	FROM improvement_actions a
	JOIN stores st ON st.tenant_id = a.tenant_id AND st.id = a.store_id
	LEFT JOIN departments d ON d.tenant_id = a.tenant_id AND d.id = a.department_id
	LEFT JOIN benchmark_results r ON r.tenant_id = a.tenant_id AND r.id = a.result_id
	LEFT JOIN complaint_categories c ON c.tenant_id = a.tenant_id AND c.id::text = a.complaint_category
	LEFT JOIN users o ON o.tenant_id = a.tenant_id AND o.id = a.owner_id
	LEFT JOIN users ob ON ob.tenant_id = a.tenant_id AND ob.id = a.outcome_by
	LEFT JOIN users op ON op.tenant_id = a.tenant_id AND op.id = a.opened_by
	WHERE a.tenant_id = $1 AND {where}
	{tail}`

// Get reads one action; one the reader does not see is not found.
func (s *Service) Get(ctx context.Context, tenantID, id int64) (Action, error) {
	return postgres.One[Action](ctx, s.DB, tenantID, "improve.Get", query("a.id = $2", ""), id)
}

// lock reads an action in tx and locks it for the change about to be made.
func lock(ctx context.Context, tx pgx.Tx, tenantID, id int64) (Action, error) {
	rows, _ := tx.Query(ctx, query("a.id = $2", "FOR UPDATE OF a"), tenantID, id)
	a, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Action])
	return a, postgres.Err("improve.lockAction", err)
}

// Event is one change of an action: who made it (empty: the system), when, which field, and
// its value before and after.
type Event struct {
	At     time.Time
	Person string
	Field  string
	Before string
	After  string
}

// Timeline reads an action's changes, oldest first.
func (s *Service) Timeline(ctx context.Context, tenantID, id int64) ([]Event, error) {
	return postgres.List[Event](ctx, s.DB, tenantID, "improve.Timeline", `
		SELECT e.created_at, coalesce(u.name, ''), e.field, e.before, e.after
		FROM improvement_events e
		JOIN improvement_actions a ON a.tenant_id = e.tenant_id AND a.id = e.action_id
		LEFT JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.user_id
		WHERE e.tenant_id = $1 AND e.action_id = $2
		ORDER BY e.id`, id)
}

// change is one field an action's change sets: its column and value (no column: the event
// alone), and the event's field (none: the column alone) with the value before and after as the
// event records them.
type change struct {
	column, field string
	value         any
	before, after string
}

// record writes the changes to the action in tx, with an event for each, as userID at the time at.
func record(ctx context.Context, tx pgx.Tx, tenantID, userID int64, at time.Time, a Action, changes []change) error {
	if len(changes) == 0 {
		return nil
	}
	set, args := "updated_at = $3", []any{tenantID, a.ID, at}
	for _, c := range changes {
		if c.column != "" {
			args = append(args, c.value)
			set += ", " + c.column + " = $" + strconv.Itoa(len(args))
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE improvement_actions SET `+set+` WHERE tenant_id = $1 AND id = $2`, args...); err != nil {
		return postgres.Err("improve.recordChanges: update", err)
	}
	b := &pgx.Batch{}
	for _, c := range changes {
		if c.field == "" {
			continue
		}
		b.Queue(`INSERT INTO improvement_events (tenant_id, store_id, action_id, user_id, field, before, after, created_at)
			VALUES ($1, $2, $3, NULLIF($4, 0::bigint), $5, $6, $7, $8)`, tenantID, a.StoreID, a.ID, userID, c.field, c.before, c.after, at)
	}
	return postgres.Err("improve.recordChanges: events", tx.SendBatch(ctx, b).Close())
}

// query fills actionSQL's condition and tail.
func query(where, tail string) string {
	return strings.NewReplacer("{where}", where, "{tail}", tail).Replace(actionSQL)
}
