package surveys_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestNewStore_GetsEventQuestionnaire: a new store gets the event survey with the others, its
// items scored for the after-sales department.
func TestNewStore_GetsEventQuestionnaire(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	tenantID, storeID := newStore(t, db)
	q := newest(t, db, tenantID, storeID, surveys.Event)
	if q.ID == 0 || q.Version != 1 || len(q.Items) != len(defaultOf(surveys.Event).Items) {
		t.Fatalf("event questionnaire id %v v%v with %d items, want v1 with every default item", q.ID, q.Version, len(q.Items))
	}
	depts, err := (&tenancy.Service{DB: db.App}).Departments(context.Background(), tenantID, storeID)
	testkit.Must(t, err)
	for _, it := range q.Items {
		for _, d := range depts {
			if d.ID == it.DepartmentID && d.Kind != tenancy.AfterSales {
				t.Errorf("item %v scored for %v, want after-sales", it.Position, d.Kind)
			}
		}
	}
}

// TestEnsureKind: a store from before the event survey gets the default one, and its other
// questionnaires stay as they were; a store that has one keeps it as its managers edited it; a
// second run changes nothing.
func TestEnsureKind(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	tenantID, oldStore := newStore(t, db)
	st := tenancy.NewStore()
	st.Name = "瑞丰二店"
	testkit.Must(t, (&tenancy.Service{DB: db.App, OnNewStore: tenancy.Hooks{surveys.ApplyDefaults}}).CreateStore(ctx, tenantID, &st))
	dropEvent(t, db, tenantID, oldStore)
	svc := &surveys.Service{DB: db.App}
	edited := newest(t, db, tenantID, st.ID, surveys.Event)
	it := edited.Items[0]
	it.TextEN = "How quickly did we sort it out?"
	_, err := svc.SaveItem(ctx, tenantID, 0, edited.ID, it)
	testkit.Must(t, err)
	before := shapes(t, db, tenantID, oldStore, st.ID)
	if before[fmt.Sprint(oldStore, surveys.Event)] != "none" {
		t.Fatalf("old store's event questionnaire %v, want none", before[fmt.Sprint(oldStore, surveys.Event)])
	}
	ensure := func() {
		testkit.Must(t, db.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
			return surveys.EnsureKind(ctx, tx, tenantID, surveys.Event)
		}))
	}
	ensure()
	after := shapes(t, db, tenantID, oldStore, st.ID)
	for key, was := range before {
		if key == fmt.Sprint(oldStore, surveys.Event) {
			continue
		}
		if after[key] != was {
			t.Errorf("%v: %v, want it untouched: %v", key, after[key], was)
		}
	}
	got := newest(t, db, tenantID, oldStore, surveys.Event)
	if got.ID == 0 || got.Version != 1 || len(got.Items) != len(defaultOf(surveys.Event).Items) || len(got.Sections) != len(surveys.SectionKinds) {
		t.Errorf("old store's event questionnaire v%v, %d items, %d sections; want v1 with the defaults", got.Version, len(got.Items), len(got.Sections))
	}
	if q := newest(t, db, tenantID, st.ID, surveys.Event); q.Items[0].TextEN != it.TextEN {
		t.Errorf("edited event item %q, want %q kept", q.Items[0].TextEN, it.TextEN)
	}
	t.Run("Idempotent", func(t *testing.T) {
		ensure()
		if again := shapes(t, db, tenantID, oldStore, st.ID); fmt.Sprint(again) != fmt.Sprint(after) {
			t.Errorf("second run: %v, want %v", again, after)
		}
	})
	t.Run("ErrKind", func(t *testing.T) {
		err := db.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error { return surveys.EnsureKind(ctx, tx, tenantID, "nps") })
		if !apperr.Is(err, apperr.Invalid) {
			t.Errorf("err=%v, want invalid", err)
		}
	})
}

// dropEvent removes a store's event questionnaire, as a store created before the kind existed
// never had one.
func dropEvent(t *testing.T, db *pgtest.DB, tenantID, storeID int64) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.Owner.BeginTenant(ctx, tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	for _, table := range []string{"questionnaire_items", "script_sections"} {
		_, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE tenant_id = $1 AND questionnaire_id IN
			(SELECT id FROM questionnaires WHERE tenant_id = $1 AND store_id = $2 AND kind = 'event')`, tenantID, storeID)
		testkit.Must(t, err)
	}
	_, err = tx.Exec(ctx, `DELETE FROM questionnaires WHERE tenant_id = $1 AND store_id = $2 AND kind = 'event'`, tenantID, storeID)
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
}

// shapes describes the newest questionnaire of every kind of the stores: its id, version and
// first item's English text, or "none", by store and kind.
func shapes(t *testing.T, db *pgtest.DB, tenantID int64, storeIDs ...int64) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, id := range storeIDs {
		for _, k := range surveys.Kinds {
			q := newest(t, db, tenantID, id, k)
			out[fmt.Sprint(id, k)] = "none"
			if q.ID != 0 {
				out[fmt.Sprint(id, k)] = fmt.Sprintf("#%d v%d %d items %q", q.ID, q.Version, len(q.Items), q.Items[0].TextEN)
			}
		}
	}
	return out
}

func newest(t *testing.T, db *pgtest.DB, tenantID, storeID int64, k surveys.Kind) surveys.Questionnaire {
	t.Helper()
	svc := &surveys.Service{DB: db.App}
	all, err := svc.Overview(context.Background(), tenantID)
	testkit.Must(t, err)
	for _, sum := range all {
		if sum.StoreID == storeID && sum.Kind == k && sum.ID != 0 {
			q, _, err := svc.Get(context.Background(), tenantID, sum.ID)
			testkit.Must(t, err)
			return q
		}
	}
	return surveys.Questionnaire{}
}

// defaultOf is the default template of kind k.
func defaultOf(k surveys.Kind) surveys.Template {
	for _, tpl := range surveys.Defaults() {
		if tpl.Kind == k {
			return tpl
		}
	}
	return surveys.Template{}
}
