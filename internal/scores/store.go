package scores

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Store is what the score pages need of a store: its red lines, its minimum sample, and whether
// it counts the event survey in its CSI.
type Store struct {
	ID         int64
	Name       string
	TimeZone   string
	SSILine    float64
	CSILine    float64
	MinSample  int
	EventInCSI bool
}

// Line is the store's red line for a kind of survey: the event survey is judged against the
// CSI line.
func (s Store) Line(kind string) float64 {
	if kind == "ssi" {
		return s.SSILine
	}
	return s.CSILine
}

// Location is the store's time zone.
func (s Store) Location() *time.Location {
	return tenancy.Location(s.TimeZone)
}

// Verdict is what a figure says against the store's red line.
type Verdict int

// The verdicts. A figure from fewer surveys than the store's minimum sample is shown but not
// judged: two unhappy customers do not fail a department.
const (
	NoScore  Verdict = iota // no scored answer
	TooFew                  // fewer surveys than the minimum sample
	Below                   // below the red line
	OnTarget                // at or above the red line
)

// Judge is the verdict on a score of the kind from n surveys.
func (s Store) Judge(kind string, score float64, n int) Verdict {
	switch {
	case n < s.MinSample:
		return TooFew
	case score < s.Line(kind):
		return Below
	}
	return OnTarget
}

// JudgeFigure is the verdict on a figure of the kind.
func (s Store) JudgeFigure(kind string, f Figure) Verdict {
	score, ok := f.Score()
	if !ok {
		return NoScore
	}
	return s.Judge(kind, score, f.Surveys)
}

// SampleState is what a period's sample says.
type SampleState string

// The sample states. A period still running, or one with fewer completed surveys than the
// minimum sample, is not called valid or not valid: 2 of 2 says nothing yet.
const (
	NothingDue    SampleState = "none"
	Running       SampleState = "running"
	FewCompleted  SampleState = "few"
	ValidSample   SampleState = "valid"
	InvalidSample SampleState = "invalid"
)

// SampleState is what the sample of a period (running or not) says under the store's minimum.
func (s Store) SampleState(sm Sample, running bool) SampleState {
	switch {
	case sm.Required == 0:
		return NothingDue
	case running:
		return Running
	case sm.Completed < s.MinSample:
		return FewCompleted
	case sm.Valid():
		return ValidSample
	}
	return InvalidSample
}

const storeSQL = `SELECT id, name, time_zone, ssi_threshold::float8, csi_threshold::float8, min_sample, event_in_csi
	FROM stores WHERE tenant_id = $1 AND id = $2`

// scan reads a store of storeSQL.
func (s *Store) scan(row pgx.Row) error {
	return row.Scan(&s.ID, &s.Name, &s.TimeZone, &s.SSILine, &s.CSILine, &s.MinSample, &s.EventInCSI)
}

func readStore(ctx context.Context, tx pgx.Tx, tenantID, storeID int64) (Store, error) {
	var s Store
	err := s.scan(tx.QueryRow(ctx, storeSQL, tenantID, storeID))
	return s, postgres.Err("scores.readStore", err)
}
