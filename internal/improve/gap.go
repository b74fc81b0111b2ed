package improve

import (
	"context"
	"time"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Gap is a store's benchmark result as an action opened from it starts: the item, its
// programme and quarter, the store's score and the national and regional averages, and the
// store's first department of the item's kind (0: none).
type Gap struct {
	ResultID     int64
	Quarter      time.Time
	Programme    string
	Item         string
	Score        float64
	National     *float64
	Regional     *float64
	DepartmentID int64
}

// Compared is the average the score falls furthest below ("national" or "regional") and its
// value; a score at or above both is compared with the higher of them.
func (g Gap) Compared() (string, *float64) {
	switch {
	case g.National == nil && g.Regional == nil:
		return "", nil
	case g.Regional == nil || g.National != nil && *g.National >= *g.Regional:
		return "national", g.National
	}
	return "regional", g.Regional
}

// ReadGap reads one of the store's benchmark results.
func (s *Service) ReadGap(ctx context.Context, tenantID, storeID, resultID int64) (Gap, error) {
	return postgres.One[Gap](ctx, s.DB, tenantID, "improve.ReadGap", `
		SELECT r.id, r.quarter, i.programme, i.name, r.score::float8, r.national::float8, r.regional::float8,
		       coalesce((SELECT d.id FROM departments d WHERE d.tenant_id = $1 AND d.store_id = r.store_id
		                 AND d.kind = i.department_kind ORDER BY d.id LIMIT 1), 0)
		FROM benchmark_results r JOIN benchmark_items i ON i.tenant_id = r.tenant_id AND i.id = r.item_id
		WHERE r.tenant_id = $1 AND r.store_id = $2 AND r.id = $3`, storeID, resultID)
}
