package imports

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// benchRows is how many service orders BenchmarkImport loads; IMPORT_ROWS overrides it
// (the README's figure is for 1,000,000).
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("IMPORT_ROWS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// serviceOrderFile writes a DMS export of n service orders: every second customer comes back
// for a second visit, so the load matches as well as creates customers and vehicles.
func serviceOrderFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString("工单号,客户姓名,手机号码,车架号,车牌号,品牌,车型,维修类型,开单时间,结算时间,服务顾问,维修班组,进厂里程,结算金额\n")
	for i := range n {
		c := i / 2
		fmt.Fprintf(&b, "RO%08d,客户%d,139%08d,LSVAG2180E%07d,粤B%05d,大众,帕萨特,保养,2026-05-%02d 09:%02d,2026-05-%02d 15:30,王芳,机电一组,%d,%d.50\n",
			i, c, c, c, c%100000, 1+i%28, i%60, 1+i%28, 10000+i%90000, 300+i%5000)
	}
	return b.Bytes()
}

// BenchmarkImport streams a CSV file of service orders through the import: read, map, parse
// and check every row, COPY into staging, merge customers, vehicles and orders, commit.
func BenchmarkImport(b *testing.B) {
	db := pgtest.MustOpenDB(b)
	ctx := context.Background()
	rows := benchRows()
	file := serviceOrderFile(rows)
	header := strings.Split(string(file[:bytes.IndexByte(file, '\n')]), ",")
	loc, _ := time.LoadLocation(tenancy.DefaultTimeZone)
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, loc)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		tenantID, err := tenancy.CreateTenant(ctx, db.Owner, "bench")
		if err != nil {
			b.Fatal(err)
		}
		st := tenancy.NewStore()
		st.Name = "bench"
		if err := (&tenancy.Service{DB: db.App}).CreateStore(ctx, tenantID, &st); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		im := &Import{Kind: orders.ServiceOrders, FileName: "orders.csv", Encoding: tabular.Auto, StoreID: st.ID,
			Mapping: Guess(orders.ServiceOrders, header)}
		open := func() (*scanner, error) { return newScanner(im, bytes.NewReader(file), int64(len(file)), loc, now) }
		var t tally
		err = db.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
			t, err = (&Service{}).pass(ctx, tx, tenantID, im, open)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		if t.counts.Created != int64(rows) || t.rejected != 0 {
			b.Fatalf("created %d, rejected %d (%+v), want %d created", t.counts.Created, t.rejected, t.sample, rows)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
