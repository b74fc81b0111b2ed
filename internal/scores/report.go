package scores

import (
	"context"
)

// ReportKind is one kind of survey in a store's report: every department's figure for the
// period and the one before, the lowest items, the staff ranking, and the lowest surveys to
// talk about.
type ReportKind struct {
	Board  Board // two periods: the one before, and the report's
	Items  []ItemScore
	Lowest []ItemScore // the first of Items
	Staff  []Staff
	Worst  []SurveyRow
}

// Report is a store's satisfaction report for one week (the weekly meeting), one month or one
// quarter, with what the weekly or monthly meeting keeps with it.
type Report struct {
	Key     Key
	Kinds   []ReportKind // CSI, then SSI
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
	for _, kind := range []string{"csi", "ssi"} {
		k.Kind = kind
		b, err := first(s.readBoards(ctx, tenantID, 2, k))
		if err != nil {
			return r, err
		}
		d, err := s.ReadDrill(ctx, tenantID, k, 0)
		if err != nil {
			return r, err
		}
		r.Kinds = append(r.Kinds, ReportKind{Board: b, Items: d.Items, Lowest: head(d.Items, ReportItems), Staff: d.Staff,
			Worst: head(d.Surveys, ReportSurveys)})
	}
	if !k.Period.Meets() {
		return r, nil
	}
	var err error
	r.Meeting, err = s.readMeeting(ctx, tenantID, r)
	return r, err
}

func head[T any](list []T, n int) []T {
	return list[:min(n, len(list))]
}
