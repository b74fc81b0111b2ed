package scores

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// ReportKind is one kind of survey in a store's report: every department's figure for the
// period and the one before, the period's figures by channel, the lowest items, the staff
// ranking, and the lowest surveys to talk about.
type ReportKind struct {
	Board  Board // two periods: the one before, and the report's
	Split  Split // the report's period
	Items  []ItemScore
	Lowest []ItemScore // the first of Items
	Staff  []Staff
	Worst  []SurveyRow
}

// Report is a store's satisfaction report for one week (the weekly meeting), one month or one
// quarter, with what the weekly or monthly meeting keeps with it.
type Report struct {
	Key Key
	// Kinds are CSI, then SSI, then the event survey apart when the store has its figures in
	// the period or the one before.
	Kinds   []ReportKind
	Meeting Meeting
}

// Report sizes: the lowest items and surveys a report lists.
const (
	ReportItems   = 5
	ReportSurveys = 10
)

// ReadReport reads a store's report for the period of k (its department is ignored).
func (s *Service) ReadReport(ctx context.Context, tenantID int64, k Key) (Report, error) {
	k.DepartmentID = 0
	r := Report{Key: k}
	for _, kind := range []string{"csi", "ssi", "event"} {
		k.Kind = kind
		b, err := first(s.readBoards(ctx, tenantID, 2, k))
		if err != nil {
			return r, err
		}
		if kind == "event" && b.Total[0].Weight == 0 && b.Total[1].Weight == 0 {
			continue
		}
		rk, err := s.readReportKind(ctx, tenantID, k, b)
		if err != nil {
			return r, err
		}
		r.Kinds = append(r.Kinds, rk)
	}
	if !k.Period.Meets() {
		return r, nil
	}
	var err error
	r.Meeting, err = s.readMeeting(ctx, tenantID, r)
	return r, err
}

// readReportKind reads what a report shows of the kind of k beside its board b.
func (s *Service) readReportKind(ctx context.Context, tenantID int64, k Key, b Board) (ReportKind, error) {
	rk := ReportKind{Board: b}
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		var d Drill
		if err := readDrill(ctx, tx, tenantID, k, 0, &d); err != nil {
			return err
		}
		rk.Items, rk.Lowest, rk.Staff, rk.Worst = d.Items, head(d.Items, ReportItems), d.Staff, head(d.Surveys, ReportSurveys)
		var err error
		rk.Split, err = readSplit(ctx, tx, tenantID, k)
		return err
	})
	return rk, err
}

func head[T any](list []T, n int) []T {
	return list[:min(n, len(list))]
}
