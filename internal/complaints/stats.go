package complaints

import (
	"context"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Count is how many forms of the month have one severity or came by one channel.
type Count struct {
	Key   string
	Count int
}

// DepartmentCount is how many forms of the month went to a department; ID 0 counts the forms
// not yet dispatched to any. A form sent to two departments counts in both.
type DepartmentCount struct {
	ID    int64
	Kind  string
	Name  string
	Count int
}

// CategoryCount is how many forms of the month fell in a category; ID 0 counts the forms not
// yet categorised.
type CategoryCount struct {
	ID    int64
	ZH    string
	EN    string
	Count int
}

// StepSLA is how one step kept its deadlines among the steps due in the month whose outcome is
// known: done by the deadline as it was set (in business time where the policy counts it, moved
// by pauses), done after it, or still not done past it; of the same steps, those done by the
// deadline the clock alone would have set (no business hours, no pauses); and how often and how
// long they were paused.
type StepSLA struct {
	Step        Step
	Due         int
	OnTime      int
	Late        int
	Open        int
	ClockOnTime int
	Pauses      int
	PausedFor   time.Duration
}

// Compliance is the share of the due steps done on time, in percent; ok is false when none
// was due.
func (s StepSLA) Compliance() (pct float64, ok bool) { return share(s.OnTime, s.Due) }

// ClockCompliance is the share of the due steps done within their time on the clock, in
// percent; ok is false when none was due.
func (s StepSLA) ClockCompliance() (pct float64, ok bool) { return share(s.ClockOnTime, s.Due) }

func share(part, whole int) (float64, bool) {
	if whole == 0 {
		return 0, false
	}
	return 100 * float64(part) / float64(whole), true
}

// Repeat is a customer with two or more complaints in the 90 days up to the month's end.
type Repeat struct {
	CustomerID int64
	Name       string
	Count      int
	Last       time.Time
}

// Stats is a store's monthly complaint statistics (顾客投诉统计表, SPEC §5). The counts are of
// the forms opened in the month, in the store's time zone; voided forms count only in Void.
type Stats struct {
	StoreID   int64
	StoreName string
	Month     time.Time // the month's first instant in the store's time zone
	// Only are the departments the figures are limited to, for a reader who holds a role in
	// some of the store's departments rather than in the whole store; empty: the whole store.
	Only []DepartmentCount

	Opened      int // forms opened, voided ones aside
	Closed      int // of them, closed with the GM's final approval
	NotAccepted int // of them, ended because the customer did not accept (a linked form follows)
	Ongoing     int // of them, still in the workflow
	Reopened    int // of them, linked forms opened after a customer did not accept
	Void        int // forms opened in the month and voided by an upheld appeal

	ByDepartment []DepartmentCount
	BySeverity   []Count // every severity, mildest first
	ByCategory   []CategoryCount
	ByChannel    []Count   // every channel
	SLA          []StepSLA // every step, in workflow order

	ClosedInMonth int           // forms closed (approved) in the month, whenever opened
	CloseMedian   time.Duration // their median time from opening to closing
	CloseP90      time.Duration // and its 90th percentile
	// BusinessMedian and BusinessP90 are the same in the store's business time, by its
	// current calendar.
	BusinessMedian, BusinessP90 time.Duration

	RepeatComplainants []Repeat // most complaints first
	// Responsible counts the forms closed with the GM's final approval in the month per person
	// they were against, most first.
	Responsible []ResponsibleCount
}

// SLATotal is the SLA over every step.
func (s Stats) SLATotal() StepSLA {
	var t StepSLA
	for _, st := range s.SLA {
		t.Due += st.Due
		t.OnTime += st.OnTime
		t.Late += st.Late
		t.Open += st.Open
		t.ClockOnTime += st.ClockOnTime
		t.Pauses += st.Pauses
		t.PausedFor += st.PausedFor
	}
	return t
}

// RepeatDays is the window, up to the month's end, in which a customer's complaints count
// toward a repeat.
const RepeatDays = 90

// ReadStats reads a store's complaint statistics for the month of month (its year and month
// as given). A store of another group is not found.
func (s *Service) ReadStats(ctx context.Context, tenantID, storeID int64, month time.Time) (Stats, error) {
	var st Stats
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		st, err = readStats(ctx, tx, tenantID, storeID, month)
		return err
	})
	return st, err
}

