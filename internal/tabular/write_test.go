package tabular_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/internal/testkit"
)

func TestEscapeFormula(t *testing.T) {
	tests := []struct{ cell, want string }{
		{`=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"+SUM(1,2)", "'+SUM(1,2)"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"王芳", "王芳"},
		{"a=b", "a=b"},
		{"'=1", "'=1"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := tabular.EscapeFormula(tt.cell); got != tt.want {
			t.Errorf("EscapeFormula(%q)=%q, want %q", tt.cell, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct {
		s, want string
		valid   bool
	}{
		{"王芳", "王芳", true},
		{"王\x00芳", "王\uFFFD芳", false},
		{"a\xff\xfeb", "a\uFFFDb", false},
		{"", "", true},
	}
	for _, tt := range tests {
		if got := tabular.Clean(tt.s); got != tt.want {
			t.Errorf("Clean(%q)=%q, want %q", tt.s, got, tt.want)
		}
		if got := tabular.ValidText(tt.s); got != tt.valid {
			t.Errorf("ValidText(%q)=%v, want %v", tt.s, got, tt.valid)
		}
	}
}

// TestWriter: the file starts with a byte order mark and reads back as the cells written, each
// made safe: formulas escaped, NULs and bytes that are not UTF-8 replaced, quotes and line
// breaks kept.
func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := tabular.NewWriter(&b)
	testkit.Must(t, w.Write([]string{"行号", "客户姓名"}))
	testkit.Must(t, w.Write([]string{"2", `=HYPERLINK("http://x","y")`}))
	testkit.Must(t, w.Write([]string{"3", "王\x00芳\xff", "two\nlines, \"quoted\""}))
	testkit.Must(t, w.Flush())
	text, ok := strings.CutPrefix(b.String(), "\ufeff")
	if !ok {
		t.Fatalf("file %q, want it to start with a byte order mark", b.String())
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read back err=%v, want nil", err)
	}
	want := [][]string{{"行号", "客户姓名"}, {"2", `'=HYPERLINK("http://x","y")`}, {"3", "王\uFFFD芳\uFFFD", "two\nlines, \"quoted\""}}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("rows=%q, want %q", rows, want)
	}
}
