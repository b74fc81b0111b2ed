package server

import (
	"net/http"

	"github.com/csidesk/csidesk/internal/home"
)

// homeActions is the start page's "my actions": the open improvement actions the person owns,
// read in the scope the action list is read in.
func (s *Server) homeActions(r *http.Request) (*home.Actions, error) {
	p := principal(r)
	list, err := s.improve.Mine(within(r, mayFollowActions), p.TenantID, p.UserID)
	return home.MyActions(p.UserID, list, s.now()), err
}
