package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/imports"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/web/views/components"
	views "github.com/csidesk/csidesk/web/views/imports"
)

// importPageSize is how many past imports the imports page lists.
const importPageSize = 20

// importWait is how long an action waits for its import run before showing the progress page:
// long enough for an everyday file to show its result at once.
const importWait = 3 * time.Second

func (s *Server) registerImportRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayImport))
		r.Get("/imports", s.handleImportList)
		r.Post("/imports", s.handleImportUpload)
		r.Get("/imports/{importID}", s.handleImportShow)
		r.Post("/imports/{importID}/preview", s.handleImportPreview)
		r.Post("/imports/{importID}/values", s.handleImportValues)
		r.Post("/imports/{importID}/commit", s.handleImportCommit)
		r.Get("/imports/{importID}/rejects", s.handleImportRejects)
	})
}

// handleImportList serves GET /imports: the upload form and the history.
func (s *Server) handleImportList(w http.ResponseWriter, r *http.Request) {
	s.renderImportList(w, r, http.StatusOK, views.UploadForm{Kind: orders.ServiceOrders, Encoding: tabular.Auto}, nil, nil)
}

func (s *Server) renderImportList(w http.ResponseWriter, r *http.Request, code int, up views.UploadForm, errs components.Errors, fileErr *apperr.Error) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	stores, err := s.tenancy.Stores(ctx, tenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	history, total, err := s.imports.List(ctx, tenantID, importPageSize, (page-1)*importPageSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pager := components.Pager{Base: "/imports", Query: url.Values{}, Page: page, Size: importPageSize, Total: total}
	s.render(w, r, code, views.List(s.shell(w, r, "imports.title"),
		views.ListPage{Upload: up, Stores: stores, History: history, Pager: pager, Errs: errs, FileErr: fileErr}))
}

// handleImportUpload serves POST /imports: keep the file and go on to its column mapping. A
// file that cannot be read is reported on the upload form and nothing is kept; so is a server
// too busy reading other files to read it now (503, to try again).
func (s *Server) handleImportUpload(w http.ResponseWriter, r *http.Request) {
	up, err := readUpload(r)
	if err != nil && fieldErrors(err) == nil {
		s.fail(w, r, err)
		return
	}
	var id int64
	if err == nil {
		id, err = s.imports.Create(r.Context(), principal(r).TenantID, principal(r).UserID, up)
	}
	form := views.UploadForm{StoreID: up.StoreID, Kind: up.Kind, Encoding: up.Encoding}
	e, _ := apperr.As(err)
	switch {
	case err == nil:
		http.Redirect(w, r, fmt.Sprintf("/imports/%d", id), http.StatusSeeOther)
	case fieldErrors(err) != nil:
		s.renderImportList(w, r, http.StatusUnprocessableEntity, form, e.Fields, nil)
	case e != nil && e.Code == apperr.Invalid:
		s.renderImportList(w, r, http.StatusUnprocessableEntity, form, nil, e)
	case e != nil && e.Code == apperr.Unavailable:
		s.renderImportList(w, r, http.StatusServiceUnavailable, form, nil, e)
	default:
		s.fail(w, r, err)
	}
}

// readUpload reads the multipart form of an upload; a body over the limit is too large and an
// interrupted one is a bad request, and either way nothing is kept. A file over
// imports.MaxFileBytes is refused unread, and a file within it is read into a slice of its
// size, so that a large one costs its size once.
func readUpload(r *http.Request) (imports.Upload, error) {
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return imports.Upload{}, &apperr.Error{Code: apperr.TooLarge, Key: "status.413.title", Err: err}
		}
		return imports.Upload{}, &apperr.Error{Code: apperr.Invalid, Key: "status.400.title", Err: err}
	}
	defer r.MultipartForm.RemoveAll()
	storeID, _ := strconv.ParseInt(r.FormValue("store_id"), 10, 64)
	up := imports.Upload{StoreID: storeID, Kind: orders.Kind(r.FormValue("kind")),
		Encoding: tabular.Encoding(r.FormValue("encoding"))}
	f, h, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return up, nil
	}
	if err != nil {
		return up, &apperr.Error{Code: apperr.Invalid, Key: "status.400.title", Err: err}
	}
	defer f.Close()
	up.FileName = h.Filename
	if h.Size > imports.MaxFileBytes {
		return up, apperr.Fields(map[string]string{"file": "imports.file_too_large"})
	}
	up.Content = make([]byte, h.Size)
	_, err = io.ReadFull(f, up.Content)
	return up, err
}

