// Package jobs runs the background work on River, a job queue kept in PostgreSQL, so that work
// enqueued in a transaction survives a restart: the generation of follow-up tasks (every ten
// minutes for every dealer group, and right after an import or a DMS push), the timers of
// complaint deadlines, the delivery of the outbox's messages, (every five minutes, with an SMS
// provider) the delivery reports of text messages, (every hour) the deletion of old failed
// logins, and (every hour) the improvement actions of departments below the red line and the
// notices of overdue ones.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/links"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/postgres"
)

// GenerateInterval is how often every dealer group's follow-up tasks are brought up to date.
const GenerateInterval = 10 * time.Minute

// GenerateArgs asks for one dealer group's follow-up tasks to be generated.
type GenerateArgs struct {
	TenantID int64 `json:"tenant_id"`
}

// Kind names the job.
func (GenerateArgs) Kind() string { return "followups.generate" }

// InsertOpts makes a waiting or running job for the same group absorb a new one: a burst of
// pushes makes one run, and what arrives while it runs is caught by the next periodic run.
func (GenerateArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStatePending,
		rivertype.JobStateRetryable, rivertype.JobStateRunning}}}
}

// GenerateAllArgs asks for a generation job for every dealer group.
type GenerateAllArgs struct{}

// Kind names the job.
func (GenerateAllArgs) Kind() string { return "followups.generate_all" }

type generateWorker struct {
	river.WorkerDefaults[GenerateArgs]
	svc *followups.Service
	log *slog.Logger
}

func (w *generateWorker) Work(ctx context.Context, job *river.Job[GenerateArgs]) error {
	res, err := w.svc.Generate(ctx, job.Args.TenantID)
	if err != nil {
		return fmt.Errorf("generate tenant %d: %w", job.Args.TenantID, err)
	}
	w.log.Info("follow-up tasks generated", "tenant", job.Args.TenantID, "created", res.Created, "expired", res.Expired)
	return nil
}

type generateAllWorker struct {
	river.WorkerDefaults[GenerateAllArgs]
	db *postgres.DB
}

// Work enqueues one generation job per dealer group.
func (w *generateAllWorker) Work(ctx context.Context, _ *river.Job[GenerateAllArgs]) error {
	ids, err := tenantIDs(ctx, w.db)
	if err != nil {
		return err
	}
	client := river.ClientFromContext[pgx.Tx](ctx)
	for _, id := range ids {
		if _, err := client.Insert(ctx, GenerateArgs{TenantID: id}, nil); err != nil {
			return err
		}
	}
	return nil
}

// PruneInterval is how often failed logins past auth.PruneAfter are deleted.
const PruneInterval = time.Hour

// PruneLoginsArgs asks for the old failed logins to be deleted.
type PruneLoginsArgs struct{}

// Kind names the job.
func (PruneLoginsArgs) Kind() string { return "auth.prune_login_failures" }

type pruneLoginsWorker struct {
	river.WorkerDefaults[PruneLoginsArgs]
	auth *auth.Service
	log  *slog.Logger
}

func (w *pruneLoginsWorker) Work(ctx context.Context, _ *river.Job[PruneLoginsArgs]) error {
	n, err := w.auth.PruneLoginFailures(ctx)
	if err != nil {
		return err
	}
	w.log.Info("old failed logins deleted", "count", n)
	return nil
}

// Queue runs the workers and enqueues jobs.
type Queue struct {
	client *river.Client[pgx.Tx]
}

// Services are what the jobs work with: follow-up generation, complaint deadlines, the sender
// of outbox messages and the recorder of their delivery reports (nil without an SMS provider),
// the failed logins of the login throttle, and the improvement actions.
type Services struct {
	Auth       *auth.Service
	Followups  *followups.Service
	Complaints *complaints.Service
	Sender     notify.Sender
	Deliveries *notify.Deliveries
	Improve    *improve.Service
	// Links, when set, tends the survey links.
	Links *links.Service
}

// NewInserter is a client of the queue that only inserts jobs, for the services that enqueue work
// in their own transactions (complaint deadlines, message deliveries) before the queue that works
// them is built.
func NewInserter(db *postgres.DB) (*river.Client[pgx.Tx], error) {
	client, err := river.NewClient(riverpgxv5.New(db.Pool), &river.Config{})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return client, nil
}

// New builds the queue over db that works the services' jobs; Start runs it. A job that is still
// running after rescueAfter is taken to have died with its process (a SIGKILL, a lost machine)
// and is run again; every job is given half of that to finish, so that no job still at work is
// rescued.
func New(db *postgres.DB, svc Services, rescueAfter time.Duration, log *slog.Logger) (*Queue, error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &generateWorker{svc: svc.Followups, log: log})
	river.AddWorker(workers, &generateAllWorker{db: db})
	river.AddWorker(workers, complaints.NewDeadlineWorker(svc.Complaints))
	river.AddWorker(workers, complaints.NewResumeWorker(svc.Complaints))
	river.AddWorker(workers, notify.NewDeliverWorker(db, svc.Sender))
	river.AddWorker(workers, &pruneLoginsWorker{auth: svc.Auth, log: log})
	addImproveWorkers(workers, db, svc.Improve, log)
	periodics := []*river.PeriodicJob{
		periodic(GenerateInterval, GenerateAllArgs{}),
		periodic(PruneInterval, PruneLoginsArgs{}),
		periodic(ImproveInterval, RedLinesArgs{}),
		periodic(ImproveInterval, OverdueActionsArgs{}),
	}
	if svc.Links != nil {
		river.AddWorker(workers, &groupWorker[TendLinksArgs]{db: db, log: log, what: "survey links tended", work: tendLinks(svc.Links)})
		periodics = append(periodics, periodic(LinksInterval, TendLinksArgs{}))
	}
	if svc.Deliveries != nil {
		river.AddWorker(workers, &groupWorker[notify.DeliveryArgs]{db: db, log: log,
			what: "text message deliveries recorded", work: svc.Deliveries.Check})
		periodics = append(periodics, periodic(notify.DeliveryInterval, notify.DeliveryArgs{}))
	}
	client, err := river.NewClient(riverpgxv5.New(db.Pool), &river.Config{
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}},
		Workers:              workers,
		Logger:               log,
		JobTimeout:           rescueAfter / 2,
		RescueStuckJobsAfter: rescueAfter,
		PeriodicJobs:         periodics,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Queue{client: client}, nil
}

// periodic is a job of args every interval, the first when the queue starts.
func periodic(interval time.Duration, args river.JobArgs) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return args, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}

// Start runs the workers until Stop is called. Jobs do not inherit ctx's cancellation: a
// shutdown lets them finish (Stop).
func (q *Queue) Start(ctx context.Context) error { return q.client.Start(context.WithoutCancel(ctx)) }

// Stop fetches no more jobs and lets running ones finish until ctx ends, then cancels them: a
// cancelled job is run again later.
func (q *Queue) Stop(ctx context.Context) error {
	err := q.client.Stop(ctx)
	if ctx.Err() != nil {
		return q.client.StopAndCancel(context.WithoutCancel(ctx))
	}
	return err
}

// Generate enqueues the generation of a dealer group's tasks.
func (q *Queue) Generate(ctx context.Context, tenantID int64) error {
	_, err := q.client.Insert(ctx, GenerateArgs{TenantID: tenantID}, nil)
	return err
}
