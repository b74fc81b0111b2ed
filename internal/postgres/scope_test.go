package postgres_test

import (
	"context"
	"testing"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// TestScope_StoresOfTheGroup: within one group of two stores, a transaction in one store's scope
// sees and writes that store only; a department's scope sees its store's rows; no scope set sees
// no store; the whole group sees both.
func TestScope_StoresOfTheGroup(t *testing.T) {
	db, a, _, _ := twoTenants(t)
	ctx := context.Background()
	ts := &tenancy.Service{DB: db.App}
	second := tenancy.NewStore()
	second.Name = "Store A2"
	if err := ts.CreateStore(ctx, a, &second); err != nil {
		t.Fatal(err)
	}
	stores, err := ts.Stores(ctx, a)
	if err != nil || len(stores) != 2 {
		t.Fatalf("whole group: stores=%v err=%v, want 2", stores, err)
	}
	first := stores[0].ID
	if first == second.ID {
		first = stores[1].ID
	}
	deps, err := ts.Departments(ctx, a, second.ID)
	if err != nil {
		t.Fatal(err)
	}
	perStore := len(tenancy.StandardKinds)
	for name, c := range map[string]struct {
		scope        postgres.Scope
		stores, deps int
	}{
		"OneStore":   {postgres.StoreScope(first), 1, perStore},
		"Department": {postgres.Scope{Departments: []int64{deps[0].ID}, DepartmentStores: []int64{second.ID}}, 1, perStore},
		"None":       {postgres.Scope{}, 0, 0},
		"Whole":      {postgres.Whole, 2, 2 * perStore},
	} {
		t.Run(name, func(t *testing.T) {
			tx, err := db.App.BeginTenant(postgres.WithScope(ctx, c.scope), a)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(ctx)
			if got := count(t, tx, "stores"); got != c.stores {
				t.Errorf("stores=%d, want %d", got, c.stores)
			}
			if got := count(t, tx, "departments"); got != c.deps {
				t.Errorf("departments=%d, want %d", got, c.deps)
			}
		})
	}
	t.Run("ErrWriteOtherStore", func(t *testing.T) {
		scoped := postgres.WithScope(ctx, postgres.StoreScope(first))
		d := tenancy.Department{StoreID: second.ID, Kind: tenancy.Other, Name: "Written from the other store"}
		if err := ts.CreateDepartment(scoped, a, &d); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("err=%v, want NotFound", err)
		}
		if _, err := ts.Store(scoped, a, second.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("reading the other store: err=%v, want NotFound", err)
		}
		all, err := ts.Departments(ctx, a, second.ID)
		if err != nil || len(all) != perStore {
			t.Errorf("the other store's departments=%d err=%v, want %d unchanged", len(all), err, perStore)
		}
	})
}
