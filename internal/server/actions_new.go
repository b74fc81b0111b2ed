package server

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/components"
	views "github.com/csidesk/csidesk/web/views/improve"
)

// handleActionNew serves GET /actions/new?store=&source=: the form that opens an action by
// hand, prefilled from what it is opened from: a score cell or drill-down item
// (&department=&kind=&period=&start=&item=), a benchmark gap (&result=), a complaint category
// (&category=&month=), or nothing in particular. A store not held is not found.
func (s *Server) handleActionNew(w http.ResponseWriter, r *http.Request) {
	f, err := s.newActionForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderActionNew(w, r, http.StatusOK, f, nil)
}

// handleActionCreate serves POST /actions: opens the action at the plan, or shows the form
// again with what is wrong at its field.
func (s *Server) handleActionCreate(w http.ResponseWriter, r *http.Request) {
	var f views.Form
	var id int64
	errs, ok := s.submit(w, r, &f, func() (err error) {
		id, err = s.createAction(r, f)
		return err
	})
	switch {
	case !ok:
	case errs != nil:
		s.renderActionNew(w, r, http.StatusUnprocessableEntity, f, errs)
	default:
		s.redirect(w, r, "/actions/"+strconv.FormatInt(id, 10), "flash.action_opened")
	}
}

// createAction opens the action of the posted form, its due date judged by its store's day.
func (s *Server) createAction(r *http.Request, f views.Form) (int64, error) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	stores, err := s.tenancy.Stores(ctx, tenantID)
	if err != nil {
		return 0, err
	}
	st := storeOf(stores, f.StoreID)
	if st.ID == 0 {
		return 0, apperr.Fields(map[string]string{"store_id": "validation.store_required"})
	}
	p, err := planOf(f)
	if err != nil {
		return 0, err
	}
	c := improve.Cause{Source: improve.Source(f.Source), StoreID: f.StoreID, Kind: f.Kind, Period: f.Period,
		ItemShort: f.ItemShort, ResultID: f.ResultID, ComparedWith: f.ComparedWith, ComplaintCategory: f.Category}
	c.PeriodStart, _ = time.Parse(time.DateOnly, f.PeriodStart)
	return s.improve.Create(ctx, tenantID, improveActor(r), c, p, scores.Date(s.now(), tenancy.Location(st.TimeZone)))
}

// renderActionNew renders the form for its store, with what it is opened from.
func (s *Server) renderActionNew(w http.ResponseWriter, r *http.Request, code int, f views.Form, errs components.Errors) {
	stores, err := s.tenancy.Stores(r.Context(), principal(r).TenantID)
	var c views.Choices
	if err == nil {
		c, err = s.planChoices(r, f.StoreID)
	}
	var from improve.Action
	if err == nil {
		from, err = s.openedFrom(r, f, storeOf(stores, f.StoreID), c.Departments)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, code, views.New(s.shell(w, r, "improve.new_title"), views.NewPage{Stores: stores, Form: f, Choices: c, Errs: errs}, from))
}

// openedFrom is the action the form would open as its page names its figure: the store, the
// department, and the figure with its names.
func (s *Server) openedFrom(r *http.Request, f views.Form, st tenancy.Store, deps []tenancy.Department) (improve.Action, error) {
	a := improve.Action{StoreID: st.ID, StoreName: st.Name, TimeZone: st.TimeZone, Source: improve.Source(f.Source),
		DepartmentID: f.DepartmentID, Kind: f.Kind, Period: f.Period, ItemShort: f.ItemShort, ResultID: f.ResultID,
		ComparedWith: f.ComparedWith, Category: f.Category}
	if i := slices.IndexFunc(deps, func(d tenancy.Department) bool { return d.ID == f.DepartmentID }); i >= 0 {
		a.DeptKind, a.DeptName = string(deps[i].Kind), deps[i].Name
	}
	if start, err := time.Parse(time.DateOnly, f.PeriodStart); err == nil {
		a.PeriodStart = &start
	}
	if a.ResultID != 0 {
		g, err := s.improve.ReadGap(r.Context(), principal(r).TenantID, st.ID, a.ResultID)
		if err != nil {
			return a, err
		}
		a.Quarter = &g.Quarter
	}
	if a.Category != "" {
		cats, err := s.complaints.Categories(r.Context(), principal(r).TenantID)
		if err != nil {
			return a, err
		}
		if i := slices.IndexFunc(cats, func(c complaints.Category) bool { return strconv.FormatInt(c.ID, 10) == a.Category }); i >= 0 {
			a.CategoryZH, a.CategoryEN = cats[i].NameZH, cats[i].NameEN
		}
	}
	return a, nil
}

// newActionForm prefills the form from the address.
func (s *Server) newActionForm(r *http.Request) (views.Form, error) {
	stores, storeID, err := s.pickStore(r, false)
	if err != nil {
		return views.Form{}, err
	}
	f := views.Form{StoreID: storeID, Source: r.URL.Query().Get("source")}
	switch improve.Source(f.Source) {
	case improve.FromScore:
		err = s.prefillScore(r, &f, storeOf(stores, storeID))
	case improve.FromBenchmark:
		err = s.prefillGap(r, &f)
	case improve.FromComplaint:
		err = s.prefillComplaint(r, &f, storeOf(stores, storeID))
	default:
		f.Source = string(improve.ByHand)
	}
	return f, err
}

