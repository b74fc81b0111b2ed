package server

import (
	"net/http"

	"github.com/csidesk/csidesk/internal/home"
)

// homeIncentives is the start page's "my incentive lines": the person's own lines of the
// approved statements of the last months, in the stores they hold.
func (s *Server) homeIncentives(r *http.Request) (*home.Incentives, error) {
	p := principal(r)
	lines, err := s.incentives.LinesOf(within(r, mayFollow), p.TenantID, p.UserID, home.IncentiveMonths)
	return home.MyIncentives(lines), err
}
