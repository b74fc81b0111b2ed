package server

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/tenancy"
	views "github.com/csidesk/csidesk/web/views/complaints"
)

func (s *Server) registerComplaintStatsRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(managerRoles...))
		r.Get("/complaints/stats", s.handleComplaintStats)
		r.Get("/complaints/stats.xlsx", s.handleComplaintStats)
	})
}

// complaintStatsQuery reads which statistics to show: ?store=&month=2026-11. The store defaults
// to the user's own (else the group's first), the month to the current one in the store's time
// zone; a store of another group is not found.
func (s *Server) complaintStatsQuery(r *http.Request) (views.StatsQuery, error) {
	ctx, p, q := r.Context(), principal(r), r.URL.Query()
	stores, err := s.tenancy.Stores(ctx, p.TenantID)
	if err != nil {
		return views.StatsQuery{}, err
	}
	v := views.StatsQuery{Stores: stores}
	v.StoreID, _ = strconv.ParseInt(q.Get("store"), 10, 64)
	if v.StoreID == 0 {
		v.StoreID = ownStore(p, stores)
	}
	i := slices.IndexFunc(stores, func(st tenancy.Store) bool { return st.ID == v.StoreID })
	if i < 0 {
		return v, apperr.New(apperr.NotFound, "error.not_found")
	}
	month, err := time.Parse("2006-01", q.Get("month"))
	if err != nil {
		month = s.followups.Now().In(tenancy.Location(stores[i].TimeZone))
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
	st, err := complaints.ReadStats(r.Context(), s.db, principal(r).TenantID, q.StoreID, q.Month)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q.Month = st.Month
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		name := fmt.Sprintf("csi-desk-complaints-%s-%d.xlsx", st.Month.Format("2006-01"), st.StoreID)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		if err := views.StatsExcel(r.Context(), w, st); err != nil {
			s.log.Error("complaint statistics workbook", "err", err)
		}
		return
	}
	s.render(w, r, http.StatusOK, views.StatsPage(s.shell(w, r, "cstats.title"), q, st))
}
