package improve

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
)

// redLineStore is a store as the red-line check reads it: its lines and minimum sample, and the
// periods whose close below the line opens an action.
type redLineStore struct {
	scores.Store
	Periods []string
}

// departmentFigure is a department's roll-up of one kind in a closed period, with the manager
// who owns the action it opens (0: none).
type departmentFigure struct {
	ID        int64
	DeptKind  string
	DeptName  string
	Kind      string
	Figure    scores.Figure
	ManagerID int64
}

// OpenRedLines opens an action for every department of the group whose last closed period
// (month, and week where the store asks for it, in the store's time zone) is below the store's
// red line with enough surveys to judge it, as the scoreboard judges it; one transaction per
// store. A cause already opened opens nothing again. It returns how many actions it opened.
func (s *Service) OpenRedLines(ctx context.Context, tenantID int64) (int, error) {
	stores, err := postgres.List[redLineStore](ctx, s.DB, tenantID, "improve.OpenRedLines: stores", `
		SELECT id, name, time_zone, ssi_threshold::float8, csi_threshold::float8, min_sample, event_in_csi, action_periods
		FROM stores WHERE tenant_id = $1 ORDER BY id`)
	if err != nil {
		return 0, err
	}
	opened := 0
	for _, st := range stores {
		err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
			n, err := s.openRedLines(ctx, tx, tenantID, st)
			opened += n
			return err
		})
		if err != nil {
			return opened, err
		}
	}
	return opened, nil
}

// openRedLines opens, in tx, the actions of one store's last closed periods.
func (s *Service) openRedLines(ctx context.Context, tx pgx.Tx, tenantID int64, st redLineStore) (int, error) {
	today, opened := scores.Date(s.Now(), st.Location()), 0
	for _, name := range st.Periods {
		p := scores.Period(name)
		start := p.LastComplete(today)
		rows, _ := tx.Query(ctx, `
			SELECT r.department_id, d.kind, d.name, r.kind, r.weight_sum::float8, r.points_sum::float8, r.surveys,
			       coalesce((SELECT min(m.user_id) FROM memberships m JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
			                 WHERE m.tenant_id = $1 AND m.role = 'dept_manager' AND m.department_id = r.department_id AND u.active), 0)
			FROM score_rollups r JOIN departments d ON d.tenant_id = r.tenant_id AND d.id = r.department_id
			WHERE r.tenant_id = $1 AND r.store_id = $2 AND r.period = $3 AND r.period_start = $4 AND r.kind IN ('ssi', 'csi')
			ORDER BY r.kind, d.kind, d.id`, tenantID, st.ID, name, start)
		figures, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (departmentFigure, error) {
			var d departmentFigure
			err := row.Scan(&d.ID, &d.DeptKind, &d.DeptName, &d.Kind, &d.Figure.Weight, &d.Figure.Points, &d.Figure.Surveys, &d.ManagerID)
			return d, err
		})
		if err != nil {
			return opened, postgres.Err("improve.OpenRedLines: figures", err)
		}
		for _, d := range figures {
			if st.JudgeFigure(d.Kind, d.Figure) != scores.Below {
				continue
			}
			_, ok, err := Open(ctx, tx, tenantID, 0, s.Now(), s.redLineCause(st, p, start, d))
			if err != nil {
				return opened, err
			}
			if ok {
				opened++
			}
		}
	}
	return opened, nil
}

// redLineCause is the cause of a department's period below the line: its figure is the
// baseline, the line the target, its manager the owner, and the end of the next period the due
// date. The weakness is written in the group's first language.
func (s *Service) redLineCause(st redLineStore, p scores.Period, start time.Time, d departmentFigure) Cause {
	score, _ := d.Figure.Score()
	line := st.Line(d.Kind)
	l := s.Notify.Bundle.Localizer(i18n.Languages[0])
	department := d.DeptName
	if department == "" {
		department = l.T("department." + d.DeptKind)
	}
	weakness := l.T("improve.weakness_red_line", "Department", department, "Kind", strings.ToUpper(d.Kind),
		"Period", PeriodText(l.T, string(p), start), "Score", strconv.FormatFloat(score, 'f', 1, 64),
		"Line", strconv.FormatFloat(line, 'f', -1, 64), "Surveys", d.Figure.Surveys)
	return Cause{Key: fmt.Sprintf("red_line:%d:%d:%s:%s:%s", st.ID, d.ID, d.Kind, p, start.Format(time.DateOnly)),
		Source: FromRedLine, StoreID: st.ID, DepartmentID: d.ID, Kind: d.Kind, Period: string(p), PeriodStart: start,
		Weakness: weakness, Baseline: &score, Target: &line, OwnerID: d.ManagerID, DueOn: p.Add(start, 2).AddDate(0, 0, -1)}
}

// PeriodText names a period with its year in the language of t: "2026 年第 49 周", "2026 年 11 月",
// "2026 年第 4 季度" (Week 49 of 2026, 11/2026, Q4 2026). A week's year is its ISO year.
func PeriodText(t func(key string, args ...any) string, period string, start time.Time) string {
	switch period {
	case string(scores.Week):
		y, w := start.ISOWeek()
		return t("improve.period_week", "Year", y, "Week", w)
	case string(scores.Month):
		return t("improve.period_month", "Year", start.Year(), "Month", int(start.Month()))
	}
	return t("improve.period_quarter", "Year", start.Year(), "Quarter", (int(start.Month())+2)/3)
}
