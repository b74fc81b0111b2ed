package workbook

import (
	"math"
	"strconv"
	"unicode"
)

// Cell is one value of a data row, with how it is shown.
type Cell struct {
	value  any
	format format
	mark   Mark
}

// format is how a cell's value is shown.
type format int

const (
	text        format = iota
	count              // a whole number
	score              // one decimal
	delta              // one decimal with its sign
	figure             // one or two decimals, as results from outside are kept
	figureDelta        // one or two decimals with its sign
	money              // yuan with thousands separators and two decimals
)

// Mark sets a cell apart: below the red line, or from too few surveys to judge.
type Mark int

// The marks of a cell.
const (
	Plain Mark = iota
	Fail       // red fill: below the red line
	Few        // grey: too few surveys for a verdict
)

// Text is a cell of text.
func Text(s string) Cell { return Cell{value: s, format: text} }

// Count is a whole number.
func Count(n int) Cell { return Cell{value: n, format: count} }

// Score is a score, kept as a number rounded to one decimal as the pages show it.
func Score(v float64) Cell { return Cell{value: round1(v), format: score} }

// Delta is a change of score, rounded to one decimal and shown with its sign.
func Delta(v float64) Cell { return Cell{value: round1(v), format: delta} }

// Figure is a figure kept to two decimals, such as a manufacturer's result: 92.49 stays 92.49.
func Figure(v float64) Cell { return Cell{value: round2(v), format: figure} }

// FigureDelta is a difference of such figures, shown with its sign.
func FigureDelta(v float64) Cell { return Cell{value: round2(v), format: figureDelta} }

// Yuan is an amount of money given in fen, shown in yuan with two decimals: -50050 is -500.50.
func Yuan(fen int64) Cell { return Cell{value: float64(fen) / 100, format: money} }

// Empty is a cell with nothing in it, such as a period without a score.
func Empty() Cell { return Cell{} }

// Marked is c with mark m.
func (c Cell) Marked(m Mark) Cell {
	c.mark = m
	return c
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// width is how many characters wide the cell's text is: Chinese characters count twice.
func (c Cell) width() float64 {
	var s string
	switch v := c.value.(type) {
	case string:
		s = v
	case int:
		s = strconv.Itoa(v)
	case float64:
		s = strconv.FormatFloat(v, 'f', 1, 64) + "+"
	}
	w := 0.0
	for _, r := range s {
		w++
		if unicode.Is(unicode.Han, r) || (r >= 0xFF00 && r <= 0xFFEF) || (r >= 0x3000 && r <= 0x303F) {
			w++
		}
	}
	return w
}
