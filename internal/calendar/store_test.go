package calendar_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/calendar"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// newStore returns a fresh database with one group and one store in zone.
func newStore(t *testing.T, zone string) (*pgtest.DB, int64, int64) {
	t.Helper()
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	tenantID, err := tenancy.CreateTenant(ctx, db.Owner, "Calendar group")
	testkit.Must(t, err)
	st := tenancy.NewStore()
	st.Name, st.TimeZone = "柏林店", zone
	testkit.Must(t, (&tenancy.Service{DB: db.App}).CreateStore(ctx, tenantID, &st))
	return db, tenantID, st.ID
}

// TestCalendar_Versions: a deadline set with version 1 stays where it was after the calendar
// is edited, and one set afterwards counts on version 2; a store without a calendar counts on
// the default in its own zone.
func TestCalendar_Versions(t *testing.T) {
	db, tenantID, storeID := newStore(t, "Europe/Berlin")
	ctx := context.Background()
	from := at(berlin, 2026, 12, 4, 17, 0) // a Friday
	var v1ID, v2ID int64
	var due1 time.Time
	testkit.Must(t, db.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		c, id, err := calendar.Current(ctx, tx, tenantID, storeID)
		if err != nil {
			return err
		}
		if id != 0 || c.Zone.String() != "Europe/Berlin" || len(c.Week[time.Sunday]) != 1 {
			t.Errorf("Current=%v, id %d, want the default in Europe/Berlin, id 0", c, id)
		}
		if v1ID, err = calendar.Save(ctx, tx, tenantID, storeID, 0, v1()); err != nil {
			return err
		}
		c, _, err = calendar.Current(ctx, tx, tenantID, storeID)
		due1 = c.Add(from, 3*time.Hour)
		return err
	}))
	testkit.Must(t, db.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		v2ID, err = calendar.Save(ctx, tx, tenantID, storeID, 0, v2())
		return err
	}))
	testkit.Must(t, db.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		old, err := calendar.Version(ctx, tx, tenantID, storeID, v1ID)
		if err != nil {
			return err
		}
		if got := old.Add(from, 3*time.Hour); !got.Equal(due1) || !due1.Equal(at(berlin, 2026, 12, 7, 10, 30)) {
			t.Errorf("deadline with version 1=%v, first %v, want Monday 10:30", got, due1)
		}
		cur, id, err := calendar.Current(ctx, tx, tenantID, storeID)
		if err != nil {
			return err
		}
		if want := at(berlin, 2026, 12, 5, 11, 0); id != v2ID || !cur.Add(from, 3*time.Hour).Equal(want) {
			t.Errorf("Current id %d (want %d): deadline %v, want %v", id, v2ID, cur.Add(from, 3*time.Hour), want)
		}
		def, err := calendar.Version(ctx, tx, tenantID, storeID, 0)
		if err != nil || len(def.Week[time.Saturday]) != 1 || def.Zone != tenancy.Location("Europe/Berlin") {
			t.Errorf("Version 0=%v, %v, want the default", def, err)
		}
		return nil
	}))
}

// TestCalendar_SaveKeepsEverything: a saved calendar reads back as it was saved.
func TestCalendar_SaveKeepsEverything(t *testing.T) {
	db, tenantID, storeID := newStore(t, "Asia/Shanghai")
	ctx := context.Background()
	want := holidayWeek()
	want.Zone = tenancy.Location("Asia/Shanghai")
	testkit.Must(t, db.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		id, err := calendar.Save(ctx, tx, tenantID, storeID, 0, want)
		if err != nil {
			return err
		}
		got, err := calendar.Version(ctx, tx, tenantID, storeID, id)
		if err != nil {
			return err
		}
		if a, b := calendar.EditOf(got), calendar.EditOf(want); !reflect.DeepEqual(a, b) {
			t.Errorf("read back %+v, want %+v", a, b)
		}
		return nil
	}))
}

// TestCalendar_Isolation: another group's store, and a saved version of another store, are not
// found; a version is never changed by the app.
func TestCalendar_Isolation(t *testing.T) {
	db, tenantID, storeID := newStore(t, "Asia/Shanghai")
	ctx := context.Background()
	other, err := tenancy.CreateTenant(ctx, db.Owner, "Other group")
	testkit.Must(t, err)
	var id int64
	testkit.Must(t, db.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		id, err = calendar.Save(ctx, tx, tenantID, storeID, 0, v1())
		return err
	}))
	err = db.App.InTenantTx(ctx, other, func(tx pgx.Tx) error {
		_, _, err := calendar.Current(ctx, tx, other, storeID)
		return err
	})
	if !isNotFound(err) {
		t.Errorf("Current of another group's store: %v, want not found", err)
	}
	err = db.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		_, err := calendar.Version(ctx, tx, tenantID, storeID, id+1000)
		return err
	})
	if !isNotFound(err) {
		t.Errorf("Version of no saved version: %v, want not found", err)
	}
	err = db.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE store_calendars SET always_open = true WHERE tenant_id = $1`, tenantID)
		return err
	})
	if err == nil {
		t.Error("UPDATE of a calendar version succeeded, want it refused")
	}
}

func isNotFound(err error) bool { return apperr.Is(err, apperr.NotFound) }
