package server

import "github.com/go-chi/chi/v5"

// registerBenchmarkRoutes registers the benchmark pages.
func (s *Server) registerBenchmarkRoutes(r chi.Router) {}
