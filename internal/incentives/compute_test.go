package incentives_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/incentives"
	"github.com/csidesk/csidesk/internal/scores"
)

// exampleSet is SPEC §6's rules as version 1.
var exampleSet = incentives.RuleSet{ID: 1, Version: 1, Rules: incentives.ExampleRules()}

// shanghai is a store with the red line 95 for both kinds and a minimum sample of 5.
var shanghai = scores.Store{ID: 1, Name: "浦东店", TimeZone: "Asia/Shanghai", SSILine: 95, CSILine: 95, MinSample: 5}

var (
	manager = incentives.Person{ID: 10, Name: "王经理", EmployeeNo: "E010"}
	owner   = incentives.Person{ID: 11, Name: "李主管", EmployeeNo: "E011"}
	advisor = incentives.Person{ID: 12, Name: "张顾问", EmployeeNo: "E012"}
	after   = incentives.Department{ID: 2, Kind: "after_sales"}
)

// figure is a department's month scoring score from n surveys of weight 10.
func figure(d incentives.Department, score float64, n int) incentives.Figure {
	return incentives.Figure{Department: d, Kind: "csi", Manager: manager,
		Figure: scores.Figure{Weight: float64(10 * n), Points: score * float64(10*n), Surveys: n}}
}

// summary is a line as "key amount percent" for comparing lists of lines.
func summary(lines []incentives.Line) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = fmt.Sprintf("%s user=%d %s %g%%", l.Key, l.UserID, l.AmountFen, l.Percent)
	}
	return out
}

func assertLines(t *testing.T, got []incentives.Line, want ...string) {
	t.Helper()
	if s := summary(got); !slices.Equal(s, want) {
		t.Errorf("Lines=\n%q\nwant\n%q", s, want)
	}
}

// TestCompute_RedLine fines the manager of a department at 94.8 with a valid sample 500 yuan,
// and nothing for one at 93 with too few surveys to judge or one above the line.
func TestCompute_RedLine(t *testing.T) {
	sales := incentives.Department{ID: 1, Kind: "sales"}
	body := incentives.Department{ID: 3, Kind: "body_paint"}
	month := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	f := incentives.Facts{Store: shanghai, Month: month, Figures: []incentives.Figure{
		figure(after, 94.8, 8), figure(sales, 93, 3), figure(body, 96, 9)}}
	f.Figures[0].ActionIDs = []int64{7}
	lines := incentives.Compute(exampleSet, f)
	assertLines(t, lines, "red_line:2:csi user=10 -500.00 0%")
	c := lines[0].Cause
	if c.Line != 95 || c.Surveys != 8 || c.Score < 94.79 || c.Score > 94.81 || !c.Start.Equal(month) || c.ActionIDs[0] != 7 {
		t.Errorf("Cause=%+v, want 94.8 of 8 surveys against 95 in 2026-11 with action 7", c)
	}
	if lines[0].Kind != incentives.RedLine || lines[0].RuleVersion != 1 || lines[0].EmployeeNo != "E010" {
		t.Errorf("Line=%+v, want a red-line line of version 1 for E010", lines[0])
	}
}

// TestCompute_Benchmark fines the manager and the item's owner 300 / 500 / 1000 yuan for gaps
// of 3, 7 and 12 points below the national average, and rewards the department 1000 / 2000 for
// 7 and 12 above it; 3 above is under the first reward band (5) and gives nothing. The band
// edges are exact: 5 and 10 below are in the middle band, 10.01 in the top one.
func TestCompute_Benchmark(t *testing.T) {
	var gaps []incentives.Gap
	for i, gap := range []float64{-3, -7, -12, 3, 7, 12, -5, -10, -10.01, 5} {
		gaps = append(gaps, incentives.Gap{ResultID: int64(100 + i), Item: "交车说明", Score: 85 + gap, National: 85,
			Department: after, Manager: manager, Owner: owner})
	}
	gaps[1].Owner = incentives.Person{} // no action opened for the result: no owner to fine
	lines := incentives.Compute(exampleSet, incentives.Facts{Store: shanghai, Gaps: gaps})
	assertLines(t, lines,
		"benchmark:100:manager user=10 -300.00 0%", "benchmark:100:owner user=11 -300.00 0%",
		"benchmark:101:manager user=10 -500.00 0%",
		"benchmark:102:manager user=10 -1,000.00 0%", "benchmark:102:owner user=11 -1,000.00 0%",
		"benchmark:104:reward user=0 1,000.00 0%",
		"benchmark:105:reward user=0 2,000.00 0%",
		"benchmark:106:manager user=10 -500.00 0%", "benchmark:106:owner user=11 -500.00 0%",
		"benchmark:107:manager user=10 -500.00 0%", "benchmark:107:owner user=11 -500.00 0%",
		"benchmark:108:manager user=10 -1,000.00 0%", "benchmark:108:owner user=11 -1,000.00 0%",
		"benchmark:109:reward user=0 1,000.00 0%")
	if c := lines[0].Cause; c.Gap != -3 || c.National != 85 || c.Score != 82 || c.ResultID != 100 {
		t.Errorf("Cause=%+v, want 82 against 85, a gap of -3", c)
	}
	if l := lines[5]; l.Kind != incentives.BenchmarkAbove || l.DepartmentID != after.ID {
		t.Errorf("Line=%+v, want the after-sales department's reward", l)
	}
}

