package server

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
	views "github.com/csidesk/csidesk/web/views/scores"
	"github.com/csidesk/csidesk/web/views/workbook"
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
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayManageActions))
		r.Post("/scores/focus", s.handleFocusAdd)
		r.Post("/scores/focus/{focusID}/delete", s.handleFocusRemove)
	})
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayCompareStores))
		r.Get("/scores/group", s.handleGroup)
		r.Get("/scores/group.xlsx", s.handleGroup)
	})
	r.With(s.require(mayVoid)).Post("/tasks/{taskID}/void", s.handleVoid)
}

// opening is the period a score page opens on when none is asked for.
type opening int

// The score pages open on the period running now (the scoreboard, trends and drill-down, which
// mark it), or on the last one complete (the reports and the group ranking, whose figures a
// meeting discusses and which should not change under it).
const (
	openRunning opening = iota
	openComplete
)

// scoreQuery reads which figures a score page shows: ?store=&kind=ssi|csi|event
// &period=week|month|quarter&start=&dept=&split=channel. The store is one the user holds (by default the
// first), the kind one of the questionnaires' (by default CSI), the period the one holding
// start, or by default the one open says, in the store's time zone; any other store is not
// found.
func (s *Server) scoreQuery(r *http.Request, open opening) (views.Query, error) {
	return s.scoreQueryOf(r, r.URL.Query(), open)
}

// scoreQueryOf is scoreQuery read from q.
func (s *Server) scoreQueryOf(r *http.Request, q url.Values, open opening) (views.Query, error) {
	p := principal(r)
	stores, err := s.tenancy.Stores(r.Context(), p.TenantID)
	if err != nil {
		return views.Query{}, err
	}
	asked, _ := strconv.ParseInt(q.Get("store"), 10, 64)
	storeID, err := chooseStore(stores, asked, false)
	if err != nil {
		return views.Query{}, err
	}
	v := views.Query{Stores: stores, Group: mayCompareStores.heldBy(p), Tiers: maySetTiers.heldBy(p),
		Act: may(r, mayManageActions, storeID), Key: scores.Key{StoreID: storeID, Kind: q.Get("kind"), Period: scores.Period(q.Get("period"))}}
	if !slices.Contains(surveys.Kinds, surveys.Kind(v.Kind)) {
		v.Kind = string(surveys.CSI)
	}
	if !slices.Contains(scores.Periods, v.Period) {
		v.Period = scores.Week
	}
	v.DepartmentID, _ = strconv.ParseInt(q.Get("dept"), 10, 64)
	v.Split = q.Get("split") == "channel"
	v.Now = s.now().In(tenancy.Location(storeOf(stores, storeID).TimeZone))
	today := v.Today()
	start, err := time.Parse(time.DateOnly, q.Get("start"))
	switch {
	case err == nil:
		v.Start, v.Chosen = v.Period.Start(start, time.UTC), true
	case open == openComplete:
		v.Start = v.Period.LastComplete(today)
	default:
		v.Start = v.Period.Start(today, time.UTC)
	}
	return v, nil
}

