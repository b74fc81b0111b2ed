package server

import (
	"net/http"
	"testing"

	"github.com/csidesk/csidesk/internal/apperr"
)

func TestStatusOf(t *testing.T) {
	for _, tc := range []struct {
		code apperr.Code
		want int
	}{
		{apperr.NotFound, http.StatusNotFound},
		{apperr.Invalid, http.StatusBadRequest},
		{apperr.Conflict, http.StatusConflict},
		{apperr.Unauthorized, http.StatusUnauthorized},
		{apperr.Forbidden, http.StatusForbidden},
		{apperr.TooMany, http.StatusTooManyRequests},
		{apperr.TooLarge, http.StatusRequestEntityTooLarge},
		{apperr.Internal, http.StatusInternalServerError},
		{apperr.Code("no_such_code"), http.StatusInternalServerError},
		{apperr.Code(""), http.StatusInternalServerError},
	} {
		if got := statusOf(tc.code); got != tc.want {
			t.Errorf("statusOf(%q) = %d, want %d", tc.code, got, tc.want)
		}
	}
}
