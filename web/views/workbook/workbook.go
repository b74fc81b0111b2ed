// Package workbook writes the app's Excel exports so that they look filed rather than dumped: a
// heading block (a title, then label and value rows such as the store, the period and when the
// workbook was made), bold header rows, numbers kept as numbers in a fixed format, a red fill
// for figures below the red line and grey for figures with too few surveys, and columns as wide
// as their text. Score reports and rankings use it; any other export may.
package workbook

import (
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ContentType is the media type of a workbook.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Book is a workbook being written; it keeps the first error, which Write returns.
type Book struct {
	f      *excelize.File
	styles map[look]int
	sheets []*Sheet
	err    error
}

// New starts an empty workbook.
func New() *Book {
	return &Book{f: excelize.NewFile(), styles: map[look]int{}}
}

// Sheet adds a sheet named name (without the characters Excel refuses, and at most 31 long).
func (b *Book) Sheet(name string) *Sheet {
	name = sheetName(name)
	if len(b.sheets) == 0 {
		b.keep(b.f.SetSheetName("Sheet1", name))
	} else {
		_, err := b.f.NewSheet(name)
		b.keep(err)
	}
	s := &Sheet{book: b, name: name}
	b.sheets = append(b.sheets, s)
	return s
}

// Write sets every sheet's column widths and writes the workbook to w.
func (b *Book) Write(w io.Writer) error {
	defer b.f.Close()
	for _, s := range b.sheets {
		s.setWidths()
	}
	if b.err != nil {
		return b.err
	}
	return b.f.Write(w)
}

func (b *Book) keep(err error) {
	if b.err == nil {
		b.err = err
	}
}

// sheetName drops the characters Excel refuses in a sheet's name and cuts it to 31 characters.
func sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	return name
}
