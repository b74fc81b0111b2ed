package tabular_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/tabular"
)

// maxFuzzRows bounds the rows a fuzzed file may yield: far more than any input of fuzzing size
// can hold, even an XLSX file that unpacks to many times its size.
const maxFuzzRows = 1 << 20

// fuzzEncodings are the encodings a fuzzed file is read in, chosen by a fuzzed number.
var fuzzEncodings = []tabular.Encoding{tabular.Auto, tabular.UTF8, tabular.GB18030}

func FuzzOpen(f *testing.F) {
	csvSeeds := []string{
		"车架号,客户,交车日期\nLSV001,王芳,2024-03-05\n",
		"\uFEFFa,b\r\n1,2\r\n",
		"name,note\n\"Li, Lei\",\"line one\nline two\"\n\nWang,plain\n",
		"vin\tname\nLSV001\tLi\n",
		"vin;amount\nLSV001;1,5\n",
		"a,b,c\n1\n\n,\n",
		"a,,c\n", "a,b,a\n", "a,b\n3,x\"y\n", "",
	}
	for i, s := range csvSeeds {
		f.Add("a.csv", []byte(s), uint8(i))
	}
	f.Add("a.csv", gbk(f, csvSeeds[0]), uint8(0))
	f.Add("a.csv", []byte("a\n\xFF\n"), uint8(2))
	f.Add("a.png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), uint8(0))
	f.Add("a.xlsx", newXLSX(f, deliveries()), uint8(0))
	f.Add("export", newXLSX(f, [][]cell{{{value: "a"}}, {{value: 1.5}}}), uint8(1))
	f.Fuzz(func(t *testing.T, name string, data []byte, enc uint8) {
		tab, err := tabular.Open(name, bytes.NewReader(data), int64(len(data)), fuzzEncodings[int(enc)%len(fuzzEncodings)])
		if err != nil {
			checkFuzzErr(t, err)
			return
		}
		defer tab.Close()
		checkFuzzHeader(t, tab)
		for range maxFuzzRows {
			row, _, err := tab.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				checkFuzzErr(t, err)
				return
			}
			checkFuzzRow(t, row, len(tab.Header()))
		}
		t.Fatalf("Next gave %v rows without io.EOF or an error, want an end", maxFuzzRows)
	})
}

// checkFuzzErr fails t unless err is an *apperr.Error: reading from memory never fails, so
// every error is about the file's content.
func checkFuzzErr(t *testing.T, err error) {
	t.Helper()
	if _, ok := apperr.As(err); !ok {
		t.Fatalf("err=%v, want an *apperr.Error", err)
	}
}

// checkFuzzHeader fails t unless the table's header and encoding are ones Open may return.
func checkFuzzHeader(t *testing.T, tab *tabular.Table) {
	t.Helper()
	if enc := tab.Encoding(); enc != tabular.UTF8 && enc != tabular.GB18030 {
		t.Errorf("Encoding=%v, want %v or %v", enc, tabular.UTF8, tabular.GB18030)
	}
	header := tab.Header()
	if len(header) == 0 {
		t.Fatalf("Header=%q, want at least one cell", header)
	}
	seen := map[string]bool{}
	for _, h := range header {
		if h == "" || seen[h] || !utf8.ValidString(h) {
			t.Errorf("Header=%q, want distinct non-blank UTF-8 cells", header)
		}
		seen[h] = true
	}
}

// checkFuzzRow fails t unless row is as long as the header at least and its cells are trimmed
// UTF-8 text.
func checkFuzzRow(t *testing.T, row []string, columns int) {
	t.Helper()
	if len(row) < columns {
		t.Errorf("len(row)=%v, want at least %v", len(row), columns)
	}
	for _, c := range row {
		if !utf8.ValidString(c) || strings.TrimSpace(c) != c {
			t.Errorf("cell %q, want trimmed UTF-8", c)
		}
	}
}
