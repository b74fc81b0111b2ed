package benchmarks

import (
	"context"
	"fmt"
	"io"

	"github.com/csidesk/csidesk/internal/benchmarks"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/web/views/workbook"
)

// GapExcel writes the gap view as a workbook in the reader's language: a heading block saying
// what the figures cover, then each programme's items worst gap first, as the page has them.
func GapExcel(ctx context.Context, w io.Writer, p GapPage) error {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	book := workbook.New()
	s := book.Sheet(t("benchmarks.title"))
	s.Heading(t("benchmarks.title"),
		workbook.Fact{Label: t("field.store"), Value: p.Scope(ctx)},
		workbook.Fact{Label: t("benchmarks.made_at"), Value: p.Now.Format("2006-01-02 15:04")})
	s.Note(t("benchmarks.gap_legend"))
	for _, pg := range p.Gap.Programmes {
		s.Section(programmeName(ctx, pg.Programme) + " · " + p.Scope(ctx))
		if p.StoreID != 0 {
			storeSheet(ctx, s, p, pg)
		} else {
			storesSheet(ctx, s, p, pg)
		}
	}
	return book.Write(w)
}

// storeSheet writes one store's items of a programme: the figures, gaps, rank, trend and the
// store's own figure.
func storeSheet(ctx context.Context, s *workbook.Sheet, p GapPage, pg benchmarks.ProgrammeGap) {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	head := []string{t("benchmarks.item"), t("benchmarks.score"), t("benchmarks.national"), t("benchmarks.gap_national"),
		t("benchmarks.regional"), t("benchmarks.gap_regional"), t("benchmarks.rank")}
	for _, pt := range pg.Items[0].Cells[0].Trend {
		head = append(head, benchmarks.QuarterLabel(pt.Quarter))
	}
	s.Header(append(head, t("benchmarks.own"), t("benchmarks.own_answers"))...)
	for _, ig := range pg.Items {
		c := ig.Cells[0]
		row := []workbook.Cell{workbook.Text(ig.Item.Name), workbook.Figure(c.Score), number(c.National), gapCell(c.Gap(c.National)),
			number(c.Regional), gapCell(c.Gap(c.Regional)), rankCell(c.Rank)}
		for _, pt := range c.Trend {
			row = append(row, number(pt.Score))
		}
		own, answers := workbook.Empty(), workbook.Empty()
		if c.Own != nil {
			own, answers = workbook.Score(*c.Own), workbook.Count(c.OwnAnswers)
		}
		s.Row(append(row, own, answers)...)
	}
}

// storesSheet writes a programme's items across the stores: each store's score and its gaps.
func storesSheet(ctx context.Context, s *workbook.Sheet, p GapPage, pg benchmarks.ProgrammeGap) {
	head := []string{i18n.T(ctx, "benchmarks.item")}
	for _, st := range p.Shown() {
		head = append(head, st.Name, st.Name+" "+i18n.T(ctx, "benchmarks.gap_national"),
			st.Name+" "+i18n.T(ctx, "benchmarks.gap_regional"))
	}
	s.Header(head...)
	for _, ig := range pg.Items {
		row := []workbook.Cell{workbook.Text(ig.Item.Name)}
		for _, c := range ig.Cells {
			if c.ResultID == 0 {
				row = append(row, workbook.Empty(), workbook.Empty(), workbook.Empty())
				continue
			}
			row = append(row, workbook.Figure(c.Score), gapCell(c.Gap(c.National)), gapCell(c.Gap(c.Regional)))
		}
		s.Row(row...)
	}
}

// number is a figure, empty without one.
func number(v *float64) workbook.Cell {
	if v == nil {
		return workbook.Empty()
	}
	return workbook.Figure(*v)
}

// gapCell is a gap with its sign, red below the average.
func gapCell(g *float64) workbook.Cell {
	if g == nil {
		return workbook.Empty()
	}
	if *g < 0 {
		return workbook.FigureDelta(*g).Marked(workbook.Fail)
	}
	return workbook.FigureDelta(*g)
}

func rankCell(r *int) workbook.Cell {
	if r == nil {
		return workbook.Empty()
	}
	return workbook.Count(*r)
}

// GapFile names the gap view's workbook: its stores and quarter, and a plain ASCII name for
// the browsers that cannot take the first.
func GapFile(ctx context.Context, p GapPage) (name, fallback string) {
	q := "none"
	if !p.Gap.Quarter.IsZero() {
		q = benchmarks.QuarterLabel(p.Gap.Quarter)
	}
	stores := i18n.T(ctx, "benchmarks.all_stores")
	if p.StoreID != 0 {
		stores = storeName(p.Stores, p.StoreID)
	}
	return workbook.FileName(i18n.T(ctx, "benchmarks.title"), stores, q),
		fmt.Sprintf("csi-desk-benchmarks-%s-store-%d.xlsx", q, p.StoreID)
}
