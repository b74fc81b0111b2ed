package server

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/tenancy"
	views "github.com/csidesk/csidesk/web/views/complaints"
)

func (s *Server) registerComplaintStatsRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayReadScores))
		r.Get("/complaints/stats", s.handleComplaintStats)
		r.Get("/complaints/stats.xlsx", s.handleComplaintStats)
	})
}

// complaintStatsQuery reads which statistics to show: ?store=&month=2026-11. The store is one the
// user holds (by default the first), the month by default the current one in the store's time
// zone; any other store is not found.
func (s *Server) complaintStatsQuery(r *http.Request) (views.StatsQuery, error) {
	stores, storeID, err := s.pickStore(r, false)
	if err != nil {
		return views.StatsQuery{}, err
	}
	v := views.StatsQuery{Stores: stores, StoreID: storeID, OpenAction: may(r, mayManageActions, storeID)}
	month, err := time.Parse("2006-01", r.URL.Query().Get("month"))
	if err != nil {
		month = s.now().In(tenancy.Location(storeOf(stores, storeID).TimeZone))
	}
	v.Month = time.Date(month.Year(), month.Month(), 1, 0, 0, 0, 0, time.UTC)
	return v, nil
}

// handleComplaintStats serves GET /complaints/stats and /complaints/stats.xlsx: a store's
// monthly complaint statistics (顾客投诉统计表), printable, or as a workbook.
func (s *Server) handleComplaintStats(w http.ResponseWriter, r *http.Request) {
	q, err := s.complaintStatsQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.complaints.ReadStats(r.Context(), principal(r).TenantID, q.StoreID, q.Month)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q.Month = st.Month
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		fallback := fmt.Sprintf("csi-desk-complaints-%s-%d.xlsx", st.Month.Format("2006-01"), st.StoreID)
		s.sendWorkbook(w, r, views.StatsFileName(r.Context(), st), fallback, func(out io.Writer) error {
			return views.StatsExcel(r.Context(), out, st)
		})
		return
	}
	s.render(w, r, http.StatusOK, views.StatsPage(s.shell(w, r, "cstats.title"), q, st))
}
