package charts

import (
	"bytes"
	"context"
	"encoding/xml"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func pts(values ...float64) []Point {
	out := make([]Point, len(values))
	for i, v := range values {
		// A negative value stands for a period without surveys.
		label := "第" + num(float64(40+i)) + "周"
		out[i] = Point{Label: label, Value: v, OK: v >= 0, Tip: label + "：" + score(v) + "（" + num(float64(20+i)) + " 份）"}
	}
	return out
}

func TestFloor(t *testing.T) {
	for _, tc := range []struct {
		name   string
		points []Point
		line   float64
		want   float64
	}{
		{"LowestValue", pts(96.4, 93.2, 97), 95, 90},
		{"LineLowest", pts(98, 99.5), 95, 90},
		{"RoundsDown", pts(97.1), 95, 90},
		{"MultipleOfFive", pts(92), 95, 90},
		{"JustOver", pts(92.1), 95, 90},
		{"LowScore", pts(71.9, 88), 95, 65},
		{"ClampedAtZero", pts(1), 95, 0},
		{"GapsIgnored", []Point{{Value: 10}, {Value: 96, OK: true}}, 95, 90},
		{"NoOKPoint", pts(-1, -1), 95, 85},
		{"NoPoints", nil, 92, 82},
		{"NoPointsClamped", nil, 4, 0},
		{"AllAtHundred", pts(100), 100, 95},
		{"NeverCollapses", nil, 110, 95},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := floor(tc.points, tc.line); got != tc.want {
				t.Errorf("floor=%v, want %v", got, tc.want)
			}
		})
	}
}

func TestNum(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {5, "5"}, {228, "228"}, {232.5, "232.5"}, {70.46, "70.5"}, {99.96, "100"},
		{-0.04, "0"}, {-6, "-6"}, {-2.25, "-2.3"}, {0.04, "0"}, {0.05, "0.1"},
	} {
		if got := num(tc.v); got != tc.want {
			t.Errorf("num(%v)=%q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestTicks(t *testing.T) {
	los := []float64{82, 87}
	for lo := 0.0; lo <= 95; lo += 5 {
		los = append(los, lo)
	}
	for _, lo := range los {
		got := ticks(lo)
		if len(got) < 3 || len(got) > 5 {
			t.Errorf("ticks(%v)=%v, want 3 to 5 lines", lo, got)
			continue
		}
		if got[0] < lo || got[len(got)-1] != ceiling {
			t.Errorf("ticks(%v)=%v, want lines from %v to %v", lo, got, lo, ceiling)
		}
	}
}

func TestRuns(t *testing.T) {
	for _, tc := range []struct {
		name   string
		points []Point
		want   [][]int
	}{
		{"None", nil, nil},
		{"AllOK", pts(96, 97, 98), [][]int{{0, 1, 2}}},
		{"Gap", pts(96, 97, -1, 98, 99), [][]int{{0, 1}, {3, 4}}},
		{"LeadingAndTrailingGaps", pts(-1, 96, 97, -1), [][]int{{1, 2}}},
		{"LonePoints", pts(96, -1, -1, 97), [][]int{{0}, {3}}},
		{"AllGaps", pts(-1, -1), nil},
		{"MutedBreaks", append(pts(96, 97), Point{Value: 60, OK: true, Muted: true}), [][]int{{0, 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := runs(tc.points)
			if !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Errorf("runs=%v, want %v", got, tc.want)
			}
		})
	}
}

func TestFrame(t *testing.T) {
	// Four periods share 564 units: 141 each, centred 70.5 in.
	f := frame{n: 4, lo: 90}
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"YFloor", f.y(90), bottom},
		{"YCeiling", f.y(100), top},
		{"YMiddle", f.y(95), (top + bottom) / 2},
		{"XFirst", f.x(0), left + 70.5},
		{"XLast", f.x(3), right - 70.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("%s=%v, want %v", tc.name, tc.got, tc.want)
			}
		})
	}
}

// node is any element of the rendered chart, with its children.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []node     `xml:",any"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// all returns n and its descendants named name, in document order.
func (n node) all(name string) []node {
	var out []node
	if n.XMLName.Local == name {
		out = append(out, n)
	}
	for _, c := range n.Nodes {
		out = append(out, c.all(name)...)
	}
	return out
}

