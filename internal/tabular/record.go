package tabular

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/csidesk/csidesk/internal/apperr"
)

// The size limits of a file: no DMS export comes near them, so a file beyond them is not one,
// and rejecting it early keeps a bad upload from costing memory downstream.
const (
	maxColumns   = 200
	maxCellChars = 4000
)

// invalid returns the error for a problem with the file's content: an Invalid *apperr.Error with
// a message key and its arguments, keeping cause for the logs.
func invalid(key string, cause error, args ...any) error {
	e := apperr.WithArgs(apperr.Invalid, key, args...)
	e.Err = cause
	return fmt.Errorf("tabular: %w", e)
}

// trimRecord trims every cell of spaces and byte order marks, which exports leave at the start
// of a file and around cells, and drops the blank cells at the record's end.
func trimRecord(rec []string) []string {
	for i, cell := range rec {
		rec[i] = strings.TrimFunc(cell, isSpaceOrBOM)
	}
	for len(rec) > 0 && rec[len(rec)-1] == "" {
		rec = rec[:len(rec)-1]
	}
	return rec
}

// isSpaceOrBOM reports whether r is white space, including the ideographic space, or U+FEFF.
func isSpaceOrBOM(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' }

// checkRecord checks a trimmed record against the size limits.
func checkRecord(rec []string, line int) error {
	if len(rec) > maxColumns {
		return invalid("tabular.error.too_many_columns", nil, "Line", line, "Max", maxColumns)
	}
	for _, cell := range rec {
		// The byte length bounds the rune count, so most cells need no counting.
		if len(cell) > maxCellChars && utf8.RuneCountInString(cell) > maxCellChars {
			return invalid("tabular.error.cell_too_long", nil, "Line", line, "Max", maxCellChars)
		}
	}
	return nil
}

// checkHeader checks that every column of the header has a name of its own, in text that can be
// stored (the import keeps the header).
func checkHeader(header []string) error {
	seen := make(map[string]bool, len(header))
	for i, name := range header {
		if name == "" {
			return invalid("tabular.error.header_blank", nil, "Column", i+1)
		}
		if !ValidText(name) {
			return invalid("tabular.error.header_text", nil, "Column", i+1)
		}
		if seen[name] {
			return invalid("tabular.error.header_duplicate", nil, "Name", name)
		}
		seen[name] = true
	}
	return nil
}
