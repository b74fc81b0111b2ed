// Package testkit holds the small helpers every package's tests share.
package testkit

import (
	"testing"

	"github.com/csidesk/csidesk/internal/apperr"
)

// Must fails the test at once when err is not nil.
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Fields returns the per-field message keys of a validation error, nil for no error. It fails the
// test when err is not an Invalid *apperr.Error with the form's key.
func Fields(t testing.TB, err error) map[string]string {
	t.Helper()
	if err == nil {
		return nil
	}
	e, ok := apperr.As(err)
	if !ok {
		t.Fatalf("error %v is not an *apperr.Error", err)
	}
	if e.Code != apperr.Invalid {
		t.Errorf("Code=%v, want %v", e.Code, apperr.Invalid)
	}
	if e.Key != "error.invalid" {
		t.Errorf("Key=%q, want error.invalid", e.Key)
	}
	if len(e.Fields) == 0 {
		t.Errorf("Fields=%v, want at least one field", e.Fields)
	}
	return e.Fields
}
