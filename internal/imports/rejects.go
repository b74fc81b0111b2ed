package imports

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// Translate renders a message key with its name, value arguments in the user's language.
type Translate func(key string, args ...any) string

// WriteRejects writes the rows of an import that cannot be loaded as a CSV file (UTF-8 with a
// byte-order mark, which Excel needs to read Chinese): the line, the row's own cells, and what
// is wrong with it. The list is rebuilt from the file, so it is always complete.
func (s *Service) WriteRejects(ctx context.Context, tenantID, id int64, w io.Writer, t Translate) error {
	im, content, loc, err := s.input(ctx, tenantID, id)
	if err != nil {
		return err
	}
	sc, err := newScanner(&im, bytes.NewReader(content), loc, s.Now())
	if err != nil {
		return err
	}
	defer sc.table.Close()
	out := csv.NewWriter(w)
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	out.Write(append(append([]string{t("imports.line")}, sc.table.Header()...), t("imports.errors")))
	sc.onReject = func(r Reject, row []string) {
		out.Write(append(append([]string{fmt.Sprint(r.Line)}, row...), Describe(r, t)))
	}
	for {
		rec, err := sc.next()
		if err != nil {
			return err
		}
		if rec == nil {
			out.Flush()
			return out.Error()
		}
	}
}

// Describe puts a rejected row's errors in one line: "VIN: …; Phone: …".
func Describe(r Reject, t Translate) string {
	parts := make([]string, len(r.Errors))
	for i, e := range r.Errors {
		parts[i] = t("field."+e.Field) + ": " + t(e.Key, "Line", e.First)
	}
	return strings.Join(parts, "; ")
}
