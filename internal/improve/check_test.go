package improve

import (
	"slices"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/scores"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func dayPtr(s string) *time.Time {
	d := day(s)
	return &d
}

// TestCheckStarts: the periods after the weakness's, from the one the action started in, up to
// today's; none before the start; the latest six at most.
func TestCheckStarts(t *testing.T) {
	november := Action{Kind: "csi", Period: "month", PeriodStart: dayPtr("2026-11-01")}
	tests := []struct {
		name    string
		a       Action
		started string
		today   string
		want    []string
	}{
		{"not started", november, "", "2026-12-09", nil},
		{"started in the next month", november, "2026-12-05", "2027-01-03", []string{"2026-12-01", "2027-01-01"}},
		{"started in the weakness's month", november, "2026-11-20", "2026-12-09", []string{"2026-12-01"}},
		{"started later", november, "2027-02-10", "2027-03-01", []string{"2027-02-01", "2027-03-01"}},
		{"a long time", november, "2026-12-01", "2027-09-01",
			[]string{"2027-04-01", "2027-05-01", "2027-06-01", "2027-07-01", "2027-08-01", "2027-09-01"}},
		{"weeks", Action{Kind: "ssi", Period: "week", PeriodStart: dayPtr("2026-11-30")}, "2026-12-09", "2026-12-16",
			[]string{"2026-12-07", "2026-12-14"}},
		{"a benchmark", Action{ResultID: 7}, "2026-12-05", "2027-01-03", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.a
			if tt.started != "" {
				a.StartedOn = dayPtr(tt.started)
			}
			var got []string
			for _, d := range CheckStarts(a, day(tt.today)) {
				got = append(got, d.Format(time.DateOnly))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("CheckStarts=%v, want %v", got, tt.want)
			}
		})
	}
}

// TestScoreFigures: the department's figures judged as the scoreboard judges them (5 surveys at
// least), the running month partial; an item's figures come from its drill-downs by short name
// in either language; closing goes by the latest month ended.
func TestScoreFigures(t *testing.T) {
	store := scores.Store{CSILine: 95, MinSample: 5}
	b := scores.Board{Store: store, Starts: []time.Time{day("2026-12-01"), day("2027-01-01"), day("2027-02-01")},
		Departments: []scores.Department{{ID: 10, Figures: []scores.Figure{
			{Weight: 40, Points: 3840, Surveys: 4}, {Weight: 60, Points: 5760, Surveys: 6}, {Weight: 10, Points: 500, Surveys: 1}}}}}
	a := Action{Kind: "csi", Period: "month", DepartmentID: 10, Target: ptr(95)}
	c := ScoreFigures(a, b, nil, day("2027-02-09"))
	want := []Figure{
		{Start: day("2026-12-01"), Score: 96, Scored: true, Sample: 4},
		{Start: day("2027-01-01"), Score: 96, Scored: true, Sample: 6, Valid: true},
		{Start: day("2027-02-01"), Score: 50, Scored: true, Sample: 1, Running: true},
	}
	if !slices.Equal(c.List, want) {
		t.Errorf("figures=%+v\nwant %+v", c.List, want)
	}
	if f, ok := c.Deciding(); !ok || f.Start != day("2027-01-01") || !c.Met(a.Target) || c.Met(ptr(97)) {
		t.Errorf("Deciding=%+v, want January, met at 95 and not at 97", f)
	}
	a.ItemShort = "Waiting time"
	drills := []scores.Drill{
		{Items: []scores.ItemScore{{NameZH: "等待时间", NameEN: "Waiting time", Answers: 5, Score: 80}}},
		{Items: []scores.ItemScore{{NameZH: "其他", NameEN: "Other", Answers: 9, Score: 100}}},
		{},
	}
	c = ScoreFigures(a, b, drills, day("2027-02-09"))
	if got := c.List[0]; got.Score != 80 || got.Sample != 5 || !got.Valid {
		t.Errorf("the item in December=%+v, want 80 from 5 answers, valid", got)
	}
	if got := c.List[1]; got.Scored {
		t.Errorf("the item in January=%+v, want no score", got)
	}
	if c.Met(a.Target) {
		t.Errorf("Met=true, want false: December's 80 is the latest ended figure")
	}
}

func ptr(v float64) *float64 { return &v }
