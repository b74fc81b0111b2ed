package scores

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/web/views/components"
)

// periodLabel names a period briefly, as a column: "第 49 周" or "Week 49", "12 月" or "Dec",
// "第 4 季度" or "Q4".
func periodLabel(ctx context.Context, p scores.Period, start time.Time) string {
	switch p {
	case scores.Week:
		_, w := start.ISOWeek()
		return i18n.T(ctx, "scores.week", "Week", w)
	case scores.Quarter:
		return i18n.T(ctx, "scores.quarter", "Quarter", quarterOf(start))
	}
	return components.Local(ctx, fmt.Sprintf("%d 月", start.Month()), start.Format("Jan"))
}

// quarterOf is the number of the quarter starting on start, 1 to 4.
func quarterOf(start time.Time) int { return (int(start.Month())-1)/3 + 1 }

// periodDates are a period's days under its label: "11/30–12/06" for a week, the year for a
// month or a quarter.
func periodDates(p scores.Period, start time.Time) string {
	if p == scores.Week {
		return start.Format("01/02") + "–" + start.AddDate(0, 0, 6).Format("01/02")
	}
	return start.Format("2006")
}

// chartLabel names a period under a chart's point, where about six characters fit: "第49周" or
// "Wk 49", "12月" or "Dec", "Q4" (with its year for a first quarter: "26年Q1" or "Q1 '26").
func chartLabel(ctx context.Context, p scores.Period, start time.Time) string {
	switch p {
	case scores.Week:
		_, w := start.ISOWeek()
		return i18n.T(ctx, "scores.week_short", "Week", w)
	case scores.Quarter:
		if n := quarterOf(start); n > 1 {
			return i18n.T(ctx, "scores.quarter_short", "Quarter", n)
		}
		return i18n.T(ctx, "scores.quarter_first", "Year", fmt.Sprintf("%02d", start.Year()%100))
	}
	return components.Local(ctx, fmt.Sprintf("%d月", start.Month()), start.Format("Jan"))
}

// periodRange names a period with its days: "第 49 周（11/30–12/06）" or "Week 49 (11/30–12/06)",
// "2026 年 12 月" or "December 2026", "2026 年第 4 季度" or "Q4 2026".
func periodRange(ctx context.Context, p scores.Period, start time.Time) string {
	if p == scores.Week {
		_, w := start.ISOWeek()
		return i18n.T(ctx, "scores.week_dates", "Week", w, "Dates", periodDates(p, start))
	}
	return periodName(ctx, p, start)
}

// periodFull names a period with its year, for a report's heading: "2026 年第 49 周（11/30–12/06）"
// or "Week 49 of 2026 (11/30–12/06)". A week's year is its ISO year, which its Thursday is in.
func periodFull(ctx context.Context, p scores.Period, start time.Time) string {
	if p == scores.Week {
		y, w := start.ISOWeek()
		return i18n.T(ctx, "scores.week_range", "Year", y, "Week", w, "Dates", periodDates(p, start))
	}
	return periodName(ctx, p, start)
}

// periodName names a month or a quarter with its year.
func periodName(ctx context.Context, p scores.Period, start time.Time) string {
	if p == scores.Quarter {
		return i18n.T(ctx, "scores.quarter_range", "Year", start.Year(), "Quarter", quarterOf(start))
	}
	return components.Local(ctx, fmt.Sprintf("%d 年 %d 月", start.Year(), start.Month()), start.Format("January 2006"))
}

// periodFile names a period in a file name: "2026第49周" or "2026-week-49", "2026年12月" or
// "2026-12", "2026年第4季度" or "2026-Q4".
func periodFile(ctx context.Context, p scores.Period, start time.Time) string {
	zh := fmt.Sprintf("%d年%d月", start.Year(), start.Month())
	switch p {
	case scores.Week:
		y, w := start.ISOWeek()
		zh = fmt.Sprintf("%d第%d周", y, w)
	case scores.Quarter:
		zh = fmt.Sprintf("%d年第%d季度", start.Year(), quarterOf(start))
	}
	return components.Local(ctx, zh, asciiPeriod(p, start))
}

// running says that a period is still running and up to which day it is counted, or nothing
// when it has ended: "本周进行中，截至 12-02" or "In progress, to 12-02".
func running(ctx context.Context, q Query, p scores.Period, start time.Time) string {
	if !p.Running(start, q.Today()) {
		return ""
	}
	return i18n.T(ctx, "scores.running_"+string(p), "Day", q.Today().Format("01-02"))
}

// surveyCount is a number of surveys: "3 份" or "3 surveys", "1 survey".
func surveyCount(ctx context.Context, n int) string {
	if n == 1 {
		return i18n.T(ctx, "scores.one_survey")
	}
	return i18n.T(ctx, "scores.n_surveys", "Count", n)
}

