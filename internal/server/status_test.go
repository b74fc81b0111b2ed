package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

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
		{apperr.Unavailable, http.StatusServiceUnavailable},
		{apperr.Internal, http.StatusInternalServerError},
		{apperr.Code("no_such_code"), http.StatusInternalServerError},
		{apperr.Code(""), http.StatusInternalServerError},
	} {
		if got := statusOf(tc.code); got != tc.want {
			t.Errorf("statusOf(%q) = %d, want %d", tc.code, got, tc.want)
		}
	}
}

// TestTriage: a passing failure of the database answers 503 whether or not the domain code
// translated it, and is logged as a warning; a failure that answers 500 is logged as an error;
// one of the request, such as text the database refused to store, is not logged.
func TestTriage(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		code apperr.Code
		log  string
	}{
		{"Untranslated", fmt.Errorf("commit: %w", io.ErrUnexpectedEOF), apperr.Unavailable, "level=WARN"},
		{"Translated", &apperr.Error{Code: apperr.Unavailable, Key: "error.unavailable"}, apperr.Unavailable, "level=WARN"},
		{"Internal", errors.New("a bug"), apperr.Internal, "level=ERROR"},
		{"NotFound", apperr.New(apperr.NotFound, "error.not_found"), apperr.NotFound, ""},
		{"UntranslatedText", fmt.Errorf("insert: %w", &pgconn.PgError{Code: "22021"}), apperr.Invalid, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logged bytes.Buffer
			s := &Server{log: slog.New(slog.NewTextHandler(&logged, nil))}
			err := s.triage(httptest.NewRequest(http.MethodGet, "/", nil), tc.err)
			if got := apperr.CodeOf(err); got != tc.code {
				t.Errorf("code=%v, want %v", got, tc.code)
			}
			if !errors.Is(err, tc.err) {
				t.Errorf("triage(%v) does not wrap it", tc.err)
			}
			if got := logged.String(); (tc.log == "") != (got == "") || !strings.Contains(got, tc.log) {
				t.Errorf("logged %q, want %q", got, tc.log)
			}
		})
	}
}
