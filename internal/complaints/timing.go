package complaints

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/calendar"
)

// Timing is how a step's time counts: in business time by the store's calendar, or on the clock.
type Timing struct {
	Business bool
	Calendar calendar.Calendar
}

// Add is the instant d of the step's time after from.
func (k Timing) Add(from time.Time, d time.Duration) time.Time {
	if k.Business {
		return k.Calendar.Add(from, d)
	}
	return from.Add(d)
}

// Between is the step's time from from to to; negative when to comes first.
func (k Timing) Between(from, to time.Time) time.Duration {
	switch {
	case to.Before(from):
		return -k.Between(to, from)
	case k.Business:
		return k.Calendar.Between(from, to)
	}
	return to.Sub(from)
}

// calendars reads in one transaction the calendar versions that steps keep, each once.
type calendars struct {
	tx       pgx.Tx
	tenantID int64
	read     map[[2]int64]calendar.Calendar // by store and version (0: the store's default)
}

func newCalendars(tx pgx.Tx, tenantID int64) *calendars {
	return &calendars{tx: tx, tenantID: tenantID, read: map[[2]int64]calendar.Calendar{}}
}

// timing is how a step of a store's form counts: on the clock, or in business time by the
// calendar version it was set with.
func (cs *calendars) timing(ctx context.Context, storeID int64, business bool, version int64) (Timing, error) {
	if !business {
		return Timing{}, nil
	}
	key := [2]int64{storeID, version}
	cal, ok := cs.read[key]
	if !ok {
		var err error
		if cal, err = calendar.Version(ctx, cs.tx, cs.tenantID, storeID, version); err != nil {
			return Timing{}, err
		}
		cs.read[key] = cal
	}
	return Timing{Business: true, Calendar: cal}, nil
}
