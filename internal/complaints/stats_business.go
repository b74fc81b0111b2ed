package complaints

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/calendar"
	"github.com/csidesk/csidesk/internal/postgres"
)

// statsBusinessClose reads the median and 90th percentile of the business time from opening to
// closing of the forms closed with the GM's approval in the month, by the store's current
// calendar, interpolated between forms as statsCloseTimes does.
func statsBusinessClose(ctx context.Context, q statsQuery, st *Stats) error {
	cal, _, err := calendar.Current(ctx, q.tx, q.args[0].(int64), st.StoreID)
	if err != nil {
		return err
	}
	rows, _ := q.rows(ctx, `SELECT opened_at, closed_at FROM complaints
		WHERE tenant_id = $1 AND store_id = $2 AND status = 'closed' AND closed_at >= $3 AND closed_at < $4`)
	spans, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (time.Duration, error) {
		var opened, closed time.Time
		err := row.Scan(&opened, &closed)
		return cal.Between(opened, closed), err
	})
	if err != nil {
		return postgres.Err("complaints.ReadStats: business close times", err)
	}
	slices.Sort(spans)
	st.BusinessMedian, st.BusinessP90 = percentile(spans, 0.5), percentile(spans, 0.9)
	return nil
}

// percentile is the p-th percentile of sorted durations, interpolated between neighbours as
// PostgreSQL's percentile_cont does, to the second; 0 for none.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	pos := p * float64(len(sorted)-1)
	lo := int(pos)
	hi := min(lo+1, len(sorted)-1)
	v := float64(sorted[lo]) + (pos-float64(lo))*float64(sorted[hi]-sorted[lo])
	return time.Duration(math.Round(v/float64(time.Second))) * time.Second
}
