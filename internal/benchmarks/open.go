package benchmarks

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// catalogs writes an action's weakness in the language of the person whose import or entry
// opened it, once loaded.
var catalogs = sync.OnceValues(i18n.New)

// minDueDays is the least time an opened action is given: results of a quarter long past still
// leave a month to act.
const minDueDays = 30

// opener opens the improvement actions of one store's results that fall below an average, in
// the transaction that establishes them. They are opened by the system, for the fact, whoever
// imported or entered it.
type opener struct {
	tenantID, storeID int64
	// departments is the store's first department of each kind: the home of an item's actions.
	departments map[tenancy.DepartmentKind]int64
	t           func(key string, args ...any) string
	now, today  time.Time
}

// newOpener reads what the store's actions need: its departments, its date today, and the
// language of the person acting (userID; 0 for none, the group's default).
func newOpener(ctx context.Context, tx pgx.Tx, tenantID, userID, storeID int64, now time.Time) (*opener, error) {
	var zone, locale string
	err := tx.QueryRow(ctx, `
		SELECT st.time_zone, coalesce((SELECT locale FROM users WHERE tenant_id = $1 AND id = $3), '')
		FROM stores st WHERE st.tenant_id = $1 AND st.id = $2`, tenantID, storeID, userID).Scan(&zone, &locale)
	if err != nil {
		return nil, postgres.Err("benchmarks: store", err)
	}
	rows, _ := tx.Query(ctx, `SELECT kind, min(id) FROM departments WHERE tenant_id = $1 AND store_id = $2 GROUP BY kind`,
		tenantID, storeID)
	o := &opener{tenantID: tenantID, storeID: storeID, departments: map[tenancy.DepartmentKind]int64{},
		now: now, today: scores.Date(now, tenancy.Location(zone))}
	var kind tenancy.DepartmentKind
	var id int64
	if _, err := pgx.ForEachRow(rows, []any{&kind, &id}, func() error { o.departments[kind] = id; return nil }); err != nil {
		return nil, postgres.Err("benchmarks: departments", err)
	}
	bundle, err := catalogs()
	if err != nil {
		return nil, err
	}
	o.t = bundle.Localizer(locale).T
	return o, nil
}

// open opens the action of a result below its national or regional average, once per result:
// a result already acted on, or at or above both averages, opens nothing.
func (o *opener) open(ctx context.Context, tx pgx.Tx, resultID int64, it Item, quarter time.Time, f Figures) (bool, error) {
	compared, target := f.Below()
	if compared == "" {
		return false, nil
	}
	baseline := f.Score
	_, opened, err := improve.Open(ctx, tx, o.tenantID, 0, o.now, improve.Cause{
		Key: fmt.Sprintf("benchmark:%d", resultID), Source: improve.FromBenchmark, StoreID: o.storeID,
		DepartmentID: o.departments[it.DepartmentKind], ItemShort: cut(it.Name, maxItemShort), ResultID: resultID,
		ComparedWith: compared, Weakness: o.weakness(it, quarter, f, compared, target),
		Baseline: &baseline, Target: &target, DueOn: dueOn(quarter, o.today)})
	return opened, err
}

// weakness names the programme, item and quarter and gives the figures, in the opener's language.
func (o *opener) weakness(it Item, quarter time.Time, f Figures, compared string, target float64) string {
	return o.t("benchmarks.weakness", "Programme", o.t("benchmarks.programme."+string(it.Programme)), "Item", it.Name,
		"Quarter", QuarterLabel(quarter), "Score", Format(&f.Score), "National", Format(f.National),
		"Regional", Format(f.Regional), "Compared", o.t("benchmarks.average_"+compared), "Target", Format(&target), "Gap", Format(f.Gap(&target)))
}

// dueOn is when an action opened for a quarter's result is due: by the end of the next
// quarter's first month, so that it can tell in that quarter's result, and at least minDueDays
// from today.
func dueOn(quarter, today time.Time) time.Time {
	due := quarter.AddDate(0, 4, -1)
	if least := today.AddDate(0, 0, minDueDays); due.Before(least) {
		return least
	}
	return due
}

// Format writes a figure as kept, without trailing zeros ("86.5", "92.35", "90"); nil is "—".
func Format(v *float64) string {
	if v == nil {
		return "—"
	}
	return strconv.FormatFloat(round2(*v), 'f', -1, 64)
}

// cut keeps the first n characters of s.
func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
