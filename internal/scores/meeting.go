package scores

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Focus is what a weekly or monthly meeting chose to work on: a department, optionally one of its
// questions (by its short name), with a note. It is kept with the report of its period, and the
// report of the next period follows it up.
type Focus struct {
	ID           int64
	StoreID      int64
	Kind         string
	Period       Period
	Start        time.Time
	DepartmentID int64
	ItemShort    string // the question's short name in Chinese; "" for the whole department
	Note         string
	// What is read back with it.
	DeptKind string
	DeptName string
	ItemEN   string // the question's short name in English
	ChosenBy string
	ChosenAt time.Time
}

// The longest note and question name a focus item keeps, in characters.
const (
	FocusNoteMax = 1000
	FocusItemMax = 100
)

// Meets reports whether a meeting picks focus items on the period's report: the weekly meeting
// and the monthly report do, the quarter's report is read only.
func (p Period) Meets() bool { return p == Week || p == Month }

// Validate checks a focus item as chosen (errors keyed by the form's fields).
func (f Focus) Validate() error {
	errs := map[string]string{}
	if f.StoreID <= 0 {
		errs["store_id"] = "validation.required"
	}
	if f.Kind != "csi" && f.Kind != "ssi" {
		errs["kind"] = "validation.choice"
	}
	if !f.Period.Meets() {
		errs["period"] = "validation.choice"
	}
	if f.Start.IsZero() {
		errs["start"] = "validation.required"
	}
	if f.DepartmentID <= 0 {
		errs["department_id"] = "validation.required"
	}
	if utf8.RuneCountInString(f.ItemShort) > FocusItemMax {
		errs["item_short"] = "validation.too_long"
	}
	if utf8.RuneCountInString(f.Note) > FocusNoteMax {
		errs["note"] = "validation.too_long"
	}
	if len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return nil
}

// AddFocus keeps a focus item, chosen by userID, with the report of its period, in one
// transaction. The department must be the store's, and the question one of the department's in
// the store's questionnaires of the kind; an item chosen twice for a period is refused at its
// field.
func (s *Service) AddFocus(ctx context.Context, tenantID, userID int64, f Focus) (int64, error) {
	f.ItemShort, f.Note = strings.TrimSpace(f.ItemShort), strings.TrimSpace(f.Note)
	if err := f.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		if err := checkFocus(ctx, tx, tenantID, f); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO meeting_focus (tenant_id, store_id, kind, period, period_start, department_id, item_short, note, chosen_by,
			                           created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			tenantID, f.StoreID, f.Kind, f.Period, f.Period.Start(f.Start, time.UTC), f.DepartmentID, f.ItemShort, f.Note,
			userID, s.now()).Scan(&id)
		return postgres.FieldErr("scores.AddFocus", err, map[string][2]string{
			"meeting_focus_key": {"item_short", "scores.focus_twice"}})
	})
	return id, err
}

// checkFocus refuses, at its field, a department that is not the store's and a question that is
// not the department's in the store's questionnaires of the kind.
func checkFocus(ctx context.Context, tx pgx.Tx, tenantID int64, f Focus) error {
	var dept, item bool
	err := tx.QueryRow(ctx, `
		SELECT EXISTS (SELECT FROM departments WHERE tenant_id = $1 AND store_id = $2 AND id = $3),
		       $4 = '' OR EXISTS (
		           SELECT FROM questionnaire_items i
		           JOIN questionnaires q ON q.tenant_id = $1 AND q.id = i.questionnaire_id AND q.kind = $5
		           WHERE i.tenant_id = $1 AND i.store_id = $2 AND i.department_id = $3 AND i.name_zh = $4
		             AND i.scale <> 'text')`,
		tenantID, f.StoreID, f.DepartmentID, f.ItemShort, f.Kind).Scan(&dept, &item)
	switch {
	case err != nil:
		return postgres.Err("scores.AddFocus: check", err)
	case !dept:
		return apperr.Fields(map[string]string{"department_id": "validation.choice"})
	case !item:
		return apperr.Fields(map[string]string{"item_short": "scores.focus_not_department"})
	}
	return nil
}

// RemoveFocus removes a focus item and returns it as it was, so that its report can be shown
// again; one the scope does not see is not found.
func (s *Service) RemoveFocus(ctx context.Context, tenantID, focusID int64) (Focus, error) {
	var f Focus
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `
			DELETE FROM meeting_focus WHERE tenant_id = $1 AND id = $2
			RETURNING id, store_id, kind, period, period_start`, tenantID, focusID).
			Scan(&f.ID, &f.StoreID, &f.Kind, &f.Period, &f.Start)
	})
	return f, postgres.Err("scores.RemoveFocus", err)
}
