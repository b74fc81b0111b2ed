package followups

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
)

// Result counts what a generation run did.
type Result struct {
	Created int
	// Tasks are the ids of the tasks created.
	Tasks   []int64
	Expired int
	Skipped map[Skip]int
}

// Generate makes the follow-up tasks the tenant's rules call for now, and drops the open tasks
// whose window has expired, in one transaction. Runs of one tenant take turns (an advisory
// lock), and a task is unique by reason and source, so running it again, or twice at once,
// makes nothing twice.
func (s *Service) Generate(ctx context.Context, tenantID int64) (Result, error) {
	var res Result
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		res, err = s.GenerateTx(ctx, tx, tenantID)
		return err
	})
	return res, err
}

// GenerateTx is Generate within the caller's transaction, for an import that counts the tasks
// its orders called for as it commits them.
func (s *Service) GenerateTx(ctx context.Context, tx pgx.Tx, tenantID int64) (Result, error) {
	res := Result{}
	err := s.generate(ctx, tx, tenantID, &res)
	return res, err
}

// generate does Generate's work in tx, counting it in res as it goes.
func (s *Service) generate(ctx context.Context, tx pgx.Tx, tenantID int64, res *Result) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('followups.Generate'), $1::int)`, tenantID); err != nil {
		return postgres.Err("followups.Generate: lock", err)
	}
	// a store from before the event survey gets its questionnaire before its first such task
	if err := surveys.EnsureKind(ctx, tx, tenantID, surveys.Event); err != nil {
		return err
	}
	now := s.Now()
	tag, err := tx.Exec(ctx, `
		UPDATE follow_up_tasks t SET status = 'expired', closed_at = $2
		FROM stores st
		WHERE t.tenant_id = $1 AND t.status = 'open' AND st.tenant_id = $1 AND st.id = t.store_id
		  AND t.expires_on < ($2 AT TIME ZONE st.time_zone)::date`, tenantID, now)
	if err != nil {
		return postgres.Err("followups.Generate: expire", err)
	}
	res.Expired = int(tag.RowsAffected())
	rs, err := rules(ctx, tx, tenantID, 0)
	if err != nil {
		return err
	}
	rows, _ := tx.Query(ctx, candidatesSQL, tenantID, now)
	cands, err := pgx.CollectRows(rows, pgx.RowToStructByPos[candidateRow])
	if err != nil {
		return postgres.Err("followups.Generate: candidates", err)
	}
	tasks, skips := Plan(rs, toCandidates(cands), s.Cooldown)
	res.Skipped = skips
	res.Tasks, err = insertTasks(ctx, tx, tenantID, tasks)
	res.Created = len(res.Tasks)
	if err != nil || res.Created+res.Expired == 0 {
		return err
	}
	return changes.AnnounceTasks(ctx, tx, tenantID, 0) // the calls of every store
}

// candidateRow is a Candidate as candidatesSQL returns it.
type candidateRow struct {
	Reason         Reason
	SourceKey      string
	StoreID        int64
	CustomerID     int64
	VehicleID      *int64
	DeliveryID     *int64
	ServiceOrderID *int64
	Event          time.Time
	Today          time.Time
	Consent        bool
	DoNotContact   bool
	Surveys        []time.Time
}

func toCandidates(rows []candidateRow) []Candidate {
	out := make([]Candidate, len(rows))
	for i, r := range rows {
		c := Candidate{Reason: r.Reason, SourceKey: r.SourceKey, StoreID: r.StoreID, CustomerID: r.CustomerID,
			VehicleID: deref(r.VehicleID), DeliveryID: deref(r.DeliveryID), ServiceOrderID: deref(r.ServiceOrderID),
			Event: r.Event, Today: r.Today, Consent: r.Consent, DoNotContact: r.DoNotContact, Surveys: r.Surveys}
		out[i] = c
	}
	return out
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func insertTasks(ctx context.Context, tx pgx.Tx, tenantID int64, tasks []Task) ([]int64, error) {
	b := &pgx.Batch{}
	for _, t := range tasks {
		b.Queue(`
			INSERT INTO follow_up_tasks (tenant_id, store_id, customer_id, vehicle_id, reason, source_key,
			                             delivery_id, service_order_id, survey_kind, due_from, due_until,
			                             expires_on, max_attempts, channel)
			VALUES ($1, $2, $3, nullif($4, 0), $5, $6, nullif($7, 0), nullif($8, 0), $9, $10, $11, $12, $13, $14)
			ON CONFLICT (tenant_id, reason, source_key) DO NOTHING RETURNING id`,
			tenantID, t.StoreID, t.CustomerID, t.VehicleID, t.Reason, t.SourceKey, t.DeliveryID,
			t.ServiceOrderID, t.Survey, t.Window.From, t.Window.Until, t.Window.Expires, t.Attempts, t.Channel)
	}
	results := tx.SendBatch(ctx, b)
	var created []int64
	for range tasks {
		var id int64
		switch err := results.QueryRow().Scan(&id); {
		case errors.Is(err, pgx.ErrNoRows): // generated before
		case err != nil:
			results.Close()
			return nil, fmt.Errorf("followups.Generate: insert: %w", postgres.Err("followups.insertTasks", err))
		default:
			created = append(created, id)
		}
	}
	if err := results.Close(); err != nil {
		return nil, err
	}
	return created, scores.Count(ctx, tx, tenantID, scores.Required, 1, created...)
}
