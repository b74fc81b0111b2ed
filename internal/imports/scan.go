package imports

import (
	"errors"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/tabular"
)

// scanner reads an import's file row by row, maps and parses each row, and sorts the rows into
// records to load and rejects.
type scanner struct {
	im    *Import
	table *tabular.Table
	cols  map[string]int
	loc   *time.Location
	today time.Time
	batch orders.Batch
	codes codeCount
	// onReject receives every rejected row with its cells.
	onReject func(Reject, []string)
}

// newScanner opens an import's file, of size bytes, and reads its header.
func newScanner(im *Import, file io.ReaderAt, size int64, loc *time.Location, now time.Time) (*scanner, error) {
	t, err := tabular.Open(im.FileName, file, size, im.Encoding)
	if err != nil {
		return nil, err
	}
	cols := map[string]int{}
	for field, col := range im.Mapping {
		if i := slices.Index(t.Header(), col); i >= 0 {
			cols[field] = i
		}
	}
	return &scanner{im: im, table: t, cols: cols, loc: loc, today: orders.Today(now, loc), batch: orders.Batch{},
		codes: codeCount{list: []Code{}, at: map[[2]string]int{}}}, nil
}

// next returns the next valid record, nil at the end; rejected rows go to onReject.
func (s *scanner) next() (*orders.Record, error) {
	for {
		row, line, err := s.table.Next()
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		s.codes.note(s.im.Kind, s.raw(row))
		rec, errs := orders.ParseRecord(s.im.Kind, s.cell(row), s.loc, s.today)
		rec.Line = line
		rej := Reject{Line: line, Errors: s.fieldErrors(row, errs)}
		if len(rej.Errors) == 0 {
			if first, ok := s.batch.Add(&rec); !ok {
				rej.Errors = []FieldError{{Field: "order_no", Key: "imports.duplicate_order_no", Value: rec.OrderNo, First: first}}
			}
		}
		if len(rej.Errors) > 0 {
			s.onReject(rej, row)
			continue
		}
		return &rec, nil
	}
}

// fieldErrors lists what is wrong with a row's fields, in the order of the kind's fields: the
// errors of parsing them, and text that PostgreSQL cannot store (a NUL byte, or bytes that are
// not UTF-8, which the escapes of an XLSX cell can make), shown as far as it can be.
func (s *scanner) fieldErrors(row []string, errs orders.FieldErrors) []FieldError {
	var out []FieldError
	for _, f := range orders.Fields(s.im.Kind) {
		value := s.raw(row)(f.Name)
		if !tabular.ValidText(value) {
			errs[f.Name] = "imports.bad_text"
		}
		if key, bad := errs[f.Name]; bad {
			out = append(out, FieldError{Field: f.Name, Key: key, Value: tabular.Clean(value)})
		}
	}
	return out
}

// raw returns the cell of row that the mapping gives a field, "" when none.
func (s *scanner) raw(row []string) func(string) string {
	return func(field string) string {
		if i, ok := s.cols[field]; ok && i < len(row) {
			return row[i]
		}
		return ""
	}
}

// cell is raw with the store's values for its DMS's codes in place of the codes.
func (s *scanner) cell(row []string) func(string) string {
	raw := s.raw(row)
	return func(field string) string {
		v := raw(field)
		if value, ok := s.im.Values[field][strings.TrimSpace(v)]; ok {
			return value
		}
		return v
	}
}
