package improve

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Cause is what an action is opened for: the weakness and the figure behind it. Key names an
// automatic cause ("benchmark:<result>:national", "red_line:<store>:<department>:<kind>:<period>:
// <start>"); a cause with a key opens one action however often it is established again.
type Cause struct {
	Key               string
	Source            Source
	StoreID           int64
	DepartmentID      int64 // 0: none
	Kind              string
	Period            string
	PeriodStart       time.Time // zero: none
	ItemShort         string
	ResultID          int64 // 0: none
	ComparedWith      string
	ComplaintCategory string
	Weakness          string
	Baseline          *float64
	Target            *float64
	CauseAnalysis     string
	Measure           string
	OwnerID           int64     // 0: none yet
	DueOn             time.Time // zero: none yet
	FollowsID         int64     // the action it follows, which did not work; 0: none
}

// Open opens an action for the cause in the caller's transaction, so that it exists exactly
// when the fact that caused it is committed, with its "opened" event, at the time at. userID is
// the person who opened it, 0 for the system. An automatic cause already opened opens nothing: opened is false
// and id is 0.
func Open(ctx context.Context, tx pgx.Tx, tenantID, userID int64, at time.Time, c Cause) (id int64, opened bool, err error) {
	err = tx.QueryRow(ctx, `
		INSERT INTO improvement_actions (tenant_id, store_id, department_id, source, cause_key, kind, period,
		       period_start, item_short, result_id, compared_with, complaint_category, weakness, baseline, target,
		       owner_id, due_on, opened_by, cause_analysis, action, follows_id, created_at, updated_at)
		VALUES ($1, $2, NULLIF($3, 0::bigint), $4, NULLIF($5, ''), NULLIF($6, ''), NULLIF($7, ''), $8, $9,
		        NULLIF($10, 0::bigint), NULLIF($11, ''), NULLIF($12, ''), $13, $14, $15,
		        NULLIF($16, 0::bigint), $17, NULLIF($18, 0::bigint), $19, $20, NULLIF($21, 0::bigint), $22, $22)
		ON CONFLICT (tenant_id, cause_key) DO NOTHING
		RETURNING id`,
		tenantID, c.StoreID, c.DepartmentID, c.Source, c.Key, c.Kind, c.Period, date(c.PeriodStart), c.ItemShort,
		c.ResultID, c.ComparedWith, c.ComplaintCategory, c.Weakness, c.Baseline, c.Target,
		c.OwnerID, date(c.DueOn), userID, c.CauseAnalysis, c.Measure, c.FollowsID, at).Scan(&id)
	if err == pgx.ErrNoRows {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, postgres.Err("improve.Open", err)
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO improvement_events (tenant_id, store_id, action_id, user_id, field, after, created_at)
		VALUES ($1, $2, $3, NULLIF($4, 0::bigint), 'opened', $5, $6)`, tenantID, c.StoreID, id, userID, string(c.Source), at)
	if err != nil {
		return 0, false, postgres.Err("improve.Open: event", err)
	}
	return id, true, nil
}

// date is a calendar date for a date column: nil for the zero time.
func date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(time.DateOnly)
}
