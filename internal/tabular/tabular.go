// Package tabular reads the rows of an uploaded spreadsheet, a CSV or XLSX file, for the import
// of dealer DMS exports, and writes the CSV files the app offers for download. It streams: a CSV
// file is read one record at a time, so an export of any length costs one row. An XLSX file is a
// ZIP archive, which excelize unpacks before it streams the sheet's rows; caps on what each part
// may unpack to (xlsxcheck.go) keep a small file from taking the server's memory.
package tabular

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
)

// Encoding names the text encoding of a CSV file.
type Encoding string

// The encodings a CSV file may be read in.
const (
	// Auto detects the encoding: UTF-8 (with or without BOM) when the bytes are valid UTF-8,
	// else GB18030.
	Auto Encoding = "auto"
	// UTF8 is UTF-8, with or without a byte order mark.
	UTF8 Encoding = "utf-8"
	// GB18030 is a superset of GBK and GB2312, which Chinese DMS exports often use.
	GB18030 Encoding = "gb18030"
)

// peekSize is how much of a file Open looks at to tell its format, encoding and separator.
const peekSize = 64 << 10

// Table reads a CSV or XLSX file row by row, streaming (never holding a CSV file in memory).
type Table struct {
	src    source
	header []string
	enc    Encoding
	// err is the first error Next returned; Next returns it again, so that no caller reads rows
	// past a line it could not make sense of.
	err error
}

// source yields the records of one file format, with the line each starts on.
type source interface {
	// next returns the next record, cells untrimmed, or io.EOF after the last.
	next() (record []string, line int, err error)
	close() error
}

// Open reads the header row of a file of size bytes. name is the uploaded file name: the
// extension .csv or .txt means CSV and .xlsx means XLSX; for any other, content starting
// "PK\x03\x04" (a ZIP archive) means XLSX, else CSV. enc applies to CSV only; the empty
// Encoding means Auto. Errors about the file's content are *apperr.Error values with a
// "tabular.error." message key; errors reading r are returned wrapped.
//
// A CSV file is read from start to end; an XLSX file, a ZIP archive, where its parts are.
func Open(name string, r io.ReaderAt, size int64, enc Encoding) (*Table, error) {
	var src source
	var err error
	if isXLSX(name, r) {
		src, err = openXLSX(r, size)
		enc = UTF8
	} else {
		src, enc, err = openCSV(bufio.NewReaderSize(io.NewSectionReader(r, 0, size), peekSize), enc)
	}
	if err != nil {
		return nil, err
	}
	t := &Table{src: src, enc: enc}
	if err := t.readHeader(); err != nil {
		_ = src.close() // the header error is the one worth reporting
		return nil, err
	}
	return t, nil
}

// isXLSX tells the file's format from its name, or from its first bytes when the name's
// extension is not one Open knows.
func isXLSX(name string, r io.ReaderAt) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".txt":
		return false
	case ".xlsx":
		return true
	}
	magic := make([]byte, 4)
	n, _ := r.ReadAt(magic, 0) // a short or failed read is not a ZIP; reading CSV reports the error
	return string(magic[:n]) == "PK\x03\x04"
}

// readHeader reads the first non-blank row as the header and checks its names.
func (t *Table) readHeader() error {
	rec, _, err := t.nextRecord()
	if errors.Is(err, io.EOF) {
		return invalid("tabular.error.empty", nil)
	}
	if err != nil {
		return err
	}
	if err := checkHeader(rec); err != nil {
		return err
	}
	t.header = rec
	return nil
}

// Header returns the header cells, trimmed of spaces and a UTF-8 BOM. Blank cells at the end of
// the header row name no column and are dropped.
func (t *Table) Header() []string { return slices.Clone(t.header) }

// Encoding returns the encoding the file is read in: UTF8 or GB18030 for CSV, after detection
// when Open was given Auto, and UTF8 for XLSX.
func (t *Table) Encoding() Encoding { return t.enc }

// Next returns the next data row, or io.EOF after the last. line is the 1-based line the row
// starts on (CSV) or its sheet row number (XLSX), for error reports. Cells are trimmed of
// surrounding spaces; a row shorter than the header is padded with "" to the header's length, a
// longer one keeps its extra cells but not blank ones at its end, and blank rows are skipped.
// After an error, Next returns the same error again.
func (t *Table) Next() (row []string, line int, err error) {
	if t.err != nil {
		return nil, 0, t.err
	}
	row, line, err = t.nextRecord()
	if err != nil {
		t.err = err
		return nil, line, err
	}
	if n := len(t.header) - len(row); n > 0 {
		row = append(row, make([]string, n)...)
	}
	return row, line, nil
}

// nextRecord returns the next record with a non-blank cell, trimmed, without the blank cells at
// its end, and checked against the size limits.
func (t *Table) nextRecord() ([]string, int, error) {
	for {
		rec, line, err := t.src.next()
		if err != nil {
			return nil, line, err
		}
		if rec = trimRecord(rec); len(rec) == 0 {
			continue
		}
		if err := checkRecord(rec, line); err != nil {
			return nil, line, err
		}
		return rec, line, nil
	}
}

// Close releases the file; for XLSX it removes the temporary files a large sheet needs.
func (t *Table) Close() error {
	if err := t.src.close(); err != nil {
		return fmt.Errorf("tabular: close: %w", err)
	}
	return nil
}
