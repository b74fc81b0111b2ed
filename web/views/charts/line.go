package charts

import (
	"context"
	"html"
	"io"
	"sync"

	"github.com/a-h/templ"
)

// Line draws a series as a line chart of scores by period: a gap where a period has no score,
// red dots below the red line, and the red line dashed across at the pass threshold.
// It scales to the width of its container, from a phone to paper.
//
// The chart is written straight into one buffer: a trend page holds a dozen charts of some
// hundred numbers each, and a template would format each number on its own.
func Line(s Series) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		buf := buffers.Get().(*[]byte)
		defer buffers.Put(buf)
		*buf = appendLine((*buf)[:0], s)
		_, err := w.Write(*buf)
		return err
	})
}

// buffers are the buffers charts are written into, reused.
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 8192); return &b }}

// svg appends SVG markup to a buffer: elements with their attributes, and escaped text.
type svg []byte

func (b svg) raw(s string) svg { return append(b, s...) }

func (b svg) text(s string) svg { return append(b, html.EscapeString(s)...) }

func (b svg) num(v float64) svg { return appendNum(b, v) }

// attr appends ` name="v"` with v printed as num does.
func (b svg) attr(name string, v float64) svg {
	return b.raw(" " + name + `="`).num(v).raw(`"`)
}

// hline appends a horizontal line across the plot at height y.
func (b svg) hline(class string, y float64, stroke, extra string) svg {
	b = b.raw(`<line class="`+class+`"`).attr("x1", left).attr("x2", right).attr("y1", y).attr("y2", y)
	return b.raw(` stroke="` + stroke + `" ` + extra + `></line>`)
}

func appendLine(buf []byte, s Series) []byte {
	f := newFrame(s)
	b := svg(buf).raw(`<figure class="chart"><figcaption>`).text(s.Title).raw(`</figcaption><svg viewBox="0 0 `).
		num(width).raw(" ").num(height).raw(`" width="100%" role="img" font-family="sans-serif"><title>`).text(s.Title).raw(`</title>`)
	for _, t := range ticks(f.lo) {
		b = b.hline("grid", f.y(t), grey, `stroke-width="1"`)
		b = b.raw(`<text class="tick"`).attr("x", left-6).attr("y", f.y(t)+4.5).
			raw(` text-anchor="end" font-size="13" fill="` + ink + `">`).num(t).raw(`</text>`)
	}
	b = b.hline("axis", bottom, ink, `stroke-width="1"`)
	b = b.hline("pass", f.y(s.Line), red, `stroke-width="1.5" stroke-dasharray="6 4"`)
	b = b.raw(`<text class="pass"`).attr("x", right+4).attr("y", f.y(s.Line)+4.5).
		raw(` font-size="12" fill="` + red + `">`).num(s.Line).raw(`</text>`)
	for _, run := range runs(s.Points) {
		if len(run) < 2 {
			continue // a lone point has no line
		}
		b = b.raw(`<polyline class="series" points="`)
		for k, i := range run {
			if k > 0 {
				b = b.raw(" ")
			}
			b = b.num(f.x(i)).raw(",").num(f.y(s.Points[i].Value))
		}
		b = b.raw(`" fill="none" stroke="` + blue + `" stroke-width="2" stroke-linejoin="round"></polyline>`)
	}
	for i, p := range s.Points {
		b = b.point(f, i, p, s.Line)
	}
	return b.raw(`</svg></figure>`)
}

// point appends a period's dot and value (a hollow grey ring when muted), its label, and its note.
func (b svg) point(f frame, i int, p Point, line float64) svg {
	x := f.x(i)
	if p.OK {
		y, colour := f.y(p.Value), fill(p, line)
		paint := `fill="` + colour + `"`
		if p.Muted {
			paint = `fill="#fff" stroke="` + colour + `" stroke-width="2"`
		}
		b = b.raw(`<circle class="point"`).attr("cx", x).attr("cy", y).raw(` r="4" ` + paint + `><title>`).
			text(tip(p)).raw(`</title></circle>`)
		b = b.raw(`<text class="value"`).attr("x", x).attr("y", y-8).
			raw(` text-anchor="middle" font-size="12" fill="` + colour + `">`).raw(score(p.Value)).raw(`</text>`)
	}
	b = b.raw(`<text class="label"`).attr("x", x).attr("y", bottom+20).
		raw(` text-anchor="middle" font-size="13" fill="` + ink + `">`).text(p.Label).raw(`</text>`)
	if p.Note != "" {
		b = b.raw(`<text class="note"`).attr("x", x).attr("y", bottom+36).
			raw(` text-anchor="middle" font-size="11" fill="` + mute + `">`).text(p.Note).raw(`</text>`)
	}
	return b
}
