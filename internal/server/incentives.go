package server

import "github.com/go-chi/chi/v5"

// registerIncentiveRoutes registers the incentive pages.
func (s *Server) registerIncentiveRoutes(r chi.Router) {}
