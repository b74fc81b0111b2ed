package scores

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Sample counts a period's survey calls of one store and kind: the calls due (required), those
// tried at least once, those where the customer was reached, and the surveys completed.
type Sample struct {
	StoreID   int64
	StoreName string
	Kind      string
	Required  int
	Attempted int
	Reached   int
	Completed int
}

// plus is s with other's counts added: a quarter's sample is the sum of its months'.
func (s Sample) plus(other Sample) Sample {
	s.Required += other.Required
	s.Attempted += other.Attempted
	s.Reached += other.Reached
	s.Completed += other.Completed
	return s
}

// Valid applies the sample-validity rule (SPEC §3): reached calls at least 50 % of required,
// and completed surveys at least 60 % of reached; a period with nothing required is not valid.
func (s Sample) Valid() bool {
	return s.Required > 0 && 2*s.Reached >= s.Required && 10*s.Completed >= 6*s.Reached
}

// Counter is one of a sample's counts.
type Counter string

// The sample counters: a survey call is required when it is created, attempted at its first
// attempt or when its survey goes as a link, reached at its first reached attempt or when the
// customer opens the link, and completed with its survey.
const (
	Required  Counter = "required"
	Attempted Counter = "attempted"
	Reached   Counter = "reached"
	Completed Counter = "completed"
)

// Count adds delta to counter c of the week and month the survey tasks are due in, under the
// kind their surveys count in, in the caller's transaction; tasks without a survey count
// nowhere. The roll-ups are written in the order of their key, so that concurrent counts lock
// shared rows in one order.
func Count(ctx context.Context, tx pgx.Tx, tenantID int64, c Counter, delta int, taskIDs ...int64) error {
	switch c {
	case Required, Attempted, Reached, Completed:
	default:
		return fmt.Errorf("scores.Count: unknown counter %q", c)
	}
	if err := writing(ctx, tx, tenantID); err != nil {
		return err
	}
	stores, err := changes.Stores(ctx, tx, fmt.Sprintf(`
		INSERT INTO sample_rollups AS r (tenant_id, store_id, kind, period, period_start, %[1]s)
		SELECT $1::bigint, t.store_id, `+countedKind("t.survey_kind")+`, p.period, date_trunc(p.period, t.due_from)::date, sum($3::int)
		FROM follow_up_tasks t JOIN stores st ON st.tenant_id = $1 AND st.id = t.store_id
		CROSS JOIN (VALUES ('week'), ('month')) p(period)
		WHERE t.tenant_id = $1 AND t.id = ANY($2) AND t.survey_kind <> ''
		GROUP BY 1, 2, 3, 4, 5
		ORDER BY 2, 3, 4, 5
		ON CONFLICT (tenant_id, store_id, kind, period, period_start) DO UPDATE SET %[1]s = r.%[1]s + EXCLUDED.%[1]s
		RETURNING store_id`, c),
		tenantID, taskIDs, delta)
	if err == nil {
		err = changes.Announce(ctx, tx, tenantID, stores...)
	}
	return postgres.Err("scores.Count", err)
}

// samplesSQL counts, from the tasks, attempts and surveys of tenant $1, what the sample
// roll-ups should hold; the tenant is the tasks' own column, so that an INSERT of the counts
// runs whole on the group's shards on Citus.
var samplesSQL = `
	SELECT t.tenant_id, t.store_id, ` + countedKind("t.survey_kind") + ` AS kind, p.period,
	       date_trunc(p.period, t.due_from)::date AS period_start, count(*)::int AS required,
	       count(*) FILTER (WHERE EXISTS (SELECT FROM call_attempts a WHERE a.tenant_id = $1 AND a.task_id = t.id)
	                           OR EXISTS (SELECT FROM survey_links l WHERE l.tenant_id = $1 AND l.task_id = t.id))::int AS attempted,
	       count(*) FILTER (WHERE EXISTS (SELECT FROM call_attempts a WHERE a.tenant_id = $1
	                                       AND a.task_id = t.id AND a.outcome = 'reached')
	                           OR EXISTS (SELECT FROM surveys sv WHERE sv.tenant_id = $1
	                                       AND sv.task_id = t.id AND sv.channel <> 'phone'))::int AS reached,
	       count(*) FILTER (WHERE EXISTS (SELECT FROM surveys sv WHERE sv.tenant_id = $1
	                                       AND sv.task_id = t.id AND sv.status = 'completed'))::int AS completed
	FROM follow_up_tasks t JOIN stores st ON st.tenant_id = $1 AND st.id = t.store_id
	CROSS JOIN (VALUES ('week'), ('month')) p(period)
	WHERE t.tenant_id = $1 AND t.survey_kind <> ''
	GROUP BY 1, 2, 3, 4, 5`

// Samples reads the sample of every store and kind for the month starting on month.
func (s *Service) Samples(ctx context.Context, tenantID int64, month time.Time) ([]Sample, error) {
	return postgres.List[Sample](ctx, s.DB, tenantID, "scores.Samples", `
		SELECT r.store_id, st.name, r.kind, r.required, r.attempted, r.reached, r.completed
		FROM sample_rollups r JOIN stores st ON st.tenant_id = r.tenant_id AND st.id = r.store_id
		WHERE r.tenant_id = $1 AND r.period = 'month' AND r.period_start = $2::date
		ORDER BY st.name, r.kind DESC`, month)
}
