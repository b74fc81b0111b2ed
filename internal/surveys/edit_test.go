package surveys_test

import (
	"context"
	"sync"
	"testing"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// newStore creates a dealer group with one store, which gets the default questionnaires.
func newStore(t *testing.T, db *pgtest.DB) (tenantID, storeID int64) {
	t.Helper()
	ctx := context.Background()
	tenantID, err := tenancy.CreateTenant(ctx, db.Owner, "瑞丰")
	testkit.Must(t, err)
	st := tenancy.NewStore()
	st.Name = "瑞丰一店"
	ts := &tenancy.Service{DB: db.App, OnNewStore: tenancy.Hooks{surveys.ApplyDefaults}}
	testkit.Must(t, ts.CreateStore(ctx, tenantID, &st))
	return tenantID, st.ID
}

func current(t *testing.T, svc *surveys.Service, tenantID int64, k surveys.Kind) surveys.Questionnaire {
	t.Helper()
	list, err := svc.Overview(context.Background(), tenantID)
	testkit.Must(t, err)
	for _, sum := range list {
		if sum.Kind == k && sum.ID != 0 {
			q, _, err := svc.Get(context.Background(), tenantID, sum.ID)
			testkit.Must(t, err)
			return q
		}
	}
	t.Fatalf("no %s questionnaire", k)
	return surveys.Questionnaire{}
}

func TestService_Versions(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	tenantID, _ := newStore(t, db)
	svc := &surveys.Service{DB: db.App}
	v1 := current(t, svc, tenantID, surveys.CSI)
	if v1.Version != 1 || len(v1.Items) < 8 || len(v1.Sections) != len(surveys.SectionKinds) {
		t.Fatalf("defaults: version %d, %d items, %d sections, want version 1 with the default items and script", v1.Version, len(v1.Items), len(v1.Sections))
	}
	first := v1.Items[0]

	t.Run("EditsADraftInPlace", func(t *testing.T) {
		first.TextEN = "How was your welcome?"
		saved, err := svc.SaveItem(ctx, tenantID, 0, v1.ID, first)
		testkit.Must(t, err)
		if got, id := current(t, svc, tenantID, surveys.CSI), saved.ID; id != v1.ID || got.Items[0].TextEN != first.TextEN {
			t.Errorf("id=%d text=%q, want the same version changed", id, got.Items[0].TextEN)
		}
	})
	t.Run("AFrozenVersionMakesTheNext", func(t *testing.T) {
		freeze(t, db, tenantID, v1.ID)
		first.Weight = 3
		saved, err := svc.SaveItem(ctx, tenantID, 0, v1.ID, first)
		testkit.Must(t, err)
		id := saved.ID
		v2 := current(t, svc, tenantID, surveys.CSI)
		old, latest, err := svc.Get(ctx, tenantID, v1.ID)
		testkit.Must(t, err)
		if id == v1.ID || v2.ID != id || v2.Version != 2 || v2.Items[0].Weight != 3 || old.Items[0].Weight == 3 || latest {
			t.Errorf("v2=%d (version %d, weight %v), v1 weight %v latest %v: want a new version with the change and v1 untouched",
				id, v2.Version, v2.Items[0].Weight, old.Items[0].Weight, latest)
		}
		if len(v2.Items) != len(v1.Items) || len(v2.Sections) != len(v1.Sections) {
			t.Errorf("v2 has %d items and %d sections, want the copy of all", len(v2.Items), len(v2.Sections))
		}
	})
	t.Run("ErrNotLatest", func(t *testing.T) {
		_, err := svc.SaveItem(ctx, tenantID, 0, v1.ID, first)
		if !apperr.Is(err, apperr.Conflict) {
			t.Errorf("err=%v, want a conflict: v1 is no longer the newest", err)
		}
	})
	t.Run("DeleteRenumbers", func(t *testing.T) {
		v2 := current(t, svc, tenantID, surveys.CSI)
		_, err := svc.DeleteItem(ctx, tenantID, 0, v2.ID, 2)
		testkit.Must(t, err)
		got := current(t, svc, tenantID, surveys.CSI)
		for i, it := range got.Items {
			if it.Position != i+1 {
				t.Fatalf("positions after delete: %d at %d, want 1..n", it.Position, i)
			}
		}
		if len(got.Items) != len(v2.Items)-1 || got.Items[1].TextZH != v2.Items[2].TextZH {
			t.Errorf("want the second item gone and the third moved up")
		}
	})
	t.Run("ErrItemFields", func(t *testing.T) {
		bad := surveys.Item{Scale: surveys.Text, Weight: 2, DepartmentID: first.DepartmentID}
		_, err := svc.SaveItem(ctx, tenantID, 0, current(t, svc, tenantID, surveys.CSI).ID, bad)
		e, ok := apperr.As(err)
		if !ok || e.Fields["text_zh"] != "validation.required" || e.Fields["weight"] != "validation.text_weight" {
			t.Errorf("err=%v, want the texts required and a free-text weight refused", err)
		}
	})
	t.Run("ErrOtherStoresDepartment", func(t *testing.T) {
		ts := &tenancy.Service{DB: db.App}
		other := tenancy.NewStore()
		other.Name = "瑞丰二店"
		testkit.Must(t, ts.CreateStore(ctx, tenantID, &other))
		deps, err := ts.Departments(ctx, tenantID, other.ID)
		testkit.Must(t, err)
		it := first
		it.ID, it.DepartmentID = 0, deps[0].ID
		_, err = svc.SaveItem(ctx, tenantID, 0, current(t, svc, tenantID, surveys.CSI).ID, it)
		if e, ok := apperr.As(err); !ok || e.Fields["department_id"] != "validation.choice" {
			t.Errorf("err=%v, want the department refused", err)
		}
	})
}

// TestService_ConcurrentEditsOfAFrozenVersion: two editors change a frozen version at once; one
// makes version 2 and the other is told the version is no longer the newest.
func TestService_ConcurrentEditsOfAFrozenVersion(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	tenantID, _ := newStore(t, db)
	svc := &surveys.Service{DB: db.App}
	v1 := current(t, svc, tenantID, surveys.SSI)
	freeze(t, db, tenantID, v1.ID)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() {
			it := v1.Items[0]
			it.Weight = float64(i + 2)
			_, errs[i] = svc.SaveItem(ctx, tenantID, 0, v1.ID, it)
		})
	}
	wg.Wait()
	ok, conflicts := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case apperr.Is(err, apperr.Conflict):
			conflicts++
		default:
			t.Fatalf("err=%v", err)
		}
	}
	if ok != 1 || conflicts != 1 || current(t, svc, tenantID, surveys.SSI).Version != 2 {
		t.Errorf("ok=%d conflicts=%d, want one new version and one conflict", ok, conflicts)
	}
}

// freeze marks a version as used by a survey, as completing a survey will.
func freeze(t *testing.T, db *pgtest.DB, tenantID, id int64) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.App.BeginTenant(ctx, tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `UPDATE questionnaires SET frozen = true WHERE tenant_id = $1 AND id = $2`, tenantID, id)
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
}
