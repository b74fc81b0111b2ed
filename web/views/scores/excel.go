package scores

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/web/views/components"
	"github.com/csidesk/csidesk/web/views/workbook"
)

// ReportExcel writes the report as a workbook in the reader's language: one sheet per kind of
// survey with a heading block, the departments, the sample, the period by channel, the lowest
// items, the staff and the lowest surveys, figures as numbers, red below the line and grey when
// too few to judge.
func ReportExcel(ctx context.Context, w io.Writer, q Query, r scores.Report) error {
	book := workbook.New()
	for _, k := range r.Kinds {
		s := book.Sheet(i18n.T(ctx, "surveys.kind_"+k.Board.Kind))
		s.Heading(reportTitle(ctx, q), reportFacts(ctx, q, k.Board)...)
		s.Note(i18n.T(ctx, "scores.scope_board"))
		writeDepartments(ctx, s, k.Board)
		writeSample(ctx, s, q, k.Board)
		writeSplit(ctx, s, k.Board, k.Split)
		writeDetails(ctx, s, k)
	}
	return book.Write(w)
}

// ReportFile names a report's workbook: its store, period and title, and a plain ASCII name for
// the browsers that cannot take the first.
func ReportFile(ctx context.Context, q Query) (name, fallback string) {
	title := i18n.T(ctx, "scores.file_"+string(q.Period))
	return workbook.FileName(q.StoreName(), periodFile(ctx, q.Period, q.Start), title),
		fmt.Sprintf("csi-desk-report-%s-store-%d.xlsx", asciiPeriod(q.Period, q.Start), q.StoreID)
}

// asciiPeriod names a period in plain ASCII: "2026-week-49", "2026-12" or "2026-Q4".
func asciiPeriod(p scores.Period, start time.Time) string {
	switch p {
	case scores.Week:
		y, w := start.ISOWeek()
		return fmt.Sprintf("%d-week-%d", y, w)
	case scores.Quarter:
		return fmt.Sprintf("%d-Q%d", start.Year(), quarterOf(start))
	}
	return start.Format("2006-01")
}

// reportFacts head a report's sheet: the store, the period (and whether it is running), the
// kind, the red line, the minimum sample, and when the workbook was made.
func reportFacts(ctx context.Context, q Query, b scores.Board) []workbook.Fact {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	return []workbook.Fact{
		{Label: t("field.store"), Value: b.Store.Name},
		{Label: t("scores.period"), Value: periodValue(ctx, q)},
		{Label: t("scores.kind"), Value: t("surveys.kind_" + b.Kind)},
		{Label: t("scores.red_line"), Value: pct(b.Store.Line(b.Kind))},
		{Label: t("field.min_sample"), Value: surveyCount(ctx, b.Store.MinSample)},
		{Label: t("scores.made_at"), Value: q.Now.Format("2006-01-02 15:04")},
	}
}

// periodValue is the query's period in full, with whether it is still running.
func periodValue(ctx context.Context, q Query) string {
	v := periodFull(ctx, q.Period, q.Start)
	if r := running(ctx, q, q.Period, q.Start); r != "" {
		v += " · " + r
	}
	return v
}

// writeDepartments writes each department, and the whole store, against the period before.
func writeDepartments(ctx context.Context, s *workbook.Sheet, b scores.Board) {
	s.Section(i18n.T(ctx, "scores.report_departments"))
	s.Header(i18n.T(ctx, "scores.department"), periodLabel(ctx, b.Period, b.Starts[1]), periodLabel(ctx, b.Period, b.Starts[0]),
		i18n.T(ctx, "scores.change"), i18n.T(ctx, "scores.surveys_col"), i18n.T(ctx, "scores.tier"))
	row := func(name string, figures []scores.Figure) {
		s.Row(workbook.Text(name), figureCell(b, figures[1]), figureCell(b, figures[0]), changeCell(b, figures[1], figures[0]),
			workbook.Count(figures[1].Surveys), workbook.Text(verdictText(ctx, b, figures[1])))
	}
	for _, d := range b.Departments {
		row(deptName(ctx, d), d.Figures)
	}
	row(i18n.T(ctx, "scores.store_total"), b.Total)
}

// writeSample writes the period's sample and why its counts may differ from the surveys'.
func writeSample(ctx context.Context, s *workbook.Sheet, q Query, b scores.Board) {
	sm := b.Samples[1]
	state, _ := sampleState(ctx, b.Store.SampleState(sm, b.Period.Running(b.Starts[1], q.Today())))
	s.Section(i18n.T(ctx, "scores.sample"))
	s.Header(i18n.T(ctx, "samples.completed"), i18n.T(ctx, "samples.reached"), i18n.T(ctx, "samples.required"), i18n.T(ctx, "samples.valid"))
	s.Row(workbook.Count(sm.Completed), workbook.Count(sm.Reached), workbook.Count(sm.Required), workbook.Text(state))
	s.Note(i18n.T(ctx, "scores.sample_hint"))
}

