package imports

import (
	"context"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/postgres"
)

// newTasks generates in tx the follow-up tasks that the tenant's rules call for now, and counts
// by reason those of the store's orders numbered in batch: the tasks the import's orders called
// for, and not those another change did, such as a birthday come due.
func (s *Service) newTasks(ctx context.Context, tx pgx.Tx, tenantID, storeID int64, batch orders.Batch) (map[string]int64, error) {
	counts := map[string]int64{}
	if s.Followups == nil {
		return counts, nil
	}
	res, err := s.Followups.GenerateTx(ctx, tx, tenantID)
	if err != nil || len(res.Tasks) == 0 {
		return counts, err
	}
	rows, _ := tx.Query(ctx, `
		SELECT t.reason, count(*) FROM follow_up_tasks t
		LEFT JOIN service_orders o ON o.tenant_id = $1 AND o.id = t.service_order_id
		LEFT JOIN deliveries d ON d.tenant_id = $1 AND d.id = t.delivery_id
		WHERE t.tenant_id = $1 AND t.id = ANY ($2) AND t.store_id = $3
		  AND coalesce(o.order_no, d.order_no) = ANY ($4)
		GROUP BY t.reason`, tenantID, res.Tasks, storeID, slices.Collect(maps.Keys(batch)))
	var reason string
	var n int64
	_, err = pgx.ForEachRow(rows, []any{&reason, &n}, func() error {
		counts[reason] = n
		return nil
	})
	return counts, postgres.Err("imports: tasks", err)
}