// sampleText is a period's sample: "完成 2 · 接通 2 · 应访 2" or "completed 2 · reached 2 · due 2".
func sampleText(ctx context.Context, sm scores.Sample) string {
	return strings.Join(sampleCounts(ctx, sm), " · ")
}

// sampleCounts are a period's completed, reached and due calls, each with its name.
func sampleCounts(ctx context.Context, sm scores.Sample) []string {
	return []string{i18n.T(ctx, "scores.sample_completed", "Count", sm.Completed),
		i18n.T(ctx, "scores.sample_reached", "Count", sm.Reached), i18n.T(ctx, "scores.sample_due", "Count", sm.Required)}
}

// sampleState is what a sample says, in the reader's language, and its badge's class.
func sampleState(ctx context.Context, st scores.SampleState) (text, class string) {
	switch st {
	case scores.ValidSample:
		return i18n.T(ctx, "samples.is_valid"), "badge ok"
	case scores.InvalidSample:
		return i18n.T(ctx, "samples.not_valid"), "badge off"
	case scores.FewCompleted:
		return i18n.T(ctx, "scores.too_few"), "badge off"
	case scores.Running:
		return i18n.T(ctx, "scores.running"), "badge off"
	}
	return "", ""
}

// deptName is a department's name in the reader's language.
func deptName(ctx context.Context, d scores.Department) string {
	return components.DepartmentName(ctx, d.Kind, d.Name)
}

// scopeName is what a drill-down covers: its department, or the whole store.
func scopeName(ctx context.Context, q Query, b scores.Board) string {
	for _, d := range b.Departments {
		if d.ID == q.DepartmentID {
			return deptName(ctx, d)
		}
	}
	return i18n.T(ctx, "scores.store_total")
}

// partName is the part of each survey a drill-down's scores count: the department's questions,
// or the whole survey.
func partName(ctx context.Context, q Query, b scores.Board) string {
	if q.DepartmentID == 0 {
		return i18n.T(ctx, "scores.whole_survey")
	}
	return i18n.T(ctx, "scores.part_of", "Dept", scopeName(ctx, q, b))
}

// scopeText says in a sentence what a drill-down's figures count.
func scopeText(ctx context.Context, q Query, b scores.Board) string {
	if q.DepartmentID == 0 {
		return i18n.T(ctx, "scores.scope_store")
	}
	return i18n.T(ctx, "scores.scope_department", "Dept", scopeName(ctx, q, b))
}

// drillTitle names the figure: store, department (or the whole store), kind and period.
func drillTitle(ctx context.Context, q Query, b scores.Board) string {
	return fmt.Sprintf("%s · %s · %s · %s", b.Store.Name, scopeName(ctx, q, b), i18n.T(ctx, "surveys.kind_"+q.Kind),
		periodRange(ctx, q.Period, q.Start))
}

// reportTitle names the report: the weekly meeting's, the month's or the quarter's.
func reportTitle(ctx context.Context, q Query) string {
	switch q.Period {
	case scores.Week:
		return i18n.T(ctx, "scores.weekly_report")
	case scores.Quarter:
		return i18n.T(ctx, "scores.quarterly_report")
	}
	return i18n.T(ctx, "scores.monthly_report")
}

// lastPeriods names a trend chart of a board's periods: the last 12 weeks, months or quarters.
func lastPeriods(ctx context.Context, p scores.Period) string {
	switch p {
	case scores.Week:
		return i18n.T(ctx, "scores.last_weeks")
	case scores.Quarter:
		return i18n.T(ctx, "scores.last_quarters")
	}
	return i18n.T(ctx, "scores.last_months")
}

func itemName(ctx context.Context, items []scores.ItemScore, id int64) string {
	for _, it := range items {
		if it.ItemID == id {
			return components.Local(ctx, it.NameZH, it.NameEN)
		}
	}
	return ""
}

// groupName is a person's or region's name as it is, or a segment's key in the reader's language.
func groupName(ctx context.Context, g scores.Group, labelPrefix string) string {
	if labelPrefix == "" {
		return g.Name
	}
	return i18n.T(ctx, labelPrefix+g.Name)
}

// sentences joins sentences as the reader's language does: Chinese runs them together, English
// leaves a space. Empty ones are left out.
func sentences(ctx context.Context, list ...string) string {
	return strings.Join(slices.DeleteFunc(slices.Clone(list), func(s string) bool { return s == "" }), components.Local(ctx, "", " "))
}

// WeekLabel names an ISO week briefly, as the score pages do: "第 49 周" or "Week 49".
func WeekLabel(ctx context.Context, start time.Time) string {
	return periodLabel(ctx, scores.Week, start)
}

// WeekRange names an ISO week with its days, as the score pages do: "第 49 周（11/30–12/06）" or
// "Week 49 (11/30–12/06)".
func WeekRange(ctx context.Context, start time.Time) string {
	return periodRange(ctx, scores.Week, start)
}