// readStats reads the statistics of ReadStats in tx.
func readStats(ctx context.Context, tx pgx.Tx, tenantID, storeID int64, month time.Time) (Stats, error) {
	st, loc, err := readStatsStore(ctx, tx, tenantID, storeID)
	if err != nil {
		return st, err
	}
	st.Month = time.Date(month.Year(), month.Month(), 1, 0, 0, 0, 0, loc)
	q := statsQuery{tx: tx, args: []any{tenantID, storeID, st.Month, st.Month.AddDate(0, 1, 0)}}
	for _, read := range []func(context.Context, statsQuery, *Stats) error{
		statsScope, statsTotals, statsByDepartment, statsByCategory, statsByKey, statsSLA, statsCloseTimes, statsBusinessClose,
		statsRepeats, statsResponsible} {
		if err := read(ctx, q, &st); err != nil {
			return st, err
		}
	}
	return st, nil
}

// statsQuery runs the statistics' statements in one transaction over the same first four
// parameters: $1 the tenant, $2 the store, $3 and $4 the month's first instant and the next
// month's.
type statsQuery struct {
	tx   pgx.Tx
	args []any
}

func (q statsQuery) rows(ctx context.Context, sql string, more ...any) (pgx.Rows, error) {
	return q.tx.Query(ctx, sql, append(append([]any{}, q.args...), more...)...)
}

// statsScope names the departments the reader's scope limits the figures to, when it does not
// show the whole store.
func statsScope(ctx context.Context, q statsQuery, st *Stats) error {
	if postgres.ScopeOf(ctx).SeesWhole(st.StoreID) {
		return nil
	}
	rows, _ := q.tx.Query(ctx, `
		SELECT id, kind, name, 0 FROM departments
		WHERE tenant_id = $1 AND store_id = $2 AND id = ANY (scope_ids('app.departments'))
		ORDER BY id`, q.args[0], q.args[1])
	var err error
	st.Only, err = pgx.CollectRows(rows, pgx.RowToStructByPos[DepartmentCount])
	return postgres.Err("complaints.statsScope", err)
}

func readStatsStore(ctx context.Context, tx pgx.Tx, tenantID, storeID int64) (Stats, *time.Location, error) {
	st := Stats{StoreID: storeID}
	var zone string
	err := tx.QueryRow(ctx, `SELECT name, time_zone FROM stores WHERE tenant_id = $1 AND id = $2`, tenantID, storeID).
		Scan(&st.StoreName, &zone)
	if err != nil {
		return st, nil, postgres.Err("complaints.ReadStats", err)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc = time.UTC
	}
	return st, loc, nil
}

// statsForms are the store's forms opened in the month that count: voided ones never do.
const statsForms = `WITH f AS (
	SELECT id, severity, channel, category_id FROM complaints
	WHERE tenant_id = $1 AND store_id = $2 AND opened_at >= $3 AND opened_at < $4 AND status <> 'void')
`

