package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
	views "github.com/csidesk/csidesk/web/views/scores"
)

// boardPeriods is how many periods the scoreboard shows; trends show twelve.
const (
	boardPeriods = 8
	trendPeriods = 12
)

func (s *Server) registerScoreRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayReadScores))
		r.Get("/scores", s.handleBoard)
		r.Get("/scores/trends", s.handleTrends)
		r.Get("/scores/drill", s.handleDrill)
		r.Get("/scores/report", s.handleReport)
		r.Get("/scores/report.xlsx", s.handleReport)
	})
	r.With(s.require(mayCompareStores)).Get("/scores/group", s.handleGroup)
	r.With(s.require(mayVoid)).Post("/tasks/{taskID}/void", s.handleVoid)
}

// scoreQuery reads which figures a score page shows: ?store=&kind=ssi|csi&period=week|month&start=
// &dept=. The store is one the user holds (by default the first), the period start by default
// the current period in the store's time zone; any other store is not found.
func (s *Server) scoreQuery(r *http.Request) (views.Query, error) {
	p, q := principal(r), r.URL.Query()
	stores, storeID, err := s.pickStore(r, false)
	if err != nil {
		return views.Query{}, err
	}
	v := views.Query{Stores: stores, Group: mayCompareStores.heldBy(p), Tiers: maySetTiers.heldBy(p),
		Key: scores.Key{Kind: q.Get("kind"), Period: scores.Period(q.Get("period"))}}
	if v.Kind != "ssi" {
		v.Kind = "csi"
	}
	if v.Period != scores.Month {
		v.Period = scores.Week
	}
	v.StoreID = storeID
	v.DepartmentID, _ = strconv.ParseInt(q.Get("dept"), 10, 64)
	loc := tenancy.Location(storeOf(stores, storeID).TimeZone)
	start, err := time.Parse(time.DateOnly, q.Get("start"))
	if err != nil {
		start = s.now()
	} else {
		start = time.Date(start.Year(), start.Month(), start.Day(), 12, 0, 0, 0, loc)
	}
	v.Start = v.Period.Start(start, loc)
	return v, nil
}

// handleBoard serves GET /scores: a store's departments across the latest weeks or months.
func (s *Server) handleBoard(w http.ResponseWriter, r *http.Request) {
	q, err := s.scoreQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tenantID := principal(r).TenantID
	b, err := s.scores.ReadBoard(r.Context(), tenantID, q.Key, boardPeriods)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.BoardPage(s.shell(w, r, "scores.title"), q, b))
}

// handleTrends serves GET /scores/trends: each department's 12 weeks and 12 months up to the
// chosen period.
func (s *Server) handleTrends(w http.ResponseWriter, r *http.Request) {
	q, err := s.scoreQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	week, month := q.Key, q.Key
	week.Period, week.Start = scores.Week, scores.Week.Start(q.Start, time.UTC)
	month.Period, month.Start = scores.Month, scores.Month.Start(q.Start, time.UTC)
	boards, err := s.scores.ReadBoards(r.Context(), principal(r).TenantID, trendPeriods, week, month)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.Trends(s.shell(w, r, "scores.trends"), q, boards[0], boards[1]))
}

// handleDrill serves GET /scores/drill: what lies behind one figure; &item= lists the surveys
// by their answer to one question.
func (s *Server) handleDrill(w http.ResponseWriter, r *http.Request) {
	q, err := s.scoreQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	itemID, _ := strconv.ParseInt(r.URL.Query().Get("item"), 10, 64)
	tenantID := principal(r).TenantID
	b, err := s.scores.ReadBoard(r.Context(), tenantID, q.Key, 1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.scores.ReadDrill(r.Context(), tenantID, q.Key, itemID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.DrillPage(s.shell(w, r, "scores.drill"), q, b, d, itemID))
}

// handleGroup serves GET /scores/group: every store for one kind and period, best first.
func (s *Server) handleGroup(w http.ResponseWriter, r *http.Request) {
	q, err := s.scoreQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.scores.ReadGroup(r.Context(), principal(r).TenantID, q.Kind, q.Period, q.Start)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.GroupPage(s.shell(w, r, "scores.group"), q, list))
}

// handleVoid serves POST /tasks/{taskID}/void: the survey of the call leaves every score.
func (s *Server) handleVoid(w http.ResponseWriter, r *http.Request) {
	taskID, err := pathID(r, "taskID")
	if postedText(r) != nil {
		s.renderStatus(w, r, http.StatusUnprocessableEntity)
		return
	}
	if err == nil {
		p := principal(r)
		err = s.scores.Void(r.Context(), p.TenantID, p.UserID, taskID, r.PostFormValue("reason"), s.now())
	}
	back := "/tasks/" + strconv.FormatInt(taskID, 10)
	switch {
	case apperr.CodeOf(err) == apperr.Invalid:
		s.flash(w, "error", "error.void_reason")
		http.Redirect(w, r, back, http.StatusSeeOther)
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, back, "flash.survey_voided")
	}
}

// handleReport serves GET /scores/report and /scores/report.xlsx: a store's weekly meeting
// report (period=week) or monthly report, printable, or as a workbook.
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) {
	q, err := s.scoreQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tenantID := principal(r).TenantID
	rep, err := s.scores.ReadReport(r.Context(), tenantID, q.Key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		name := fmt.Sprintf("csi-desk-%s-%s-%s.xlsx", q.Period, q.Start.Format(time.DateOnly), strconv.FormatInt(q.StoreID, 10))
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		if err := views.ReportExcel(r.Context(), w, q, rep); err != nil {
			s.log.Error("report workbook", "err", err)
		}
		return
	}
	s.render(w, r, http.StatusOK, views.ReportPage(s.shell(w, r, "scores.report"), q, rep))
}
