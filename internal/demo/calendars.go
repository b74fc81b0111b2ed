package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/calendar"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// seedCalendars gives every demo store without a calendar of its own one, so that the demo's
// complaint deadlines count in business hours: the Pudong store closes on Sundays and the
// Hangzhou store breaks for lunch and closes early on Sundays. Both close on New Year's Day and
// swap a day in the coming weeks as 调休 does: a Friday off, and the Sunday after it worked
// with weekday hours.
func seedCalendars(ctx context.Context, db *postgres.DB, tenantID int64, now time.Time) error {
	return db.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `
			SELECT s.id FROM stores s
			WHERE s.tenant_id = $1
			  AND NOT EXISTS (SELECT FROM store_calendars c WHERE c.tenant_id = $1 AND c.store_id = s.id)
			ORDER BY s.id`, tenantID)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		for i, id := range ids {
			if _, err := calendar.Save(ctx, tx, tenantID, id, 0, demoCalendar(i, now)); err != nil {
				return err
			}
		}
		return nil
	})
}

// demoCalendar is the calendar of the i-th demo store, with its 调休 swap in the second week
// after now.
func demoCalendar(i int, now time.Time) calendar.Calendar {
	c := calendar.Default(tenancy.Location(tenancy.DefaultTimeZone))
	if i%2 == 0 {
		c.Week[time.Saturday] = []calendar.Range{{Start: 9 * 60, End: 17 * 60}}
		c.Week[time.Sunday] = nil
	} else {
		for d := range c.Week {
			c.Week[d] = []calendar.Range{{Start: 8*60 + 30, End: 12 * 60}, {Start: 13 * 60, End: 18 * 60}}
		}
		c.Week[time.Sunday] = []calendar.Range{{Start: 9 * 60, End: 16 * 60}}
	}
	y, m, d := now.In(c.Zone).Date()
	c.Days[fmt.Sprintf("%d-01-01", y+1)] = calendar.Day{Closed: true, Note: "元旦"}
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	week := today.AddDate(0, 0, 7)
	sunday := week.AddDate(0, 0, (7-int(week.Weekday()))%7) // 7 to 13 days ahead: on the page's next two weeks
	c.Days[sunday.AddDate(0, 0, -2).Format(calendar.DateLayout)] = calendar.Day{Closed: true, Note: "调休休息"}
	c.Days[sunday.Format(calendar.DateLayout)] = calendar.Day{Hours: c.WorkdayHours(), Note: "调休上班"}
	return c
}
