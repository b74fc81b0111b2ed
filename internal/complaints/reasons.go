package complaints

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// PauseReason is why a step waiting on the customer is paused; a group keeps its own list.
type PauseReason struct {
	ID     int64
	NameZH string
	NameEN string
}

// DefaultPauseReasons are the reasons a group starts with.
var DefaultPauseReasons = []PauseReason{
	{0, "客户要求下周再联系", "Customer asked to be contacted next week"},
	{0, "等待配件到货", "Waiting for parts to arrive"},
	{0, "客户出差", "Customer away on a business trip"},
	{0, "等待客户提供资料", "Waiting for documents from the customer"},
	{0, "客户暂时联系不上", "Customer cannot be reached for now"},
}

// MaxPauseReasons bounds a group's list.
const MaxPauseReasons = 30

// PauseReasons lists the group's reasons in their order, giving a group without any the defaults
// first.
func (s *Service) PauseReasons(ctx context.Context, tenantID int64) ([]PauseReason, error) {
	var list []PauseReason
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		list, err = pauseReasons(ctx, tx, tenantID)
		return err
	})
	return list, err
}

// pauseReasons gives the group the defaults when it has no reason at all, and lists the active ones.
func pauseReasons(ctx context.Context, tx pgx.Tx, tenantID int64) ([]PauseReason, error) {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM complaint_pause_reasons WHERE tenant_id = $1`, tenantID).Scan(&n); err != nil {
		return nil, postgres.Err("complaints.PauseReasons", err)
	}
	for i, r := range DefaultPauseReasons {
		if n > 0 {
			break
		}
		_, err := tx.Exec(ctx, `INSERT INTO complaint_pause_reasons (tenant_id, name_zh, name_en, position) VALUES ($1, $2, $3, $4)
			ON CONFLICT (tenant_id, name_zh) WHERE active DO NOTHING`, tenantID, r.NameZH, r.NameEN, i)
		if err != nil {
			return nil, postgres.Err("complaints.PauseReasons", err)
		}
	}
	rows, _ := tx.Query(ctx, `SELECT id, name_zh, name_en FROM complaint_pause_reasons
		WHERE tenant_id = $1 AND active ORDER BY position, id`, tenantID)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[PauseReason])
	return list, postgres.Err("complaints.PauseReasons", err)
}

// SavePauseReasons replaces the group's list with list, in its order, in one transaction: a
// reason keeps its id (the steps paused for it still name it), a reason left out is taken off the
// list, one without an id is added, and rows with both names empty are skipped. Each name needs
// its other language, fits its column, and appears once; errors are keyed reason_<i>_zh or
// reason_<i>_en by row. An empty list is refused (reasons).
func (s *Service) SavePauseReasons(ctx context.Context, tenantID int64, list []PauseReason) error {
	kept, err := checkReasons(list)
	if err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE complaint_pause_reasons SET active = false WHERE tenant_id = $1`, tenantID); err != nil {
			return postgres.Err("complaints.SavePauseReasons", err)
		}
		for i, r := range kept {
			if err := saveReason(ctx, tx, tenantID, r, i); err != nil {
				return err
			}
		}
		return changes.AnnounceComplaints(ctx, tx, tenantID, 0) // the queues show a paused form's reason
	})
}

// saveReason writes one reason of the list at position i, active.
func saveReason(ctx context.Context, tx pgx.Tx, tenantID int64, r PauseReason, i int) error {
	if r.ID == 0 {
		_, err := tx.Exec(ctx, `INSERT INTO complaint_pause_reasons (tenant_id, name_zh, name_en, position) VALUES ($1, $2, $3, $4)`,
			tenantID, r.NameZH, r.NameEN, i)
		return postgres.Err("complaints.SavePauseReasons", err)
	}
	tag, err := tx.Exec(ctx, `UPDATE complaint_pause_reasons SET name_zh = $3, name_en = $4, position = $5, active = true
		WHERE tenant_id = $1 AND id = $2`, tenantID, r.ID, r.NameZH, r.NameEN, i)
	if err != nil {
		return postgres.Err("complaints.SavePauseReasons", err)
	}
	return postgres.Affected(tag)
}

// checkReasons trims the list's names and drops its empty rows; it refuses a name without its
// other language, one too long, a name given twice, and a list left empty.
func checkReasons(list []PauseReason) ([]PauseReason, error) {
	errs, seen := map[string]string{}, map[string]bool{}
	var kept []PauseReason
	for i, r := range list {
		r.NameZH, r.NameEN = strings.TrimSpace(r.NameZH), strings.TrimSpace(r.NameEN)
		if r.NameZH == "" && r.NameEN == "" {
			continue
		}
		key := "reason_" + strconv.Itoa(i)
		for _, f := range []struct {
			suffix, name string
			max          int
		}{{"_zh", r.NameZH, 50}, {"_en", r.NameEN, 80}} {
			switch n := utf8.RuneCountInString(f.name); {
			case n == 0:
				errs[key+f.suffix] = "validation.required"
			case n > f.max:
				errs[key+f.suffix] = "validation.too_long"
			}
		}
		if seen[r.NameZH] {
			errs[key+"_zh"] = "validation.reason_duplicate"
		}
		seen[r.NameZH] = true
		kept = append(kept, r)
	}
	if len(kept) == 0 {
		errs["reasons"] = "validation.reasons_empty"
	}
	if len(kept) > MaxPauseReasons {
		errs["reasons"] = "validation.reasons_many"
	}
	if len(errs) > 0 {
		return nil, apperr.Fields(errs)
	}
	return kept, nil
}
