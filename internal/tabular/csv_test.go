package tabular_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/tabular"
)

func TestOpen_CSV(t *testing.T) {
	header := []string{"车架号", "客户", "交车日期"}
	text := "车架号,客户,交车日期\nLSV001,王芳,2024-03-05\nLSV002,李雷,2024-03-06\n"
	rows := []row{{2, []string{"LSV001", "王芳", "2024-03-05"}}, {3, []string{"LSV002", "李雷", "2024-03-06"}}}
	tests := []struct {
		name    string
		file    string
		data    []byte
		enc     tabular.Encoding
		wantEnc tabular.Encoding
		header  []string
		rows    []row
	}{
		{"UTF8", "a.csv", []byte(text), tabular.Auto, tabular.UTF8, header, rows},
		{"UTF8 with BOM", "a.csv", []byte("\uFEFF" + text), tabular.Auto, tabular.UTF8, header, rows},
		{"UTF8 with BOM forced", "a.csv", []byte("\uFEFF" + text), tabular.UTF8, tabular.UTF8, header, rows},
		{"empty encoding is Auto", "a.csv", []byte(text), "", tabular.UTF8, header, rows},
		{"GBK detected", "a.csv", gbk(t, text), tabular.Auto, tabular.GB18030, header, rows},
		{"GBK forced", "a.csv", gbk(t, text), tabular.GB18030, tabular.GB18030, header, rows},
		{"CRLF", "a.csv", []byte(strings.ReplaceAll(text, "\n", "\r\n")), tabular.Auto, tabular.UTF8, header, rows},
		{"no newline at end", "a.csv", []byte(strings.TrimSuffix(text, "\n")), tabular.Auto, tabular.UTF8, header, rows},
		{"txt", "a.TXT", []byte(text), tabular.Auto, tabular.UTF8, header, rows},
		{"unknown extension", "export", []byte(text), tabular.Auto, tabular.UTF8, header, rows},
		{"quoted commas and newlines", "a.csv",
			[]byte("name,note\n\"Li, Lei\",\"line one\r\nline \"\"two\"\"\"\n\nWang,plain\n"),
			tabular.Auto, tabular.UTF8, []string{"name", "note"},
			[]row{{2, []string{"Li, Lei", "line one\nline \"two\""}}, {5, []string{"Wang", "plain"}}}},
		{"tab separator", "a.txt", []byte("vin\tname\tnote\nLSV001\tLi, Lei\t\nLSV002\t\tx\n"),
			tabular.Auto, tabular.UTF8, []string{"vin", "name", "note"},
			[]row{{2, []string{"LSV001", "Li, Lei", ""}}, {3, []string{"LSV002", "", "x"}}}},
		{"semicolon separator", "a.csv", []byte("vin;amount\nLSV001;1,5\n"),
			tabular.Auto, tabular.UTF8, []string{"vin", "amount"}, []row{{2, []string{"LSV001", "1,5"}}}},
		{"comma wins over tab", "a.csv", []byte("a\tb,c\n1\t2,3\n"),
			tabular.Auto, tabular.UTF8, []string{"a\tb", "c"}, []row{{2, []string{"1\t2", "3"}}}},
		{"short rows padded", "a.csv", []byte("a,b,c\n1\n1,2\n"), tabular.Auto, tabular.UTF8,
			[]string{"a", "b", "c"}, []row{{2, []string{"1", "", ""}}, {3, []string{"1", "2", ""}}}},
		{"long rows kept", "a.csv", []byte("a,b\n1,2,3\n"), tabular.Auto, tabular.UTF8,
			[]string{"a", "b"}, []row{{2, []string{"1", "2", "3"}}}},
		{"blank rows skipped", "a.csv", []byte("\n , \na,b\n\n,\n 1 ,　2　\n\t,,,\n3,\n"), tabular.Auto, tabular.UTF8,
			[]string{"a", "b"}, []row{{6, []string{"1", "2"}}, {8, []string{"3", ""}}}},
		{"blank cells at the end dropped", "a.csv", []byte("a,b,,\n1,2,,\n"), tabular.Auto, tabular.UTF8,
			[]string{"a", "b"}, []row{{2, []string{"1", "2"}}}},
		{"header only", "a.csv", []byte("a,b\n"), tabular.Auto, tabular.UTF8, []string{"a", "b"}, nil},
		{"4000 characters", "a.csv", []byte("a\n" + strings.Repeat("字", 4000) + "\n"), tabular.Auto, tabular.UTF8,
			[]string{"a"}, []row{{2, []string{strings.Repeat("字", 4000)}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, tt.file, tt.data, tt.enc)
			if got.err != nil {
				t.Fatalf("err=%v, want nil", got.err)
			}
			if !slices.Equal(got.header, tt.header) {
				t.Errorf("Header=%q, want %q", got.header, tt.header)
			}
			if got.enc != tt.wantEnc {
				t.Errorf("Encoding=%v, want %v", got.enc, tt.wantEnc)
			}
			checkRows(t, got.rows, tt.rows)
		})
	}
}

func TestOpen_CSVErrors(t *testing.T) {
	asciiHead := "vin,name\nLSV001,Li Lei\n"
	tests := []struct {
		name string
		file string
		data []byte
		enc  tabular.Encoding
		key  string
		args []any
		rows int // rows read before the error
	}{
		{"UTF8 forced on GBK", "a.csv", concat([]byte(asciiHead), gbk(t, "LSV002,王芳\n")), tabular.UTF8,
			"tabular.error.encoding", []any{"Line", 3, "Encoding", "UTF-8", "Other", "GBK"}, 1},
		{"UTF8 forced on a GBK header", "a.csv", gbk(t, "车架号\n"), tabular.UTF8,
			"tabular.error.encoding", []any{"Line", 1, "Encoding", "UTF-8", "Other", "GBK"}, 0},
		{"GBK after the first 64 KiB", "a.csv",
			concat([]byte(asciiHead), bytes.Repeat([]byte("LSV003,Li Lei\n"), 5000), gbk(t, "LSV004,王芳\n")),
			tabular.Auto, "tabular.error.encoding", []any{"Line", 5003, "Encoding", "UTF-8", "Other", "GBK"}, 5001},
		{"invalid GB18030", "a.csv", concat([]byte(asciiHead), []byte("LSV002,\xFF\xFF\n")), tabular.GB18030,
			"tabular.error.encoding", []any{"Line", 3, "Encoding", "GBK", "Other", "UTF-8"}, 1},
		{"invalid in a later line of a quoted cell", "a.csv", []byte("a,b\n1,\"x\ny\xFF\"\n"), tabular.UTF8,
			"tabular.error.encoding", []any{"Line", 2, "Encoding", "UTF-8", "Other", "GBK"}, 0},
		{"bare quote", "a.csv", []byte("a,b\n1,2\n3,x\"y\n4,5\n"), tabular.Auto,
			"tabular.error.csv", []any{"Line", 3}, 1},
		{"unclosed quote", "a.csv", []byte("a,b\n1,2\n3,\"x\n4,5\n"), tabular.Auto,
			"tabular.error.csv", []any{"Line", 3}, 1},
		{"bare quote in header", "a.csv", []byte("a,b\"\n"), tabular.Auto, "tabular.error.csv", []any{"Line", 1}, 0},
		{"empty", "a.csv", nil, tabular.Auto, "tabular.error.empty", nil, 0},
		{"blank lines only", "a.csv", []byte("\n , \n\n"), tabular.Auto, "tabular.error.empty", nil, 0},
		{"blank header cell", "a.csv", []byte("a,,c\n1,2,3\n"), tabular.Auto,
			"tabular.error.header_blank", []any{"Column", 2}, 0},
		{"duplicate header", "a.csv", []byte("a, b ,b\n"), tabular.Auto,
			"tabular.error.header_duplicate", []any{"Name", "b"}, 0},
		{"201 columns", "a.csv", []byte(strings.Repeat("c,", 200) + "c\n"), tabular.Auto,
			"tabular.error.too_many_columns", []any{"Line", 1, "Max", 200}, 0},
		{"201 columns in a row", "a.csv", []byte("a\n1\n" + strings.Repeat("1,", 201) + "\n"), tabular.Auto,
			"tabular.error.too_many_columns", []any{"Line", 3, "Max", 200}, 1},
		{"4001 characters", "a.csv", []byte("a\n" + strings.Repeat("x", 4001) + "\n"), tabular.Auto,
			"tabular.error.cell_too_long", []any{"Line", 2, "Max", 4000}, 0},
		{"binary", "photo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), tabular.Auto,
			"tabular.error.format", nil, 0},
		{"xls named csv", "a.csv", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"), tabular.Auto,
			"tabular.error.format", nil, 0},
		{"UTF-16", "a.csv", []byte("\xFF\xFEa\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00"), tabular.Auto,
			"tabular.error.format", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, tt.file, tt.data, tt.enc)
			checkAppErr(t, got.err, tt.key, tt.args)
			if len(got.rows) != tt.rows {
				t.Errorf("rows before the error=%v, want %v", len(got.rows), tt.rows)
			}
		})
	}
}

func TestOpen_Detect(t *testing.T) {
	// A rune cut by the end of the 64 KiB Open looks at is still UTF-8.
	head := "a\n" + strings.Repeat("x", 64<<10-2-1) + "中\n"
	tests := []struct {
		name string
		data []byte
		want tabular.Encoding
	}{
		{"ASCII", []byte("a,b\n1,2\n"), tabular.UTF8},
		{"rune across the peek boundary", []byte(head), tabular.UTF8},
		{"GBK header", gbk(t, "车架号,客户\n"), tabular.GB18030},
		{"BOM then invalid UTF-8", []byte("\uFEFFa\n\xFF\n"), tabular.UTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := tabular.Open("a.csv", bytes.NewReader(tt.data), int64(len(tt.data)), tabular.Auto)
			if err != nil {
				t.Fatalf("Open err=%v, want nil", err)
			}
			if got := tab.Encoding(); got != tt.want {
				t.Errorf("Encoding=%v, want %v", got, tt.want)
			}
		})
	}
}

func TestTable_Next(t *testing.T) {
	t.Run("error again after an error", func(t *testing.T) {
		tab, err := tabular.Open("a.csv", strings.NewReader("a\n\"\n1\n"), 6, tabular.Auto)
		if err != nil {
			t.Fatalf("Open err=%v, want nil", err)
		}
		_, _, first := tab.Next()
		_, _, again := tab.Next()
		if first == nil || again != first {
			t.Errorf("Next err=%v then %v, want the same error twice", first, again)
		}
	})
	t.Run("a NUL in a cell passes on", func(t *testing.T) {
		got := readAll(t, "a.csv", []byte("a,b\n1,x\x00y\n"), tabular.Auto)
		checkRows(t, got.rows, []row{{2, []string{"1", "x\x00y"}}})
		if got.err != nil {
			t.Errorf("err=%v, want nil: the import refuses the row, not the file", got.err)
		}
	})
	t.Run("unknown encoding", func(t *testing.T) {
		if _, err := tabular.Open("a.csv", strings.NewReader("a\n"), 2, "latin1"); err == nil {
			t.Errorf("Open err=nil, want an error")
		}
	})
}

func TestOpen_ReadError(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		start string // what reads before the error
	}{
		{"CSV", "a.csv", "a,b\n1,2\n"},
		{"CSV at once", "a.csv", ""},
		{"XLSX", "a.xlsx", "PK\x03\x04"},
		{"sniffed XLSX", "a", "PK\x03\x04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := errors.New("connection reset")
			r := failingReaderAt{data: []byte(tt.start), err: want}
			_, err := tabular.Open(tt.file, r, int64(len(tt.start)+100), tabular.Auto)
			if !errors.Is(err, want) {
				t.Errorf("Open err=%v, want %v", err, want)
			}
			if _, ok := apperr.As(err); ok {
				t.Errorf("Open err=%v, want no *apperr.Error", err)
			}
		})
	}
}

// failingReaderAt holds data, then fails with err where data ends.
type failingReaderAt struct {
	data []byte
	err  error
}

func (f failingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(f.data)) {
		return 0, f.err
	}
	n := copy(p, f.data[off:])
	if n < len(p) {
		return n, f.err
	}
	return n, nil
}

// TestOpen_LongRecord: a record past 4 MiB is refused at the line it starts on, be it one line
// or a quoted cell of many; a file of many short records is not one long record.
func TestOpen_LongRecord(t *testing.T) {
	const n = 400_000
	many := strings.Repeat("1234567890,2\n", n)
	tests := []struct {
		name string
		text string
		err  bool
	}{
		{"short records past 4 MiB in all", "a,b\n" + many, false},
		{"one line", "a,b\n1,2\n" + strings.Repeat("x", 5<<20) + "\n", true},
		{"a quoted cell of many lines", "a,b\n1,2\n\"" + strings.Repeat("x\n", 3<<20) + "\",2\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, "a.csv", []byte(tt.text), tabular.UTF8)
			if !tt.err {
				if got.err != nil || len(got.rows) != n {
					t.Errorf("err=%v rows=%d, want %d rows", got.err, len(got.rows), n)
				}
				return
			}
			checkAppErr(t, got.err, "tabular.error.record_too_long", []any{"Line", 3, "MiB", 4})
		})
	}
}
