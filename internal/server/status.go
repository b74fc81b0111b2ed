package server

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
)

// retryAfter is how many seconds a 503 asks the client to wait before trying again: a database
// that restarts or fails over is back in about that time.
const retryAfter = 5

// statusOf is the HTTP status that answers an error with code: the one mapping from apperr
// codes to statuses, used by pages (fail), the API (apiFail) and the forms that render again
// with what went wrong. Invalid is 400 here; a form rendered again with its fields marked
// answers 422 itself. Internal, and any code not listed, is 500: only those are logged as errors.
func statusOf(code apperr.Code) int {
	switch code {
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Invalid:
		return http.StatusBadRequest
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.TooMany:
		return http.StatusTooManyRequests
	case apperr.TooLarge:
		return http.StatusRequestEntityTooLarge
	case apperr.Unavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// retryLater asks the client of an answer with status code to try again in retryAfter seconds
// when the status is 503. Every writer of an answer's header calls it (render, writeJSON), so
// no 503 leaves without it.
func retryLater(h http.Header, code int) {
	if code == http.StatusServiceUnavailable {
		h.Set("Retry-After", strconv.Itoa(retryAfter))
	}
}

// triage readies a failed request's error for its answer. A passing failure of the database
// that the domain code left untranslated is made Unavailable, like a translated one, so that it
// too answers 503; that one is logged as a warning, since neither the request nor the code is
// at fault, while anything that answers 500 is logged as an error. Text the database refused
// to store (postgres.BadText), likewise untranslated, is the request's fault: Invalid, and not
// logged.
func (s *Server) triage(r *http.Request, err error) error {
	if apperr.CodeOf(err) == apperr.Internal && (postgres.Transient(err) || postgres.BadText(err)) {
		err = postgres.Err("request", err)
	}
	id := middleware.GetReqID(r.Context())
	switch statusOf(apperr.CodeOf(err)) {
	case http.StatusServiceUnavailable:
		s.log.Warn("database unavailable", "request_id", id, "path", r.URL.Path, "err", err)
	case http.StatusInternalServerError:
		s.log.Error("request failed", "request_id", id, "path", r.URL.Path, "err", err)
	}
	return err
}
