package scores

import (
	"context"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/web/views/components"
)

// ReportExcel writes the report as a workbook in the reader's language: one sheet per kind of
// survey with the departments, the sample, the lowest items, the staff and the lowest surveys.
func ReportExcel(ctx context.Context, w io.Writer, q Query, r scores.Report) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, k := range r.Kinds {
		sheet := i18n.T(ctx, "surveys.kind_"+k.Board.Kind)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		if err := writeKind(ctx, &sheetWriter{f: f, sheet: sheet}, q, k); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// sheetWriter appends rows to a sheet and keeps the first error.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	row   int
	err   error
}

func (s *sheetWriter) add(cells ...any) {
	s.row++
	if s.err != nil {
		return
	}
	cell, err := excelize.CoordinatesToCellName(1, s.row)
	if err == nil {
		err = s.f.SetSheetRow(s.sheet, cell, &cells)
	}
	s.err = err
}

// score is a figure's score for a cell: a number, or empty.
func score(f scores.Figure) any {
	if v, ok := f.Score(); ok {
		return round1(v)
	}
	return ""
}

func round1(v float64) float64 { return float64(int64(v*10+0.5)) / 10 }

func writeKind(ctx context.Context, s *sheetWriter, q Query, k scores.ReportKind) error {
	b := k.Board
	tiers := b.Tiers
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	s.add(reportTitle(ctx, q), q.StoreName(), periodRange(ctx, q.Period, q.Start), t("surveys.kind_"+b.Kind))
	s.add(t("scores.legend", "Line", pct(b.Store.Line(b.Kind))))
	s.add()
	s.add(t("scores.department"), periodLabel(ctx, b.Period, b.Starts[1]), periodLabel(ctx, b.Period, b.Starts[0]),
		t("scores.change"), "n", t("scores.tier"), t("scores.below_line"))
	for _, d := range b.Departments {
		s.add(deptName(ctx, d), score(d.Figures[1]), score(d.Figures[0]), delta(d.Figures[1], d.Figures[0]),
			d.Figures[1].Surveys, tierText(ctx, tiers, d.Figures[1]), yes(ctx, fails(d.Figures[1], b.Store.Line(b.Kind))))
	}
	s.add(t("scores.store_total"), score(b.Total[1]), score(b.Total[0]), delta(b.Total[1], b.Total[0]), "",
		tierText(ctx, tiers, b.Total[1]), yes(ctx, fails(b.Total[1], b.Store.Line(b.Kind))))
	sm := b.Samples[1]
	s.add()
	s.add(t("samples.required"), t("samples.attempted"), t("samples.reached"), t("samples.completed"), t("samples.valid"))
	s.add(sm.Required, sm.Attempted, sm.Reached, sm.Completed, yes(ctx, sm.Valid()))
	s.add()
	s.add(t("scores.lowest_items"), t("surveys.weight"), t("scores.answers"), t("scores.score"))
	for _, it := range k.Lowest {
		s.add(components.Local(ctx, it.TextZH, it.TextEN), it.Weight, it.Answers, round1(it.Score))
	}
	for _, st := range k.Staff {
		s.add()
		s.add(t("scores.staff_"+st.Role), "n", t("scores.score"))
		for _, g := range st.People {
			s.add(g.Name, g.Surveys, round1(g.Score))
		}
	}
	s.add()
	s.add(t("scores.worst_surveys"), t("worklist.customer"), t("scores.agent"), t("scores.score"))
	for _, sv := range k.Worst {
		s.add(sv.CompletedAt, sv.Customer, sv.Agent, round1(sv.Score))
	}
	return s.err
}

func yes(ctx context.Context, v bool) string {
	if v {
		return i18n.T(ctx, "scores.yes")
	}
	return i18n.T(ctx, "scores.no")
}
