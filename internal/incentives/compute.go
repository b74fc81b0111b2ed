package incentives

import (
	"fmt"
	"time"

	"github.com/csidesk/csidesk/internal/scores"
)

// Person is someone a line can name.
type Person struct {
	ID         int64
	Name       string
	EmployeeNo string
}

// Department is a department of the store.
type Department struct {
	ID   int64
	Kind string
	Name string
}

// Figure is a department's month of one survey kind, with the improvement actions the month
// opened for it (source red_line or score) and the manager who bears its fine (ID 0: none).
type Figure struct {
	Department
	Kind      string
	Figure    scores.Figure
	Manager   Person
	ActionIDs []int64
}

// Gap is a benchmark result of the previous quarter against the national average, with the
// store's department of the item's kind (ID 0: none), its manager, and the owner of the
// improvement action opened for the result (ID 0: none).
type Gap struct {
	ResultID   int64
	Quarter    time.Time
	Programme  string
	Item       string
	Score      float64
	National   float64
	Department Department
	Manager    Person
	Owner      Person
	ActionIDs  []int64
}

// Substantiated is a complaint closed in the month with the GM's final approval, against its
// responsible person's department.
type Substantiated struct {
	ID          int64
	ClosedAt    time.Time
	Responsible Person
	Department  Department
}

// Facts are everything a month's lines are computed from: the store's red lines and minimum
// sample, its departments' figures, the benchmark gaps of the quarter before (only in the first
// month after a quarter) and the substantiated complaints in the order they closed.
type Facts struct {
	Store      scores.Store
	Month      time.Time
	Figures    []Figure
	Gaps       []Gap
	Complaints []Substantiated
}

// Compute is the month's lines under a rule set: red-line fines, benchmark fines and rewards,
// then commission cuts. It reads nothing but its arguments, so a month computes the same lines
// from the same facts.
func Compute(rs RuleSet, f Facts) []Line {
	var lines []Line
	lines = append(lines, redLines(rs, f)...)
	lines = append(lines, benchmarkLines(rs, f.Gaps)...)
	return append(lines, complaintLines(rs, f.Complaints)...)
}

// redLines fine the manager of each department whose month is below the store's red line with
// enough surveys to judge it.
func redLines(rs RuleSet, f Facts) []Line {
	if rs.Rules.RedLineFineFen == 0 {
		return nil
	}
	var lines []Line
	for _, d := range f.Figures {
		if f.Store.JudgeFigure(d.Kind, d.Figure) != scores.Below {
			continue
		}
		score, _ := d.Figure.Score()
		l := newLine(RedLine, fmt.Sprintf("red_line:%d:%s", d.ID, d.Kind), rs, d.Manager, d.Department)
		l.AmountFen = -rs.Rules.RedLineFineFen
		l.Cause = Cause{Kind: d.Kind, Period: string(scores.Month), Start: f.Month, Score: score,
			Surveys: d.Figure.Surveys, Line: f.Store.Line(d.Kind), ActionIDs: d.ActionIDs}
		lines = append(lines, l)
	}
	return lines
}

// benchmarkLines fine the manager and the owner of each item below the national average, and
// reward the department of each item above it, by the band of the gap.
func benchmarkLines(rs RuleSet, gaps []Gap) []Line {
	var lines []Line
	for _, g := range gaps {
		gap := hundredths(g.Score) - hundredths(g.National)
		cause := Cause{ResultID: g.ResultID, Quarter: g.Quarter, Programme: g.Programme, Item: g.Item,
			Score: g.Score, National: g.National, Gap: float64(gap) / 100, ActionIDs: g.ActionIDs}
		key := func(role string) string { return fmt.Sprintf("benchmark:%d:%s", g.ResultID, role) }
		add := func(kind, role string, p Person, amount Fen) {
			if amount == 0 || (role == "owner" && p.ID == 0) {
				return
			}
			l := newLine(kind, key(role), rs, p, g.Department)
			l.AmountFen, l.Cause = amount, cause
			lines = append(lines, l)
		}
		if b, ok := bandOf(rs.Rules.BelowNational, -gap); ok && gap < 0 {
			add(BenchmarkBelow, "manager", g.Manager, -b.ManagerFen)
			add(BenchmarkBelow, "owner", g.Owner, -b.OwnerFen)
		}
		if b, ok := bandOf(rs.Rules.AboveNational, gap); ok && gap > 0 && g.Department.ID != 0 {
			add(BenchmarkAbove, "reward", Person{}, b.RewardFen)
		}
	}
	return lines
}

// complaintLines cut the commission of each person for their nth complaint of the month.
func complaintLines(rs RuleSet, complaints []Substantiated) []Line {
	var lines []Line
	nth := map[int64]int{}
	for _, c := range complaints {
		nth[c.Responsible.ID]++
		n := nth[c.Responsible.ID]
		cut := rs.Rules.cutOf(n)
		if cut == 0 {
			continue
		}
		l := newLine(Complaint, fmt.Sprintf("complaint:%d:%d", c.Responsible.ID, n), rs, c.Responsible, c.Department)
		l.Percent, l.Cause = cut, Cause{ComplaintIDs: []int64{c.ID}}
		lines = append(lines, l)
	}
	return lines
}

// newLine is a line of the rule set for a person of a department.
func newLine(kind, key string, rs RuleSet, p Person, d Department) Line {
	return Line{Kind: kind, Key: key, RuleVersion: rs.Version, UserID: p.ID, Person: p.Name, EmployeeNo: p.EmployeeNo,
		DepartmentID: d.ID, DepartmentKind: d.Kind, DepartmentName: d.Name}
}
