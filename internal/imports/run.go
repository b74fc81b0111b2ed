package imports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/postgres"
)

// startable is the state from which a preview of import i may start: not running, or
// interrupted (no process holds its lock).
var startable = `(i.status IN ('uploaded', 'previewed', 'failed')
	OR (i.status IN ('previewing', 'committing') AND NOT ` + heldSQL + `))`

// Preview checks mapping against the file's columns, saves it (and remembers it for the store
// and kind), and marks the import for a dry run, which Run then does.
func (s *Service) Preview(ctx context.Context, tenantID, id int64, m Mapping) error {
	im, err := s.Get(ctx, tenantID, id)
	if err != nil {
		return err
	}
	if errs := m.Check(im.Kind, im.Header); len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		if err := startPreview(ctx, tx, tenantID, id, startable, m); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO import_mappings (tenant_id, store_id, kind, mapping) VALUES ($1, $2, $3, $4)
			ON CONFLICT (tenant_id, store_id, kind) DO UPDATE SET mapping = EXCLUDED.mapping, updated_at = EXCLUDED.updated_at`,
			tenantID, im.StoreID, im.Kind, m)
		return postgres.Err("imports.Preview: mapping", err)
	})
}

// startPreview saves an import's mapping and marks it for a dry run, when it is in the state
// from (an SQL condition on the import i); else it returns errBusy.
func startPreview(ctx context.Context, tx pgx.Tx, tenantID, id int64, from string, m Mapping) error {
	tag, err := tx.Exec(ctx, `
		UPDATE imports i SET mapping = $3, status = 'previewing', heartbeat_at = now(), read_bytes = 0,
		       error_key = '', error_args = '{}'
		WHERE i.tenant_id = $1 AND i.id = $2 AND `+from, tenantID, id, m)
	if err != nil {
		return postgres.Err("imports.Preview", err)
	}
	if tag.RowsAffected() == 0 {
		return errBusy
	}
	return nil
}

// Commit marks a previewed import for loading, which Run then does; an import is committed
// once only.
func (s *Service) Commit(ctx context.Context, tenantID, id int64) error {
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE imports SET status = 'committing', heartbeat_at = now(), read_bytes = 0
			WHERE tenant_id = $1 AND id = $2 AND status = 'previewed'`, tenantID, id)
		if err != nil {
			return postgres.Err("imports.Commit", err)
		}
		if tag.RowsAffected() == 0 {
			return errBusy
		}
		return nil
	})
}

// Run does the preview or the commit an import is marked for. A commit loads every valid row
// and records the outcome in one transaction, so an import that fails or is interrupted
// writes nothing; a preview does the same and rolls back. Either way the import ends
// previewed, done or failed. The run holds the import's lock throughout (runLock), and parses
// the file in its turn (parseTurn); a second run of the same import is refused as busy.
func (s *Service) Run(ctx context.Context, tenantID, id int64) error {
	lock, err := s.lock(ctx, id)
	if err != nil {
		return err
	}
	defer lock.release(id)
	done, err := parseTurn(ctx)
	if err != nil {
		return err
	}
	defer done()
	im, content, loc, err := s.input(ctx, tenantID, id)
	if err != nil {
		return err
	}
	if !im.Running() {
		return errBusy
	}
	file := &meter{r: bytes.NewReader(content)}
	stop := s.heartbeat(tenantID, id, file)
	err = s.load(ctx, tenantID, &im, func() (*scanner, error) {
		return newScanner(&im, file, int64(len(content)), loc, s.Now())
	})
	stop()
	if err != nil {
		return s.fail(ctx, tenantID, id, err)
	}
	return nil
}

// load reads the file that open opens through orders.LoadTx and records the outcome: in the
// load's transaction for a commit, after rolling it back for a preview. InTenantTx runs a
// transaction again that lost a deadlock, so each run of it reads the file afresh.
func (s *Service) load(ctx context.Context, tenantID int64, im *Import, open func() (*scanner, error)) error {
	if im.Status == Committing {
		return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
			t, err := s.pass(ctx, tx, tenantID, im, open)
			if err != nil {
				return err
			}
			return finish(ctx, tx, tenantID, im, t, s.Now())
		})
	}
	t, err := s.dryRun(ctx, tenantID, im, open)
	if err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error { return finish(ctx, tx, tenantID, im, t, s.Now()) })
}

