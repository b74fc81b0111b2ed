package server

import (
	"fmt"
	"net/http"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/benchmarks"
	"github.com/csidesk/csidesk/internal/imports"
	"github.com/csidesk/csidesk/internal/tabular"
	views "github.com/csidesk/csidesk/web/views/benchmarks"
	"github.com/csidesk/csidesk/web/views/components"
)

// benchmarkHistory is how many past imports the import page lists.
const benchmarkHistory = 20

// handleBenchmarkImports serves GET /benchmarks/imports?store=: the upload form and the latest
// imports of the store (0 or none: of every store held).
func (s *Server) handleBenchmarkImports(w http.ResponseWriter, r *http.Request) {
	s.renderBenchmarkImports(w, r, http.StatusOK, views.UploadForm{Encoding: tabular.Auto}, nil, nil)
}

func (s *Server) renderBenchmarkImports(w http.ResponseWriter, r *http.Request, code int, up views.UploadForm, errs components.Errors, fileErr *apperr.Error) {
	stores, storeID, err := s.pickStore(r, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	history, err := s.benchmarks.Imports(r.Context(), principal(r).TenantID, storeID, benchmarkHistory)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if up.StoreID == 0 {
		up.StoreID = storeID
	}
	s.render(w, r, code, views.Imports(s.shell(w, r, "benchmarks.imports"), views.ImportsPage{Stores: stores,
		StoreID: storeID, Upload: up, History: history, Errs: errs, FileErr: fileErr, Tabs: benchmarkTabs(r)}))
}

// handleBenchmarkUpload serves POST /benchmarks/imports: keep a store's results file and go on
// to its columns and dry run. A file that cannot be read is reported on the form and nothing
// is kept.
func (s *Server) handleBenchmarkUpload(w http.ResponseWriter, r *http.Request) {
	up, err := readUpload(r)
	if err != nil && fieldErrors(err) == nil {
		s.fail(w, r, err)
		return
	}
	upload := benchmarks.Upload{StoreID: up.StoreID, Encoding: up.Encoding, FileName: up.FileName, Content: up.Content}
	var id int64
	if err == nil {
		id, err = s.benchmarks.Create(r.Context(), principal(r).TenantID, principal(r).UserID, upload)
	}
	form := views.UploadForm{StoreID: up.StoreID, Encoding: up.Encoding}
	e, _ := apperr.As(err)
	switch {
	case err == nil:
		http.Redirect(w, r, fmt.Sprintf("/benchmarks/imports/%d", id), http.StatusSeeOther)
	case fieldErrors(err) != nil:
		s.renderBenchmarkImports(w, r, http.StatusUnprocessableEntity, form, e.Fields, nil)
	case e != nil && e.Code == apperr.Invalid:
		s.renderBenchmarkImports(w, r, http.StatusUnprocessableEntity, form, nil, e)
	default:
		s.fail(w, r, err)
	}
}

// handleBenchmarkImport serves GET /benchmarks/imports/{benchmarkImportID}: the file's columns
// and, once each required field has one, the dry run; or what its commit did.
func (s *Server) handleBenchmarkImport(w http.ResponseWriter, r *http.Request) {
	im, err := s.pathBenchmarkImport(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderBenchmarkImport(w, r, http.StatusOK, im, nil)
}

// renderBenchmarkImport shows an import with errs at its columns; an import not committed is
// run dry for the page, unless errs or its mapping stop it.
func (s *Server) renderBenchmarkImport(w http.ResponseWriter, r *http.Request, code int, im benchmarks.Import, errs components.Errors) {
	p := views.ImportPage{Import: im, Errs: errs, Tabs: benchmarkTabs(r)}
	if im.Status != benchmarks.Committed && errs == nil {
		out, err := s.benchmarks.Preview(r.Context(), principal(r).TenantID, principal(r).UserID, im.ID)
		switch {
		case fieldErrors(err) != nil:
			p.Errs = fieldErrors(err)
		case err != nil:
			s.fail(w, r, err)
			return
		default:
			p.Outcome = &out
		}
	}
	s.render(w, r, code, views.Import(s.shell(w, r, "benchmarks.imports"), p))
}

func (s *Server) pathBenchmarkImport(r *http.Request) (benchmarks.Import, error) {
	id, err := pathID(r, "benchmarkImportID")
	if err != nil {
		return benchmarks.Import{}, err
	}
	return s.benchmarks.Import(r.Context(), principal(r).TenantID, id)
}

// handleBenchmarkMapping serves POST /benchmarks/imports/{benchmarkImportID}/mapping: the
// file's column for each field, then the dry run again.
func (s *Server) handleBenchmarkMapping(w http.ResponseWriter, r *http.Request) {
	im, err := s.pathBenchmarkImport(r)
	if err == nil {
		err = postedText(r)
	}
	m := imports.Mapping{}
	for _, c := range benchmarks.Columns {
		if col := r.PostForm.Get(c.Name); col != "" {
			m[c.Name] = col
		}
	}
	if err == nil {
		err = s.benchmarks.SaveMapping(r.Context(), principal(r).TenantID, im.ID, m)
	}
	if errs := fieldErrors(err); errs != nil {
		im.Mapping = m
		s.renderBenchmarkImport(w, r, http.StatusUnprocessableEntity, im, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/benchmarks/imports/%d", im.ID), http.StatusSeeOther)
}

// handleBenchmarkCommit serves POST /benchmarks/imports/{benchmarkImportID}/commit: keep the
// file's valid rows and open the actions of their gaps, in one transaction.
func (s *Server) handleBenchmarkCommit(w http.ResponseWriter, r *http.Request) {
	im, err := s.pathBenchmarkImport(r)
	if err == nil {
		_, err = s.benchmarks.Commit(r.Context(), principal(r).TenantID, principal(r).UserID, im.ID)
	}
	if errs := fieldErrors(err); errs != nil {
		s.renderBenchmarkImport(w, r, http.StatusUnprocessableEntity, im, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/benchmarks/imports/%d", im.ID), "flash.benchmark_imported")
}
