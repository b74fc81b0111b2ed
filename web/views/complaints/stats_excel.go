package complaints

import (
	"context"
	"io"
	"time"

	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/web/views/workbook"
)

// StatsExcel writes a store's monthly complaint statistics as a workbook of one sheet in the
// reader's language, with the figures of the page as numbers.
func StatsExcel(ctx context.Context, w io.Writer, st complaints.Stats) error {
	t := func(key string) string { return i18n.T(ctx, key) }
	b := workbook.New()
	s := b.Sheet(t("cstats.sheet"))
	facts := []workbook.Fact{{Label: t("field.store"), Value: st.StoreName}, {Label: t("cstats.month"), Value: statsMonth(ctx, st.Month)}}
	s.Heading(t("cstats.title"), facts...)
	if c := statsCovers(ctx, st); c != "" {
		s.Note(c)
	}
	summary := statsSummary(ctx, st)
	for i, title := range []string{t("cstats.summary"), t("cstats.close_time")} {
		s.Section(title)
		for _, fig := range summary[i] {
			s.Row(workbook.Text(fig.Label), statsCell(fig.Value))
		}
	}
	for _, tb := range statsTables(ctx, st) {
		s.Section(tb.Title)
		s.Header(tb.Column, t("cstats.count"), t("cstats.share"))
		for _, r := range tb.Rows {
			s.Row(workbook.Text(r.Name), workbook.Count(r.Count), statsPercent(r.Count, st.Opened))
		}
		if tb.Total {
			s.Row(workbook.Text(t("cstats.total")), workbook.Count(st.Opened), statsPercent(st.Opened, st.Opened))
		}
	}
	s.Section(t("cstats.sla"))
	s.Header(t("cstats.step"), t("cstats.due"), t("cstats.on_time"), t("cstats.late"), t("cstats.open"), t("cstats.compliance"),
		t("cstats.compliance_clock"), t("cstats.pauses"), t("cstats.paused_hours"))
	for _, sla := range st.SLA {
		s.Row(statsSLA(t("complaints.step_"+string(sla.Step)), sla)...)
	}
	s.Row(statsSLA(t("cstats.total"), st.SLATotal())...)
	s.Section(t("cstats.repeat"))
	s.Header(t("cstats.customer"), t("cstats.forms"), t("cstats.last"))
	for _, r := range st.RepeatComplainants {
		s.Row(workbook.Text(r.Name), workbook.Count(r.Count), workbook.Text(r.Last.In(st.Month.Location()).Format(time.DateOnly)))
	}
	s.Note(t("cstats.notes"))
	return b.Write(w)
}

// StatsFileName names the workbook after the store, the month and the report.
func StatsFileName(ctx context.Context, st complaints.Stats) string {
	return workbook.FileName(st.StoreName, st.Month.Format("2006-01"), i18n.T(ctx, "cstats.title"))
}

// statsSLA is a deadline row: the step, its counts, the shares kept on time as set and on the
// clock, and its pauses with their hours.
func statsSLA(name string, sla complaints.StepSLA) []workbook.Cell {
	return []workbook.Cell{workbook.Text(name), workbook.Count(sla.Due), workbook.Count(sla.OnTime),
		workbook.Count(sla.Late), workbook.Count(sla.Open), statsPct(sla.Compliance()), statsPct(sla.ClockCompliance()),
		workbook.Count(sla.Pauses), workbook.Score(sla.PausedFor.Hours())}
}

// statsPct is an on-time share as a cell, or empty when nothing was due.
func statsPct(v float64, ok bool) workbook.Cell {
	if !ok {
		return workbook.Empty()
	}
	return workbook.Score(v)
}

// statsCell is a summary figure as a cell: a count, hours with one decimal, or a dash.
func statsCell(v any) workbook.Cell {
	switch v := v.(type) {
	case int:
		return workbook.Count(v)
	case float64:
		return workbook.Score(v)
	}
	return workbook.Text(statsText(v))
}

// statsPercent is part of whole in percent with one decimal, or empty.
func statsPercent(part, whole int) workbook.Cell {
	if whole == 0 {
		return workbook.Empty()
	}
	return workbook.Score(100 * float64(part) / float64(whole))
}