// TestCompute_Complaints cuts an advisor's commission 5 %, 20 % and 50 % for the 1st, 2nd and
// 3rd substantiated complaint of the month, and 50 % again for a 4th: the last cut repeats.
func TestCompute_Complaints(t *testing.T) {
	other := incentives.Person{ID: 13, Name: "赵顾问"}
	var cs []incentives.Substantiated
	for i, p := range []incentives.Person{advisor, other, advisor, advisor, advisor} {
		cs = append(cs, incentives.Substantiated{ID: int64(50 + i), Responsible: p, Department: after})
	}
	lines := incentives.Compute(exampleSet, incentives.Facts{Store: shanghai, Complaints: cs})
	assertLines(t, lines,
		"complaint:12:1 user=12 0.00 5%", "complaint:13:1 user=13 0.00 5%", "complaint:12:2 user=12 0.00 20%",
		"complaint:12:3 user=12 0.00 50%", "complaint:12:4 user=12 0.00 50%")
	if ids := lines[3].Cause.ComplaintIDs; !slices.Equal(ids, []int64{53}) {
		t.Errorf("ComplaintIDs=%v, want [53]", ids)
	}
}

// TestCompute_NoRules computes nothing for kinds the rule set leaves out.
func TestCompute_NoRules(t *testing.T) {
	f := incentives.Facts{Store: shanghai, Figures: []incentives.Figure{figure(after, 90, 9)},
		Gaps:       []incentives.Gap{{ResultID: 1, Score: 70, National: 85, Department: after, Manager: manager}},
		Complaints: []incentives.Substantiated{{ID: 1, Responsible: advisor}}}
	assertLines(t, incentives.Compute(incentives.RuleSet{Version: 2}, f))
}

// TestAdjustments brings a locked month to what it computes now: a voided complaint gives back
// the cut it no longer earns, naming the complaint; a corrected result the difference of its
// fines; a score now below the line a new fine; and what later adjustments already booked is
// not adjusted again.
func TestAdjustments(t *testing.T) {
	dec := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	complaints := func(ids ...int64) []incentives.Substantiated {
		var cs []incentives.Substantiated
		for _, id := range ids {
			cs = append(cs, incentives.Substantiated{ID: id, Responsible: advisor, Department: after})
		}
		return cs
	}
	gap := func(score float64) []incentives.Gap {
		return []incentives.Gap{{ResultID: 9, Score: score, National: 85, Department: after, Manager: manager, Owner: owner}}
	}
	then := incentives.Compute(exampleSet, incentives.Facts{Store: shanghai, Gaps: gap(82), Complaints: complaints(1, 2, 3)})
	now := incentives.Compute(exampleSet, incentives.Facts{Store: shanghai, Gaps: gap(78),
		Figures: []incentives.Figure{figure(after, 94, 6)}, Complaints: complaints(1, 3)})
	adj := incentives.Adjustments(dec, now, then)
	assertLines(t, adj,
		"red_line:2:csi user=10 -500.00 0%",
		"benchmark:9:manager user=10 -200.00 0%", "benchmark:9:owner user=11 -200.00 0%",
		"complaint:12:3 user=12 0.00 -50%")
	changed := []string{incentives.ChangeAdded, incentives.ChangeAmount, incentives.ChangeAmount, incentives.ChangeRemoved}
	for i, l := range adj {
		if l.Cause.Changed != changed[i] || !l.Adjusts.Equal(dec) {
			t.Errorf("%s: Changed=%q Adjusts=%v, want %q in 2026-12", l.Key, l.Cause.Changed, l.Adjusts, changed[i])
		}
	}
	if ids := adj[3].Cause.ComplaintIDs; !slices.Equal(ids, []int64{2}) {
		t.Errorf("ComplaintIDs=%v, want [2]: the voided complaint", ids)
	}
	if again := incentives.Adjustments(dec, now, append(then, adj...)); len(again) != 0 {
		t.Errorf("Adjustments after booking=%q, want none", summary(again))
	}
}

// TestFen_Yuan writes amounts in yuan with separators and two decimals.
func TestFen_Yuan(t *testing.T) {
	for fen, want := range map[incentives.Fen]string{0: "0.00", 5: "0.05", -50000: "-500.00", 123450: "1,234.50",
		100000000: "1,000,000.00", -123456789: "-1,234,567.89"} {
		if got := fen.Yuan(); got != want {
			t.Errorf("Fen(%d).Yuan()=%q, want %q", fen, got, want)
		}
	}
}

// itoa is an id as text.
func itoa(id int64) string { return fmt.Sprint(id) }