// handleBoard serves GET /scores: a store's departments across the latest weeks or months;
// &split=channel adds the chosen period by channel, read afresh.
func (s *Server) handleBoard(w http.ResponseWriter, r *http.Request) {
	q, err := s.scoreQuery(r, openRunning)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tenantID := principal(r).TenantID
	body, err := s.scoreBody(r, "board", q, func() (templ.Component, error) {
		b, err := s.scores.ReadBoard(r.Context(), tenantID, q.Key, boardPeriods)
		var split scores.Split
		if err == nil && q.Split {
			split, err = s.scores.ReadSplit(r.Context(), tenantID, q.Key)
		}
		return views.BoardBody(q, b, split), err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.BoardPage(s.shell(w, r, "scores.title"), q, body))
}

// handleTrends serves GET /scores/trends: each department's 12 weeks and 12 months up to the
// chosen period, or its 12 months and 12 quarters when quarters are chosen.
func (s *Server) handleTrends(w http.ResponseWriter, r *http.Request) {
	q, err := s.scoreQuery(r, openRunning)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Both charts end with the period holding the last day the chosen period has had so far:
	// the week of 30 November runs into December, whose month is then the monthly chart's last.
	last := q.Period.Add(q.Start, 1).AddDate(0, 0, -1)
	if q.Today().Before(last) {
		last = q.Today()
	}
	short, long := q.Key, q.Key
	short.Period, long.Period = scores.Week, scores.Month
	if q.Period == scores.Quarter {
		short.Period, long.Period = scores.Month, scores.Quarter
	}
	short.Start, long.Start = short.Period.Start(last, time.UTC), long.Period.Start(last, time.UTC)
	body, err := s.scoreBody(r, "trends", q, func() (templ.Component, error) {
		boards, err := s.scores.ReadBoards(r.Context(), principal(r).TenantID, trendPeriods, short, long)
		if err != nil {
			return nil, err
		}
		return views.TrendsBody(q, boards[0], boards[1]), nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.Trends(s.shell(w, r, "scores.trends"), q, body))
}

// scoreBody is the body of a score page (page names it), rendered by what read returns: kept
// rendered, as the boards it draws are kept, until a change to the store's figures is heard, for
// the same query, language and day (a split by channel is read afresh each time).
func (s *Server) scoreBody(r *http.Request, page string, q views.Query, read func() (templ.Component, error)) (templ.Component, error) {
	m := s.bodies
	if q.Split || !postgres.ScopeOf(r.Context()).Sees(q.StoreID) {
		m = nil
	}
	return s.keptBody(r, m, bodyKey(r, page, q), []int64{q.StoreID}, func() (templ.Component, time.Time, error) {
		c, err := read()
		return c, time.Time{}, err
	})
}

// bodyKey names a score page's body: the page, the reader's language, whether they may open
// actions, and the query's store, kind, period, start, department and day.
func bodyKey(r *http.Request, page string, q views.Query) string {
	return fmt.Sprintf("%s %s %d %v %d %s %s %s %v %d %s", page, lang(r), principal(r).TenantID,
		q.Act, q.StoreID, q.Kind, q.Period, q.Start.Format(time.DateOnly), q.Chosen, q.DepartmentID, q.Today().Format(time.DateOnly))
}

// handleDrill serves GET /scores/drill: what lies behind one figure; &item= lists the surveys
// by their answer to one question.
func (s *Server) handleDrill(w http.ResponseWriter, r *http.Request) {
	q, err := s.scoreQuery(r, openRunning)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	itemID, _ := strconv.ParseInt(r.URL.Query().Get("item"), 10, 64)
	tenantID := principal(r).TenantID
	b, err := s.scores.ReadBoard(r.Context(), tenantID, q.Key, 1)
	if err == nil && q.DepartmentID != 0 && !slices.ContainsFunc(b.Departments, func(d scores.Department) bool { return d.ID == q.DepartmentID }) {
		err = apperr.New(apperr.NotFound, "error.not_found") // another store's, or one without scores
	}
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

// handleGroup serves GET /scores/group and /scores/group.xlsx: every store for one kind and
// period, best first, on the page or as a workbook.
func (s *Server) handleGroup(w http.ResponseWriter, r *http.Request) {
	q, err := s.scoreQuery(r, openComplete)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.scores.ReadGroup(r.Context(), principal(r).TenantID, q.Kind, q.Period, q.Start)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		name, fallback := views.GroupFile(r.Context(), q)
		s.sendWorkbook(w, r, name, fallback, func(out io.Writer) error { return views.GroupExcel(r.Context(), out, q, list) })
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
// report (period=week), monthly or quarterly report, printable, or as a workbook.
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) {
	q, err := s.scoreQuery(r, openComplete)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.scores.ReadReport(r.Context(), principal(r).TenantID, q.Key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		name, fallback := views.ReportFile(r.Context(), q)
		s.sendWorkbook(w, r, name, fallback, func(out io.Writer) error { return views.ReportExcel(r.Context(), out, q, rep) })
		return
	}
	s.render(w, r, http.StatusOK, views.ReportPage(s.shell(w, r, "scores.report"), q, rep, views.FocusForm{Kind: "csi"}))
}

// sendWorkbook answers with the workbook write makes, as a download named name (fallback for
// browsers that cannot read a UTF-8 name). The workbook is made in full first, so that a
// failure is answered as one instead of cutting a download short.
func (s *Server) sendWorkbook(w http.ResponseWriter, r *http.Request, name, fallback string, write func(io.Writer) error) {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		s.fail(w, r, fmt.Errorf("workbook %s: %w", fallback, err))
		return
	}
	w.Header().Set("Content-Type", workbook.ContentType)
	w.Header().Set("Content-Disposition", workbook.Disposition(name, fallback))
	_, _ = w.Write(buf.Bytes())
}
