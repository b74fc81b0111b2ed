package followups

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Service keeps follow-up rules and tasks, always within one tenant.
type Service struct {
	DB  *postgres.DB
	Now func() time.Time
	// Cooldown is the fewest days between two surveys of one customer.
	Cooldown int
	// OnComplaint runs in the transaction that completes a survey and opens a complaint draft:
	// the complaint workflow starts the form's clock there. Nil runs nothing.
	OnComplaint func(ctx context.Context, tx pgx.Tx, tenantID, complaintID, agentID int64, now time.Time) error
	// LinkAfterCalls runs in the transaction of an unanswered last attempt that closed a task
	// whose rule sends its survey as a link after the calls: it sends the link and moves the
	// task to TaskLinked when the customer can take one, else leaves it unreachable. Nil sends
	// nothing.
	LinkAfterCalls func(ctx context.Context, tx pgx.Tx, tenantID, taskID int64) error
	// Stores lists the stores of ctx's scope as kept in memory (tenancy.Service.Stores): the
	// worklist needs their time zones before its one read. Nil reads them each time.
	Stores func(ctx context.Context, tenantID int64) ([]tenancy.Store, error)
	// KeptCounts keeps the worklist's tab counts until a call of their stores changes (area
	// "tasks" of internal/changes). Nil reads them each time.
	KeptCounts *changes.Memo[[]int]

	callees callees
}

const ruleColumns = `id, store_id, reason, survey_kind, start_days, end_days, expire_days, attempts, active, channel, link_via`

// Rules lists a store's rules in the order of Reasons.
func (s *Service) Rules(ctx context.Context, tenantID, storeID int64) ([]Rule, error) {
	var out []Rule
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		out, err = rules(ctx, tx, tenantID, storeID)
		return err
	})
	return out, err
}

// rules reads a store's rules, or every store's when storeID is 0.
func rules(ctx context.Context, tx pgx.Tx, tenantID, storeID int64) ([]Rule, error) {
	rows, _ := tx.Query(ctx, `SELECT `+ruleColumns+` FROM follow_up_rules
		WHERE tenant_id = $1 AND ($2 = 0 OR store_id = $2)
		ORDER BY store_id, array_position(ARRAY['service_survey', 'sales_call', 'purchase_survey',
		                                        'periodic_survey', 'birthday_care', 'complaint_survey'], reason)`, tenantID, storeID)
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Rule])
	return out, postgres.Err("followups.Rules", err)
}

// SaveRule validates r and saves it over the store's rule for its reason.
func (s *Service) SaveRule(ctx context.Context, tenantID int64, r Rule) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		return saveRule(ctx, tx, tenantID, r)
	})
}

func saveRule(ctx context.Context, tx pgx.Tx, tenantID int64, r Rule) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO follow_up_rules (tenant_id, store_id, reason, survey_kind, start_days, end_days, expire_days, attempts,
		                             active, channel, link_via)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (tenant_id, store_id, reason) DO UPDATE SET survey_kind = EXCLUDED.survey_kind,
			start_days = EXCLUDED.start_days, end_days = EXCLUDED.end_days, expire_days = EXCLUDED.expire_days,
			attempts = EXCLUDED.attempts, active = EXCLUDED.active, channel = EXCLUDED.channel, link_via = EXCLUDED.link_via`,
		tenantID, r.StoreID, r.Reason, r.Survey, r.StartDays, r.EndDays, r.ExpireDays, r.Attempts, r.Active, r.Channel, r.LinkVia)
	return postgres.Err("followups.saveRule", err)
}

// ApplyDefaultRules gives a store the default rule of every reason it has none for, in the
// caller's transaction.
func ApplyDefaultRules(ctx context.Context, tx pgx.Tx, tenantID, storeID int64) error {
	for _, r := range DefaultRules() {
		_, err := tx.Exec(ctx, `
			INSERT INTO follow_up_rules (tenant_id, store_id, reason, survey_kind, start_days, end_days, expire_days, attempts,
			                             active, channel, link_via)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (tenant_id, store_id, reason) DO NOTHING`,
			tenantID, storeID, r.Reason, r.Survey, r.StartDays, r.EndDays, r.ExpireDays, r.Attempts, r.Active, r.Channel, r.LinkVia)
		if err != nil {
			return postgres.Err("followups.ApplyDefaultRules", err)
		}
	}
	return nil
}

// EnsureDefaultRules gives a store created before follow-up rules existed the default ones.
func (s *Service) EnsureDefaultRules(ctx context.Context, tenantID, storeID int64) error {
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		return ApplyDefaultRules(ctx, tx, tenantID, storeID)
	})
}

// Dissatisfied returns the points at or below which an answer opens a complaint draft in a store.
func (s *Service) Dissatisfied(ctx context.Context, tenantID, storeID int64) (int, error) {
	var points int
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `SELECT dissatisfied_points FROM stores WHERE tenant_id = $1 AND id = $2`,
			tenantID, storeID).Scan(&points)
		return postgres.Err("followups.Dissatisfied", err)
	})
	return points, err
}

// SetDissatisfied sets the points at or below which an answer opens a complaint draft in a
// store, from 0 to 100.
func (s *Service) SetDissatisfied(ctx context.Context, tenantID, storeID int64, points int) error {
	if points < 0 || points > 100 {
		return apperr.Fields(map[string]string{"dissatisfied_points": "validation.threshold"})
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE stores SET dissatisfied_points = $3 WHERE tenant_id = $1 AND id = $2`, tenantID, storeID, points)
		if err != nil {
			return postgres.Err("followups.SetDissatisfied", err)
		}
		if err := postgres.Affected(tag); err != nil {
			return err
		}
		return changes.AnnounceGroup(ctx, tx, tenantID)
	})
}
