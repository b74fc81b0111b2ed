package customers_test

import (
	"context"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// benchCustomers is how many customers BenchmarkSearch searches; SEARCH_CUSTOMERS overrides it.
func benchCustomers() int {
	if n, err := strconv.Atoi(os.Getenv("SEARCH_CUSTOMERS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// seedMany fills a tenant with n customers, each with a car, named from common Chinese surnames
// and given names (so that names repeat as they do in life), by set-based SQL.
func seedMany(b *testing.B, db *pgtest.DB, n int) int64 {
	ctx := context.Background()
	tenantID, err := tenancy.CreateTenant(ctx, db.Owner, "search")
	if err != nil {
		b.Fatal(err)
	}
	tx, err := db.Owner.BeginTenant(ctx, tenantID)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `
		INSERT INTO customers (tenant_id, name, phone, city)
		SELECT $1,
		       substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈', 1 + i % 50, 1)
		       || (ARRAY['伟','芳','娜','敏','静','强','磊','洋','艳','勇','军','杰','娟','涛','明','超','秀英','丽','刚','平',
		                 '桂英','建华','志强','晓燕','海燕','俊杰','子轩','欣怡','浩然','雨涵'])[1 + (i / 50) % 30],
		       '13' || lpad(((i::bigint * 7919) % 1000000000)::text, 9, '0'),
		       '杭州'
		FROM generate_series(1, $2) i`, tenantID, n)
	if err == nil {
		_, err = tx.Exec(ctx, `
			INSERT INTO vehicles (tenant_id, customer_id, vin, plate)
			SELECT $1, id, 'LSVAG2180E' || lpad(id::text, 7, '0'), '浙A' || lpad((id % 100000)::text, 5, '0')
			FROM customers WHERE tenant_id = $1`, tenantID)
	}
	if err == nil {
		_, err = tx.Exec(ctx, `ANALYZE customers; ANALYZE vehicles`)
	}
	if err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		b.Fatal(err)
	}
	return tenantID
}

// BenchmarkSearch runs the searches agents type (a full name, a surname and given name, part of
// a name, the last four digits of a phone, a whole phone, a plate, the last six of a VIN) over a
// tenant of a million customers and reports the median and 99th-percentile time.
func BenchmarkSearch(b *testing.B) {
	db := pgtest.MustOpenDB(b)
	tenantID := seedMany(b, db, benchCustomers())
	svc := &customers.Service{DB: db.App, Now: time.Now}
	queries := []string{"王伟", "李秀英", "秀英", "5678", "13000791900", "浙A01234", "A01234", "100001", "LSVAG2180E0500000", "张"}
	ctx := context.Background()
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		if _, err := svc.Search(ctx, tenantID, customers.Filter{Q: queries[i%len(queries)], Limit: 20}); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
}
