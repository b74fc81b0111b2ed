package surveys_test

import (
	"context"
	"testing"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/testkit"
)

func TestService_MoveItem(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	tenantID, _ := newStore(t, db)
	svc := &surveys.Service{DB: db.App}
	v1 := current(t, svc, tenantID, surveys.CSI)

	t.Run("OK", func(t *testing.T) {
		id, err := svc.MoveItem(ctx, tenantID, 0, v1.ID, 2, -1)
		testkit.Must(t, err)
		got := current(t, svc, tenantID, surveys.CSI)
		if id != v1.ID || got.Items[0].ID != v1.Items[1].ID || got.Items[1].ID != v1.Items[0].ID || got.Items[1].Position != 2 {
			t.Errorf("after moving item 2 up: %q, %q, want %q first", got.Items[0].NameZH, got.Items[1].NameZH, v1.Items[1].NameZH)
		}
	})
	t.Run("ErrOutOfRange", func(t *testing.T) {
		for _, c := range []struct{ pos, by int }{{1, -1}, {len(v1.Items), 1}, {3, 2}} {
			if _, err := svc.MoveItem(ctx, tenantID, 0, v1.ID, c.pos, c.by); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("move %d by %d: err=%v, want invalid", c.pos, c.by, err)
			}
		}
	})
	t.Run("AFrozenVersionMakesTheNext", func(t *testing.T) {
		freeze(t, db, tenantID, v1.ID)
		id, err := svc.MoveItem(ctx, tenantID, 0, v1.ID, 1, 1)
		testkit.Must(t, err)
		v2 := current(t, svc, tenantID, surveys.CSI)
		old, _, err := svc.Get(ctx, tenantID, v1.ID)
		testkit.Must(t, err)
		if id == v1.ID || v2.Version != 2 || v2.Items[0].NameZH != v1.Items[0].NameZH || old.Items[0].NameZH != v1.Items[1].NameZH {
			t.Errorf("want version 2 with the move and version 1 as it was")
		}
	})
}

// TestService_SaveItemStale: changing one language's text alone marks the other's out of date
// and says so; the marks are kept in the next version.
func TestService_SaveItemStale(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	tenantID, _ := newStore(t, db)
	svc := &surveys.Service{DB: db.App}
	q := current(t, svc, tenantID, surveys.CSI)
	it := q.Items[0]
	it.TextZH += "（新）"
	saved, err := svc.SaveItem(ctx, tenantID, 0, q.ID, it)
	testkit.Must(t, err)
	if got := current(t, svc, tenantID, surveys.CSI).Items[0]; saved.Stale != surveys.EN || got.Stale != surveys.EN {
		t.Fatalf("Chinese alone: Saved.Stale=%q, item stale %q, want en", saved.Stale, got.Stale)
	}
	freeze(t, db, tenantID, q.ID)
	it.Weight = 2
	saved, err = svc.SaveItem(ctx, tenantID, 0, q.ID, it)
	testkit.Must(t, err)
	if got := current(t, svc, tenantID, surveys.CSI).Items[0]; saved.ID == q.ID || saved.Stale != surveys.NoLang || got.Stale != surveys.EN {
		t.Errorf("weight only, in version 2: Saved=%+v, item stale %q, want no warning and the mark kept", saved, got.Stale)
	}
	it.TextEN += " (new)"
	saved, err = svc.SaveItem(ctx, tenantID, 0, saved.ID, it)
	testkit.Must(t, err)
	if got := current(t, svc, tenantID, surveys.CSI).Items[0]; saved.Stale != surveys.NoLang || got.Stale != surveys.NoLang {
		t.Errorf("English saved: Saved.Stale=%q, item stale %q, want both in step", saved.Stale, got.Stale)
	}
}
