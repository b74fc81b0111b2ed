package workbook

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestFileName(t *testing.T) {
	for _, tc := range []struct {
		parts []string
		want  string
	}{
		{[]string{"瑞丰宝马浦东", "2026第49周", "CSI"}, "瑞丰宝马浦东-2026第49周-CSI.xlsx"},
		{[]string{"A/B: \"C\"", " ", "x\ty"}, "A_B_ _C_-x_y.xlsx"},
	} {
		if got := FileName(tc.parts...); got != tc.want {
			t.Errorf("FileName(%q)=%q, want %q", tc.parts, got, tc.want)
		}
	}
}

// TestDisposition: a browser reading RFC 6266 gets the UTF-8 name back whole (Go's reader of
// media types decodes filename* as browsers do); an old one gets the plain ASCII fallback.
func TestDisposition(t *testing.T) {
	name := `瑞丰宝马浦东 4S 店-2026第49周-满意度周报 '100%';.xlsx`
	d := Disposition(name, `report "49".xlsx`)
	if !strings.HasPrefix(d, `attachment; filename="report__49_.xlsx"; filename*=UTF-8''`) {
		t.Errorf("Disposition=%q, want the quoted ASCII fallback first", d)
	}
	if encoded := d[strings.Index(d, "''")+2:]; !regexp.MustCompile("^([A-Za-z0-9!#$&+.^_`|~-]|%[0-9A-F]{2})+$").MatchString(encoded) {
		t.Errorf("filename*=%q, want only RFC 5987 attr-chars and %%XX", encoded)
	}
	_, params, err := mime.ParseMediaType(d)
	if err != nil || params["filename"] != name {
		t.Errorf("ParseMediaType(%q)=%q, %v, want %q", d, params["filename"], err, name)
	}
}

func TestSheetName(t *testing.T) {
	if got := sheetName("CSI · 售后满意度 [11/30]*?:" + strings.Repeat("长", 40)); len([]rune(got)) != 31 || strings.ContainsAny(got, `[]:*?/\`) {
		t.Errorf("sheetName=%q, want at most 31 characters Excel takes", got)
	}
}

// TestBook: a sheet written with every kind of row reads back with its heading, bold header,
// numbers as numbers in their formats, the marks' fills, and columns fitted to their text,
// Chinese counting double.
func TestBook(t *testing.T) {
	b := New()
	s := b.Sheet("CSI")
	s.Heading("周报", Fact{"门店", "一个名字很长很长很长很长很长很长很长很长很长很长的门店"})
	s.Section("各部门")
	s.Header("部门", "得分", "变化", "问卷数")
	s.Row(Text("售后服务部（机电、钣喷）"), Score(90.26).Marked(Fail), Delta(-1.04), Count(7))
	s.Row(Text("配件部"), Score(100).Marked(Few), Empty(), Count(2))
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, tc := range []struct {
		cell, text, format, fill string
		bold                     bool
	}{
		{"A1", "周报", "", "", true},
		{"A2", "门店", "", "", true},
		{"A4", "各部门", "", "", true},
		{"A5", "部门", "", "E9ECF0", true},
		{"B6", "90.3", "0.0", "FDECEA", true},
		{"C6", "-1.0", "+0.0;-0.0;0.0", "", false},
		{"D6", "7", "", "", false},
		{"B7", "100.0", "0.0", "EEEEEE", false},
		{"C7", "", "", "", false},
	} {
		got, _ := f.GetCellValue("CSI", tc.cell)
		id, _ := f.GetCellStyle("CSI", tc.cell)
		st, _ := f.GetStyle(id)
		format, fill := "", ""
		if st.CustomNumFmt != nil {
			format = *st.CustomNumFmt
		}
		if len(st.Fill.Color) > 0 {
			fill = strings.TrimPrefix(strings.ToUpper(st.Fill.Color[0]), "#")
		}
		if got != tc.text || format != tc.format || fill != tc.fill || st.Font.Bold != tc.bold {
			t.Errorf("%s=%q format %q fill %q bold %v, want %q %q %q %v", tc.cell, got, format, fill, st.Font.Bold,
				tc.text, tc.format, tc.fill, tc.bold)
		}
	}
	if raw, _ := f.GetCellValue("CSI", "B6", excelize.Options{RawCellValue: true}); raw != "90.3" {
		t.Errorf("B6 raw=%q, want the number 90.3 kept rounded as shown", raw)
	}
	id, _ := f.GetCellStyle("CSI", "A6")
	if st, _ := f.GetStyle(id); st.Alignment == nil || !st.Alignment.WrapText {
		t.Errorf("A6 alignment %+v, want text that wraps at the column's width", st.Alignment)
	}
	a, _ := f.GetColWidth("CSI", "A")
	d, _ := f.GetColWidth("CSI", "D")
	if a < 24 || a > 30 || d < 8 || d > 10 {
		t.Errorf("widths A=%v D=%v, want A fitted to 12 Chinese characters (not the long heading) and D to its header", a, d)
	}
}
