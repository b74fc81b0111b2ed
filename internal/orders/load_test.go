package orders_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// newStore creates a dealer group with one store and returns their ids.
func newStore(t testing.TB, db *pgtest.DB, name string) (tenantID, storeID int64) {
	t.Helper()
	ctx := context.Background()
	tenantID, err := tenancy.CreateTenant(ctx, db.Owner, name)
	if err != nil {
		t.Fatal(err)
	}
	st := tenancy.NewStore()
	st.Name = name + "店"
	if err := (&tenancy.Service{DB: db.App}).CreateStore(ctx, tenantID, &st); err != nil {
		t.Fatal(err)
	}
	return tenantID, st.ID
}

func serviceOrder(i int) orders.Record {
	opened := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
	closed := opened.Add(6 * time.Hour)
	mileage := 10000 + i
	return orders.Record{Line: i + 2, OrderNo: fmt.Sprintf("RO%06d", i), CustomerName: fmt.Sprintf("客户%d", i),
		Phone: fmt.Sprintf("139%08d", i/2), VIN: fmt.Sprintf("LSVAG2180E2%06d", i), Plate: fmt.Sprintf("粤B%05d", i),
		Brand: "大众", Model: "帕萨特", WorkType: "maintenance", OpenedAt: opened, ClosedAt: &closed,
		Advisor: "王芳", WorkshopGroup: "机电一组", Mileage: &mileage, AmountFen: 128050}
}

func count(t *testing.T, db *postgres.DB, tenantID int64, table string) int {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTenant(ctx, tenantID)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLoad(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	tenantID, storeID := newStore(t, db, "瑞丰")
	recs := make([]orders.Record, 10)
	for i := range recs {
		recs[i] = serviceOrder(i)
	}
	load := func(recs []orders.Record, dry bool) orders.Counts {
		t.Helper()
		c, err := (&orders.Service{DB: db.App}).Load(ctx, tenantID, storeID, orders.ServiceOrders, "import", recs, dry)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	t.Run("DryRunWritesNothing", func(t *testing.T) {
		got := load(recs, true)
		want := orders.Counts{Rows: 10, Created: 10, NewCustomers: 5, NewVehicles: 10}
		if got != want {
			t.Errorf("Counts=%+v, want %+v", got, want)
		}
		if n := count(t, db.App, tenantID, "service_orders"); n != 0 {
			t.Errorf("service orders=%d, want 0", n)
		}
	})
	t.Run("OK", func(t *testing.T) {
		got := load(recs, false)
		want := orders.Counts{Rows: 10, Created: 10, NewCustomers: 5, NewVehicles: 10}
		if got != want {
			t.Errorf("Counts=%+v, want %+v", got, want)
		}
		if n := count(t, db.App, tenantID, "customers"); n != 5 {
			t.Errorf("customers=%d, want 5 (two orders per phone)", n)
		}
	})
	t.Run("Idempotent", func(t *testing.T) {
		got := load(recs, false)
		want := orders.Counts{Rows: 10, Unchanged: 10}
		if got != want {
			t.Errorf("Counts=%+v, want %+v", got, want)
		}
	})
	t.Run("UpdatesWhatChanged", func(t *testing.T) {
		changed := append([]orders.Record{}, recs...)
		changed[3].AmountFen = 99900
		changed[4].Plate = "粤B88888"
		got := load(changed, false)
		want := orders.Counts{Rows: 10, Updated: 1, Unchanged: 9}
		if got != want {
			t.Errorf("Counts=%+v, want %+v", got, want)
		}
		tx, _ := db.App.BeginTenant(ctx, tenantID)
		defer tx.Rollback(ctx)
		var plate string
		tx.QueryRow(ctx, `SELECT plate FROM vehicles WHERE vin = $1`, changed[4].VIN).Scan(&plate)
		if plate != "粤B88888" {
			t.Errorf("plate=%q, want the new plate", plate)
		}
	})
	t.Run("AllOrNothing", func(t *testing.T) {
		more := []orders.Record{serviceOrder(100), serviceOrder(101)}
		next := orders.Each(more)
		calls := 0
		failing := func() (*orders.Record, error) {
			if calls++; calls == 2 {
				return nil, errors.New("connection dropped")
			}
			return next()
		}
		err := db.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
			_, err := orders.LoadTx(ctx, tx, tenantID, storeID, orders.ServiceOrders, "import", failing)
			return err
		})
		if err == nil {
			t.Fatal("LoadTx succeeded, want the source's error")
		}
		if n := count(t, db.App, tenantID, "service_orders"); n != 10 {
			t.Errorf("service orders=%d, want 10: nothing of a failed load", n)
		}
	})
	t.Run("OtherTenantUntouched", func(t *testing.T) {
		otherTenant, _ := newStore(t, db, "华星")
		if n := count(t, db.App, otherTenant, "customers"); n != 0 {
			t.Errorf("other tenant's customers=%d, want 0", n)
		}
	})
}

func TestLoad_Deliveries(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	tenantID, storeID := newStore(t, db, "瑞丰")
	r := serviceOrder(1)
	d := orders.Record{Line: 2, OrderNo: "D-1", CustomerName: r.CustomerName, Phone: r.Phone, VIN: r.VIN,
		DeliveredOn: time.Date(2026, 5, 3, 0, 0, 0, 0, time.UTC), SalesConsultant: "李娜"}
	for i, want := range []orders.Counts{
		{Rows: 1, Created: 1, NewCustomers: 1, NewVehicles: 1},
		{Rows: 1, Unchanged: 1},
	} {
		got, err := (&orders.Service{DB: db.App}).Load(ctx, tenantID, storeID, orders.Deliveries, "api", []orders.Record{d}, false)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("load %d: Counts=%+v, want %+v", i+1, got, want)
		}
	}
}
