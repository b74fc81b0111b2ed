package surveys

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// change runs edit on questionnaire id within one transaction. Only the newest version may
// change; when it is frozen, edit applies to its copy as the next version instead, and items
// are found in the copy by their position. edit gets the version that changes, as it was
// before. change returns that version's id.
func (s *Service) change(ctx context.Context, tenantID, userID, id int64, edit func(tx pgx.Tx, q Questionnaire) error) (int64, error) {
	var target int64
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		target, err = changeTx(ctx, tx, tenantID, userID, id, edit)
		return err
	})
	if err != nil {
		return 0, err
	}
	return target, nil
}

// changeTx is change in tx.
func changeTx(ctx context.Context, tx pgx.Tx, tenantID, userID, id int64, edit func(tx pgx.Tx, q Questionnaire) error) (int64, error) {
	// lock the version first, so that of two editors of a frozen version one makes the next
	// version and the other then finds it no longer the newest
	if _, err := tx.Exec(ctx, `SELECT 1 FROM questionnaires WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, tenantID, id); err != nil {
		return 0, postgres.Err("surveys.change: lock", err)
	}
	q, latest, err := get(ctx, tx, tenantID, id)
	if err != nil {
		return 0, err
	}
	if !latest {
		return 0, errNotLatest
	}
	if q.Frozen {
		q.Version++
		if q.ID, err = insertVersion(ctx, tx, tenantID, userID, q); err != nil {
			return 0, err
		}
		q.Frozen = false
	}
	if err := edit(tx, q); err != nil {
		return 0, err
	}
	return q.ID, changes.Announce(ctx, tx, tenantID, q.StoreID)
}

// insertVersion writes q (its store, kind, version, items and script) as a new version.
func insertVersion(ctx context.Context, tx pgx.Tx, tenantID, userID int64, q Questionnaire) (int64, error) {
	var id int64
	var createdBy *int64
	if userID != 0 {
		createdBy = &userID
	}
	err := tx.QueryRow(ctx, `
		INSERT INTO questionnaires (tenant_id, store_id, kind, version, created_by)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, tenantID, q.StoreID, q.Kind, q.Version, createdBy).Scan(&id)
	if err != nil {
		return 0, postgres.Err("surveys.insertVersion", err)
	}
	for _, it := range q.Items {
		if err := insertItem(ctx, tx, tenantID, id, q.StoreID, it); err != nil {
			return 0, err
		}
	}
	for _, sec := range q.Sections {
		if err := saveSection(ctx, tx, tenantID, id, sec); err != nil {
			return 0, err
		}
	}
	return id, changes.Announce(ctx, tx, tenantID, q.StoreID)
}

func insertItem(ctx context.Context, tx pgx.Tx, tenantID, qid, storeID int64, it Item) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO questionnaire_items (tenant_id, questionnaire_id, store_id, position, name_zh, name_en,
		                                 text_zh, text_en, stale, scale, weight, mandatory, department_id,
		                                 element, work_types)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		tenantID, qid, storeID, it.Position, it.NameZH, it.NameEN, it.TextZH, it.TextEN, it.Stale, it.Scale,
		it.Weight, it.Mandatory, it.DepartmentID, it.Element, workTypes(it.WorkTypes))
	return itemErr("surveys.insertItem", err)
}

