// Package server is the HTTP layer: routing, middleware, sessions in cookies, form decoding and
// one file of handlers per domain.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-playground/form/v4"
	"github.com/go-playground/validator/v10"

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
	"github.com/csidesk/csidesk/internal/links"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Services are what the server's handlers work with, built by the application (internal/app).
type Services struct {
	DB         *postgres.DB
	Now        func() time.Time
	I18n       *i18n.Bundle
	Auth       *auth.Service
	Tenancy    *tenancy.Service
	Customers  *customers.Service
	Orders     *orders.Service
	Imports    *imports.Service
	Surveys    *surveys.Service
	Followups  *followups.Service
	Complaints *complaints.Service
	APIKeys    *apikeys.Service
	Scores     *scores.Service
	Benchmarks *benchmarks.Service
	Improve    *improve.Service
	Incentives *incentives.Service
	Inbox      *notify.Inbox
	// Links serves the customer's pages of survey links.
	Links *links.Service
	// Changes hears of changes to what pages keep; a request that may change something voids
	// what is kept of its group.
	Changes *changes.Tracker
	// Generate enqueues the generation of a dealer group's follow-up tasks.
	Generate func(ctx context.Context, tenantID int64) error
}

// Server routes HTTP requests to the handlers over the services.
type Server struct {
	cfg        config.Config
	db         *postgres.DB
	now        func() time.Time
	log        *slog.Logger
	auth       *auth.Service
	tenancy    *tenancy.Service
	customers  *customers.Service
	orders     *orders.Service
	imports    *imports.Service
	surveys    *surveys.Service
	followups  *followups.Service
	complaints *complaints.Service
	apiKeys    *apikeys.Service
	scores     *scores.Service
	benchmarks *benchmarks.Service
	improve    *improve.Service
	incentives *incentives.Service
	inbox      *notify.Inbox
	links      *links.Service
	changes    *changes.Tracker
	// bodies keeps the score pages' bodies rendered (scoreBody), worklists the worklist's
	// (worklistBody), searches the customer search's (searchBody); files keeps customer files.
	bodies, worklists, searches *changes.Memo[keptHTML]
	files                       *changes.Memo[customerFile]
	generate                    func(ctx context.Context, tenantID int64) error
	i18n                        *i18n.Bundle
	forms                       *form.Decoder
	validate                    *validator.Validate
	metrics                     *metrics
	router                      chi.Router
}

// New builds the router over the services.
func New(cfg config.Config, sv Services, log *slog.Logger) *Server {
	s := &Server{cfg: cfg, db: sv.DB, now: sv.Now, log: log, auth: sv.Auth, tenancy: sv.Tenancy,
		customers: sv.Customers, orders: sv.Orders, imports: sv.Imports, surveys: sv.Surveys,
		followups: sv.Followups, complaints: sv.Complaints, apiKeys: sv.APIKeys, scores: sv.Scores,
		benchmarks: sv.Benchmarks, improve: sv.Improve, incentives: sv.Incentives,
		inbox: sv.Inbox, links: sv.Links, changes: sv.Changes, generate: sv.Generate, i18n: sv.I18n,
		forms: form.NewDecoder(), validate: newValidator(), metrics: newMetrics()}
	if sv.Changes != nil {
		s.bodies = changes.NewMemo[keptHTML](sv.Changes).Limit(keptBodies)
		s.worklists = changes.NewMemoIn[keptHTML](sv.Changes, changes.Tasks, changes.People).Limit(keptBodies)
		s.searches = changes.NewMemoIn[keptHTML](sv.Changes, changes.Customers).Limit(keptBodies)
		s.files = changes.NewMemoIn[customerFile](sv.Changes, changes.Customers).Limit(keptFiles)
	}
	s.router = s.routes()
	return s
}

// Metrics serves the Prometheus metrics of the server's requests, on a listen address of its own
// (METRICS_ADDR): they are not among the pages, which anyone can reach.
func (s *Server) Metrics() http.Handler { return s.metrics.handler() }

// Router returns the router, for walking its routes in tests.
func (s *Server) Router() chi.Router { return s.router }

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }

func (s *Server) routes() chi.Router {
	r := chi.NewRouter()
	r.Use(middleware.RequestID, s.logRequests, s.recoverPanics, s.metrics.observe, securityHeaders)
	r.Get("/healthz", s.handleHealth)
	r.Get("/readyz", s.handleReady)
	r.Get("/static/*", s.handleStatic)
	s.registerAPIRoutes(r)
	s.registerSurveyLinkRoutes(r)
	r.Group(func(r chi.Router) {
		r.Use(s.crossOrigin, limitBody, s.loadSession, s.refuseUnstorable, s.forgetKept)
		r.NotFound(s.handleNotFound)
		r.MethodNotAllowed(s.handleMethodNotAllowed)
		s.registerAuthRoutes(r)
		r.Group(func(r chi.Router) {
			r.Use(requireLogin)
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
			s.registerExportRoutes(r)
			s.registerBenchmarkRoutes(r)
			s.registerActionRoutes(r)
			s.registerIncentiveRoutes(r)
			r.Group(func(r chi.Router) {
				r.Use(s.require(mayAdminister))
				s.registerStoreRoutes(r)
				s.registerUserRoutes(r)
				s.registerCalendarRoutes(r)
			})
			r.Group(func(r chi.Router) {
				r.Use(s.require(mayManageKeys))
				s.registerAPIKeyRoutes(r)
			})
		})
	})
	return r
}
