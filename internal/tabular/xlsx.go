package tabular

import (
	"errors"
	"io"

	"github.com/xuri/excelize/v2"
)

// xlsxSource streams the rows of the first sheet of an XLSX file.
type xlsxSource struct {
	f    *excelize.File
	rows *excelize.Rows
	// line is the number of the sheet row read last; Rows.Next steps through every row number,
	// those of rows the file leaves out included.
	line int
}

// openXLSX checks the file against the caps on what it unpacks to (checkWorkbook), then opens
// its first sheet for streaming, with date cells set to read as ISO dates.
func openXLSX(r io.ReaderAt, size int64) (*xlsxSource, error) {
	if err := checkWorkbook(r, size); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		// Past checkWorkbook, excelize's own cap on the whole is only a second net.
		UnzipSizeLimit:    maxSheetBytes + maxSharedStringsBytes + maxRestBytes,
		UnzipXMLSizeLimit: inMemoryXMLBytes,
		// Built-in formats 14 and 22 (date, date and time) then read as yyyy-mm-dd, not the
		// ambiguous mm-dd-yy; isoDates points every other date format at them.
		ShortDatePattern: "yyyy-mm-dd",
		// Built-in formats 27 to 58 differ by language; the files come from Chinese Excel.
		CultureInfo: excelize.CultureNameZhCN,
	})
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
