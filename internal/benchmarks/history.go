package benchmarks

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Result is a store's kept result for an item and quarter, with the action opened for it and
// every change it went through.
type Result struct {
	ID        int64
	StoreID   int64
	StoreName string
	Item      Item
	Quarter   time.Time
	Figures
	// ActionID is the latest improvement action opened for the result that the reader sees; 0
	// for none.
	ActionID int64
	History  []Change // newest first
}

// Change is one change of a result: by a person (By, with the Reason), or by an import (the
// file's name and its importer).
type Change struct {
	At       time.Time
	By       string
	ImportID int64
	FileName string
	Before   *Figures
	After    Figures
	Reason   string
}

// Result returns one result with its history, or a NotFound error (also outside the scope).
func (s *Service) Result(ctx context.Context, tenantID, id int64) (Result, error) {
	var r Result
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			SELECT r.id, r.store_id, st.name, i.id, i.programme, i.name, i.item_short, coalesce(i.department_kind, ''),
			       r.quarter, r.score::float8, r.national::float8, r.regional::float8, r.rank,
			       coalesce((SELECT max(a.id) FROM improvement_actions a WHERE a.tenant_id = $1 AND a.result_id = r.id), 0)
			FROM benchmark_results r
			JOIN stores st ON st.tenant_id = $1 AND st.id = r.store_id
			JOIN benchmark_items i ON i.tenant_id = $1 AND i.id = r.item_id
			WHERE r.tenant_id = $1 AND r.id = $2`, tenantID, id).Scan(&r.ID, &r.StoreID, &r.StoreName,
			&r.Item.ID, &r.Item.Programme, &r.Item.Name, &r.Item.ItemShort, &r.Item.DepartmentKind,
			&r.Quarter, &r.Score, &r.National, &r.Regional, &r.Rank, &r.ActionID)
		if err != nil {
			return postgres.Err("benchmarks.Result", err)
		}
		rows, _ := tx.Query(ctx, `
			SELECT c.created_at, coalesce(u.name, iu.name, ''), coalesce(c.import_id, 0), coalesce(im.file_name, ''),
			       c.before, c.after, c.reason
			FROM benchmark_changes c
			LEFT JOIN users u ON u.tenant_id = $1 AND u.id = c.user_id
			LEFT JOIN benchmark_imports im ON im.tenant_id = $1 AND im.id = c.import_id
			LEFT JOIN users iu ON iu.tenant_id = $1 AND iu.id = im.user_id
			WHERE c.tenant_id = $1 AND c.result_id = $2
			ORDER BY c.id DESC`, tenantID, id)
		r.History, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Change])
		return postgres.Err("benchmarks.Result: history", err)
	})
	return r, err
}
