package benchmarks

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
)

// Entry is a result entered or corrected by hand: the store, item and quarter it is for, its
// figures, and why a kept result was corrected.
type Entry struct {
	StoreID int64
	ItemID  int64
	Quarter time.Time
	Figures
	Reason string
}

// maxReason is the longest reason a correction may give.
const maxReason = 500

// Validate reports every invalid field with a message key.
func (e *Entry) Validate() error {
	f := map[string]string{}
	if e.StoreID == 0 {
		f["store_id"] = "validation.required"
	}
	if e.ItemID == 0 {
		f["item_id"] = "validation.required"
	}
	if e.Quarter.IsZero() || !e.Quarter.Equal(scores.QuarterStart(e.Quarter, time.UTC)) {
		f["quarter"] = "benchmarks.error.quarter"
	}
	if utf8.RuneCountInString(e.Reason) > maxReason {
		f["reason"] = "validation.too_long"
	}
	if len(f) > 0 {
		return apperr.Fields(f)
	}
	return nil
}

// Saved is what saving an entry did.
type Saved struct {
	ResultID int64
	Status   Status
	Opened   int
}

// Save keeps the store's result for the item and quarter: a new one, or a correction of the one
// kept, recorded with its person and reason (required for a correction), and opens the action of
// a result below its national or regional average, all in one transaction. The demo writes its
// results this way too.
func (s *Service) Save(ctx context.Context, tenantID, userID int64, e Entry) (Saved, error) {
	if err := e.Validate(); err != nil {
		return Saved{}, err
	}
	var out Saved
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		it, err := itemIn(ctx, tx, tenantID, e.ItemID)
		if err != nil {
			return err
		}
		w := write{storeID: e.StoreID, itemID: it.ID, quarter: e.Quarter, figures: e.Figures, userID: userID,
			reason: e.Reason, at: s.Now()}
		if out.ResultID, out.Status, err = put(ctx, tx, tenantID, w); err != nil {
			return err
		}
		if out.Status == Changed && e.Reason == "" {
			return apperr.Fields(map[string]string{"reason": "benchmarks.error.reason_required"})
		}
		o, err := newOpener(ctx, tx, tenantID, userID, e.StoreID, s.Now())
		if err != nil {
			return err
		}
		opened, err := o.open(ctx, tx, out.ResultID, it, e.Quarter, e.Figures)
		if opened {
			out.Opened = 1
		}
		return err
	})
	return out, err
}

// itemIn reads a catalogue item; one not in the group is an error at the item field.
func itemIn(ctx context.Context, tx pgx.Tx, tenantID, id int64) (Item, error) {
	rows, _ := tx.Query(ctx, `SELECT `+itemColumns+` FROM benchmark_items WHERE tenant_id = $1 AND id = $2`, tenantID, id)
	it, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Item])
	if err == pgx.ErrNoRows {
		return Item{}, apperr.Fields(map[string]string{"item_id": "validation.choice"})
	}
	return it, postgres.Err("benchmarks: item", err)
}

// Status is what writing a result did to the result kept.
type Status string

// The statuses of a written result.
const (
	Added     Status = "added"
	Changed   Status = "changed"
	Unchanged Status = "unchanged"
)

// write is one result to keep, from an import (importID) or from a person (userID, reason).
type write struct {
	storeID, itemID  int64
	quarter          time.Time
	figures          Figures
	userID, importID int64
	reason           string
	at               time.Time
}

// put keeps a result and records its change, before → after; the same figures again change
// nothing and record nothing. A store outside the scope is not found.
func put(ctx context.Context, tx pgx.Tx, tenantID int64, w write) (int64, Status, error) {
	var id int64
	var before Figures
	err := tx.QueryRow(ctx, `
		SELECT id, score::float8, national::float8, regional::float8, rank FROM benchmark_results
		WHERE tenant_id = $1 AND store_id = $2 AND item_id = $3 AND quarter = $4 FOR UPDATE`,
		tenantID, w.storeID, w.itemID, w.quarter).Scan(&id, &before.Score, &before.National, &before.Regional, &before.Rank)
	status := Changed
	switch {
	case err == pgx.ErrNoRows:
		status = Added
		err = tx.QueryRow(ctx, `
			INSERT INTO benchmark_results (tenant_id, store_id, item_id, quarter, score, national, regional, rank,
			                               import_id, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULLIF($9, 0::bigint), NULLIF($10, 0::bigint), $11) RETURNING id`,
			tenantID, w.storeID, w.itemID, w.quarter, w.figures.Score, w.figures.National, w.figures.Regional,
			w.figures.Rank, w.importID, w.userID, w.at).Scan(&id)
	case err != nil:
	case before.Equal(w.figures):
		return id, Unchanged, nil
	default:
		_, err = tx.Exec(ctx, `
			UPDATE benchmark_results SET score = $3, national = $4, regional = $5, rank = $6,
			       import_id = NULLIF($7, 0::bigint), updated_by = NULLIF($8, 0::bigint), updated_at = $9
			WHERE tenant_id = $1 AND id = $2`,
			tenantID, id, w.figures.Score, w.figures.National, w.figures.Regional, w.figures.Rank, w.importID, w.userID, w.at)
	}
	if err != nil {
		return 0, "", postgres.FieldErr("benchmarks: result", err, map[string][2]string{
			"benchmark_results_tenant_id_store_id_fkey": {"store_id", "validation.choice"}})
	}
	var was *Figures
	if status == Changed {
		was = &before
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO benchmark_changes (tenant_id, store_id, result_id, user_id, import_id, before, after, reason, created_at)
		VALUES ($1, $2, $3, NULLIF($4, 0::bigint), NULLIF($5, 0::bigint), $6, $7, $8, $9)`,
		tenantID, w.storeID, id, w.userID, w.importID, was, w.figures, w.reason, w.at)
	return id, status, postgres.Err("benchmarks: change", err)
}
