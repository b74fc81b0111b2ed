// Package app builds CSI Desk from one configuration and one clock: the services on the
// database, the job queue that works for them, the listener that keeps pages fresh, and the
// HTTP server that routes to them. Every dependency is passed through a constructor.
package app

import (
	"context"
	"log/slog"

	"github.com/csidesk/csidesk/internal/apikeys"
	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/benchmarks"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/config"
	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/imports"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/incentives"
	"github.com/csidesk/csidesk/internal/jobs"
	"github.com/csidesk/csidesk/internal/links"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/server"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// App is the application: its HTTP server, its jobs and its change listener.
type App struct {
	// Server routes the web pages and the DMS API.
	Server *server.Server
	// Clock is what every service reads the time from.
	Clock   *Clock
	db      *postgres.DB
	log     *slog.Logger
	jobs    *jobs.Queue
	changes *changes.Tracker
}

// New builds the application over db, configured by cfg.
func New(cfg config.Config, db *postgres.DB, log *slog.Logger) (*App, error) {
	bundle, err := i18n.New()
	if err != nil {
		return nil, err
	}
	a := &App{Clock: &Clock{}, db: db, log: log, changes: changes.NewTracker()}
	inserter, err := jobs.NewInserter(db)
	if err != nil {
		return nil, err
	}
	s := a.services(cfg, bundle, inserter)
	sms := notify.NewSMS(cfg.SMS)
	sender, deliveries := notify.NewSender(cfg.SMTP, sms, log), notify.NewDeliveries(db, a.Clock.Now, sms)
	if a.jobs, err = jobs.New(db, jobs.Services{Auth: s.Auth, Followups: s.Followups, Complaints: s.Complaints, Improve: s.Improve,
		Sender: sender, Deliveries: deliveries, Links: s.Links}, cfg.JobRescueAfter, log); err != nil {
		return nil, err
	}
	a.Server = server.New(cfg, s, log)
	return a, nil
}

// services builds every domain service on the database and the clock; their jobs go in through
// inserter.
func (a *App) services(cfg config.Config, bundle *i18n.Bundle, inserter notify.Inserter) server.Services {
	db, now := a.db, a.Clock.Now
	ns := &notify.Service{Bundle: bundle, Jobs: inserter}
	ts := &tenancy.Service{DB: db, OnNewStore: tenancy.Hooks{surveys.ApplyDefaults, followups.ApplyDefaultRules},
		OnCounting: tenancy.Hooks{scores.Recount}, Kept: changes.NewMemo[[]tenancy.Store](a.changes)}
	cs := &complaints.Service{DB: db, Now: now, Jobs: inserter, Notify: ns, Stores: ts.Stores,
		Kept: changes.NewMemoIn[complaints.KeptQueues](a.changes, changes.Complaints).Limit(complaints.KeptLimit)}
	fs := &followups.Service{DB: db, Now: now, Cooldown: followups.DefaultCooldown, OnComplaint: cs.Opened,
		Stores: ts.Stores, KeptCounts: changes.NewMemoIn[[]int](a.changes, changes.Tasks)}
	ls := &links.Service{DB: db, Now: now, Bundle: bundle, Jobs: inserter, Followups: fs, PublicURL: cfg.PublicURL,
		Cooldown: fs.Cooldown}
	fs.LinkAfterCalls = ls.SendAfterCalls
	sc := scores.NewService(db, a.changes)
	sc.Now = now
	return server.Services{
		DB:   db,
		Now:  now,
		I18n: bundle,
		Auth: &auth.Service{DB: db, Now: now, Idle: cfg.SessionIdle, Max: cfg.SessionMax, Unread: notify.UnreadOf,
			Kept: changes.NewMemoIn[auth.KeptSession](a.changes, changes.People).Limit(auth.KeptSessions)},
		Tenancy:    ts,
		Customers:  &customers.Service{DB: db, Now: now},
		Orders:     &orders.Service{DB: db, Now: now},
		Imports:    &imports.Service{DB: db, Now: now, Followups: fs},
		Surveys:    &surveys.Service{DB: db, Now: now, Kept: changes.NewMemo[surveys.Questionnaire](a.changes)},
		Followups:  fs,
		Complaints: cs,
		APIKeys:    &apikeys.Service{DB: db, Now: now},
		Scores:     sc,
		Benchmarks: &benchmarks.Service{DB: db, Now: now},
		Incentives: &incentives.Service{DB: db, Now: now},
		Improve:    &improve.Service{DB: db, Now: now, Jobs: inserter, Notify: ns},
		Inbox:      &notify.Inbox{DB: db},
		Links:      ls,
		Changes:    a.changes,
		Generate:   func(ctx context.Context, tenantID int64) error { return a.jobs.Generate(ctx, tenantID) },
	}
}

// StartJobs runs the background jobs until StopJobs is called.
func (a *App) StartJobs(ctx context.Context) error { return a.jobs.Start(ctx) }

// StopJobs lets running jobs finish until ctx ends, then cancels those still running.
func (a *App) StopJobs(ctx context.Context) error { return a.jobs.Stop(ctx) }

// WatchChanges listens for the database's notices of changes until ctx ends; while it does not
// listen, pages read everything afresh.
func (a *App) WatchChanges(ctx context.Context) {
	a.db.Listen(ctx, changes.Channel, a.changes, a.log)
}

// HearingChanges says whether WatchChanges is listening, and so whether pages keep what they read.
func (a *App) HearingChanges() bool { return a.changes.Hearing() }
