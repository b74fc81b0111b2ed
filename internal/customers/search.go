package customers

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
)

// SearchCap is the most matches a search counts; beyond it the user is asked to narrow it. Ten
// pages of names are as many as anyone reads through, and counting further is what a surname
// shared by tens of thousands costs: at 1,000 the count took two thirds of a search for 王.
const SearchCap = 200

// Filter selects customers by a search term and pages through them.
type Filter struct {
	// Q matches the start of a name or of the given name after the surname, the start or end
	// of a phone number, or the start or end of a plate or VIN of one of their vehicles.
	Q      string
	Limit  int
	Offset int
}

// Result is one page of a customer search.
type Result struct {
	Customers []Match
	// Total counts the matches up to SearchCap; Capped says there are more.
	Total  int
	Capped bool
}

// Match is a customer found by a search, with the plates of their vehicles.
type Match struct {
	Customer
	Plates []string
}

// Search finds customers, newest first when there is no search term and by name otherwise.
// Every branch of the search is served by an index, so that it stays fast over millions of
// customers; the count stops at SearchCap. It is one statement, sent with the tenant's settings
// and planOnce in one round trip.
func (s *Service) Search(ctx context.Context, tenantID int64, f Filter) (Result, error) {
	var res Result
	once := !s.DB.OnCitus() // Citus cannot plan the statement generically
	err := s.DB.ReadBatch(ctx, tenantID, func(b *pgx.Batch) {
		if once {
			b.Queue(planOnce)
		}
		sql, args := searchSQL(tenantID, f)
		b.Queue(sql, args...)
	}, func(br pgx.BatchResults) (err error) {
		if once {
			if _, err := br.Exec(); err != nil {
				return postgres.Err("customers.Search: plan", err)
			}
		}
		rows, _ := br.Query()
		res, err = readSearch(rows)
		return err
	})
	return res, err
}

// planOnce has the search planned once for every term: the plan, a range over each index up to
// the cap, is the same for all, but PostgreSQL, whose estimate of a prefix's matches differs
// from term to term, would otherwise plan it afresh for each search, at a third of its cost.
const planOnce = `SELECT set_config('plan_cache_mode', 'force_generic_plan', true)`

// searchSQL is the statement that reads a page of f's matches and counts them. The matches are
// read from the indexes alone, ids and names, the first SearchCap + 1 of each index in its
// order, and of those the first SearchCap + 1 in the results' order; only the page's customers
// are then read whole, with their plates, so that a surname shared by tens of thousands costs
// no more than the cap's worth of index entries.
func searchSQL(tenantID int64, f Filter) (string, []any) {
	hits, args, order := searchHits(tenantID, f.Q)
	args = append(args, f.Limit, f.Offset)
	n := len(args)
	return `
		WITH hits AS MATERIALIZED (` + hits + ` ORDER BY ` + order + ` LIMIT ` + strconv.Itoa(SearchCap+1) + `)
		SELECT ` + prefixed("c.", customerColumns) + `,
		       array(SELECT v.plate FROM vehicles v
		             WHERE v.tenant_id = $1 AND v.customer_id = c.id AND v.plate <> ''
		             ORDER BY v.id),
		       (SELECT count(*) FROM hits)
		FROM (SELECT id FROM hits ORDER BY ` + order + ` LIMIT $` + strconv.Itoa(n-1) + ` OFFSET $` + strconv.Itoa(n) + `) h
		JOIN customers c ON c.tenant_id = $1 AND c.id = h.id
		ORDER BY ` + prefixed("c.", order), args
}

// readSearch reads the answer of searchSQL.
func readSearch(rows pgx.Rows) (Result, error) {
	var res Result
	var err error
	res.Customers, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Match, error) {
		var m Match
		c := &m.Customer
		err := row.Scan(&c.ID, &c.Name, &c.Phone, &c.Phone2, &c.Gender, &c.BirthDate, &c.Region,
			&c.City, &c.ContactTime, &c.Consent, &c.DoNotContact, &c.DNCReason, &c.Notes, &c.Email, &c.Language,
			&c.CreatedAt, &c.UpdatedAt, &m.Plates, &res.Total)
		return m, err
	})
	if err != nil {
		return Result{}, postgres.Err("customers.Search", err)
	}
	if res.Total > SearchCap {
		res.Total, res.Capped = SearchCap, true
	}
	return res, nil
}

// searchHits returns the query that lists the ids and names of the customers matching q, its
// arguments ($1 is the tenant) and the order of the results over those columns. Each branch is
// a range over one index that holds the id and name too (migration 16), so that the matches are
// read without visiting the table: prefixes as name >= 'ab' AND name < 'ab' || U+10FFFF,
// suffixes the same over a reversed copy.
func searchHits(tenantID int64, q string) (hits string, args []any, order string) {
	q = strings.TrimSpace(q)
	args = []any{tenantID}
	if q == "" {
		return `SELECT id, '' AS name FROM customers WHERE tenant_id = $1`, args, "id DESC"
	}
	var branches []string
	add := func(table, col, from, extra string) {
		args = append(args, from, from+maxRune)
		n := len(args)
		branch := fmt.Sprintf(`SELECT %s FROM %s WHERE tenant_id = $1 AND %s >= $%d AND %s < $%d%s ORDER BY %s LIMIT %d`,
			idColumn[table], table, col, n-1, col, n, extra, col, SearchCap+1)
		branches = append(branches, fmt.Sprintf(named[table], branch))
	}
	add("customers", "name", q, "")
	add("customers", "name_rest", q, "")
	if digits, ok := phoneFragment(q); ok {
		add("customers", "phone", digits, "")
		add("customers", "phone_rev", reverse(digits), "")
		args = append(args, digits)
		branches = append(branches, fmt.Sprintf(`(SELECT id, name FROM customers WHERE tenant_id = $1 AND phone2 = $%d)`, len(args)))
	}
	if upper := NormalizePlate(q); utf8.RuneCountInString(upper) >= 2 {
		add("vehicles", "vin", upper, "")
		add("vehicles", "vin_rev", reverse(upper), "")
		add("vehicles", "plate", upper, " AND plate <> ''")
		add("vehicles", "plate_rev", reverse(upper), " AND plate <> ''")
	}
	return `SELECT DISTINCT id, name FROM (` + strings.Join(branches, " UNION ALL ") + `) m(id, name)`, args, "name, id"
}

// idColumn names what each searched table gives of a match: the customer's id and name, or a
// vehicle's owner, whose name named then looks up.
var idColumn = map[string]string{"customers": "id, name", "vehicles": "customer_id"}

// named makes a branch over each table list the ids and names of the customers it matched.
var named = map[string]string{
	"customers": "(%s)",
	"vehicles":  "(SELECT c.id, c.name FROM (%s) v JOIN customers c ON c.tenant_id = $1 AND c.id = v.customer_id)",
}

// maxRune sorts after every character, so that s <= x < s+maxRune holds for every x that starts
// with s.
const maxRune = "\U0010FFFF"

// phoneFragment reads q as part of a phone number: three or more digits once separators are
// dropped.
func phoneFragment(q string) (string, bool) {
	d := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r
		case r == ' ' || r == '-':
			return -1
		}
		return 'x'
	}, q)
	return d, len(d) >= 3 && !strings.Contains(d, "x")
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}
