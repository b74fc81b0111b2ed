package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/benchmarks"
	views "github.com/csidesk/csidesk/web/views/benchmarks"
	"github.com/csidesk/csidesk/web/views/components"
)

// handleResultNew serves GET /benchmarks/results/new?store=&item=&quarter=: the form that
// enters a store's result by hand.
func (s *Server) handleResultNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := views.ResultForm{Quarter: q.Get("quarter")}
	f.ItemID, _ = strconv.ParseInt(q.Get("item"), 10, 64)
	s.renderResultNew(w, r, http.StatusOK, f, nil)
}

func (s *Server) renderResultNew(w http.ResponseWriter, r *http.Request, code int, f views.ResultForm, errs components.Errors) {
	stores, storeID, err := s.pickStore(r, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items, err := s.benchmarks.Items(r.Context(), principal(r).TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.StoreID == 0 {
		f.StoreID = storeID
	}
	s.render(w, r, code, views.NewResult(s.shell(w, r, "benchmarks.enter_result"),
		views.NewResultPage{Stores: stores, Items: items, Form: f, Errs: errs, Tabs: benchmarkTabs(r)}))
}

// handleResultCreate serves POST /benchmarks/results: keep a result entered by hand (a result
// already kept for the store, item and quarter is corrected, with a reason) and open its
// action when it falls below an average.
func (s *Server) handleResultCreate(w http.ResponseWriter, r *http.Request) {
	var f views.ResultForm
	var saved benchmarks.Saved
	errs, ok := s.submit(w, r, &f, func() (err error) {
		saved, err = s.saveResult(r, f)
		return err
	})
	switch {
	case !ok:
	case errs != nil:
		s.renderResultNew(w, r, http.StatusUnprocessableEntity, f, errs)
	default:
		s.redirect(w, r, fmt.Sprintf("/benchmarks/results/%d", saved.ResultID), resultFlash(saved))
	}
}

// handleResult serves GET /benchmarks/results/{benchmarkResultID}: a result with its history,
// and the correction form for those who may correct it.
func (s *Server) handleResult(w http.ResponseWriter, r *http.Request) {
	res, err := s.pathResult(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderResult(w, r, http.StatusOK, res, correctionForm(res), nil)
}

func (s *Server) renderResult(w http.ResponseWriter, r *http.Request, code int, res benchmarks.Result, f views.ResultForm, errs components.Errors) {
	s.render(w, r, code, views.Result(s.shell(w, r, "benchmarks.result_title"), views.ResultPage{Result: res, Form: f, Errs: errs,
		Correct: may(r, mayImportBenchmarks, res.StoreID), Act: may(r, mayManageActions, res.StoreID), Tabs: benchmarkTabs(r)}))
}

// handleResultCorrect serves POST /benchmarks/results/{benchmarkResultID}: correct a result's
// figures, with the reason, recorded before → after.
func (s *Server) handleResultCorrect(w http.ResponseWriter, r *http.Request) {
	res, err := s.pathResult(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var f views.ResultForm
	var saved benchmarks.Saved
	errs, ok := s.submit(w, r, &f, func() (err error) {
		f.StoreID, f.ItemID, f.Quarter = res.StoreID, res.Item.ID, benchmarks.QuarterLabel(res.Quarter)
		saved, err = s.saveResult(r, f)
		return err
	})
	switch {
	case !ok:
	case errs != nil:
		s.renderResult(w, r, http.StatusUnprocessableEntity, res, f, errs)
	default:
		s.redirect(w, r, fmt.Sprintf("/benchmarks/results/%d", res.ID), resultFlash(saved))
	}
}

// saveResult reads the posted result and keeps it: figures that cannot be read, and a quarter
// that is not one, are errors at their fields.
func (s *Server) saveResult(r *http.Request, f views.ResultForm) (benchmarks.Saved, error) {
	figures, errs := benchmarks.FiguresText{Score: f.Score, National: f.National, Regional: f.Regional, Rank: f.Rank}.Parse()
	quarter, ok := benchmarks.ParseQuarter(f.Quarter)
	if !ok {
		errs["quarter"] = "benchmarks.error.quarter"
	}
	if len(errs) > 0 {
		return benchmarks.Saved{}, apperr.Fields(errs)
	}
	e := benchmarks.Entry{StoreID: f.StoreID, ItemID: f.ItemID, Quarter: quarter, Figures: figures, Reason: f.Reason}
	return s.benchmarks.Save(r.Context(), principal(r).TenantID, principal(r).UserID, e)
}

// resultFlash says what saving a result did.
func resultFlash(saved benchmarks.Saved) string {
	switch {
	case saved.Opened > 0:
		return "flash.benchmark_saved_opened"
	case saved.Status == benchmarks.Unchanged:
		return "flash.benchmark_unchanged"
	}
	return "flash.benchmark_saved"
}

func (s *Server) pathResult(r *http.Request) (benchmarks.Result, error) {
	id, err := pathID(r, "benchmarkResultID")
	if err != nil {
		return benchmarks.Result{}, err
	}
	return s.benchmarks.Result(r.Context(), principal(r).TenantID, id)
}

// correctionForm is the correction form filled with the result's figures.
func correctionForm(res benchmarks.Result) views.ResultForm {
	text := func(v *float64) string {
		if v == nil {
			return ""
		}
		return benchmarks.Format(v)
	}
	return views.ResultForm{Score: benchmarks.Format(&res.Score), National: text(res.National),
		Regional: text(res.Regional), Rank: rankField(res.Rank)}
}

// rankField writes a rank for a form, blank without one.
func rankField(r *int) string {
	if r == nil {
		return ""
	}
	return strconv.Itoa(*r)
}
