package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/postgres"
)

// ImproveInterval is how often every group's closed periods are looked at for departments below
// the red line, and its open actions for those past their due date. Both are idempotent: a
// cause opens one action, and an overdue action is told of once a day.
const ImproveInterval = time.Hour

// RedLinesArgs asks for the actions of every group's departments below the red line.
type RedLinesArgs struct{}

// Kind names the job.
func (RedLinesArgs) Kind() string { return "actions.red_lines" }

// OverdueActionsArgs asks for every group's overdue actions to be told of.
type OverdueActionsArgs struct{}

// Kind names the job.
func (OverdueActionsArgs) Kind() string { return "actions.overdue" }

// groupWorker runs work for every dealer group in turn; a group that fails does not keep the
// others from theirs, and fails the job, which River runs again.
type groupWorker[T river.JobArgs] struct {
	river.WorkerDefaults[T]
	db   *postgres.DB
	log  *slog.Logger
	what string
	work func(ctx context.Context, tenantID int64) (int, error)
}

func (w *groupWorker[T]) Work(ctx context.Context, _ *river.Job[T]) error {
	ids, err := tenantIDs(ctx, w.db)
	if err != nil {
		return err
	}
	var errs []error
	for _, id := range ids {
		n, err := w.work(ctx, id)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s, tenant %d: %w", w.what, id, err))
			continue
		}
		if n > 0 {
			w.log.Info(w.what, "tenant", id, "count", n)
		}
	}
	return errors.Join(errs...)
}

// addImproveWorkers registers the workers of the improvement actions' periodic jobs.
func addImproveWorkers(workers *river.Workers, db *postgres.DB, svc *improve.Service, log *slog.Logger) {
	river.AddWorker(workers, &groupWorker[RedLinesArgs]{db: db, log: log, what: "red-line actions opened", work: svc.OpenRedLines})
	river.AddWorker(workers, &groupWorker[OverdueActionsArgs]{db: db, log: log, what: "overdue actions told", work: svc.NotifyOverdue})
}

// tenantIDs reads every dealer group's id through tenant_ids(), the one cross-tenant read the
// application role is allowed.
func tenantIDs(ctx context.Context, db *postgres.DB) ([]int64, error) {
	rows, _ := db.Pool.Query(ctx, `SELECT id FROM tenant_ids() AS t(id)`)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("tenant ids: %w", err)
	}
	return ids, nil
}
