package badfiles

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The parts every workbook here has besides its sheet and shared strings, as Excel writes them
// (less what no reader needs: document properties, theme).
const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`
	rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	workbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`
	workbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	stylesHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs>`
	stylesTail = `<xf xfId="0"/></cellXfs></styleSheet>`
	sheetHead  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	sheetTail = `</sheetData></worksheet>`
	sstHead   = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	sstTail = `</sst>`
)

// part is one member of an XLSX package: its name and what writes its content, stored as it is
// when store is set, else deflated.
type part struct {
	name  string
	write func(w io.Writer) error
	store bool
}

// text is a part whose content is s.
func text(name, s string) part {
	return part{name: name, write: func(w io.Writer) error { _, err := io.WriteString(w, s); return err }}
}

// padded is a part of head, then pad repeated until the part is about size bytes long, then
// tail: a part of any size that deflates to almost nothing. An empty pad adds nothing.
func padded(name, head, pad, tail string, size int64) part {
	if pad == "" {
		return text(name, head+tail)
	}
	return part{name: name, write: func(w io.Writer) error {
		block := strings.Repeat(pad, max(1, (64<<10)/len(pad)))
		if _, err := io.WriteString(w, head); err != nil {
			return err
		}
		for n := int64(len(head) + len(tail)); n < size; n += int64(len(block)) {
			if _, err := io.WriteString(w, block); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, tail)
		return err
	}}
}

// writeZip writes parts as a ZIP archive, their sizes in the central directory.
func writeZip(w io.Writer, parts ...part) error {
	zw := zip.NewWriter(w)
	for _, p := range parts {
		method := zip.Deflate
		if p.store {
			method = zip.Store
		}
		pw, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: method})
		if err != nil {
			return err
		}
		if err := p.write(pw); err != nil {
			return fmt.Errorf("badfiles: %s: %w", p.name, err)
		}
	}
	return zw.Close()
}

// book holds what a workbook's sheet refers to: its shared strings, each once.
type book struct {
	strings []string
	index   map[string]int
}

// workbookParts are the parts of a workbook besides sheet and shared strings.
func workbookParts(styles part, sheet part, sst part) []part {
	return []part{text("[Content_Types].xml", contentTypes), text("_rels/.rels", rootRels),
		text("xl/workbook.xml", workbook), text("xl/_rels/workbook.xml.rels", workbookRels),
		styles, sheet, sst}
}

// plainStyles is the styles part Excel writes for a workbook without formatting.
var plainStyles = text("xl/styles.xml", stylesHead+stylesTail)

// XLSX writes a workbook whose first sheet holds header, then the n rows row returns, every
// cell a shared string, as Excel saves a DMS export it opened.
func XLSX(w io.Writer, header []string, n int, row func(i int) []string) error {
	b := &book{index: map[string]int{}}
	var sheet bytes.Buffer
	sheet.WriteString(sheetHead)
	b.row(&sheet, 1, header)
	for i := range n {
		b.row(&sheet, i+2, row(i))
	}
	sheet.WriteString(sheetTail)
	return writeZip(w, workbookParts(plainStyles, text("xl/worksheets/sheet1.xml", sheet.String()),
		text("xl/sharedStrings.xml", b.sst()))...)
}

// row appends the XML of sheet row r holding cells.
func (b *book) row(sheet *bytes.Buffer, r int, cells []string) {
	fmt.Fprintf(sheet, `<row r="%d">`, r)
	for c, v := range cells {
		name, _ := excelize.CoordinatesToCellName(c+1, r) // cannot fail: c and r are in range
		fmt.Fprintf(sheet, `<c r="%s" t="s"><v>%d</v></c>`, name, b.add(v))
	}
	sheet.WriteString(`</row>`)
}

// add returns the index of s among the shared strings, adding it if new.
func (b *book) add(s string) int {
	i, ok := b.index[s]
	if !ok {
		i = len(b.strings)
		b.index[s] = i
		b.strings = append(b.strings, s)
	}
	return i
}

// sst is the shared strings part.
func (b *book) sst() string {
	var s strings.Builder
	s.WriteString(sstHead)
	for _, v := range b.strings {
		s.WriteString("<si><t>")
		_ = xml.EscapeText(&s, []byte(v)) // a strings.Builder does not fail
		s.WriteString("</t></si>")
	}
	s.WriteString(sstTail)
	return s.String()
}

// headerSheet is the sheet of a workbook whose only row is the header, as shared strings 0 to
// len(header)-1, then pad repeated up to size bytes.
func headerSheet(header []string, pad string, size int64) part {
	b := &book{index: map[string]int{}}
	var head bytes.Buffer
	head.WriteString(sheetHead)
	b.row(&head, 1, header)
	return padded("xl/worksheets/sheet1.xml", head.String(), pad, sheetTail, size)
}

// headerStrings is the shared strings part of headerSheet, then pad repeated up to size bytes.
func headerStrings(header []string, pad string, size int64) part {
	b := &book{index: map[string]int{}}
	for _, h := range header {
		b.add(h)
	}
	head := strings.TrimSuffix(b.sst(), sstTail)
	return padded("xl/sharedStrings.xml", head, pad, sstTail, size)
}

// SheetBomb writes a workbook of a few hundred kilobytes whose sheet unpacks to size bytes: a
// header row, then white space between rows, which an XML reader holds as one piece of text.
func SheetBomb(w io.Writer, size int64) error {
	return writeZip(w, workbookParts(plainStyles, headerSheet(Header, " ", size),
		headerStrings(Header, "", 0))...)
}

// SharedStringsBomb writes a workbook of a few hundred kilobytes whose shared strings unpack
// to size bytes: the header's strings, then millions of one-letter strings.
func SharedStringsBomb(w io.Writer, size int64) error {
	return writeZip(w, workbookParts(plainStyles, headerSheet(Header, "", 0),
		headerStrings(Header, "<si><t>x</t></si>", size))...)
}

// StylesBomb writes a workbook whose styles part unpacks to size bytes of cell formats, which
// a reader parses whole when it opens the file.
func StylesBomb(w io.Writer, size int64) error {
	styles := padded("xl/styles.xml", stylesHead, `<xf numFmtId="0"/>`, stylesTail, size)
	return writeZip(w, workbookParts(styles, headerSheet(Header, "", 0), headerStrings(Header, "", 0))...)
}

// PartsBomb writes a workbook padded with n more parts of size bytes each. Many empty parts
// cost a ZIP reader a record each when it opens the file (they are stored: deflating nothing
// costs a writer more than storing it); a few large ones cost a reader that keeps them.
func PartsBomb(w io.Writer, n int, size int64) error {
	parts := workbookParts(plainStyles, headerSheet(Header, "", 0), headerStrings(Header, "", 0))
	for i := range n {
		name := fmt.Sprintf("customXml/item%d.xml", i)
		p := text(name, "")
		p.store = true
		if size > 0 {
			p = padded(name, "", "x", "", size)
		}
		parts = append(parts, p)
	}
	return writeZip(w, parts...)
}