func saveSection(ctx context.Context, tx pgx.Tx, tenantID, qid int64, sec Section) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO script_sections (tenant_id, questionnaire_id, kind, text_zh, text_en)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (tenant_id, questionnaire_id, kind) DO UPDATE SET text_zh = EXCLUDED.text_zh, text_en = EXCLUDED.text_en`,
		tenantID, qid, sec.Kind, sec.TextZH, sec.TextEN)
	return postgres.Err("surveys.saveSection", err)
}

func itemErr(op string, err error) error {
	return postgres.FieldErr(op, err, map[string][2]string{
		"questionnaire_items_department_fkey": {"department_id", "validation.choice"}})
}

// workTypes is an item's work types as the column keeps them: none is an empty list.
func workTypes(types []string) []string {
	if types == nil {
		return []string{}
	}
	return types
}

// Saved is what saving an item did: the version that changed, and the language whose text the
// save may have left out of date, since only the other language's text changed.
type Saved struct {
	ID    int64
	Stale Lang
}

// SaveItem adds it to questionnaire id (it.ID 0, at the end) or changes the item at its
// position. A change to one language's text alone marks the other language's out of date, and
// a change to that one clears the mark.
func (s *Service) SaveItem(ctx context.Context, tenantID, userID, id int64, it Item) (Saved, error) {
	it.Normalize()
	var saved Saved
	var err error
	saved.ID, err = s.change(ctx, tenantID, userID, id, func(tx pgx.Tx, q Questionnaire) error {
		if err := it.Validate(q.Kind); err != nil {
			return err
		}
		if it.ID == 0 {
			it.Stale = NoLang
			return appendItem(ctx, tx, tenantID, q, it)
		}
		i := slices.IndexFunc(q.Items, func(old Item) bool { return old.Position == it.Position })
		if i < 0 {
			return apperr.New(apperr.NotFound, "error.not_found")
		}
		it.Stale = staleAfter(q.Items[i], it)
		if (q.Items[i].TextZH != it.TextZH) != (q.Items[i].TextEN != it.TextEN) {
			saved.Stale = it.Stale
		}
		return updateItem(ctx, tx, tenantID, q.ID, it)
	})
	if err != nil {
		return Saved{}, err
	}
	return saved, nil
}

func updateItem(ctx context.Context, tx pgx.Tx, tenantID, qid int64, it Item) error {
	_, err := tx.Exec(ctx, `
		UPDATE questionnaire_items SET name_zh = $4, name_en = $5, text_zh = $6, text_en = $7, stale = $8,
		       scale = $9, weight = $10, mandatory = $11, department_id = $12, element = $13, work_types = $14
		WHERE tenant_id = $1 AND questionnaire_id = $2 AND position = $3`,
		tenantID, qid, it.Position, it.NameZH, it.NameEN, it.TextZH, it.TextEN, it.Stale, it.Scale, it.Weight,
		it.Mandatory, it.DepartmentID, it.Element, workTypes(it.WorkTypes))
	return itemErr("surveys.SaveItem", err)
}

func appendItem(ctx context.Context, tx pgx.Tx, tenantID int64, q Questionnaire, it Item) error {
	it.Position = len(q.Items) + 1
	return insertItem(ctx, tx, tenantID, q.ID, q.StoreID, it)
}

// DeleteItem removes the item at position from questionnaire id and closes the gap. It returns
// the id of the version that changed.
func (s *Service) DeleteItem(ctx context.Context, tenantID, userID, id int64, position int) (int64, error) {
	return s.change(ctx, tenantID, userID, id, func(tx pgx.Tx, q Questionnaire) error {
		tag, err := tx.Exec(ctx, `DELETE FROM questionnaire_items WHERE tenant_id = $1 AND questionnaire_id = $2 AND position = $3`,
			tenantID, q.ID, position)
		if err == nil {
			err = postgres.Affected(tag)
		}
		if err == nil {
			_, err = tx.Exec(ctx, `
				UPDATE questionnaire_items SET position = position - 1
				WHERE tenant_id = $1 AND questionnaire_id = $2 AND position > $3`, tenantID, q.ID, position)
		}
		return postgres.Err("surveys.DeleteItem", err)
	})
}

// SaveScript replaces the call script of questionnaire id. It returns the id of the version
// that changed.
func (s *Service) SaveScript(ctx context.Context, tenantID, userID, id int64, sections []Section) (int64, error) {
	errs := map[string]string{}
	for i := range sections {
		sec := &sections[i]
		sec.TextZH, sec.TextEN = strings.TrimSpace(sec.TextZH), strings.TrimSpace(sec.TextEN)
		for suffix, text := range map[string]string{"_zh": sec.TextZH, "_en": sec.TextEN} {
			if utf8.RuneCountInString(text) > 2000 {
				errs[string(sec.Kind)+suffix] = "validation.too_long"
			}
		}
	}
	if len(errs) > 0 {
		return 0, apperr.Fields(errs)
	}
	return s.change(ctx, tenantID, userID, id, func(tx pgx.Tx, q Questionnaire) error {
		for _, sec := range sections {
			if err := saveSection(ctx, tx, tenantID, q.ID, sec); err != nil {
				return err
			}
		}
		return nil
	})
}
