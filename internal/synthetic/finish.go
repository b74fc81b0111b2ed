package synthetic

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
)

// rawTables are the tables a run writes, largest first. They are vacuumed as well as analysed:
// a freshly loaded table has neither hint bits nor a visibility map, so that the first reads
// would write, and the page benchmark would measure autovacuum catching up.
var rawTables = []string{"survey_answers", "call_attempts", "follow_up_tasks", "surveys", "service_orders",
	"customers", "vehicles", "deliveries", "questionnaire_items", "questionnaires",
	"memberships", "users", "login_emails", "departments", "stores", "tenants"}

// rollupTables are the tables the rebuild fills.
var rollupTables = []string{"score_rollups", "sample_rollups", "score_survey_counts"}

// finish vacuums and analyses the raw tables, rebuilds every group's roll-ups from them as the
// application, and analyses the roll-ups; it returns what each rebuild found.
func finish(ctx context.Context, owner, app *postgres.DB, groups []group, parallel int, out io.Writer) ([]scores.Rebuilt, error) {
	start := time.Now()
	if err := vacuum(ctx, owner, rawTables, parallel); err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "vacuumed and analysed in %.1f s\n", time.Since(start).Seconds())
	rebuilt := make([]scores.Rebuilt, len(groups))
	var mu sync.Mutex
	err := each(ctx, groups, parallel, func(g group) error {
		t := time.Now()
		r, err := scores.NewService(app, nil).Rebuild(ctx, g.ID)
		if err != nil {
			return fmt.Errorf("synthetic: rebuild %s: %w", GroupName(g.No), err)
		}
		mu.Lock()
		defer mu.Unlock()
		rebuilt[g.No-1] = r
		fmt.Fprintf(out, "%s: %d score roll-up rows rebuilt in %.1f s\n", GroupName(g.No), r.Rows, time.Since(t).Seconds())
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rebuilt, vacuum(ctx, owner, rollupTables, parallel)
}

// vacuum runs VACUUM (ANALYZE) on each table, parallel tables at once.
func vacuum(ctx context.Context, owner *postgres.DB, tables []string, parallel int) error {
	return each(ctx, tables, parallel, func(table string) error {
		_, err := owner.Pool.Exec(ctx, `VACUUM (ANALYZE) `+table)
		return postgres.Err("synthetic: vacuum "+table, err)
	})
}
