package benchmarks

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Outcome is what an import did, or in a preview would do: each valid row with what became of
// its result, and the rejected rows.
type Outcome struct {
	Counts
	Rows    []RowOutcome
	Rejects []Reject
}

// RowOutcome is a valid row and what became of its result.
type RowOutcome struct {
	Row
	Status Status
	// NewItem says the row's item was not in the catalogue: the import adds it.
	NewItem bool
	// Opens says the row's result opens an improvement action.
	Opens bool
}

// Preview runs an import as its commit would, in a transaction rolled back: the rows to add,
// change and leave unchanged, the items new to the catalogue, the rejects, and the actions it
// would open. userID is the person who will commit it.
func (s *Service) Preview(ctx context.Context, tenantID, userID, id int64) (Outcome, error) {
	tx, err := s.DB.BeginTenant(ctx, tenantID)
	if err != nil {
		return Outcome{}, err
	}
	defer tx.Rollback(ctx) // a dry run: nothing of it stays
	im, content, err := lockImport(ctx, tx, tenantID, id, "")
	if err != nil {
		return Outcome{}, err
	}
	return s.apply(ctx, tx, tenantID, userID, im, content)
}

// Commit keeps an import's valid rows in one transaction: the results, their changes, the items
// new to the catalogue and the actions their gaps open; it counts what it did with the import.
// The same file again changes and opens nothing; an import is committed once.
func (s *Service) Commit(ctx context.Context, tenantID, userID, id int64) (Outcome, error) {
	var out Outcome
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		im, content, err := lockImport(ctx, tx, tenantID, id, "FOR UPDATE OF i")
		if err != nil {
			return err
		}
		if im.Status == Committed {
			return errCommitted
		}
		if out, err = s.apply(ctx, tx, tenantID, userID, im, content); err != nil {
			return err
		}
		c := out.Counts
		_, err = tx.Exec(ctx, `
			UPDATE benchmark_imports SET status = 'committed', added = $3, changed = $4, unchanged = $5, rejected = $6,
			       opened = $7, committed_at = $8
			WHERE tenant_id = $1 AND id = $2`, tenantID, id, c.Added, c.Changed, c.Unchanged, c.Rejected, c.Opened, s.Now())
		return postgres.Err("benchmarks.Commit", err)
	})
	return out, err
}

// apply writes an import's rows in tx and says what became of each.
func (s *Service) apply(ctx context.Context, tx pgx.Tx, tenantID, userID int64, im Import, content []byte) (Outcome, error) {
	if errs := checkMapping(im.Mapping, im.Header); len(errs) > 0 {
		return Outcome{}, apperr.Fields(errs)
	}
	rows, rejects, err := readRows(im, content)
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{Rejects: rejects}
	out.Rejected = rejectedLines(rejects)
	in, err := s.newImporter(ctx, tx, tenantID, userID, im)
	if err != nil {
		return Outcome{}, err
	}
	for _, r := range rows {
		ro, err := in.row(ctx, r)
		if err != nil {
			return Outcome{}, err
		}
		out.add(ro)
	}
	return out, nil
}

// add counts a row's outcome.
func (out *Outcome) add(ro RowOutcome) {
	out.Rows = append(out.Rows, ro)
	switch ro.Status {
	case Added:
		out.Added++
	case Changed:
		out.Changed++
	default:
		out.Unchanged++
	}
	if ro.Opens {
		out.Opened++
	}
}

// rejectedLines counts the lines rejects are on.
func rejectedLines(rejects []Reject) int {
	n, last := 0, 0
	for _, r := range rejects {
		if r.Line != last {
			n, last = n+1, r.Line
		}
	}
	return n
}

// importer writes one import's rows in a transaction.
type importer struct {
	tx       pgx.Tx
	tenantID int64
	im       Import
	at       time.Time
	items    map[itemKey]Item
	// added are the items this import added to the catalogue.
	added  map[itemKey]bool
	opener *opener
}

// itemKey is how a row names its item: by programme and name.
type itemKey struct {
	programme Programme
	name      string
}

func (s *Service) newImporter(ctx context.Context, tx pgx.Tx, tenantID, userID int64, im Import) (*importer, error) {
	rows, _ := tx.Query(ctx, `SELECT `+itemColumns+` FROM benchmark_items WHERE tenant_id = $1`, tenantID)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Item])
	if err != nil {
		return nil, postgres.Err("benchmarks: catalogue", err)
	}
	in := &importer{tx: tx, tenantID: tenantID, im: im, at: s.Now(), items: map[itemKey]Item{}, added: map[itemKey]bool{}}
	for _, it := range list {
		in.items[itemKey{it.Programme, it.Name}] = it
	}
	in.opener, err = newOpener(ctx, tx, tenantID, userID, im.StoreID, in.at)
	return in, err
}

// row keeps one row's result, adding its item to the catalogue when it is new, and opens its
// action when it falls below an average.
func (in *importer) row(ctx context.Context, r Row) (RowOutcome, error) {
	k := itemKey{r.Programme, r.Item}
	it, known := in.items[k]
	if !known {
		it = Item{Programme: r.Programme, Name: r.Item}
		err := in.tx.QueryRow(ctx, `INSERT INTO benchmark_items (tenant_id, programme, name) VALUES ($1, $2, $3) RETURNING id`,
			in.tenantID, it.Programme, it.Name).Scan(&it.ID)
		if err != nil {
			return RowOutcome{}, postgres.Err("benchmarks: new item", err)
		}
		in.items[k], in.added[k] = it, true
	}
	id, status, err := put(ctx, in.tx, in.tenantID, write{storeID: in.im.StoreID, itemID: it.ID, quarter: r.Quarter,
		figures: r.Figures, importID: in.im.ID, at: in.at})
	if err != nil {
		return RowOutcome{}, err
	}
	opens, err := in.opener.open(ctx, in.tx, id, it, r.Quarter, r.Figures)
	return RowOutcome{Row: r, Status: status, NewItem: in.added[k], Opens: opens}, err
}
