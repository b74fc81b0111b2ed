package tabular

import (
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// maxUnzipBytes caps what an XLSX file may unpack to: a sheet of DMS rows is a few megabytes, and
// without a cap a small crafted file could unpack to gigabytes.
const maxUnzipBytes = 256 << 20

// xlsxSource streams the rows of the first sheet of an XLSX file.
type xlsxSource struct {
	f    *excelize.File
	rows *excelize.Rows
	// line is the number of the sheet row read last; Rows.Next steps through every row number,
	// those of rows the file leaves out included.
	line int
}

// openXLSX opens the file's first sheet for streaming, with date cells set to read as ISO dates.
func openXLSX(r io.Reader) (*xlsxSource, error) {
	rec := &errRecorder{r: r}
	f, err := excelize.OpenReader(rec, excelize.Options{
		UnzipSizeLimit: maxUnzipBytes,
		// Built-in formats 14 and 22 (date, date and time) then read as yyyy-mm-dd, not the
		// ambiguous mm-dd-yy; isoDates points every other date format at them.
		ShortDatePattern: "yyyy-mm-dd",
		// Built-in formats 27 to 58 differ by language; the files come from Chinese Excel.
		CultureInfo: excelize.CultureNameZhCN,
	})
	if rec.err != nil {
		return nil, fmt.Errorf("tabular: read: %w", rec.err)
	}
	if err != nil {
		return nil, invalid("tabular.error.format", err)
	}
	s, err := openFirstSheet(f)
	if err != nil {
		_ = f.Close() // the file is unusable; its error is the one worth reporting
		return nil, invalid("tabular.error.format", err)
	}
	return s, nil
}

// openFirstSheet returns a source streaming the first sheet of f.
func openFirstSheet(f *excelize.File) (*xlsxSource, error) {
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, errors.New("no sheet")
	}
	isoDates(f)
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, err
	}
	return &xlsxSource{f: f, rows: rows}, nil
}

// next reads the cells of the next sheet row, formatted as the sheet shows them, but for dates.
func (s *xlsxSource) next() ([]string, int, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return nil, s.line, invalid("tabular.error.format", err)
		}
		return nil, s.line, io.EOF
	}
	s.line++
	cells, err := s.rows.Columns()
	if err != nil {
		return nil, s.line, invalid("tabular.error.format", err)
	}
	return cells, s.line, nil
}

// close closes the sheet's stream and the file, which removes their temporary files.
func (s *xlsxSource) close() error {
	return errors.Join(s.rows.Close(), s.f.Close())
}

// errRecorder keeps the error reading a file fails with, which excelize reports as if the file
// were broken, so that Open can tell a failed upload from a bad file.
type errRecorder struct {
	r   io.Reader
	err error
}

// Read reads from the file, keeping any error but io.EOF.
func (e *errRecorder) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		e.err = err
	}
	return n, err
}
