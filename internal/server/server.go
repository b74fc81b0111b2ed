// Package server is the HTTP layer: routing, middleware, sessions in cookies, form decoding and
// one file of handlers per domain.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-playground/form/v4"
	"github.com/go-playground/validator/v10"

	"github.com/csidesk/csidesk/internal/apikeys"
	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/config"
	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/imports"
	"github.com/csidesk/csidesk/internal/jobs"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Server holds the application's services and serves HTTP.
type Server struct {
	cfg        config.Config
	db         *postgres.DB
	log        *slog.Logger
	auth       *auth.Service
	tenancy    *tenancy.Service
	customers  *customers.Service
	orders     *orders.Service
	imports    *imports.Service
	surveys    *surveys.Service
	followups  *followups.Service
	complaints *complaints.Service
	changes    *changes.Tracker
	scores     *scores.Service
	inbox      *notify.Inbox
	queue      *jobs.Queue
	apiKeys    *apikeys.Service
	i18n       *i18n.Bundle
	forms      *form.Decoder
	validate   *validator.Validate
	metrics    *metrics
	router     chi.Router
}

// New wires the services on db and builds the router.
func New(cfg config.Config, db *postgres.DB, log *slog.Logger) (*Server, error) {
	bundle, err := i18n.New()
	if err != nil {
		return nil, err
	}
	tracker := changes.NewTracker()
	s := &Server{
		cfg:  cfg,
		db:   db,
		log:  log,
		auth: auth.NewService(db, cfg.SessionIdle, cfg.SessionMax),
		tenancy: &tenancy.Service{DB: db, OnNewStore: tenancy.Hooks{surveys.ApplyDefaults, followups.ApplyDefaultRules},
			Kept: changes.NewMemo[[]tenancy.Store](tracker)},
		customers: &customers.Service{DB: db, Now: time.Now},
		orders:    &orders.Service{DB: db, Now: time.Now},
		imports:   &imports.Service{DB: db, Now: time.Now},
		surveys:   &surveys.Service{DB: db, Now: time.Now},
		followups: &followups.Service{DB: db, Now: time.Now, Cooldown: followups.DefaultCooldown},
		apiKeys:   &apikeys.Service{DB: db, Now: time.Now},
		changes:   tracker,
		scores:    scores.NewService(db, tracker),
		inbox:     &notify.Inbox{DB: db},
		i18n:      bundle,
		forms:     form.NewDecoder(),
		validate:  newValidator(),
		metrics:   newMetrics(),
	}
	s.complaints = &complaints.Service{DB: db, Now: time.Now, Notify: &notify.Service{Bundle: bundle}}
	s.followups.OnComplaint = s.complaints.Opened
	services := jobs.Services{Followups: s.followups, Complaints: s.complaints, Sender: notify.SenderFromEnv(os.Getenv, log)}
	if s.queue, err = jobs.New(db, services, log); err != nil {
		return nil, err
	}
	s.router = s.routes()
	return s, nil
}

// SetClock replaces the clock sessions and login throttling read; tests move it.
func (s *Server) SetClock(now func() time.Time) {
	s.auth.Now, s.customers.Now, s.orders.Now, s.imports.Now = now, now, now, now
	s.apiKeys.Now, s.surveys.Now, s.followups.Now, s.complaints.Now = now, now, now, now
}

// StartJobs runs the background jobs until ctx ends or StopJobs is called.
func (s *Server) StartJobs(ctx context.Context) error { return s.queue.Start(ctx) }

// StopJobs lets running jobs finish, then stops them.
func (s *Server) StopJobs(ctx context.Context) error { return s.queue.Stop(ctx) }

// WatchChanges listens for the database's notices of changes until ctx ends; while it does not
// listen, pages read everything afresh.
func (s *Server) WatchChanges(ctx context.Context) {
	s.db.Listen(ctx, changes.Channel, s.changes, s.log)
}

// HearingChanges says whether WatchChanges is listening, and so whether pages keep what they read.
func (s *Server) HearingChanges() bool { return s.changes.Hearing() }

// Router returns the router, for walking its routes in tests.
func (s *Server) Router() chi.Router { return s.router }

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }

func (s *Server) routes() chi.Router {
	r := chi.NewRouter()
	r.Use(middleware.RequestID, s.logRequests, s.recoverPanics, s.metrics.observe, securityHeaders)
	r.Get("/healthz", s.handleHealth)
	r.Get("/readyz", s.handleReady)
	r.Get("/metrics", s.metrics.handler().ServeHTTP)
	r.Get("/static/*", s.handleStatic)
	s.registerAPIRoutes(r)
	r.Group(func(r chi.Router) {
		r.Use(s.crossOrigin, limitBody, s.loadSession)
		r.NotFound(s.handleNotFound)
		r.MethodNotAllowed(s.handleMethodNotAllowed)
		s.registerAuthRoutes(r)
		r.Group(func(r chi.Router) {
			r.Use(requireLogin, s.forgetKept)
			s.registerAccountRoutes(r)
			s.registerCustomerRoutes(r)
			s.registerOrderRoutes(r)
			s.registerImportRoutes(r)
			s.registerQuestionnaireRoutes(r)
			s.registerWorklistRoutes(r)
			s.registerCallRoutes(r)
			s.registerSampleRoutes(r)
			s.registerScoreRoutes(r)
			s.registerTierRoutes(r)
			s.registerComplaintRoutes(r)
			s.registerNotificationRoutes(r)
			s.registerComplaintStatsRoutes(r)
			s.registerComplaintPolicyRoutes(r)
			s.registerRuleRoutes(r)
			r.Group(func(r chi.Router) {
				r.Use(s.require(mayAdminister))
				s.registerStoreRoutes(r)
				s.registerUserRoutes(r)
			})
			r.Group(func(r chi.Router) {
				r.Use(s.require(mayManageKeys))
				s.registerAPIKeyRoutes(r)
			})
		})
	})
	return r
}
