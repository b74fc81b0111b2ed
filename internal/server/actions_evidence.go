package server

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/improve"
	views "github.com/csidesk/csidesk/web/views/improve"
	"github.com/csidesk/csidesk/web/views/workbook"
)

// maxEvidenceBody bounds the body of an evidence upload: the file and a note.
const maxEvidenceBody = improve.MaxEvidenceBytes + maxFormBytes

// handleEvidenceAdd serves POST /actions/{actionID}/evidence: a note and/or a file showing the
// action's effect, added by its owner or a manager of it. The action is found and the person's
// place checked before the body is read; a file over the limit is refused unread, at its field.
func (s *Server) handleEvidenceAdd(w http.ResponseWriter, r *http.Request) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	id, err := pathID(r, "actionID")
	var a improve.Action
	if err == nil {
		a, err = s.improve.Get(ctx, tenantID, id)
	}
	if err == nil {
		err = improve.Check(a, improve.StepEvidence, improveActor(r))
	}
	var e improve.NewEvidence
	if err == nil {
		e, err = readEvidence(w, r)
	}
	if err == nil {
		err = s.improve.AddEvidence(ctx, tenantID, improveActor(r), id, e)
	}
	ae, _ := apperr.As(err)
	switch {
	case err == nil:
		s.redirect(w, r, "/actions/"+strconv.FormatInt(id, 10), "flash.action_evidence")
	case fieldErrors(err) != nil:
		s.renderAction(w, r, http.StatusUnprocessableEntity, func(p *views.ActionPage) {
			p.Acting, p.Errs, p.Note = improve.StepEvidence, fieldErrors(err), e.Note
		})
	case ae != nil && (ae.Code == apperr.Conflict || ae.Code == apperr.Forbidden):
		s.renderAction(w, r, statusOf(ae.Code), func(p *views.ActionPage) { p.Problem = ae })
	default:
		s.fail(w, r, err)
	}
}

// readEvidence reads the multipart form of an evidence upload within its limits: a body over
// them is too large, an interrupted or malformed one a bad request. A file over
// improve.MaxEvidenceBytes is refused unread, and one within it read into a slice of its size.
func readEvidence(w http.ResponseWriter, r *http.Request) (improve.NewEvidence, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxEvidenceBody)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return improve.NewEvidence{}, &apperr.Error{Code: apperr.TooLarge, Key: "status.413.title", Err: err}
		}
		return improve.NewEvidence{}, &apperr.Error{Code: apperr.Invalid, Key: "status.400.title", Err: err}
	}
	defer r.MultipartForm.RemoveAll()
	e := improve.NewEvidence{Note: r.FormValue("note")}
	if !storable(e.Note) {
		return e, apperr.Fields(map[string]string{"note": "validation.text_invalid"})
	}
	f, h, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return e, nil
	}
	if err != nil {
		return e, &apperr.Error{Code: apperr.Invalid, Key: "status.400.title", Err: err}
	}
	defer f.Close()
	e.FileName = h.Filename
	if h.Size > improve.MaxEvidenceBytes {
		return e, apperr.Fields(map[string]string{"file": "improve.error.file_too_large"})
	}
	e.Content = make([]byte, h.Size)
	_, err = io.ReadFull(f, e.Content)
	return e, err
}

// handleEvidenceFile serves GET /actions/{actionID}/evidence/{evidenceID}: an evidence file, as
// a download, to those who see the action; anyone else finds nothing.
func (s *Server) handleEvidenceFile(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "actionID")
	var evidenceID int64
	if err == nil {
		evidenceID, err = pathID(r, "evidenceID")
	}
	var f improve.File
	if err == nil {
		f, err = s.improve.EvidenceFile(r.Context(), principal(r).TenantID, id, evidenceID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Content)))
	w.Header().Set("Content-Disposition", workbook.Disposition(f.Name, fmt.Sprintf("evidence-%d-%d%s", id, evidenceID, filepath.Ext(f.Name))))
	_, _ = w.Write(f.Content)
}
