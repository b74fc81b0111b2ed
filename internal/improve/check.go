package improve

import (
	"context"
	"slices"
	"time"

	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
)

// CheckPeriods bounds how many periods after the start a check shows: the latest ones.
const CheckPeriods = 6

// Figure is one period's figure in an action's check: the department's (or the item's) score,
// or a later quarter's benchmark result.
type Figure struct {
	Start  time.Time
	Score  float64
	Scored bool
	// Sample is how many surveys (answers, for an item) give the score; 0 for a benchmark result.
	Sample int
	// Valid says the sample is large enough to judge the score, as the scoreboard judges it.
	Valid bool
	// Running says the period has not ended: its figure is partial.
	Running bool
}

// Reaches reports whether the figure is a judged score of an ended period at or above target.
func (f Figure) Reaches(target *float64) bool {
	return target != nil && f.Scored && f.Valid && !f.Running && f.Score >= *target
}

// Figures are what an action is checked against: its figures in the periods since it started.
type Figures struct {
	Period string   // week, month or quarter
	List   []Figure // oldest first
}

// Deciding is the figure closing goes by: the latest period that has ended with a score.
func (c Figures) Deciding() (Figure, bool) {
	for i := len(c.List) - 1; i >= 0; i-- {
		if f := c.List[i]; f.Scored && !f.Running {
			return f, true
		}
	}
	return Figure{}, false
}

// Met reports whether the deciding figure reaches the target.
func (c Figures) Met(target *float64) bool {
	f, ok := c.Deciding()
	return ok && f.Reaches(target)
}

// CheckStarts are the periods a score-based action is checked in, up to today (a store date):
// those after the period of its weakness, from the one it started in on, the latest
// CheckPeriods of them. An action not started, or not score-based, has none.
func CheckStarts(a Action, today time.Time) []time.Time {
	if !a.ScoreBased() || a.StartedOn == nil {
		return nil
	}
	p := scores.Period(a.Period)
	first := p.Add(*a.PeriodStart, 1)
	if started := p.Start(*a.StartedOn, time.UTC); started.After(first) {
		first = started
	}
	var out []time.Time
	for st, last := first, p.Start(today, time.UTC); !st.After(last); st = p.Add(st, 1) {
		out = append(out, st)
	}
	return out[max(0, len(out)-CheckPeriods):]
}

// ScoreFigures reads a score-based action's figures from the store's scoreboard over the periods
// of CheckStarts (b) and, for an item, the drill-downs of its department in each of them
// (drills, in the same order): the item's score is its mean points there, its sample its
// answers. Each figure is judged as the scoreboard judges it (scores.Store.Judge).
func ScoreFigures(a Action, b scores.Board, drills []scores.Drill, today time.Time) Figures {
	c := Figures{Period: a.Period}
	p := scores.Period(a.Period)
	row := departmentRow(a, b)
	for i, start := range b.Starts {
		f := Figure{Start: start, Running: p.Running(start, today)}
		if a.ItemShort == "" {
			f.Score, f.Scored = row[i].Score()
			f.Sample = row[i].Surveys
		} else if it, ok := itemOf(drills, i, a.ItemShort); ok {
			f.Score, f.Scored, f.Sample = it.Score, true, it.Answers
		}
		f.Valid = f.Scored && b.Store.Judge(a.Kind, f.Score, f.Sample) != scores.TooFew
		c.List = append(c.List, f)
	}
	return c
}

// departmentRow is the board's figures of the action's department, or of the whole store for
// an action of none; a department without scores has empty figures.
func departmentRow(a Action, b scores.Board) []scores.Figure {
	if a.DepartmentID == 0 {
		return b.Total
	}
	if i := slices.IndexFunc(b.Departments, func(d scores.Department) bool { return d.ID == a.DepartmentID }); i >= 0 {
		return b.Departments[i].Figures
	}
	return make([]scores.Figure, len(b.Starts))
}

// itemOf finds the item of a short name (in either language) in the i-th drill-down.
func itemOf(drills []scores.Drill, i int, short string) (scores.ItemScore, bool) {
	if i >= len(drills) {
		return scores.ItemScore{}, false
	}
	items := drills[i].Items
	j := slices.IndexFunc(items, func(it scores.ItemScore) bool { return it.NameZH == short || it.NameEN == short })
	if j < 0 {
		return scores.ItemScore{}, false
	}
	return items[j], true
}

// BenchmarkFigures reads a benchmark action's figures: the store's results for the same item in
// the quarters after the weakness's, from the quarter it started in on, the latest CheckPeriods.
func (s *Service) BenchmarkFigures(ctx context.Context, tenantID int64, a Action) (Figures, error) {
	c := Figures{Period: string(scores.Quarter)}
	if a.ResultID == 0 || a.StartedOn == nil {
		return c, nil
	}
	type row struct {
		Quarter time.Time
		Score   float64
	}
	rows, err := postgres.List[row](ctx, s.DB, tenantID, "improve.BenchmarkFigures", `
		SELECT r.quarter, r.score::float8
		FROM benchmark_results base
		JOIN benchmark_results r ON r.tenant_id = base.tenant_id AND r.store_id = base.store_id AND r.item_id = base.item_id
		WHERE base.tenant_id = $1 AND base.id = $2 AND r.quarter > base.quarter
		  AND r.quarter >= date_trunc('quarter', $3::date)
		ORDER BY r.quarter DESC
		LIMIT $4`, a.ResultID, a.StartedOn, CheckPeriods)
	for i := len(rows) - 1; i >= 0; i-- {
		c.List = append(c.List, Figure{Start: rows[i].Quarter, Score: rows[i].Score, Scored: true, Valid: true})
	}
	return c, err
}