// prefillScore fills the form from a score cell (a department's figure, or the store's) or a
// drill-down item: the figure as the baseline, the store's red line as the target. A figure the
// address does not name properly, or a department without scores, is not found.
func (s *Server) prefillScore(r *http.Request, f *views.Form, st tenancy.Store) error {
	ctx, tenantID, q := r.Context(), principal(r).TenantID, r.URL.Query()
	start, err := time.Parse(time.DateOnly, q.Get("start"))
	k := scores.Key{StoreID: st.ID, Kind: q.Get("kind"), Period: scores.Period(q.Get("period"))}
	k.DepartmentID, _ = strconv.ParseInt(q.Get("department"), 10, 64)
	if err != nil || !slices.Contains([]string{"ssi", "csi"}, k.Kind) ||
		!slices.Contains(scores.Periods, k.Period) {
		return apperr.New(apperr.NotFound, "error.not_found")
	}
	k.Start = k.Period.Start(start, time.UTC)
	b, err := s.scores.ReadBoard(ctx, tenantID, k, 1)
	if err != nil {
		return err
	}
	name, fig, ok := boardRow(ctx, b, k.DepartmentID)
	if !ok {
		return apperr.New(apperr.NotFound, "error.not_found")
	}
	f.Kind, f.Period, f.PeriodStart, f.DepartmentID = k.Kind, string(k.Period), k.Start.Format(time.DateOnly), k.DepartmentID
	f.Target = strconv.FormatFloat(b.Store.Line(k.Kind), 'f', -1, 64)
	period := views.PeriodName(ctx, f.Period, k.Start)
	if f.ItemShort = strings.TrimSpace(q.Get("item")); f.ItemShort != "" {
		return s.prefillItem(r, f, k, name, period)
	}
	text := "—"
	if v, ok := fig.Score(); ok {
		text = strconv.FormatFloat(v, 'f', 1, 64)
		f.Baseline = text
	}
	f.Weakness = i18n.T(ctx, "improve.weakness_score", "Department", name, "Kind", strings.ToUpper(k.Kind), "Period", period,
		"Score", text, "Surveys", fig.Surveys, "Line", f.Target)
	return nil
}

// prefillItem fills the form from a drill-down item: its mean points in the figure.
func (s *Server) prefillItem(r *http.Request, f *views.Form, k scores.Key, department, period string) error {
	d, err := s.scores.ReadDrill(r.Context(), principal(r).TenantID, k, 0)
	if err != nil {
		return err
	}
	text, answers := "—", 0
	if i := slices.IndexFunc(d.Items, func(it scores.ItemScore) bool { return it.NameZH == f.ItemShort || it.NameEN == f.ItemShort }); i >= 0 {
		text, answers = strconv.FormatFloat(d.Items[i].Score, 'f', 1, 64), d.Items[i].Answers
		f.Baseline = text
	}
	f.Weakness = i18n.T(r.Context(), "improve.weakness_item", "Department", department, "Kind", strings.ToUpper(k.Kind),
		"Period", period, "Item", f.ItemShort, "Score", text, "Answers", answers)
	return nil
}

// boardRow is the department's name and figure on a one-period board, or the whole store's
// for department 0; ok is false for a department the board does not show.
func boardRow(ctx context.Context, b scores.Board, departmentID int64) (string, scores.Figure, bool) {
	if departmentID == 0 {
		return i18n.T(ctx, "improve.whole_store"), b.Total[0], true
	}
	i := slices.IndexFunc(b.Departments, func(d scores.Department) bool { return d.ID == departmentID })
	if i < 0 {
		return "", scores.Figure{}, false
	}
	d := b.Departments[i]
	return components.DepartmentName(ctx, d.Kind, d.Name), d.Figures[0], true
}

// prefillGap fills the form from a benchmark result: the item's department, the store's score
// as the baseline, and the average it falls furthest below as the target.
func (s *Server) prefillGap(r *http.Request, f *views.Form) error {
	ctx := r.Context()
	id, _ := strconv.ParseInt(r.URL.Query().Get("result"), 10, 64)
	g, err := s.improve.ReadGap(ctx, principal(r).TenantID, f.StoreID, id)
	if err != nil {
		return err
	}
	with, avg := g.Compared()
	f.ResultID, f.ItemShort, f.ComparedWith, f.DepartmentID = g.ResultID, g.Item, with, g.DepartmentID
	f.Baseline, f.Target = views.Number(&g.Score), views.Number(avg)
	quarter := views.PeriodName(ctx, string(scores.Quarter), g.Quarter)
	f.Weakness = i18n.T(ctx, "improve.weakness_benchmark", "Programme", i18n.T(ctx, "improve.programme_"+g.Programme),
		"Quarter", quarter, "Item", g.Item, "Score", f.Baseline, "Compared", i18n.T(ctx, "improve.compared_"+with), "Average", f.Target)
	return nil
}

// prefillComplaint fills the form from a complaint category of a month (by default the store's
// current one).
func (s *Server) prefillComplaint(r *http.Request, f *views.Form, st tenancy.Store) error {
	ctx, q := r.Context(), r.URL.Query()
	cats, err := s.complaints.Categories(ctx, principal(r).TenantID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(cats, func(c complaints.Category) bool { return strconv.FormatInt(c.ID, 10) == q.Get("category") })
	if i < 0 {
		return apperr.New(apperr.NotFound, "error.not_found")
	}
	month, err := time.Parse("2006-01", q.Get("month"))
	if err != nil {
		month = scores.MonthStart(s.now(), tenancy.Location(st.TimeZone))
	}
	f.Category, f.Period, f.PeriodStart = q.Get("category"), string(scores.Month), month.Format(time.DateOnly)
	f.Weakness = i18n.T(ctx, "improve.weakness_complaint", "Category", components.Local(ctx, cats[i].NameZH, cats[i].NameEN),
		"Month", views.PeriodName(ctx, "month", month))
	return nil
}