// writeSplit writes the report's period by channel: each department's and the whole store's
// score and surveys on each channel and on all of them.
func writeSplit(ctx context.Context, s *workbook.Sheet, b scores.Board, sp scores.Split) {
	s.Section(splitTitle(ctx, b, 1))
	header := []string{i18n.T(ctx, "scores.department")}
	for _, c := range splitColumns() {
		header = append(header, channelName(ctx, c), i18n.T(ctx, "scores.surveys_col"))
	}
	s.Header(header...)
	row := func(name string, dept int64) {
		cells := []workbook.Cell{workbook.Text(name)}
		for _, c := range splitColumns() {
			f := sp.Figure(dept, c)
			cells = append(cells, figureCell(b, f), workbook.Count(f.Surveys))
		}
		s.Row(cells...)
	}
	for _, d := range b.Departments {
		row(deptName(ctx, d), d.ID)
	}
	row(i18n.T(ctx, "scores.store_total"), 0)
	s.Note(i18n.T(ctx, "channels.split_hint"))
}

// writeDetails writes the whole store's lowest items, staff and lowest surveys.
func writeDetails(ctx context.Context, s *workbook.Sheet, k scores.ReportKind) {
	st, kind := k.Board.Store, k.Board.Kind
	whole := i18n.T(ctx, "scores.score_on", "Part", i18n.T(ctx, "scores.whole_survey"))
	s.Section(i18n.T(ctx, "scores.lowest_items"))
	s.Header(i18n.T(ctx, "scores.item"), i18n.T(ctx, "surveys.weight"), i18n.T(ctx, "scores.answers"), i18n.T(ctx, "scores.score"))
	for _, it := range k.Lowest {
		s.Row(workbook.Text(components.Local(ctx, it.NameZH, it.NameEN)), workbook.Score(it.Weight), workbook.Count(it.Answers),
			judgedCell(st, kind, it.Score, it.Answers))
	}
	for _, staff := range k.Staff {
		s.Section(i18n.T(ctx, "scores.staff_"+staff.Role))
		s.Header(i18n.T(ctx, "scores.person"), i18n.T(ctx, "scores.surveys_col"), whole)
		for _, g := range staff.People {
			s.Row(workbook.Text(g.Name), workbook.Count(g.Surveys), judgedCell(st, kind, g.Score, g.Surveys))
		}
	}
	s.Section(i18n.T(ctx, "scores.worst_surveys"))
	s.Header(i18n.T(ctx, "scores.completed_at"), i18n.T(ctx, "worklist.customer"), i18n.T(ctx, "scores.agent"), whole)
	for _, sv := range k.Worst {
		c := workbook.Score(sv.Score)
		if sv.Score < st.Line(kind) {
			c = c.Marked(workbook.Fail)
		}
		s.Row(workbook.Text(sv.CompletedAt), workbook.Text(sv.Customer), workbook.Text(agentName(ctx, sv)), c)
	}
}

// figureCell is a figure's score, marked by its verdict, or an empty cell.
func figureCell(b scores.Board, f scores.Figure) workbook.Cell {
	v, ok := f.Score()
	if !ok {
		return workbook.Empty()
	}
	return workbook.Score(v).Marked(mark(verdict(b, f)))
}

// judgedCell is a score from n surveys (or answers), marked by its verdict.
func judgedCell(st scores.Store, kind string, score float64, n int) workbook.Cell {
	return workbook.Score(score).Marked(mark(st.Judge(kind, score, n)))
}

// changeCell is the change from prev to now, when both are judged.
func changeCell(b scores.Board, now, prev scores.Figure) workbook.Cell {
	if !judged(b.Store, b.Kind, now, prev) {
		return workbook.Empty()
	}
	return workbook.Delta(shownChange(now, prev))
}

// mark is how a workbook marks a verdict: red below the line, grey when too few.
func mark(v scores.Verdict) workbook.Mark {
	switch v {
	case scores.Below:
		return workbook.Fail
	case scores.TooFew:
		return workbook.Few
	}
	return workbook.Plain
}

// verdictText is a figure's tier, with "below the line" when it fails, or "too few".
func verdictText(ctx context.Context, b scores.Board, f scores.Figure) string {
	switch verdict(b, f) {
	case scores.TooFew:
		return i18n.T(ctx, "scores.too_few")
	case scores.Below:
		return strings.TrimSpace(tierText(ctx, b, f) + " " + i18n.T(ctx, "scores.below_line"))
	}
	return tierText(ctx, b, f)
}
