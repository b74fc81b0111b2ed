package scores

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/web/views/workbook"
)

// GroupExcel writes the group ranking as a workbook in the reader's language: a heading block,
// then every store with its rank (when judged), whole-store score, red line, change, weakest
// department and sample.
func GroupExcel(ctx context.Context, w io.Writer, q Query, list []scores.StoreFigure) error {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	book := workbook.New()
	s := book.Sheet(t("scores.group"))
	s.Heading(t("scores.group"),
		workbook.Fact{Label: t("scores.kind"), Value: t("surveys.kind_" + q.Kind)},
		workbook.Fact{Label: t("scores.period"), Value: periodValue(ctx, q)},
		workbook.Fact{Label: t("scores.made_at"), Value: q.Now.Format("2006-01-02 15:04")})
	s.Note(t("scores.group_legend"))
	s.Header("#", t("field.store"), t("scores.whole_store_score"), t("scores.surveys_col"), t("scores.red_line"),
		t("scores.change"), t("scores.weakest"), t("scores.weakest_score"), t("samples.completed"), t("samples.reached"),
		t("samples.required"), t("samples.valid"))
	for i, sf := range list {
		writeStore(ctx, s, q, i, sf)
	}
	s.Note(t("scores.sample_hint"))
	return book.Write(w)
}

// writeStore writes one store of the ranking.
func writeStore(ctx context.Context, s *workbook.Sheet, q Query, i int, sf scores.StoreFigure) {
	b := scores.Board{Store: sf.Store, Kind: q.Kind} // what figureCell judges against
	rank, weakest, low := workbook.Empty(), workbook.Empty(), workbook.Empty()
	if judged(sf.Store, q.Kind, sf.Now) {
		rank = workbook.Count(i + 1)
	}
	if sf.WeakestSet {
		weakest, low = workbook.Text(deptName(ctx, sf.Weakest)), figureCell(b, sf.Weakest.Figures[0])
	}
	state, _ := sampleState(ctx, sf.Store.SampleState(sf.Sample, q.Period.Running(q.Start, q.Today())))
	s.Row(rank, workbook.Text(sf.Store.Name), figureCell(b, sf.Now), workbook.Count(sf.Now.Surveys),
		workbook.Score(sf.Store.Line(q.Kind)), changeCell(b, sf.Now, sf.Prev), weakest, low,
		workbook.Count(sf.Sample.Completed), workbook.Count(sf.Sample.Reached), workbook.Count(sf.Sample.Required),
		workbook.Text(state))
}

// GroupFile names a ranking's workbook: the ranking, its period and kind, and a plain ASCII name
// for the browsers that cannot take the first.
func GroupFile(ctx context.Context, q Query) (name, fallback string) {
	kind := strings.ToUpper(q.Kind)
	return workbook.FileName(i18n.T(ctx, "scores.group"), periodFile(ctx, q.Period, q.Start), kind),
		fmt.Sprintf("csi-desk-ranking-%s-%s.xlsx", asciiPeriod(q.Period, q.Start), q.Kind)
}
