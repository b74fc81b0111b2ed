package surveys

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// ApplyDefaults gives a store the default questionnaires of every kind it has none of yet, in
// the caller's transaction. Each item goes to the store's department of its kind; an item whose
// kind of department the store does not have is left out.
func ApplyDefaults(ctx context.Context, tx pgx.Tx, tenantID, storeID int64) error {
	return apply(ctx, tx, tenantID, storeID, Defaults())
}

// apply gives a store each of the templates whose kind it has no questionnaire of yet.
func apply(ctx context.Context, tx pgx.Tx, tenantID, storeID int64, templates []Template) error {
	depts := map[tenancy.DepartmentKind]int64{}
	rows, _ := tx.Query(ctx, `SELECT DISTINCT ON (kind) kind, id FROM departments
		WHERE tenant_id = $1 AND store_id = $2 ORDER BY kind, name, id`, tenantID, storeID)
	var kind tenancy.DepartmentKind
	var id int64
	_, err := pgx.ForEachRow(rows, []any{&kind, &id}, func() error { depts[kind] = id; return nil })
	if err != nil {
		return postgres.Err("surveys.ApplyDefaults", err)
	}
	for _, t := range templates {
		var exists bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM questionnaires WHERE tenant_id = $1 AND store_id = $2 AND kind = $3)`,
			tenantID, storeID, t.Kind).Scan(&exists)
		if err != nil {
			return postgres.Err("surveys.ApplyDefaults", err)
		}
		if exists {
			continue
		}
		if _, err := insertVersion(ctx, tx, tenantID, 0, fromTemplate(t, storeID, depts)); err != nil {
			return err
		}
	}
	return nil
}

func fromTemplate(t Template, storeID int64, depts map[tenancy.DepartmentKind]int64) Questionnaire {
	q := Questionnaire{StoreID: storeID, Kind: t.Kind, Version: 1, Sections: t.Sections}
	for _, it := range t.Items {
		if it.DepartmentID = depts[it.DeptKind]; it.DepartmentID != 0 {
			it.Position = len(q.Items) + 1
			q.Items = append(q.Items, it)
		}
	}
	return q
}

// EnsureDefaults gives a store that has no questionnaire of some kind the default one, as a
// store created before questionnaires existed needs.
func (s *Service) EnsureDefaults(ctx context.Context, tenantID, storeID int64) error {
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		return ApplyDefaults(ctx, tx, tenantID, storeID)
	})
}

// EnsureKind gives every store of the group that has no questionnaire of kind k the default one,
// in the caller's transaction, and leaves the stores' other questionnaires as they are: stores
// created before the kind existed need it before their first survey of it. Running it again
// changes nothing.
func EnsureKind(ctx context.Context, tx pgx.Tx, tenantID int64, k Kind) error {
	ds := Defaults()
	i := slices.IndexFunc(ds, func(t Template) bool { return t.Kind == k })
	if i < 0 {
		return invalid("kind %q", k)
	}
	rows, _ := tx.Query(ctx, `SELECT s.id FROM stores s
		WHERE s.tenant_id = $1
		  AND NOT EXISTS (SELECT FROM questionnaires q WHERE q.tenant_id = $1 AND q.store_id = s.id AND q.kind = $2)
		ORDER BY s.id`, tenantID, k)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return postgres.Err("surveys.EnsureKind", err)
	}
	for _, id := range ids {
		if err := apply(ctx, tx, tenantID, id, ds[i:i+1]); err != nil {
			return err
		}
	}
	return nil
}
