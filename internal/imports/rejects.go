package imports

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/csidesk/csidesk/internal/tabular"
)

// Translate renders a message key with its name, value arguments in the user's language.
type Translate func(key string, args ...any) string

// WriteRejects writes the rows of an import that cannot be loaded as a CSV file
// (tabular.Writer): the line, the row's own cells, and what is wrong with it. The list is
// rebuilt from the file, in a turn to parse it, so it is always complete.
func (s *Service) WriteRejects(ctx context.Context, tenantID, id int64, w io.Writer, t Translate) error {
	done, err := requestTurn(ctx)
	if err != nil {
		return err
	}
	defer done()
	im, content, loc, err := s.input(ctx, tenantID, id)
	if err != nil {
		return err
	}
	sc, err := newScanner(&im, bytes.NewReader(content), int64(len(content)), loc, s.Now())
	if err != nil {
		return err
	}
	defer sc.table.Close()
	out := tabular.NewWriter(w)
	var werr error
	write := func(cells ...string) {
		if werr == nil {
			werr = out.Write(cells)
		}
	}
	write(append(append([]string{t("imports.line")}, sc.table.Header()...), t("imports.errors"))...)
	sc.onReject = func(r Reject, row []string) {
		write(append(append([]string{fmt.Sprint(r.Line)}, row...), Describe(r, t))...)
	}
	for {
		rec, err := sc.next()
		if err != nil {
			return err
		}
		if rec == nil {
			break
		}
	}
	if werr != nil {
		return werr
	}
	return out.Flush()
}

// Describe puts a rejected row's errors in one line: "Mileage: …; 车架号（VIN）应为…".
func Describe(r Reject, t Translate) string {
	parts := make([]string, len(r.Errors))
	for i, e := range r.Errors {
		parts[i] = Problem(e, t)
	}
	return strings.Join(parts, "; ")
}

// Problem says what is wrong with a value and names its field once: before the message
// ("Mileage: Enter a mileage…"), unless the message names it already ("车架号（VIN）应为…").
func Problem(e FieldError, t Translate) string {
	name, msg := t("field."+e.Field), t(e.Key, "Line", e.First)
	if strings.Contains(strings.ToLower(msg), strings.ToLower(name)) {
		return msg
	}
	return name + ": " + msg
}
