package imports

import (
	"errors"
	"io"
	"slices"
	"sync/atomic"
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
	read  *countingReader
	// onReject receives every rejected row with its cells.
	onReject func(Reject, []string)
}

func newScanner(im *Import, r io.Reader, loc *time.Location, now time.Time) (*scanner, error) {
	read := &countingReader{r: r}
	t, err := tabular.Open(im.FileName, read, im.Encoding)
	if err != nil {
		return nil, err
	}
	cols := map[string]int{}
	for field, col := range im.Mapping {
		if i := slices.Index(t.Header(), col); i >= 0 {
			cols[field] = i
		}
	}
	return &scanner{im: im, table: t, cols: cols, loc: loc, today: orders.Today(now, loc), batch: orders.Batch{}, read: read}, nil
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
		rec, errs := orders.ParseRecord(s.im.Kind, s.cell(row), s.loc, s.today)
		rec.Line = line
		rej := Reject{Line: line}
		for _, f := range orders.Fields(s.im.Kind) {
			if key, bad := errs[f.Name]; bad {
				rej.Errors = append(rej.Errors, FieldError{Field: f.Name, Key: key, Value: s.cell(row)(f.Name)})
			}
		}
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

func (s *scanner) cell(row []string) func(string) string {
	return func(field string) string {
		if i, ok := s.cols[field]; ok && i < len(row) {
			return row[i]
		}
		return ""
	}
}

// countingReader counts the bytes read, for the progress bar.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
