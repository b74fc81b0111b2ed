package server

import (
	"cmp"
	"errors"
	"net/http"
	"reflect"
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

// decode parses the posted form into dst and checks its validator tags. It returns the field
// errors, or nil when the form is well formed; an unreadable body is an error.
func (s *Server) decode(r *http.Request, dst any) (components.Errors, error) {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, &apperr.Error{Code: apperr.TooLarge, Key: "status.413.title", Err: err}
		}
		return nil, &apperr.Error{Code: apperr.Invalid, Key: "status.400.title", Err: err}
	}
	errs := components.Errors{}
	if err := s.forms.Decode(dst, r.PostForm); err != nil {
		var de form.DecodeErrors
		if !errors.As(err, &de) {
			return nil, err
		}
		for field := range de {
			errs[field] = "validation.number"
		}
	}
	var ve validator.ValidationErrors
	if err := s.validate.Struct(dst); errors.As(err, &ve) {
		for _, fe := range ve {
			if _, done := errs[fe.Field()]; !done {
				errs[fe.Field()] = cmp.Or(validationKeys[fe.Tag()], "error.invalid")
			}
		}
	}
	if len(errs) == 0 {
		return nil, nil
	}
	return errs, nil
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