// handleImportShow serves GET /imports/{importID}.
func (s *Server) handleImportShow(w http.ResponseWriter, r *http.Request) {
	im, err := s.pathImport(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderImport(w, r, http.StatusOK, im, nil)
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, code int, im imports.Import, errs components.Errors) {
	sh := s.shell(w, r, "imports.title")
	s.render(w, r, code, views.Show(sh, im, errs))
}

func (s *Server) pathImport(r *http.Request) (imports.Import, error) {
	id, err := pathID(r, "importID")
	if err != nil {
		return imports.Import{}, err
	}
	return s.imports.Get(r.Context(), principal(r).TenantID, id)
}

// handleImportPreview serves POST /imports/{importID}/preview: save the column mapping and
// run the dry run.
func (s *Server) handleImportPreview(w http.ResponseWriter, r *http.Request) {
	im, err := s.pathImport(r)
	if err == nil {
		err = r.ParseForm()
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m := imports.Mapping{}
	for _, f := range orders.Fields(im.Kind) {
		if col := r.PostForm.Get(f.Name); col != "" {
			m[f.Name] = col
		}
	}
	err = s.imports.Preview(r.Context(), principal(r).TenantID, im.ID, m)
	if errs := fieldErrors(err); errs != nil {
		im.Mapping = m
		s.renderImport(w, r, http.StatusUnprocessableEntity, im, errs)
		return
	}
	s.afterImportAction(w, r, im.ID, err)
}

// handleImportValues serves POST /imports/{importID}/values: save the values chosen for the
// codes of the store's DMS and run the dry run again with them.
func (s *Server) handleImportValues(w http.ResponseWriter, r *http.Request) {
	im, err := s.pathImport(r)
	if err == nil {
		err = r.ParseForm()
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	choices := valueChoices(r.PostForm)
	err = s.imports.MapValues(r.Context(), principal(r).TenantID, im.ID, choices)
	if errs := fieldErrors(err); errs != nil {
		im.Values = chosenValues(choices)
		s.renderImport(w, r, http.StatusUnprocessableEntity, im, errs)
		return
	}
	s.afterImportAction(w, r, im.ID, err)
}

// valueChoices reads the rows of the value-mapping form: a field, a code and the value chosen.
func valueChoices(form url.Values) []imports.Choice {
	fields, codes, values := form["field"], form["code"], form["value"]
	out := make([]imports.Choice, len(codes))
	for i, code := range codes {
		out[i] = imports.Choice{Field: at(fields, i), Code: code, Value: at(values, i)}
	}
	return out
}

// at is list[i], or "" past its end.
func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return ""
}

// chosenValues shows a refused value-mapping form again with the values as sent.
func chosenValues(choices []imports.Choice) imports.Values {
	out := imports.Values{}
	for _, c := range choices {
		if out[c.Field] == nil {
			out[c.Field] = map[string]string{}
		}
		out[c.Field][c.Code] = c.Value
	}
	return out
}

// handleImportCommit serves POST /imports/{importID}/commit: load the previewed rows.
func (s *Server) handleImportCommit(w http.ResponseWriter, r *http.Request) {
	im, err := s.pathImport(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.afterImportAction(w, r, im.ID, s.imports.Commit(r.Context(), principal(r).TenantID, im.ID))
}

// afterImportAction runs the preview or commit just marked, then shows the import.
func (s *Server) afterImportAction(w http.ResponseWriter, r *http.Request, id int64, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.runImport(principal(r).TenantID, id)
	http.Redirect(w, r, fmt.Sprintf("/imports/%d", id), http.StatusSeeOther)
}

// runImport runs an import in the background, apart from the request, and waits up to
// importWait for it: a small file's result shows at once, a large file's progress page instead.
// A commit generates the follow-up tasks of its orders as it loads them.
func (s *Server) runImport(tenantID, id int64) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		ctx := context.Background()
		// A run that finds another running the import (a conflict) leaves it to that one.
		if err := s.imports.Run(ctx, tenantID, id); err != nil && !apperr.Is(err, apperr.Conflict) {
			s.log.Error("import run", "tenant", tenantID, "import", id, "err", err)
		}
	}()
	select {
	case <-done:
	case <-time.After(importWait):
	}
}

// handleImportRejects serves GET /imports/{importID}/rejects: the rows that cannot be loaded,
// as a CSV file with what is wrong with each. An error before the file's first byte, such as a
// server too busy to read the file now, answers with its page.
func (s *Server) handleImportRejects(w http.ResponseWriter, r *http.Request) {
	im, err := s.pathImport(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &download{ResponseWriter: w, name: fmt.Sprintf("rejected-rows-%d.csv", im.ID)}
	l := i18n.From(r.Context())
	if err := s.imports.WriteRejects(r.Context(), principal(r).TenantID, im.ID, d, l.T); err != nil {
		if !d.started {
			s.fail(w, r, err)
			return
		}
		s.log.Error("import rejects", "import", im.ID, "err", err)
	}
}

// download sets the header of a CSV download as its first byte is written.
type download struct {
	http.ResponseWriter
	name    string
	started bool
}

// Write writes the download, its header first.
func (d *download) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		d.Header().Set("Content-Type", "text/csv; charset=utf-8")
		d.Header().Set("Content-Disposition", `attachment; filename="`+d.name+`"`)
	}
	return d.ResponseWriter.Write(p)
}

// generateTasks enqueues the generation of a dealer group's follow-up tasks, as new deliveries
// and service orders call for; the periodic run catches up should this fail.
func (s *Server) generateTasks(ctx context.Context, tenantID int64) {
	if err := s.generate(ctx, tenantID); err != nil {
		s.log.Error("enqueue task generation", "tenant", tenantID, "err", err)
	}
}
