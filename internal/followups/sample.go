package followups

import (
	"context"
	"time"

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

// Valid applies the sample-validity rule (SPEC §3): reached calls at least 50 % of required,
// and completed surveys at least 60 % of reached; a period with nothing required is not valid.
func (s Sample) Valid() bool {
	return s.Required > 0 && 2*s.Reached >= s.Required && 10*s.Completed >= 6*s.Reached
}

// Samples counts the survey calls due in the month starting on month (a store date), per store
// and kind.
func (s *Service) Samples(ctx context.Context, tenantID int64, month time.Time) ([]Sample, error) {
	return postgres.List[Sample](ctx, s.DB, tenantID, "followups.Samples", `
		SELECT t.store_id, st.name, t.survey_kind, count(*)::int,
		       count(*) FILTER (WHERE EXISTS (SELECT FROM call_attempts a WHERE a.tenant_id = t.tenant_id AND a.task_id = t.id))::int,
		       count(*) FILTER (WHERE EXISTS (SELECT FROM call_attempts a WHERE a.tenant_id = t.tenant_id
		                                       AND a.task_id = t.id AND a.outcome = 'reached'))::int,
		       count(*) FILTER (WHERE EXISTS (SELECT FROM surveys sv WHERE sv.tenant_id = t.tenant_id
		                                       AND sv.task_id = t.id AND sv.status = 'completed'))::int
		FROM follow_up_tasks t JOIN stores st ON st.tenant_id = t.tenant_id AND st.id = t.store_id
		WHERE t.tenant_id = $1 AND t.survey_kind <> ''
		  AND t.due_from >= $2::date AND t.due_from < ($2::date + interval '1 month')
		GROUP BY t.store_id, st.name, t.survey_kind
		ORDER BY st.name, t.survey_kind DESC`, month)
}