// dryRun loads the file in a transaction that it rolls back whatever happens, so that it is
// not an InTenantTx, which commits when all went well. The rollback is waited for, so the
// preview's connection is free before the outcome is recorded.
func (s *Service) dryRun(ctx context.Context, tenantID int64, im *Import, open func() (*scanner, error)) (tally, error) {
	tx, err := s.DB.BeginTenant(ctx, tenantID)
	if err != nil {
		return tally{}, err
	}
	defer tx.Rollback(ctx)
	t, err := s.pass(ctx, tx, tenantID, im, open)
	if err != nil {
		return t, err
	}
	return t, tx.Rollback(ctx)
}

// tally is what one reading of a file found: the counts of the load, the rejected rows, of
// which the first SampleSize are kept, the codes to map, and the tasks by reason.
type tally struct {
	counts   orders.Counts
	rejected int64
	sample   []Reject
	codes    []Code
	tasks    map[string]int64
}

// pass opens the file, reads it from its start, loads its valid rows in tx and generates the
// follow-up tasks they call for.
func (s *Service) pass(ctx context.Context, tx pgx.Tx, tenantID int64, im *Import, open func() (*scanner, error)) (tally, error) {
	sc, err := open()
	if err != nil {
		return tally{}, err
	}
	defer sc.table.Close()
	var t tally
	sc.onReject = func(r Reject, _ []string) {
		if t.rejected++; len(t.sample) < SampleSize {
			t.sample = append(t.sample, r)
		}
	}
	if t.counts, err = orders.LoadTx(ctx, tx, tenantID, im.StoreID, im.Kind, "import", sc.next); err != nil {
		return t, err
	}
	t.codes = sc.codes.list
	t.tasks, err = s.newTasks(ctx, tx, tenantID, im.StoreID, sc.batch)
	return t, err
}

// finish records the outcome of a run: previewed, or done at now.
func finish(ctx context.Context, tx pgx.Tx, tenantID int64, im *Import, t tally, now time.Time) error {
	status, finished := Previewed, (*time.Time)(nil)
	if im.Status == Committing {
		status, finished = Done, &now
	}
	js, err := json.Marshal(t.sample)
	if err != nil {
		return err
	}
	c := t.counts
	_, err = tx.Exec(ctx, `
		UPDATE imports SET status = $3, total_rows = $4, created_rows = $5, updated_rows = $6,
		       unchanged_rows = $7, new_customers = $8, new_vehicles = $9, rejected_rows = $10,
		       sample_rejects = $11, codes = $12, tasks = $13, read_bytes = file_size, heartbeat_at = now(),
		       finished_at = $14
		WHERE tenant_id = $1 AND id = $2`,
		tenantID, im.ID, status, c.Rows, c.Created, c.Updated, c.Unchanged, c.NewCustomers, c.NewVehicles,
		t.rejected, js, t.codes, t.tasks, finished)
	return postgres.Err("imports.Run: finish", err)
}

// input reads what reading an import's rows needs: the import, its file and its store's time
// zone.
func (s *Service) input(ctx context.Context, tenantID, id int64) (Import, []byte, *time.Location, error) {
	im, err := s.Get(ctx, tenantID, id)
	if err != nil {
		return im, nil, nil, err
	}
	var content []byte
	var zone string
	err = s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			SELECT f.content, st.time_zone FROM import_files f
			JOIN stores st ON st.tenant_id = f.tenant_id AND st.id = $3
			WHERE f.tenant_id = $1 AND f.import_id = $2`, tenantID, id, im.StoreID).Scan(&content, &zone)
		return postgres.Err("imports.Run: input", err)
	})
	if err != nil {
		return im, nil, nil, err
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return im, nil, nil, err
	}
	return im, content, loc, nil
}

// fail records why a run failed: the message of a file error (with its line), else a general
// one. It returns err when it was not about the file, for the caller to log.
func (s *Service) fail(ctx context.Context, tenantID, id int64, err error) error {
	key, args := "imports.failed", map[string]any{}
	e, isApp := apperr.As(err)
	if isApp && e.Code == apperr.Invalid {
		key = e.Key
		for i := 0; i+1 < len(e.Args); i += 2 {
			args[fmt.Sprint(e.Args[i])] = e.Args[i+1]
		}
		err = nil
	}
	txErr := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			UPDATE imports SET status = 'failed', error_key = $3, error_args = $4, heartbeat_at = now()
			WHERE tenant_id = $1 AND id = $2`, tenantID, id, key, args)
		return err
	})
	return errors.Join(err, txErr)
}
