package server

import (
	"cmp"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"

	"github.com/go-playground/form/v4"
	"github.com/go-playground/validator/v10"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/web/views/components"
)

// validationKeys maps validator tags to catalog keys.
var validationKeys = map[string]string{
	"required": "validation.required",
	"max":      "validation.too_long",
	"email":    "validation.email",
	"eqfield":  "validation.password_mismatch",
	"oneof":    "validation.choice",
}

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		return strings.Split(f.Tag.Get("form"), ",")[0]
	})
	return v
}

// decode parses the posted form into dst and checks its text (textErrors) and validator tags. It
// returns the field errors, the first found for each field, or nil when the form is well formed;
// an unreadable body is an error.
func (s *Server) decode(r *http.Request, dst any) (components.Errors, error) {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, &apperr.Error{Code: apperr.TooLarge, Key: "status.413.title", Err: err}
		}
		return nil, &apperr.Error{Code: apperr.Invalid, Key: "status.400.title", Err: err}
	}
	errs := textErrors(r.PostForm)
	if err := s.forms.Decode(dst, r.PostForm); err != nil {
		var de form.DecodeErrors
		if !errors.As(err, &de) {
			return nil, err
		}
		for field := range de {
			markOnce(errs, field, "validation.number")
		}
	}
	var ve validator.ValidationErrors
	if err := s.validate.Struct(dst); errors.As(err, &ve) {
		for _, fe := range ve {
			markOnce(errs, fe.Field(), cmp.Or(validationKeys[fe.Tag()], "error.invalid"))
		}
	}
	if len(errs) == 0 {
		return nil, nil
	}
	return errs, nil
}

// textErrors marks every field of a form (or parameter of a query) that holds text the database
// cannot store (storable). decode checks it with the form's other rules, so that the form comes
// back with the message at the field instead of failing when it is saved; every posted field is
// checked, not only those of the form's struct, since some handlers read further fields.
func textErrors(form url.Values) components.Errors {
	errs := components.Errors{}
	for field, values := range form {
		if slices.ContainsFunc(values, func(v string) bool { return !storable(v) }) {
			errs[field] = "validation.text_invalid"
		}
	}
	return errs
}

// postedText checks the text of every posted field, for the handlers that read fields one by
// one: an *apperr.Error with a field error for each field holding text PostgreSQL cannot store,
// or nil. An unreadable form is an error too.
func postedText(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return &apperr.Error{Code: apperr.Invalid, Key: "status.400.title", Err: err}
	}
	if errs := textErrors(r.PostForm); len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return nil
}

// markOnce gives field the message key unless it already has one: a field shows the first thing
// found wrong with it.
func markOnce(errs components.Errors, field, key string) {
	if _, done := errs[field]; !done {
		errs[field] = key
	}
}

// fieldErrors returns the field errors an action's error carries, or nil when it carries none.
func fieldErrors(err error) components.Errors {
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid && len(e.Fields) > 0 {
		return e.Fields
	}
	return nil
}

// submit decodes the posted form into dst and, when it is well formed, runs act. It returns the
// field errors to show again (nil on success); ok is false when it has answered the request
// itself, for an unreadable form or an error that is not about fields.
func (s *Server) submit(w http.ResponseWriter, r *http.Request, dst any, act func() error) (errs components.Errors, ok bool) {
	errs, err := s.decode(r, dst)
	if err == nil && errs == nil {
		err = act()
		errs = fieldErrors(err)
	}
	if err != nil && errs == nil {
		s.fail(w, r, err)
		return nil, false
	}
	return errs, true
}
