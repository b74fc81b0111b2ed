package tabular

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// maxRecordBytes bounds a CSV record, which encoding/csv holds whole however long it is: the
// largest the caps on columns and cells allow (200 cells of 4,000 three-byte characters, 2.3 MiB)
// with room for quoting. Without it, a 64 MiB file of one line cost three times that.
const maxRecordBytes = 4 << 20

// bom is the UTF-8 byte order mark, which Excel writes at the start of a "CSV UTF-8" file.
var bom = []byte("\xEF\xBB\xBF")

// csvSource reads the records of a CSV file, checking that their text is valid in its encoding.
type csvSource struct {
	r   *csv.Reader
	enc Encoding
}

// openCSV looks at the start of the file to settle its encoding and separator, and returns a
// source that decodes it, with the encoding it settled on.
func openCSV(br *bufio.Reader, enc Encoding) (*csvSource, Encoding, error) {
	if enc != Auto && enc != UTF8 && enc != GB18030 && enc != "" {
		return nil, "", fmt.Errorf("tabular: unknown encoding %q", enc)
	}
	head, err := br.Peek(peekSize)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, "", fmt.Errorf("tabular: read: %w", err)
	}
	// Text in UTF-8 or GB18030 has no NUL byte but a stray one in a cell, whose row the import
	// refuses; an image, an .xls or a UTF-16 file has them by the dozen.
	if bytes.Count(head, []byte{0}) > max(1, len(head)/1024) {
		return nil, "", invalid("tabular.error.format", nil)
	}
	if enc == Auto || enc == "" {
		enc = detect(head, err == nil)
	}
	comma := separator(head) // head is br's buffer, which reading the file reuses
	r := csv.NewReader(&recordGuard{r: decoded(br, head, enc), start: 1})
	r.Comma = comma
	r.FieldsPerRecord = -1
	return &csvSource{r: r, enc: enc}, enc, nil
}

// decoded returns the text of a file starting with head as UTF-8, without a UTF-8 BOM.
func decoded(br *bufio.Reader, head []byte, enc Encoding) io.Reader {
	if enc == GB18030 {
		return transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
	}
	if bytes.HasPrefix(head, bom) {
		_, _ = br.Discard(len(bom)) // cannot fail: the bytes are buffered
	}
	return br
}

// detect returns UTF8 when head, the start of a file, has a UTF-8 BOM or is valid UTF-8, and
// GB18030 otherwise. more says the file goes on past head, which may then end inside a rune.
func detect(head []byte, more bool) Encoding {
	if bytes.HasPrefix(head, bom) {
		return UTF8
	}
	if more {
		head = trimPartialRune(head)
	}
	if utf8.Valid(head) {
		return UTF8
	}
	return GB18030
}

// trimPartialRune drops the bytes of a rune that b ends in the middle of.
func trimPartialRune(b []byte) []byte {
	for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			return b
		}
	}
	return b
}

// separator returns the field separator of a file starting with head: a comma, unless the header
// line has none but has tabs (as in a "text" export) or semicolons (as Excel writes where the
// comma is the decimal mark). The bytes can be looked at undecoded, because no GB18030
// multi-byte character contains a comma, tab, semicolon or newline byte.
func separator(head []byte) rune {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	switch {
	case bytes.IndexByte(line, ',') >= 0:
		return ','
	case bytes.IndexByte(line, '\t') >= 0:
		return '\t'
	case bytes.IndexByte(line, ';') >= 0:
		return ';'
	}
	return ','
}

// next reads a record and checks its text.
func (s *csvSource) next() ([]string, int, error) {
	rec, err := s.r.Read()
	if err != nil {
		return nil, 0, readError(err)
	}
	line, _ := s.r.FieldPos(0)
	for i, cell := range rec {
		if !s.valid(cell) {
			at, _ := s.r.FieldPos(i)
			return nil, at, s.encodingError(at)
		}
	}
	return rec, line, nil
}

// valid reports whether cell is text the file's encoding can hold: valid UTF-8 when reading
// UTF-8, and free of U+FFFD, to which the GB18030 decoder turns bytes it cannot read.
func (s *csvSource) valid(cell string) bool {
	if s.enc == UTF8 {
		return utf8.ValidString(cell)
	}
	return !strings.ContainsRune(cell, utf8.RuneError)
}

// encodingError returns the error for text at line that is not valid in the file's encoding,
// naming the encoding the user chose (or Auto did) and the one to try instead.
func (s *csvSource) encodingError(line int) error {
	chosen, other := "UTF-8", "GBK"
	if s.enc == GB18030 {
		chosen, other = other, chosen
	}
	return invalid("tabular.error.encoding", nil, "Line", line, "Encoding", chosen, "Other", other)
}

// readError turns an error of the CSV reader into the package's: io.EOF as is, a parse error
// into a message naming the line its record starts on, and a read error wrapped.
func readError(err error) error {
	if errors.Is(err, io.EOF) {
		return io.EOF
	}
	var long *longRecordError
	if errors.As(err, &long) {
		return invalid("tabular.error.record_too_long", err, "Line", long.line, "MiB", maxRecordBytes>>20)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return invalid("tabular.error.csv", err, "Line", pe.StartLine)
	}
	return fmt.Errorf("tabular: read: %w", err)
}

// close does nothing: the caller owns the reader a CSV file comes from.
func (s *csvSource) close() error { return nil }

// recordGuard passes the text of a CSV file through and fails once a record runs past
// maxRecordBytes. It follows the quotes, as a quoted cell may hold line breaks; a stray quote
// that throws it off is a line the CSV reader refuses before this guard could mislead.
type recordGuard struct {
	r      io.Reader
	quoted bool
	// n is the length of the record so far; start is the line it starts on, and lines the line
	// breaks read.
	n, start, lines int
	err             error
}

// Read reads text, failing with a *longRecordError at the byte that makes a record too long.
func (g *recordGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	for i, c := range p[:n] {
		switch c {
		case '"':
			g.quoted = !g.quoted
		case '\n':
			g.lines++
			if !g.quoted {
				g.n, g.start = 0, g.lines+1
				continue
			}
		}
		if g.n++; g.n > maxRecordBytes {
			g.err = &longRecordError{line: g.start}
			return i, g.err
		}
	}
	return n, err
}

// longRecordError is a CSV record longer than maxRecordBytes, starting on line.
type longRecordError struct{ line int }

func (e *longRecordError) Error() string {
	return fmt.Sprintf("tabular: the record on line %d is longer than %d bytes", e.line, maxRecordBytes)
}
