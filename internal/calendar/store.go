package calendar

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Current reads the store's calendar in tx (RLS tenant already set by the caller's
// InTenantTx): the latest saved version and its id, or Default(store zone) with id 0 when none
// is saved. A store outside the tenant or the scope is not found.
func Current(ctx context.Context, tx pgx.Tx, tenantID, storeID int64) (Calendar, int64, error) {
	return read(ctx, tx, "calendar: current", `
		SELECT s.time_zone, c.id, c.always_open, c.week, c.days
		FROM stores s
		LEFT JOIN LATERAL (
			SELECT id, always_open, week, days FROM store_calendars
			WHERE tenant_id = $1 AND store_id = s.id
			ORDER BY id DESC LIMIT 1) c ON true
		WHERE s.tenant_id = $1 AND s.id = $2`, tenantID, storeID)
}

// Version reads one saved version by id (the one a deadline was set with), with its store's
// zone; id 0 gives Current's default for the store.
func Version(ctx context.Context, tx pgx.Tx, tenantID, storeID, id int64) (Calendar, error) {
	c, _, err := read(ctx, tx, "calendar: version", `
		SELECT s.time_zone, c.id, c.always_open, c.week, c.days
		FROM stores s
		LEFT JOIN store_calendars c ON c.tenant_id = $1 AND c.store_id = s.id AND c.id = $3
		WHERE s.tenant_id = $1 AND s.id = $2 AND ($3 = 0 OR c.id IS NOT NULL)`, tenantID, storeID, id)
	return c, err
}

// Save adds a version of the store's calendar, made by userID (0 for no person), and returns
// its id. It does not validate c: the caller has.
func Save(ctx context.Context, tx pgx.Tx, tenantID, storeID, userID int64, c Calendar) (int64, error) {
	week, days, err := encode(c)
	if err != nil {
		return 0, fmt.Errorf("calendar: save: %w", err)
	}
	var id int64
	err = tx.QueryRow(ctx, `
		INSERT INTO store_calendars (tenant_id, store_id, always_open, week, days, created_by)
		VALUES ($1, $2, $3, $4, $5, NULLIF($6, 0::bigint))
		RETURNING id`, tenantID, storeID, c.AlwaysOpen, week, days, userID).Scan(&id)
	return id, postgres.Err("calendar: save", err)
}

// read reads a store's zone and, when the row has one, a saved calendar.
func read(ctx context.Context, tx pgx.Tx, op, sql string, args ...any) (Calendar, int64, error) {
	var zone string
	var id *int64
	var always *bool
	var week, days []byte
	err := tx.QueryRow(ctx, sql, args...).Scan(&zone, &id, &always, &week, &days)
	if err != nil {
		return Calendar{}, 0, postgres.Err(op, err)
	}
	loc := tenancy.Location(zone)
	if id == nil {
		return Default(loc), 0, nil
	}
	c, err := decode(loc, *always, week, days)
	if err != nil {
		return Calendar{}, 0, fmt.Errorf("%s: %w", op, err)
	}
	return c, *id, nil
}

// stored is how a Day is kept in the days column.
type stored struct {
	Closed bool     `json:"closed"`
	Hours  [][2]int `json:"hours"`
	Note   string   `json:"note,omitempty"`
}

// encode returns the week and the days of c as their columns hold them: the week as 7 lists of
// [start, end] minutes, Sunday first; the days by date.
func encode(c Calendar) ([]byte, []byte, error) {
	week := make([][][2]int, 7)
	for d, hours := range c.Week {
		week[d] = pairs(hours)
	}
	days := make(map[string]stored, len(c.Days))
	for date, day := range c.Days {
		days[date] = stored{Closed: day.Closed, Hours: pairs(day.Hours), Note: day.Note}
	}
	w, err := json.Marshal(week)
	if err != nil {
		return nil, nil, err
	}
	ds, err := json.Marshal(days)
	return w, ds, err
}

// decode is the reverse of encode.
func decode(zone *time.Location, always bool, week, days []byte) (Calendar, error) {
	c := Calendar{Zone: zone, AlwaysOpen: always, Days: map[string]Day{}}
	var w [][][2]int
	if err := json.Unmarshal(week, &w); err != nil || len(w) != 7 {
		return c, fmt.Errorf("decode week %q: %v", week, err)
	}
	for d := range c.Week {
		c.Week[d] = ranges(w[d])
	}
	var ds map[string]stored
	if err := json.Unmarshal(days, &ds); err != nil {
		return c, fmt.Errorf("decode days: %w", err)
	}
	for date, s := range ds {
		c.Days[date] = Day{Closed: s.Closed, Hours: ranges(s.Hours), Note: s.Note}
	}
	return c, nil
}

func pairs(rs []Range) [][2]int {
	out := make([][2]int, len(rs))
	for i, r := range rs {
		out[i] = [2]int{r.Start, r.End}
	}
	return out
}

func ranges(ps [][2]int) []Range {
	var out []Range
	for _, p := range ps {
		out = append(out, Range{Start: p[0], End: p[1]})
	}
	return out
}

// ApplySchedule sets a national holiday schedule in the calendar of each store, as a new
// version made by userID (WithSchedule). The caller runs it in one transaction, so that every
// store takes the schedule or none does.
func ApplySchedule(ctx context.Context, tx pgx.Tx, tenantID int64, storeIDs []int64, userID int64, entries []Entry) error {
	for _, id := range storeIDs {
		c, _, err := Current(ctx, tx, tenantID, id)
		if err != nil {
			return err
		}
		if _, err := Save(ctx, tx, tenantID, id, userID, c.WithSchedule(entries)); err != nil {
			return err
		}
	}
	return nil
}
