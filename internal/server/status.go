package server

import (
	"net/http"

	"github.com/csidesk/csidesk/internal/apperr"
)

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
	default:
		return http.StatusInternalServerError
	}
}
