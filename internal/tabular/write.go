package tabular

import (
	"bufio"
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"
)

// Writer writes a CSV file for people to open in a spreadsheet: UTF-8 with a byte order mark,
// which Excel needs to read Chinese, and every cell as text (EscapeFormula, Clean). Every CSV
// file the app writes goes through it.
type Writer struct {
	w *csv.Writer
}

// NewWriter returns a Writer to w; the byte order mark goes first, with the first flush.
func NewWriter(w io.Writer) *Writer {
	bw := bufio.NewWriter(w)
	_, _ = bw.WriteString("\ufeff") // a bufio.Writer keeps a write error for Flush to report
	return &Writer{w: csv.NewWriter(bw)}
}

// Write writes one record, each cell made safe to open.
func (w *Writer) Write(record []string) error {
	cells := make([]string, len(record))
	for i, c := range record {
		cells[i] = EscapeFormula(Clean(c))
	}
	return w.w.Write(cells)
}

// Flush writes what is buffered and returns the first error of any write.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// EscapeFormula keeps a spreadsheet from running a cell as a formula: a cell starting with "=",
// "+", "-" or "@", or with a tab or carriage return (which Excel skips before them), gets a
// single quote in front, as OWASP advises against CSV injection. A customer named
// =HYPERLINK("http://x","y") is then shown, not linked; a negative number reads as text.
func EscapeFormula(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// ValidText reports whether s is text that PostgreSQL can store: valid UTF-8 without a NUL.
func ValidText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// Clean returns s with each NUL, and each run of bytes that are not UTF-8, turned into U+FFFD,
// so that text that cannot be stored can still be shown or written.
func Clean(s string) string {
	if ValidText(s) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}
