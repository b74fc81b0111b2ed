package tabular_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/internal/tabular/badfiles"
	"github.com/csidesk/csidesk/internal/testkit"
)

// outcome is what reading a file of the corpus gives: the rows before its error, and the error's
// message key and arguments (no key: no error); check looks further at what was read.
type outcome struct {
	rows  int
	key   string
	args  []any
	check func(t *testing.T, got result)
}

// TestOpen_BadFiles reads each file of the corpus to its end or its first error. tabular has
// no size limit: the oversize file, written at 1 MiB here, is the import's to refuse, and so are
// the cells holding a NUL byte, which tabular passes on for the import to refuse their rows,
// naming the column.
func TestOpen_BadFiles(t *testing.T) {
	files, err := badfiles.Write(t.TempDir(), 1<<20)
	testkit.Must(t, err)
	want := map[string]outcome{
		"valid.csv":           {rows: 1000},
		"valid.xlsx":          {rows: 1000},
		"empty.csv":           {key: "tabular.error.empty"},
		"random.xlsx":         {key: "tabular.error.format"},
		"truncated.xlsx":      {key: "tabular.error.format"},
		"sst-bomb.xlsx":       {key: "tabular.error.xlsx_shared_strings", args: []any{"MiB", 16}},
		"sheet-bomb.xlsx":     {key: "tabular.error.xlsx_sheets", args: []any{"MiB", 128}},
		"styles-bomb.xlsx":    {key: "tabular.error.xlsx_part", args: []any{"Part", "xl/styles.xml", "MiB", 1}},
		"parts-bomb.xlsx":     {key: "tabular.error.xlsx_parts", args: []any{"Max", 1000}},
		"oversize.csv":        {rows: 12000},
		"wide.csv":            {key: "tabular.error.too_many_columns", args: []any{"Line", 1, "Max", 200}},
		"long-line.csv":       {key: "tabular.error.record_too_long", args: []any{"Line", 2, "MiB", 4}},
		"mixed-encodings.csv": {rows: 2000, key: "tabular.error.encoding", args: []any{"Line", 2002, "Encoding", "UTF-8", "Other", "GBK"}},
		"nul-cells.csv":       {rows: 2100, check: nulPassedOn},
	}
	if len(files) != len(want) {
		t.Fatalf("corpus of %d files, want %d", len(files), len(want))
	}
	for _, f := range files {
		t.Run(f.Name, func(t *testing.T) {
			w, ok := want[f.Name]
			if !ok {
				t.Fatalf("no outcome for %s (%s)", f.Name, f.About)
			}
			data, err := os.ReadFile(f.Path)
			testkit.Must(t, err)
			got := readAll(t, f.Name, data, tabular.Auto)
			if len(got.rows) != w.rows {
				t.Errorf("rows=%d, want %d", len(got.rows), w.rows)
			}
			if w.key == "" && got.err != nil {
				t.Fatalf("err=%v, want nil", got.err)
			}
			if w.key != "" {
				checkAppErr(t, got.err, w.key, w.args)
			}
			if w.check != nil {
				w.check(t, got)
			}
		})
	}
}

// nulPassedOn checks the first row of nul-cells.csv with a NUL byte: line 2002, the name's.
func nulPassedOn(t *testing.T, got result) {
	if r := got.rows[2000]; r.line != 2002 || r.cells[1] != "客\x00户2000" || tabular.ValidText(r.cells[1]) {
		t.Errorf("row 2000=%d %q, want line 2002 with a NUL in the name", r.line, r.cells)
	}
}

// TestOpen_XLSXCaps opens workbooks just past each cap on what an XLSX file unpacks to, or
// under the caps on size but past those on its pieces, and one at the cap on its parts.
func TestOpen_XLSXCaps(t *testing.T) {
	tests := []struct {
		name  string
		write func(w io.Writer) error
		key   string
		args  []any
	}{
		{"1,000 parts", func(w io.Writer) error { return badfiles.PartsBomb(w, 993, 0) }, "", nil},
		{"1,001 parts", func(w io.Writer) error { return badfiles.PartsBomb(w, 994, 0) },
			"tabular.error.xlsx_parts", []any{"Max", 1000}},
		{"other parts together", func(w io.Writer) error { return badfiles.PartsBomb(w, 5, 900<<10) },
			"tabular.error.xlsx_rest", []any{"MiB", 4}},
		{"sheet of white space under the size cap", func(w io.Writer) error { return badfiles.SheetBomb(w, 100<<20) },
			"tabular.error.xlsx_token", []any{"Part", "xl/worksheets/sheet1.xml", "KiB", 64}},
		{"shared strings under the size cap", func(w io.Writer) error { return badfiles.SharedStringsBomb(w, 15<<20) },
			"tabular.error.xlsx_shared_strings_count", []any{"Max", 600_000}},
		{"shared string of a long text", header(strings.Repeat("长", 30_000)),
			"tabular.error.xlsx_token", []any{"Part", "xl/sharedStrings.xml", "KiB", 64}},
		{"shared string long with its markup", header(strings.Repeat("x", 64<<10-10), "b"),
			"tabular.error.xlsx_token", []any{"Part", "xl/sharedStrings.xml", "KiB", 64}},
		{"row of 1,025 cells", header(names(1025)...), "tabular.error.xlsx_row_cells", []any{"Max", 1024}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			testkit.Must(t, tt.write(&b))
			got := readAll(t, "a.xlsx", b.Bytes(), tabular.Auto)
			if tt.key == "" && got.err != nil {
				t.Fatalf("err=%v, want nil", got.err)
			}
			if tt.key != "" {
				checkAppErr(t, got.err, tt.key, tt.args)
			}
		})
	}
}

// header writes a workbook whose only row is cells.
func header(cells ...string) func(w io.Writer) error {
	return func(w io.Writer) error { return badfiles.XLSX(w, cells, 0, badfiles.Row) }
}

// names are n distinct column names.
func names(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("c%d", i)
	}
	return out
}
