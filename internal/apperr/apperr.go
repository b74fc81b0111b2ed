// Package apperr defines the application's one error type: a code that handlers translate to an
// HTTP status and a message key that views translate into the user's language.
package apperr

import (
	"errors"
	"fmt"
)

// Code classifies an error for callers; each maps to one HTTP status.
type Code string

// The error codes.
const (
	NotFound     Code = "not_found"
	Invalid      Code = "invalid"
	Conflict     Code = "conflict"
	Unauthorized Code = "unauthorized"
	Forbidden    Code = "forbidden"
	TooMany      Code = "too_many"
	TooLarge     Code = "too_large"
	// Unavailable is a passing failure of the database: it could not be reached, or gave up the
	// work for a reason of the moment. Nothing was done; the same request may succeed shortly.
	Unavailable Code = "unavailable"
	Internal    Code = "internal"
)

// Error is an application error. Key names a message in the catalogs and Args holds the name,
// value pairs its text refers to; Fields holds per-field message keys for Invalid errors.
type Error struct {
	Code   Code
	Key    string
	Args   []any
	Fields map[string]string
	Err    error
}

// Error returns a description for logs, never shown to users.
func (e *Error) Error() string {
	s := string(e.Code)
	if e.Key != "" {
		s += ": " + e.Key
	}
	for f, k := range e.Fields {
		s += fmt.Sprintf(" %s=%s", f, k)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error with a code and a message key.
func New(code Code, key string) *Error { return &Error{Code: code, Key: key} }

// WithArgs returns an error with a code and a message key whose text refers to args, given as
// name, value pairs.
func WithArgs(code Code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// Fields returns an Invalid error with per-field message keys.
func Fields(fields map[string]string) *Error {
	return &Error{Code: Invalid, Key: "error.invalid", Fields: fields}
}

// CodeOf returns the code of the first *Error in err's chain, or Internal.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns the first *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Is reports whether err carries the code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }
