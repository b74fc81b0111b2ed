package tabular_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/internal/testkit"
)

// cell is a value to write to an XLSX sheet with a number format, built-in (numFmt) or custom.
type cell struct {
	value  any
	numFmt int
	custom string
}

// newXLSX returns an XLSX file whose first sheet holds rows, starting at row 1; a nil row is left
// out of the sheet. A second sheet holds a row that must never be read.
func newXLSX(t testing.TB, rows [][]cell) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, cells := range rows {
		for c, v := range cells {
			name, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				t.Fatalf("CoordinatesToCellName err=%v, want nil", err)
			}
			setCell(t, f, name, v)
		}
	}
	if _, err := f.NewSheet("Sheet2"); err != nil {
		t.Fatalf("NewSheet err=%v, want nil", err)
	}
	if err := f.SetCellValue("Sheet2", "A1", "not the first sheet"); err != nil {
		t.Fatalf("SetCellValue err=%v, want nil", err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatalf("WriteToBuffer err=%v, want nil", err)
	}
	return buf.Bytes()
}

// setCell writes v to the named cell of Sheet1, with its number format.
func setCell(t testing.TB, f *excelize.File, name string, v cell) {
	t.Helper()
	if err := f.SetCellValue("Sheet1", name, v.value); err != nil {
		t.Fatalf("SetCellValue err=%v, want nil", err)
	}
	style := &excelize.Style{NumFmt: v.numFmt}
	if v.custom != "" {
		style = &excelize.Style{CustomNumFmt: &v.custom}
	}
	id, err := f.NewStyle(style)
	if err != nil {
		t.Fatalf("NewStyle err=%v, want nil", err)
	}
	if err := f.SetCellStyle("Sheet1", name, name, id); err != nil {
		t.Fatalf("SetCellStyle err=%v, want nil", err)
	}
}

// deliveries is a sheet with a cell of each kind, a blank row and a short row.
func deliveries() [][]cell {
	at := time.Date(2024, 3, 5, 13, 45, 30, 0, time.UTC)
	names := []string{"车架号", "金额", "价格", "日期", "日期时间", "美式日期", "中文日期", "中文日期时间", "时刻"}
	var header []cell
	for _, n := range names {
		header = append(header, cell{value: n})
	}
	return [][]cell{
		header,
		{
			{value: " LSV001 "},
			{value: 12345.5},
			{value: 12345.5, numFmt: 2},
			{value: at, numFmt: 14},
			{value: at, numFmt: 22},
			{value: at, custom: "m/d/yyyy;@"},
			{value: at, numFmt: 31},
			{value: at, custom: `yyyy"年"m"月"d"日" h:mm AM/PM`},
			{value: at, numFmt: 20},
		},
		nil,
		{{value: "LSV002"}},
	}
}

func TestOpen_XLSX(t *testing.T) {
	data := newXLSX(t, deliveries())
	header := []string{"车架号", "金额", "价格", "日期", "日期时间", "美式日期", "中文日期", "中文日期时间", "时刻"}
	rows := []row{
		{2, []string{"LSV001", "12345.5", "12345.50", "2024-03-05", "2024-03-05 13:45", "2024-03-05", "2024-03-05",
			"2024-03-05 13:45", "13:45"}},
		{4, []string{"LSV002", "", "", "", "", "", "", "", ""}},
	}
	for _, name := range []string{"export.xlsx", "EXPORT.XLSX", "export", "export.xlsm"} {
		t.Run(name, func(t *testing.T) {
			got := readAll(t, name, data, tabular.GB18030)
			if got.err != nil {
				t.Fatalf("err=%v, want nil", got.err)
			}
			if !slices.Equal(got.header, header) {
				t.Errorf("Header=%q, want %q", got.header, header)
			}
			if got.enc != tabular.UTF8 {
				t.Errorf("Encoding=%v, want %v", got.enc, tabular.UTF8)
			}
			checkRows(t, got.rows, rows)
		})
	}
}

func TestOpen_XLSXErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		data []byte
		key  string
		args []any
	}{
		{"XLSX named csv", "a.csv", newXLSX(t, deliveries()), "tabular.error.format", nil},
		{"garbage named xlsx", "a.xlsx", []byte("vin,name\n1,2\n"), "tabular.error.format", nil},
		{"broken ZIP", "a", []byte("PK\x03\x04 not really a ZIP"), "tabular.error.format", nil},
		{"empty sheet", "a.xlsx", newXLSX(t, nil), "tabular.error.empty", nil},
		{"blank header cell", "a.xlsx", newXLSX(t, [][]cell{{{value: "a"}, {value: ""}, {value: "c"}}}),
			"tabular.error.header_blank", []any{"Column", 2}},
		{"duplicate header", "a.xlsx", newXLSX(t, [][]cell{{{value: "a"}, {value: "a"}}}),
			"tabular.error.header_duplicate", []any{"Name", "a"}},
		// Excel writes a NUL as the escape _x0000_, which excelize reads back as a NUL.
		{"NUL in the header", "a.xlsx", headerXLSX(t, "a", "b_x0000_c"), "tabular.error.header_text", []any{"Column", 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, tt.file, tt.data, tabular.Auto)
			checkAppErr(t, got.err, tt.key, tt.args)
		})
	}
}

// headerXLSX is a workbook whose only row is cells, as shared strings written as they are.
func headerXLSX(t *testing.T, cells ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	testkit.Must(t, header(cells...)(&b))
	return b.Bytes()
}