func statsTotals(ctx context.Context, q statsQuery, st *Stats) error {
	err := q.tx.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE status <> 'void'),
		       count(*) FILTER (WHERE status = 'closed'),
		       count(*) FILTER (WHERE status = 'not_accepted'),
		       count(*) FILTER (WHERE status NOT IN ('closed', 'not_accepted', 'void')),
		       count(*) FILTER (WHERE status <> 'void' AND parent_id IS NOT NULL),
		       count(*) FILTER (WHERE status = 'void')
		FROM complaints
		WHERE tenant_id = $1 AND store_id = $2 AND opened_at >= $3 AND opened_at < $4`, q.args...).
		Scan(&st.Opened, &st.Closed, &st.NotAccepted, &st.Ongoing, &st.Reopened, &st.Void)
	return postgres.Err("complaints.ReadStats: totals", err)
}

// statsByDepartment counts per department of the store, every one listed, then the forms not yet
// dispatched when there are any.
func statsByDepartment(ctx context.Context, q statsQuery, st *Stats) error {
	rows, _ := q.rows(ctx, statsForms+`,
		counted AS (
			SELECT d.id, d.kind, d.name, count(f.id) AS n, 0 AS undispatched
			FROM departments d
			LEFT JOIN (complaint_departments cd JOIN f ON f.id = cd.complaint_id)
			       ON cd.tenant_id = d.tenant_id AND cd.department_id = d.id
			WHERE d.tenant_id = $1 AND d.store_id = $2
			GROUP BY d.id, d.kind, d.name
			UNION ALL
			SELECT 0, '', '', count(*), 1 FROM f
			WHERE NOT EXISTS (SELECT FROM complaint_departments cd WHERE cd.tenant_id = $1 AND cd.complaint_id = f.id)
			HAVING count(*) > 0)
		SELECT id, kind, name, n FROM counted
		ORDER BY undispatched, array_position($5::text[], kind), name, id`, statsKeys(tenancy.DepartmentKinds))
	var err error
	st.ByDepartment, err = pgx.CollectRows(rows, pgx.RowToStructByPos[DepartmentCount])
	return postgres.Err("complaints.ReadStats: departments", err)
}

// statsByCategory counts per category: the active ones and any other the month's forms name,
// then the forms not yet categorised when there are any.
func statsByCategory(ctx context.Context, q statsQuery, st *Stats) error {
	rows, _ := q.rows(ctx, statsForms+`,
		counted AS (
			SELECT c.id, c.name_zh, c.name_en, count(f.id) AS n, c.position
			FROM complaint_categories c LEFT JOIN f ON f.category_id = c.id
			WHERE c.tenant_id = $1
			GROUP BY c.id, c.name_zh, c.name_en, c.position, c.active
			HAVING c.active OR count(f.id) > 0
			UNION ALL
			SELECT 0, '', '', count(*), 2147483647 FROM f WHERE f.category_id IS NULL HAVING count(*) > 0)
		SELECT id, name_zh, name_en, n FROM counted ORDER BY position, name_zh, id`)
	var err error
	st.ByCategory, err = pgx.CollectRows(rows, pgx.RowToStructByPos[CategoryCount])
	return postgres.Err("complaints.ReadStats: categories", err)
}

// statsByKey counts per severity and per channel, every value listed in its order.
func statsByKey(ctx context.Context, q statsQuery, st *Stats) error {
	for _, by := range []struct {
		column string
		keys   []string
		out    *[]Count
	}{{"severity", statsKeys(Severities), &st.BySeverity}, {"channel", Channels, &st.ByChannel}} {
		rows, _ := q.rows(ctx, statsForms+`
			SELECT k.key, count(f.id) FROM unnest($5::text[]) WITH ORDINALITY AS k (key, n)
			LEFT JOIN f ON f.`+by.column+` = k.key
			GROUP BY k.key, k.n ORDER BY k.n`, by.keys)
		var err error
		if *by.out, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Count]); err != nil {
			return postgres.Err("complaints.ReadStats: "+by.column, err)
		}
	}
	return nil
}

// statsSLA counts the steps due in the month of the store's forms that are not void, by how
// they kept their deadline, as set and on the clock, with their pauses. A step not done counts
// once it is past due, and not at all when its form has ended without it (the approval of a
// form the customer did not accept) or while it is paused. Business time and pauses put a
// deadline some months at most after its form's opening (30 days of business time, pauses of
// up to MaxPause), so the forms of the year before are read.
func statsSLA(ctx context.Context, q statsQuery, st *Stats) error {
	rows, _ := q.rows(ctx, `
		WITH due AS (
			SELECT s.step, s.due_at, coalesce(s.clock_due_at, s.due_at) AS clock_due_at, s.done_at, s.pauses,
			       s.paused + coalesce(now() - s.paused_at, interval '0') AS paused,
			       s.done_at IS NULL AND s.paused_at IS NULL AND s.due_at < now() AND c.status NOT IN ('closed', 'not_accepted') AS open
			FROM complaints c
			JOIN complaint_steps s ON s.tenant_id = c.tenant_id AND s.complaint_id = c.id
			WHERE c.tenant_id = $1 AND c.store_id = $2 AND c.status <> 'void'
			  AND c.opened_at >= $3::timestamptz - interval '1 year' AND c.opened_at < $4
			  AND s.due_at >= $3 AND s.due_at < $4)
		SELECT k.step,
		       count(due.step) FILTER (WHERE due.done_at IS NOT NULL OR due.open),
		       count(due.step) FILTER (WHERE due.done_at <= due.due_at),
		       count(due.step) FILTER (WHERE due.done_at > due.due_at),
		       count(due.step) FILTER (WHERE due.open),
		       count(due.step) FILTER (WHERE due.done_at <= due.clock_due_at),
		       coalesce(sum(due.pauses), 0)::int,
		       (coalesce(extract(epoch FROM sum(due.paused)), 0) * 1000000000)::bigint
		FROM unnest($5::text[]) WITH ORDINALITY AS k (step, n) LEFT JOIN due ON due.step = k.step
		GROUP BY k.step, k.n ORDER BY k.n`, statsKeys(Steps))
	var err error
	st.SLA, err = pgx.CollectRows(rows, pgx.RowToStructByPos[StepSLA])
	return postgres.Err("complaints.ReadStats: sla", err)
}

// statsCloseTimes reads the median and 90th percentile of the time from opening to closing of
// the forms closed with the GM's approval in the month, interpolated between forms.
func statsCloseTimes(ctx context.Context, q statsQuery, st *Stats) error {
	var median, p90 *float64
	err := q.tx.QueryRow(ctx, `
		WITH t AS (
			SELECT extract(epoch FROM closed_at - opened_at)::float8 AS seconds FROM complaints
			WHERE tenant_id = $1 AND store_id = $2 AND status = 'closed' AND closed_at >= $3 AND closed_at < $4)
		SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds),
		       percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds)
		FROM t`, q.args...).Scan(&st.ClosedInMonth, &median, &p90)
	if err != nil {
		return postgres.Err("complaints.ReadStats: close times", err)
	}
	st.CloseMedian, st.CloseP90 = statsDuration(median), statsDuration(p90)
	return nil
}

func statsDuration(v *float64) time.Duration {
	if v == nil {
		return 0
	}
	return time.Duration(math.Round(*v)) * time.Second
}

// statsRepeats lists the customers with two or more forms of the store opened in the RepeatDays
// up to the month's end. Voided forms and linked forms (a complaint reopened after the customer
// did not accept, which is the same complaint) do not count.
func statsRepeats(ctx context.Context, q statsQuery, st *Stats) error {
	until := st.Month.AddDate(0, 1, 0)
	rows, _ := q.tx.Query(ctx, `
		SELECT cu.id, cu.name, count(*), max(c.opened_at)
		FROM complaints c JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id
		WHERE c.tenant_id = $1 AND c.store_id = $2 AND c.opened_at >= $3 AND c.opened_at < $4
		  AND c.status <> 'void' AND c.parent_id IS NULL
		GROUP BY cu.id, cu.name HAVING count(*) >= 2
		ORDER BY count(*) DESC, max(c.opened_at) DESC, cu.id`, q.args[0], q.args[1], until.AddDate(0, 0, -RepeatDays), until)
	var err error
	st.RepeatComplainants, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Repeat])
	return postgres.Err("complaints.ReadStats: repeats", err)
}

// statsKeys are the codes of an enumeration as the text[] a statement takes.
func statsKeys[T ~string](codes []T) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = string(c)
	}
	return out
}
