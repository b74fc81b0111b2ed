package followups

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// countTabs counts the tasks of each tab of which, up to WorkCap, into counts, in one statement.
func countTabs(ctx context.Context, tx pgx.Tx, q *workQuery, days []storeDay, which []Tab, counts map[Tab]int) error {
	parts := make([]string, len(which))
	for i, t := range which {
		parts[i] = q.count(days, t, "", WorkCap)
	}
	n := make([]int, len(parts))
	dst := make([]any, len(n))
	for i := range n {
		dst[i] = &n[i]
	}
	if err := tx.QueryRow(ctx, `SELECT `+strings.Join(parts, ", "), q.args...).Scan(dst...); err != nil {
		return postgres.Err("followups.Worklist: counts", err)
	}
	for i, t := range which {
		counts[t] = n[i]
	}
	return nil
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

// storeDays groups the tenant's stores by time zone with their date at now.
func storeDays(ctx context.Context, tx pgx.Tx, tenantID int64, now time.Time) ([]storeDay, error) {
	rows, _ := tx.Query(ctx, `SELECT time_zone, array_agg(id ORDER BY id) FROM stores WHERE tenant_id = $1
		GROUP BY time_zone ORDER BY time_zone`, tenantID)
	var zone string
	var ids []int64
	var out []storeDay
	_, err := pgx.ForEachRow(rows, []any{&zone, &ids}, func() error {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			return err
		}
		y, m, d := now.In(loc).Date()
		out = append(out, storeDay{stores: ids, today: time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
			end: time.Date(y, m, d+1, 0, 0, 0, 0, loc)})
		return nil
	})
	return out, postgres.Err("followups.storeDays", err)
}

// workQuery builds a worklist statement's parameters: $1 tenant, $2 store or 0, $3 kind or
// empty, $4 the reasons of the department's calls or NULL, $5 whether only calls assigned to no
// agent count.
type workQuery struct{ args []any }

func newWorkQuery(tenantID int64, f WorkFilter) *workQuery {
	var reasons []string
	for _, r := range DepartmentReasons[f.Department] {
		reasons = append(reasons, string(r))
	}
	return &workQuery{args: []any{tenantID, f.StoreID, f.Kind, reasons, f.Unassigned}}
}

// DepartmentReasons says which calls are about which kind of department: sales calls and
// purchase surveys about sales, service and six-month surveys about after-sales, birthday
// greetings about customer service itself.
var DepartmentReasons = map[tenancy.DepartmentKind][]Reason{
	tenancy.Sales:           {SalesCall, PurchaseSurvey},
	tenancy.AfterSales:      {ServiceSurvey, PeriodicSurvey},
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
			cond = `t.store_id = ANY($` + q.arg(d.stores) + `) AND ` + cond
		}
		if strings.Contains(cond, "$T") {
			cond = strings.ReplaceAll(cond, "$T", "$"+q.arg(d.today)+"::date")
		}
		if strings.Contains(cond, "$E") {
			cond = strings.ReplaceAll(cond, "$E", "$"+q.arg(d.end)+"::timestamptz")
		}
		parts = append(parts, "("+cond+")")
	}
	if len(parts) == 0 {
		parts = append(parts, "false")
	}
	return `t.tenant_id = $1 AND t.status = 'open' AND ($2 = 0 OR t.store_id = $2)
		AND ($3 = '' OR t.survey_kind = $3 OR ($3 = 'call' AND t.survey_kind = ''))
		AND ($4::text[] IS NULL OR t.reason = ANY($4::text[]))
		AND (NOT $5::boolean OR t.assigned_to IS NULL)
		AND (` + strings.Join(parts, " OR ") + `)`
}
