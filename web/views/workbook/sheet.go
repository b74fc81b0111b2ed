package workbook

import (
	"math"

	"github.com/xuri/excelize/v2"
)

// Sheet appends rows to one sheet of a book.
type Sheet struct {
	book   *Book
	name   string
	row    int
	widths []float64 // the widest text of each column's header and data cells
}

// Fact is one line of a sheet's heading block: a label and its value.
type Fact struct {
	Label, Value string
}

// Heading writes the sheet's title in large bold type, then a label and value row per fact.
// Heading text may run across empty cells to its right, so it does not widen the columns.
func (s *Sheet) Heading(title string, facts ...Fact) {
	s.put([]Cell{Text(title)}, roleTitle, false)
	for _, f := range facts {
		s.put([]Cell{Text(f.Label), Text(f.Value)}, roleLabel, false)
	}
}

// Section leaves a blank row, then writes a section's title in bold.
func (s *Sheet) Section(title string) {
	s.row++
	s.put([]Cell{Text(title)}, roleLabel, false)
}

// Note writes a line of explanation, which may run across the empty cells to its right.
func (s *Sheet) Note(text string) {
	s.put([]Cell{Text(text)}, roleNote, false)
}

// Header writes a row of column names: bold, on a grey band, underlined.
func (s *Sheet) Header(names ...string) {
	cells := make([]Cell, len(names))
	for i, n := range names {
		cells[i] = Text(n)
	}
	s.put(cells, roleHeader, true)
}

// Row writes a row of data cells.
func (s *Sheet) Row(cells ...Cell) {
	s.put(cells, roleBody, true)
}

// put writes cells into the next row with the style of their role, format and mark; counted
// cells widen their columns to fit.
func (s *Sheet) put(cells []Cell, r role, counted bool) {
	s.row++
	b := s.book
	for i, c := range cells {
		ref, err := excelize.CoordinatesToCellName(i+1, s.row)
		if err != nil {
			b.keep(err)
			return
		}
		if c.value != nil {
			b.keep(b.f.SetCellValue(s.name, ref, c.value))
		}
		b.keep(b.f.SetCellStyle(s.name, ref, ref, b.style(look{r, c.format, c.mark})))
		if counted {
			s.fit(i, c.width())
		}
	}
}

// fit widens column i to hold w characters.
func (s *Sheet) fit(i int, w float64) {
	for len(s.widths) <= i {
		s.widths = append(s.widths, 0)
	}
	s.widths[i] = max(s.widths[i], w)
}

// setWidths sets each column to its widest cell, with a margin, between 8 and 60 characters.
func (s *Sheet) setWidths() {
	for i, w := range s.widths {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			s.book.keep(err)
			return
		}
		s.book.keep(s.book.f.SetColWidth(s.name, col, col, math.Min(60, math.Max(8, math.Ceil(w*1.1)+2))))
	}
}
