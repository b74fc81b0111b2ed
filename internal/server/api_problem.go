package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/i18n"
)

// problemTypeBase prefixes the type URI of the API's own kinds of problem.
const problemTypeBase = "https://csidesk.cn/problems/"

// apiProblem is a kind of error the DMS API answers with, as an RFC 9457 problem document: its
// type (an empty slug is "about:blank"), its status and the catalog keys of its title and detail.
type apiProblem struct {
	slug   string
	status int
	title  string
	detail string
}

// The API's problems.
var (
	problemUnauthorized = apiProblem{"unauthorized", http.StatusUnauthorized, "api.unauthorized.title", "api.unauthorized.detail"}
	problemMalformed    = apiProblem{"malformed-json", http.StatusBadRequest, "api.malformed.title", "api.malformed.detail"}
	problemShape        = apiProblem{"invalid-body", http.StatusBadRequest, "api.shape.title", "api.shape.detail"}
	problemTooLarge     = apiProblem{"body-too-large", http.StatusRequestEntityTooLarge, "api.too_large.title", "api.too_large.detail"}
	problemMediaType    = apiProblem{"unsupported-media-type", http.StatusUnsupportedMediaType, "api.media_type.title", "api.media_type.detail"}
	problemInvalid      = apiProblem{"invalid-records", http.StatusUnprocessableEntity, "api.invalid.title", "api.invalid.detail"}
	problemTooMany      = apiProblem{"too-many-records", http.StatusUnprocessableEntity, "api.too_many.title", "api.too_many.detail"}
	problemNotFound     = apiProblem{"", http.StatusNotFound, "api.not_found.title", "api.not_found.detail"}
	problemMethod       = apiProblem{"", http.StatusMethodNotAllowed, "api.method.title", "api.method.detail"}
	problemConflict     = apiProblem{"conflict", http.StatusConflict, "api.conflict.title", "api.conflict.detail"}
	problemInternal     = apiProblem{"", http.StatusInternalServerError, "api.internal.title", "api.internal.detail"}
)

// problemError is an API request's failure: the problem, the arguments its detail refers to
// (name, value pairs) and, for invalid records, what is wrong with which value.
type problemError struct {
	problem apiProblem
	args    []any
	fields  []fieldProblem
}

// Error describes the problem for logs.
func (e *problemError) Error() string { return "api: " + e.problem.title }

// fieldProblem is what is wrong with one value of a request: a JSON Pointer to it and a catalog
// key with its arguments.
type fieldProblem struct {
	pointer string
	key     string
	args    []any
}

// problemDoc is the body of a problem answer.
type problemDoc struct {
	Type   string        `json:"type"`
	Title  string        `json:"title"`
	Status int           `json:"status"`
	Detail string        `json:"detail"`
	Errors []problemItem `json:"errors,omitempty"`
}

// problemItem is one entry of a problem's errors.
type problemItem struct {
	Pointer string `json:"pointer"`
	Detail  string `json:"detail"`
}

// apiLocalizer picks the language of an API answer from the request's Accept-Language.
func (s *Server) apiLocalizer(w http.ResponseWriter, r *http.Request) *i18n.Localizer {
	l := s.i18n.Localizer(s.i18n.Match(r.Header.Get("Accept-Language")))
	w.Header().Set("Content-Language", l.Lang)
	w.Header().Add("Vary", "Accept-Language")
	return l
}

// apiFail answers an API request whose handling failed, with the status of its code
// (statusOf). Only errors that answer 500 or 503 are logged (triage): they are not problems of
// the request.
func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, l *i18n.Localizer, err error) {
	var pe *problemError
	if !errors.As(err, &pe) {
		pe = apiProblemOf(s.triage(r, err))
	}
	if pe.problem.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="csidesk"`)
	}
	doc := problemDoc{Type: "about:blank", Title: l.T(pe.problem.title), Status: pe.problem.status,
		Detail: l.T(pe.problem.detail, pe.args...)}
	if pe.problem.slug != "" {
		doc.Type = problemTypeBase + pe.problem.slug
	}
	for _, f := range pe.fields {
		doc.Errors = append(doc.Errors, problemItem{Pointer: f.pointer, Detail: l.T(f.key, f.args...)})
	}
	writeJSON(w, "application/problem+json", pe.problem.status, doc)
}

// apiProblemOf is the problem answering an application error: the API's own problem for its
// status where it has one, else its status with the error's message as the detail.
func apiProblemOf(err error) *problemError {
	e, _ := apperr.As(err)
	switch status := statusOf(apperr.CodeOf(err)); status {
	case http.StatusUnauthorized:
		return &problemError{problem: problemUnauthorized}
	case http.StatusConflict:
		return &problemError{problem: problemConflict}
	case http.StatusInternalServerError:
		return &problemError{problem: problemInternal}
	default:
		return &problemError{problem: apiProblem{status: status, title: fmt.Sprintf("status.%d.title", status),
			detail: e.Key}, args: e.Args}
	}
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, contentType string, code int, v any) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "no-store")
	retryLater(w.Header(), code)
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
