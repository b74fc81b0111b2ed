package workbook

import "github.com/xuri/excelize/v2"

// role is the part of a sheet a row belongs to.
type role int

const (
	roleBody role = iota
	roleTitle
	roleLabel
	roleNote
	roleHeader
)

// look is everything a cell's style depends on.
type look struct {
	role   role
	format format
	mark   Mark
}

// The colours of the exports: the pages' red for figures below the line, grey for too few.
const (
	failFill   = "FDECEA"
	failInk    = "C62828"
	fewFill    = "EEEEEE"
	fewInk     = "808080"
	headerFill = "E9ECF0"
	rule       = "A0A4AB"
)

// numFmts are the number formats of the formats: 1 is Excel's built-in "0".
var numFmts = map[format]string{score: "0.0", delta: "+0.0;-0.0;0.0", figure: "0.0#", figureDelta: "+0.0#;-0.0#;0.0", money: "#,##0.00"}

// style is the id of the style of l, made the first time it is asked for.
func (b *Book) style(l look) int {
	if id, ok := b.styles[l]; ok {
		return id
	}
	id, err := b.f.NewStyle(l.style())
	b.keep(err)
	b.styles[l] = id
	return id
}

// style is the excelize style of l.
func (l look) style() *excelize.Style {
	st := &excelize.Style{Font: &excelize.Font{Size: 11}}
	switch l.role {
	case roleTitle:
		st.Font.Bold, st.Font.Size = true, 14
	case roleLabel:
		st.Font.Bold = true
	case roleNote:
		st.Font.Color = fewInk
	case roleHeader:
		st.Font.Bold = true
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{headerFill}}
		st.Border = []excelize.Border{{Type: "bottom", Color: rule, Style: 1}}
		st.Alignment = &excelize.Alignment{Vertical: "center", WrapText: true}
	}
	if l.role == roleBody { // a long question wraps at the widest column; its row's figures stay beside its top
		st.Alignment = &excelize.Alignment{Vertical: "top", WrapText: l.format == text}
	}
	if l.format == count {
		st.NumFmt = 1
	} else if f, ok := numFmts[l.format]; ok {
		st.CustomNumFmt = &f
	}
	switch l.mark {
	case Fail:
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{failFill}}
		st.Font.Color, st.Font.Bold = failInk, true
	case Few:
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fewFill}}
		st.Font.Color = fewInk
	}
	return st
}
