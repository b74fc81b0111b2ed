package followups

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// countsSQL is the statement that counts the tasks of each tab of which, up to WorkCap, in the
// order of which.
func countsSQL(q *workQuery, days []storeDay, which []Tab) string {
	parts := make([]string, len(which))
	for i, t := range which {
		parts[i] = q.count(days, t, "", WorkCap)
	}
	return `SELECT ` + strings.Join(parts, ", ")
}

// queueCounts queues countsSQL; readCounts reads its answer.
func queueCounts(b *pgx.Batch, q *workQuery, days []storeDay, which []Tab) {
	b.Queue(countsSQL(q, days, which), q.args...)
}

// readTabCounts reads the answer of queueCounts for which into counts.
func readTabCounts(br pgx.BatchResults, which []Tab, counts map[Tab]int) error {
	n, err := readCounts(br, len(which))
	byTab(which, n, counts)
	return err
}

// byTab puts the counts n of which, in its order, into counts.
func byTab(which []Tab, n []int, counts map[Tab]int) {
	for i, c := range n {
		counts[which[i]] = c
	}
}

// readCounts reads the answer of queueCounts for n tabs.
func readCounts(br pgx.BatchResults, n int) ([]int, error) {
	counts := make([]int, n)
	dst := make([]any, n)
	for i := range counts {
		dst[i] = &counts[i]
	}
	return counts, postgres.Err("followups: tab counts", br.QueryRow().Scan(dst...))
}

// count is a subquery counting a tab's tasks that also meet also, up to limit.
func (q *workQuery) count(days []storeDay, tab Tab, also string, limit int) string {
	return `(SELECT count(*) FROM (SELECT 1 FROM follow_up_tasks t WHERE ` + q.where(days, tab, also) +
		` LIMIT ` + strconv.Itoa(limit) + `) x)`
}

// storeDay is the date in a group of stores that share a time zone, and when that day ends.
type storeDay struct {
	stores []int64
	today  time.Time
	end    time.Time
}

// storeZone is a store's time zone.
type storeZone struct {
	ID       int64
	TimeZone string
}

// storeDays groups the stores of ctx's scope by time zone, in the order of the zones' names,
// with their date at now.
func (s *Service) storeDays(ctx context.Context, tenantID int64, now time.Time) ([]storeDay, error) {
	zones, err := s.storeZones(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(zones, cmpZone)
	var out []storeDay
	for i, z := range zones {
		if i > 0 && zones[i-1].TimeZone == z.TimeZone {
			out[len(out)-1].stores = append(out[len(out)-1].stores, z.ID)
			continue
		}
		loc, err := time.LoadLocation(z.TimeZone)
		if err != nil {
			return nil, err
		}
		y, m, d := now.In(loc).Date()
		out = append(out, storeDay{stores: []int64{z.ID}, today: time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
			end: time.Date(y, m, d+1, 0, 0, 0, 0, loc)})
	}
	return out, nil
}

// cmpZone orders stores by time zone, then id.
func cmpZone(a, b storeZone) int {
	if c := strings.Compare(a.TimeZone, b.TimeZone); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// storeZones lists the time zones of the stores of ctx's scope: from the kept store list
// (Service.Stores), which spares the worklist a round trip before its one read, else from the
// database.
func (s *Service) storeZones(ctx context.Context, tenantID int64) ([]storeZone, error) {
	if s.Stores == nil {
		return postgres.List[storeZone](ctx, s.DB, tenantID, "followups.storeDays",
			`SELECT id, time_zone FROM stores WHERE tenant_id = $1`)
	}
	stores, err := s.Stores(ctx, tenantID)
	out := make([]storeZone, len(stores))
	for i, st := range stores {
		out[i] = storeZone{ID: st.ID, TimeZone: st.TimeZone}
	}
	return out, err
}

// workQuery builds a worklist statement's parameters, $1 being the tenant.
//
// The day's dates, the stores and the filter are written into the statements as literals, as
// postgres.settings writes the scope: they are dates, numbers and names from fixed lists. A
// statement whose only parameters are the tenant and the time is then planned once per
// connection and kept; with the dates as parameters it was planned afresh on every visit, which
// took about as long as running it.
type workQuery struct {
	args []any
	// filter holds the conditions of the filter that apply, so that the planner sees only
	// those and no "store = 0 OR …" that a kept plan cannot resolve.
	filter string
}

func newWorkQuery(tenantID int64, f WorkFilter) *workQuery {
	q := &workQuery{args: []any{tenantID}}
	var conds []string
	if f.StoreID != 0 {
		conds = append(conds, `t.store_id = `+strconv.FormatInt(f.StoreID, 10))
	}
	switch f.Kind {
	case "":
	case "call":
		conds = append(conds, `t.survey_kind = ''`)
	default:
		conds = append(conds, `t.survey_kind = `+textLit(f.Kind))
	}
	if rs := DepartmentReasons[f.Department]; rs != nil {
		reasons := make([]string, len(rs))
		for i, r := range rs {
			reasons[i] = textLit(string(r))
		}
		conds = append(conds, `t.reason IN (`+strings.Join(reasons, ", ")+`)`)
	}
	if f.Unassigned {
		conds = append(conds, `t.assigned_to IS NULL`)
	}
	for _, c := range conds {
		q.filter += ` AND ` + c
	}
	return q
}

// DepartmentReasons says which calls are about which kind of department: sales calls and
// purchase surveys about sales; service and six-month surveys, and the event survey after a
// complaint (scored for after-sales), about after-sales; birthday greetings about customer
// service itself.
var DepartmentReasons = map[tenancy.DepartmentKind][]Reason{
	tenancy.Sales:           {SalesCall, PurchaseSurvey},
	tenancy.AfterSales:      {ServiceSurvey, PeriodicSurvey, ComplaintSurvey},
	tenancy.CustomerService: {BirthdayCare},
}

func (q *workQuery) arg(v any) string {
	q.args = append(q.args, v)
	return strconv.Itoa(len(q.args))
}

// where selects a tab's open tasks that also meet also ("" for all), with each group of
// stores' own date; one group needs no store condition.
func (q *workQuery) where(days []storeDay, tab Tab, also string) string {
	parts := make([]string, 0, len(days))
	for _, d := range days {
		cond := tabs[tab].cond
		if also != "" {
			cond += ` AND ` + also
		}
		if len(days) > 1 {
			cond = `t.store_id = ANY(` + idsLit(d.stores) + `) AND ` + cond
		}
		cond = strings.ReplaceAll(cond, "$T", "'"+d.today.Format(time.DateOnly)+"'::date")
		cond = strings.ReplaceAll(cond, "$E", "'"+d.end.Format(time.RFC3339)+"'::timestamptz")
		parts = append(parts, "("+cond+")")
	}
	if len(parts) == 0 {
		parts = append(parts, "false")
	}
	return `t.tenant_id = $1 AND t.status = 'open'` + q.filter + ` AND (` + strings.Join(parts, " OR ") + `)`
}

// textLit writes s as an SQL string literal.
func textLit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// idsLit writes ids as an SQL array of bigint.
func idsLit(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return "'{" + strings.Join(parts, ",") + "}'::bigint[]"
}