// classed returns the descendants named name whose class is class.
func (n node) classed(name, class string) []node {
	var out []node
	for _, c := range n.all(name) {
		if c.attr("class") == class {
			out = append(out, c)
		}
	}
	return out
}

func render(t *testing.T, s Series) node {
	t.Helper()
	var buf bytes.Buffer
	if err := Line(s).Render(context.Background(), &buf); err != nil {
		t.Fatalf("Render: %v", err)
	}
	var root node
	if err := xml.Unmarshal(buf.Bytes(), &root); err != nil {
		t.Fatalf("Unmarshal: %v\n%s", err, buf.String())
	}
	return root
}

func TestLine(t *testing.T) {
	s := Series{Title: "销售满意度 Sales CSI", Line: 95, Points: pts(96.4, 94.1, 97.2, -1, 95.8, 93.6, 98, 96.9, -1, -1, 97.5, 95)}
	root := render(t, s)

	t.Run("Title", func(t *testing.T) {
		if got := root.XMLName.Local + "." + root.attr("class"); got != "figure.chart" {
			t.Errorf("root=%q, want %q", got, "figure.chart")
		}
		caps := root.all("figcaption")
		if len(caps) != 1 || caps[0].Text != s.Title {
			t.Errorf("figcaption=%v, want %q", caps, s.Title)
		}
		svg := root.all("svg")
		if len(svg) != 1 {
			t.Fatalf("svg elements=%d, want 1", len(svg))
		}
		if got := svg[0].attr("role"); got != "img" {
			t.Errorf("role=%q, want %q", got, "img")
		}
		if got := svg[0].attr("width"); got != "100%" {
			t.Errorf("width=%q, want %q", got, "100%")
		}
		if got := svg[0].attr("height"); got != "" {
			t.Errorf("height=%q, want none", got)
		}
		if got := svg[0].Nodes[0]; got.XMLName.Local != "title" || got.Text != s.Title {
			t.Errorf("first child=%s %q, want title %q", got.XMLName.Local, got.Text, s.Title)
		}
	})

	t.Run("Circles", func(t *testing.T) {
		circles := root.all("circle")
		var want []Point
		for _, p := range s.Points {
			if p.OK {
				want = append(want, p)
			}
		}
		if len(circles) != len(want) {
			t.Fatalf("circles=%d, want %d", len(circles), len(want))
		}
		for i, c := range circles {
			colour := blue
			if want[i].Value < s.Line {
				colour = red
			}
			if got := c.attr("fill"); got != colour {
				t.Errorf("circle %s fill=%s, want %s", want[i].Label, got, colour)
			}
			if got, tip := c.all("title"), tip(want[i]); len(got) != 1 || got[0].Text != tip {
				t.Errorf("circle %s title=%v, want %q", want[i].Label, got, tip)
			}
		}
		if got := root.all("circle")[1].all("title")[0].Text; got != "第41周：94.1（21 份）" {
			t.Errorf("title=%q, want %q", got, "第41周：94.1（21 份）")
		}
	})

	t.Run("RedLine", func(t *testing.T) {
		lines := root.classed("line", "pass")
		if len(lines) != 1 {
			t.Fatalf("pass lines=%d, want 1", len(lines))
		}
		want := num(newFrame(s).y(s.Line))
		l := lines[0]
		if l.attr("y1") != want || l.attr("y2") != want {
			t.Errorf("y1=%s y2=%s, want %s", l.attr("y1"), l.attr("y2"), want)
		}
		if got := l.attr("stroke"); got != red {
			t.Errorf("stroke=%s, want %s", got, red)
		}
		if got := l.attr("stroke-dasharray"); got == "" {
			t.Errorf("stroke-dasharray=%q, want a dash", got)
		}
		if got := root.classed("text", "pass"); len(got) != 1 || got[0].Text != "95" {
			t.Errorf("pass label=%v, want 95", got)
		}
	})

	t.Run("Labels", func(t *testing.T) {
		labels := root.classed("text", "label")
		if len(labels) != len(s.Points) {
			t.Fatalf("labels=%d, want %d", len(labels), len(s.Points))
		}
		for i, l := range labels {
			if l.Text != s.Points[i].Label {
				t.Errorf("label %d=%q, want %q", i, l.Text, s.Points[i].Label)
			}
		}
		var values []string
		for _, v := range root.classed("text", "value") {
			values = append(values, v.Text)
		}
		want := []string{"96.4", "94.1", "97.2", "95.8", "93.6", "98.0", "96.9", "97.5", "95.0"}
		if !slices.Equal(values, want) {
			t.Errorf("values=%v, want %v", values, want)
		}
	})

	t.Run("Gaps", func(t *testing.T) {
		lines := root.all("polyline")
		want := []int{3, 4, 2}
		if len(lines) != len(want) {
			t.Fatalf("polylines=%d, want %d", len(lines), len(want))
		}
		for i, l := range lines {
			if got := len(strings.Fields(l.attr("points"))); got != want[i] {
				t.Errorf("polyline %d points=%d, want %d", i, got, want[i])
			}
		}
	})

	t.Run("Ticks", func(t *testing.T) {
		got := len(root.classed("text", "tick"))
		if got < 3 || got > 5 {
			t.Errorf("ticks=%d, want 3 to 5", got)
		}
	})
}

