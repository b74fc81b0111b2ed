package surveys

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
)

// change runs edit on questionnaire id within one transaction. Only the newest version may
// change; when it is frozen, edit applies to its copy as the next version instead, and items
// are found in the copy by their position. It returns the id of the version that changed.
func (s *Service) change(ctx context.Context, tenantID, userID, id int64, edit func(tx pgx.Tx, qid int64) error) (int64, error) {
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
func changeTx(ctx context.Context, tx pgx.Tx, tenantID, userID, id int64, edit func(tx pgx.Tx, qid int64) error) (int64, error) {
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
	target := id
	if q.Frozen {
		q.Version++
		if target, err = insertVersion(ctx, tx, tenantID, userID, q); err != nil {
			return 0, err
		}
	}
	if err := edit(tx, target); err != nil {
		return 0, err
	}
	return target, nil
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
	return id, nil
}

func insertItem(ctx context.Context, tx pgx.Tx, tenantID, qid, storeID int64, it Item) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO questionnaire_items (tenant_id, questionnaire_id, store_id, position, text_zh, text_en,
		                                 scale, weight, mandatory, department_id, element)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		tenantID, qid, storeID, it.Position, it.TextZH, it.TextEN, it.Scale, it.Weight, it.Mandatory,
		it.DepartmentID, it.Element)
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

// SaveItem adds it to questionnaire id (it.ID 0, at the end) or changes the item at its
// position. It returns the id of the version that changed.
func (s *Service) SaveItem(ctx context.Context, tenantID, userID, id int64, it Item) (int64, error) {
	it.Normalize()
	if err := it.Validate(); err != nil {
		return 0, err
	}
	return s.change(ctx, tenantID, userID, id, func(tx pgx.Tx, qid int64) error {
		if it.ID == 0 {
			return appendItem(ctx, tx, tenantID, qid, it)
		}
		tag, err := tx.Exec(ctx, `
			UPDATE questionnaire_items SET text_zh = $4, text_en = $5, scale = $6, weight = $7,
			       mandatory = $8, department_id = $9, element = $10
			WHERE tenant_id = $1 AND questionnaire_id = $2 AND position = $3`,
			tenantID, qid, it.Position, it.TextZH, it.TextEN, it.Scale, it.Weight, it.Mandatory,
			it.DepartmentID, it.Element)
		if err != nil {
			return itemErr("surveys.SaveItem", err)
		}
		return postgres.Affected(tag)
	})
}

func appendItem(ctx context.Context, tx pgx.Tx, tenantID, qid int64, it Item) error {
	var storeID int64
	err := tx.QueryRow(ctx, `
		SELECT q.store_id, coalesce(max(i.position), 0) + 1 FROM questionnaires q
		LEFT JOIN questionnaire_items i ON i.tenant_id = q.tenant_id AND i.questionnaire_id = q.id
		WHERE q.tenant_id = $1 AND q.id = $2 GROUP BY q.store_id`, tenantID, qid).Scan(&storeID, &it.Position)
	if err != nil {
		return postgres.Err("surveys.appendItem", err)
	}
	return insertItem(ctx, tx, tenantID, qid, storeID, it)
}

// DeleteItem removes the item at position from questionnaire id and closes the gap. It returns
// the id of the version that changed.
func (s *Service) DeleteItem(ctx context.Context, tenantID, userID, id int64, position int) (int64, error) {
	return s.change(ctx, tenantID, userID, id, func(tx pgx.Tx, qid int64) error {
		tag, err := tx.Exec(ctx, `DELETE FROM questionnaire_items WHERE tenant_id = $1 AND questionnaire_id = $2 AND position = $3`,
			tenantID, qid, position)
		if err == nil {
			err = postgres.Affected(tag)
		}
		if err == nil {
			_, err = tx.Exec(ctx, `
				UPDATE questionnaire_items SET position = position - 1
				WHERE tenant_id = $1 AND questionnaire_id = $2 AND position > $3`, tenantID, qid, position)
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
	return s.change(ctx, tenantID, userID, id, func(tx pgx.Tx, qid int64) error {
		for _, sec := range sections {
			if err := saveSection(ctx, tx, tenantID, qid, sec); err != nil {
				return err
			}
		}
		return nil
	})
}
