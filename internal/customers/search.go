package customers

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
)

// SearchCap is the most matches a search counts; beyond it the user is asked to narrow it.
const SearchCap = 1000

// Filter selects customers by a search term and pages through them.
type Filter struct {
	// Q matches the start of a name (or any part of it from three characters), the start or end
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
// customers; the count stops at SearchCap.
func (s *Service) Search(ctx context.Context, tenantID int64, f Filter) (Result, error) {
	tx, err := s.DB.BeginTenant(ctx, tenantID)
	if err != nil {
		return Result{}, err
	}
	defer tx.Rollback(ctx)
	// the search patterns are only usable by the indexes when planned with their values
	if _, err := tx.Exec(ctx, `SET LOCAL plan_cache_mode = force_custom_plan`); err != nil {
		return Result{}, postgres.Err("customers.Search", err)
	}
	hits, order := searchHits(f.Q)
	args := append([]any{tenantID, f.Limit, f.Offset}, searchArgs(f.Q)...)
	rows, _ := tx.Query(ctx, `
		WITH hits AS (`+hits+` LIMIT `+strconv.Itoa(SearchCap+1)+`)
		SELECT `+prefixed("c.", customerColumns)+`,
		       array(SELECT v.plate FROM vehicles v
		             WHERE v.tenant_id = c.tenant_id AND v.customer_id = c.id AND v.plate <> ''
		             ORDER BY v.id),
		       count(*) OVER ()
		FROM hits h JOIN customers c ON c.tenant_id = $1 AND c.id = h.id
		ORDER BY `+order+`
		LIMIT $2 OFFSET $3`, args...)
	var res Result
	res.Customers, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Match, error) {
		var m Match
		c := &m.Customer
		err := row.Scan(&c.ID, &c.Name, &c.Phone, &c.Phone2, &c.Gender, &c.BirthDate, &c.Region,
			&c.City, &c.ContactTime, &c.Consent, &c.DoNotContact, &c.DNCReason, &c.Notes,
			&c.CreatedAt, &c.UpdatedAt, &m.Plates, &res.Total)
		return m, err
	})
	if err != nil {
		return Result{}, postgres.Err("customers.Search", err)
	}
	if res.Total > SearchCap {
		res.Total, res.Capped = SearchCap, true
	}
	return res, tx.Commit(ctx)
}

// searchHits returns the query that lists matching customer ids for q ($1 tenant, $4 on the
// search patterns of searchArgs) and the order of the results.
func searchHits(q string) (hits, order string) {
	if strings.TrimSpace(q) == "" {
		return `SELECT id FROM customers WHERE tenant_id = $1 ORDER BY id DESC`, "c.id DESC"
	}
	branches := []string{
		`SELECT id FROM customers WHERE tenant_id = $1 AND name LIKE $4`,
		`SELECT id FROM customers WHERE tenant_id = $1 AND name LIKE $5`,
		`SELECT id FROM customers WHERE tenant_id = $1 AND phone LIKE $6`,
		`SELECT id FROM customers WHERE tenant_id = $1 AND reverse(phone) LIKE $7`,
		`SELECT id FROM customers WHERE tenant_id = $1 AND phone2 = $8`,
		`SELECT customer_id FROM vehicles WHERE tenant_id = $1 AND vin LIKE $9`,
		`SELECT customer_id FROM vehicles WHERE tenant_id = $1 AND reverse(vin) LIKE $10`,
		`SELECT customer_id FROM vehicles WHERE tenant_id = $1 AND plate LIKE $9 AND plate <> ''`,
		`SELECT customer_id FROM vehicles WHERE tenant_id = $1 AND reverse(plate) LIKE $10 AND plate <> ''`,
	}
	return `SELECT DISTINCT id FROM (` + strings.Join(branches, " UNION ALL ") + `) m(id)`, "c.name, c.id"
}

// searchArgs builds the patterns searchHits refers to. A pattern that cannot match (such as a
// phone pattern for a term with letters) is a string no column holds.
func searchArgs(q string) []any {
	const never = "\x01"
	q = strings.TrimSpace(q)
	if q == "" {
		return nil
	}
	upper := NormalizePlate(q)
	args := []any{escapeLike(q) + "%", "%" + escapeLike(q) + "%", never, never, never,
		escapeLike(upper) + "%", escapeLike(reverse(upper)) + "%"}
	if utf8.RuneCountInString(q) < 3 {
		args[1] = never // a contains-search needs three characters to use the trigram index
	}
	if digits, ok := phoneFragment(q); ok {
		args[2], args[3], args[4] = digits+"%", reverse(digits)+"%", digits
	}
	return args
}

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

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
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
