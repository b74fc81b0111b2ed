package tabular

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// maxToken bounds one piece of an XML part of a workbook: a tag, a run of text, a comment, and
// one shared string whole. An XML reader holds each piece in memory at once (a sheet padded with
// 200 MiB of white space between two rows cost 942 MiB). 64 KiB holds any cell the import
// takes, 4,000 characters however escaped, and every tag Excel writes; a cell up to some 20,000
// characters still reaches the import's own check, which names its line.
const maxToken = 64 << 10

// Errors of scanXML, which the workbook check turns into messages naming the part.
var (
	errLongToken = errors.New("tabular: XML token too long")
	errDoctype   = errors.New("tabular: XML document type declaration")
)

// xmlScanner reads an XML part piece by piece without keeping any of it, to check it before an
// XML reader holds its pieces whole. It knows no more XML than it needs for that: where text,
// tags (with their quoted attribute values), comments, CDATA sections and processing
// instructions end.
type xmlScanner struct {
	br *bufio.Reader
	// at is how many bytes have been read.
	at int64
	// visit sees the local name of each start tag and the offset of its "<".
	visit func(name []byte, at int64) error
}

// scanXML reads an XML part to its end, calling visit for each start tag, and returns its
// length. A piece longer than maxToken is errLongToken; a document type declaration, which no
// workbook has and which could declare entities, is errDoctype.
func scanXML(r io.Reader, visit func(name []byte, at int64) error) (int64, error) {
	s := &xmlScanner{br: bufio.NewReaderSize(r, maxToken), visit: visit}
	for {
		text, err := s.br.ReadSlice('<')
		s.at += int64(len(text))
		switch {
		case errors.Is(err, io.EOF):
			return s.at, nil
		case errors.Is(err, bufio.ErrBufferFull):
			return s.at, errLongToken
		case err != nil:
			return s.at, err
		}
		if err := s.markup(); err != nil {
			return s.at, err
		}
	}
}

// markup reads a piece of markup, its "<" read already.
func (s *xmlScanner) markup() error {
	head, err := s.br.Peek(9)
	if len(head) == 0 {
		return eof(err)
	}
	switch {
	case bytes.HasPrefix(head, []byte("!--")):
		return s.until("-->")
	case bytes.HasPrefix(head, []byte("![CDATA[")):
		return s.until("]]>")
	case head[0] == '!':
		return errDoctype
	case head[0] == '?':
		return s.until("?>")
	case head[0] == '/':
		return s.until(">")
	}
	return s.tag()
}

// until reads up to and including end, which closes a comment, CDATA section, processing
// instruction or end tag.
func (s *xmlScanner) until(end string) error {
	var n int
	var tail []byte
	for {
		b, err := s.br.ReadSlice(end[len(end)-1])
		if err := s.count(&n, b, err); err != nil {
			return err
		}
		tail = append(tail, b[max(0, len(b)-len(end)):]...)
		if bytes.HasSuffix(tail, []byte(end)) {
			return nil
		}
		tail = tail[max(0, len(tail)-len(end)):]
	}
}

// tag reads a start tag (or an empty-element tag) to the ">" that closes it, outside the quotes
// of its attribute values, and shows visit its local name.
func (s *xmlScanner) tag() error {
	start := s.at - 1
	var n int
	var quote byte
	for first := true; ; first = false {
		b, err := s.br.ReadSlice('>')
		if err := s.count(&n, b, err); err != nil {
			return err
		}
		if first {
			if err := s.visit(localName(b), start); err != nil {
				return err
			}
		}
		for _, c := range b {
			switch {
			case quote == 0 && (c == '"' || c == '\''):
				quote = c
			case c == quote:
				quote = 0
			}
		}
		if quote == 0 {
			return nil
		}
	}
}

// count adds what one read of a piece gave to its length n, and turns the read's error into
// the scan's.
func (s *xmlScanner) count(n *int, b []byte, err error) error {
	*n += len(b)
	s.at += int64(len(b))
	if *n > maxToken || errors.Is(err, bufio.ErrBufferFull) {
		return errLongToken
	}
	return eof(err)
}

// eof makes the end of a part inside a piece of markup an unexpected one.
func eof(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// localName is the name of the tag that b starts, without its namespace prefix.
func localName(b []byte) []byte {
	end := bytes.IndexAny(b, " \t\r\n/>")
	if end < 0 {
		end = len(b)
	}
	name := b[:end]
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return name
}
