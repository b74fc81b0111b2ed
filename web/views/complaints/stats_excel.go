package complaints

import (
	"context"
	"io"
	"math"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/i18n"
)

// StatsExcel writes a store's monthly complaint statistics as a workbook of one sheet in the
// reader's language, with the figures of the page as numbers.
func StatsExcel(ctx context.Context, w io.Writer, st complaints.Stats) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := i18n.T(ctx, "cstats.sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	s := &statsSheet{f: f, sheet: sheet}
	t := func(key string) string { return i18n.T(ctx, key) }
	s.add(t("cstats.title"), st.StoreName, statsMonth(ctx, st.Month))
	if c := statsCovers(ctx, st); c != "" {
		s.add(c)
	}
	s.add()
	for _, part := range statsSummary(ctx, st) {
		for _, fig := range part {
			s.add(fig.Label, fig.Value)
		}
	}
	for _, tb := range statsTables(ctx, st) {
		s.add()
		s.add(tb.Column+" ("+tb.Title+")", t("cstats.count"), t("cstats.share"))
		for _, r := range tb.Rows {
			s.add(r.Name, r.Count, statsPercent(r.Count, st.Opened))
		}
		if tb.Total {
			s.add(t("cstats.total"), st.Opened, statsPercent(st.Opened, st.Opened))
		}
	}
	s.add()
	s.add(t("cstats.step"), t("cstats.due"), t("cstats.on_time"), t("cstats.late"), t("cstats.open"), t("cstats.compliance"))
	for _, sla := range st.SLA {
		s.addSLA(t("complaints.step_"+string(sla.Step)), sla)
	}
	s.addSLA(t("cstats.total"), st.SLATotal())
	s.add()
	s.add(t("cstats.repeat"), t("cstats.forms"), t("cstats.last"))
	for _, r := range st.RepeatComplainants {
		s.add(r.Name, r.Count, r.Last.In(st.Month.Location()).Format(time.DateOnly))
	}
	s.add()
	s.add(t("cstats.notes"))
	if s.err != nil {
		return s.err
	}
	return f.Write(w)
}

// statsSheet appends rows to a sheet and keeps the first error.
type statsSheet struct {
	f     *excelize.File
	sheet string
	row   int
	err   error
}

func (s *statsSheet) add(cells ...any) {
	s.row++
	if s.err != nil || len(cells) == 0 {
		return
	}
	cell, err := excelize.CoordinatesToCellName(1, s.row)
	if err == nil {
		err = s.f.SetSheetRow(s.sheet, cell, &cells)
	}
	s.err = err
}

func (s *statsSheet) addSLA(name string, sla complaints.StepSLA) {
	var pct any = ""
	if v, ok := sla.Compliance(); ok {
		pct = statsRound(v)
	}
	s.add(name, sla.Due, sla.OnTime, sla.Late, sla.Open, pct)
}

// statsPercent is part of whole in percent with one decimal as a number, or empty.
func statsPercent(part, whole int) any {
	if whole == 0 {
		return ""
	}
	return statsRound(100 * float64(part) / float64(whole))
}

func statsRound(v float64) float64 { return math.Round(v*10) / 10 }