func TestLine_Gap(t *testing.T) {
	root := render(t, Series{Title: "t", Line: 95, Points: pts(96, 97, -1, 98, 99)})
	if got := len(root.all("polyline")); got != 2 {
		t.Errorf("polylines=%d, want 2", got)
	}
}

func TestLine_Empty(t *testing.T) {
	s := Series{Title: "空 Empty", Line: 95}
	root := render(t, s)
	if got := len(root.all("circle")) + len(root.all("polyline")) + len(root.classed("text", "label")); got != 0 {
		t.Errorf("points drawn=%d, want 0", got)
	}
	if got := len(root.classed("line", "pass")); got != 1 {
		t.Errorf("pass lines=%d, want 1", got)
	}
	if got := len(root.classed("line", "axis")); got != 1 {
		t.Errorf("axes=%d, want 1", got)
	}
	if got := root.all("figcaption")[0].Text; got != s.Title {
		t.Errorf("figcaption=%q, want %q", got, s.Title)
	}
}

func TestLine_Deterministic(t *testing.T) {
	s := Series{Title: "t", Line: 95, Points: pts(96.44, 93.15, -1, 97.25)}
	var a, b bytes.Buffer
	if err := Line(s).Render(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	if err := Line(s).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("two renders differ")
	}
	if m := regexp.MustCompile(`[0-9]\.[0-9]{2,}`).FindString(a.String()); m != "" {
		t.Errorf("number %q has more than one decimal", m)
	}
}

// TestLine_Muted: a period still running (or with too few surveys) is a hollow grey ring with a
// grey value and its note under the label; the line stops before it, and it is never red.
func TestLine_Muted(t *testing.T) {
	points := pts(96, 97, 98)
	points = append(points, Point{Label: "第43周", Value: 60, OK: true, Muted: true, Note: "进行中"})
	root := render(t, Series{Title: "t", Line: 95, Points: points})
	lines := root.all("polyline")
	if len(lines) != 1 || len(strings.Fields(lines[0].attr("points"))) != 3 {
		t.Fatalf("polylines=%v, want one through the three solid points", lines)
	}
	ring := root.all("circle")[3]
	if ring.attr("fill") != "#fff" || ring.attr("stroke") != mute {
		t.Errorf("muted point fill=%q stroke=%q, want a hollow %s ring", ring.attr("fill"), ring.attr("stroke"), mute)
	}
	if v := root.classed("text", "value")[3]; v.attr("fill") != mute || v.Text != "60.0" {
		t.Errorf("muted value %q in %q, want 60.0 in %s", v.Text, v.attr("fill"), mute)
	}
	if notes := root.classed("text", "note"); len(notes) != 1 || notes[0].Text != "进行中" {
		t.Errorf("notes=%v, want one: 进行中", notes)
	}
}
