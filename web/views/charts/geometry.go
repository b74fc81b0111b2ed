// Package charts draws small server-rendered SVG charts of scores.
//
// Charts use SVG presentation attributes only, because the Content-Security-Policy forbids
// inline styles, and print every number with fixed precision, so the same data always renders
// the same bytes.
package charts

import (
	"math"
	"strconv"
)

// Point is one period on a chart: its label (e.g. "第47周" or "Nov"), the score if the period
// has one (OK false: no surveys, leave a gap), and its hover text (e.g. the period's days, the
// score and the number of surveys). A muted point (a period still running, or too few surveys
// to judge) is drawn hollow and grey, never red, and the line does not run to it: a week two
// days old is not a crash. Its note (e.g. "进行中") goes under its label.
type Point struct {
	Label string
	Value float64
	OK    bool
	Muted bool
	Note  string
	Tip   string
}

// Series is one chart: a title, the points oldest first, and the red line (pass threshold,
// e.g. 95) drawn across it.
type Series struct {
	Title  string
	Points []Point
	Line   float64
}

// The viewBox is width × height; the plot area inside it leaves room for the value labels on
// the left, the red line's label on the right, the point values above and the period labels and
// notes below.
const (
	width  = 640
	height = 272
	left   = 40
	right  = 604
	top    = 20
	bottom = 228
)

// ceiling is the top of every y axis: scores are percentages.
const ceiling = 100

// Colours of the chart.
const (
	red  = "#c62828"
	blue = "#1f4e8c"
	grey = "#d0d0d0"
	mute = "#8a8f98"
	ink  = "#444"
)

// floor returns the bottom of the y axis: 2 under the lowest OK value or the red line,
// whichever is lower, rounded down to a multiple of 5; with no OK point, 10 under the line.
// It stays between 0 and 95 so the axis never collapses.
func floor(points []Point, line float64) float64 {
	lo, seen := line, false
	for _, p := range points {
		if p.OK {
			lo, seen = min(lo, p.Value), true
		}
	}
	if seen {
		lo = math.Floor((lo-2)/5) * 5
	} else {
		lo = line - 10
	}
	return min(max(lo, 0), ceiling-5)
}

// ticks returns the grid values from lo to the ceiling: multiples of the smallest step that
// gives at most five lines. The next smaller step, at most 2.5 times smaller, gave six or more,
// so there are at least three.
func ticks(lo float64) []float64 {
	step := 25.0
	for _, s := range []float64{2, 5, 10, 20} {
		if (ceiling-lo)/s < 5 {
			step = s
			break
		}
	}
	var out []float64
	for v := math.Ceil(lo/step) * step; v <= ceiling; v += step {
		out = append(out, v)
	}
	return out
}

// runs returns the indexes of the points in each unbroken run of OK points that are not muted,
// in order.
func runs(points []Point) [][]int {
	var out [][]int
	var cur []int
	for i, p := range points {
		if p.OK && !p.Muted {
			cur = append(cur, i)
			continue
		}
		if cur != nil {
			out = append(out, cur)
			cur = nil
		}
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out
}

// frame maps a series' periods and scores to viewBox coordinates.
type frame struct {
	n  int
	lo float64
}

func newFrame(s Series) frame {
	return frame{n: len(s.Points), lo: floor(s.Points, s.Line)}
}

// x is the centre of period i: the periods share the plot's width equally.
func (f frame) x(i int) float64 {
	return left + (float64(i)+0.5)*(right-left)/float64(f.n)
}

// y is the height of score v: lo at the bottom, the ceiling at the top.
func (f frame) y(v float64) float64 {
	return bottom - (v-f.lo)/(ceiling-f.lo)*(bottom-top)
}

// fill is the colour of a point's dot and value: grey when muted, red below the line.
func fill(p Point, line float64) string {
	switch {
	case p.Muted:
		return mute
	case p.Value < line:
		return red
	}
	return blue
}

// tip is a point's hover text: its own, or its label and score.
func tip(p Point) string {
	if p.Tip != "" {
		return p.Tip
	}
	return p.Label + ": " + score(p.Value)
}

// score prints a score with one decimal, as the reports do.
func score(v float64) string {
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// num prints a coordinate or axis value with at most one decimal.
func num(v float64) string { return string(appendNum(nil, v)) }

// appendNum appends v rounded to tenths, without a decimal when it is whole: a chart prints
// hundreds of them.
func appendNum(b []byte, v float64) []byte {
	tenths := int64(math.Round(v * 10))
	if tenths < 0 {
		b = append(b, '-')
		tenths = -tenths
	}
	b = strconv.AppendInt(b, tenths/10, 10)
	if d := tenths % 10; d != 0 {
		b = append(b, '.', byte('0'+d))
	}
	return b
}
