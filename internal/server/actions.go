package server

import "github.com/go-chi/chi/v5"

// registerActionRoutes registers the improvement action pages.
func (s *Server) registerActionRoutes(r chi.Router) {}
