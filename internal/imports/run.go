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

// startable is the state from which a preview may start: not running, or stalled.
const startable = `(status IN ('uploaded', 'previewed', 'failed')
	OR (status IN ('previewing', 'committing') AND heartbeat_at < now() - interval '1 minute'))`

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
		tag, err := tx.Exec(ctx, `
			UPDATE imports SET mapping = $3, status = 'previewing', heartbeat_at = now(), read_bytes = 0,
			       error_key = '', error_args = '{}'
			WHERE tenant_id = $1 AND id = $2 AND `+startable, tenantID, id, m)
		if err != nil {
			return postgres.Err("imports.Preview", err)
		}
		if tag.RowsAffected() == 0 {
			return errBusy
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO import_mappings (tenant_id, store_id, kind, mapping) VALUES ($1, $2, $3, $4)
			ON CONFLICT (tenant_id, store_id, kind) DO UPDATE SET mapping = EXCLUDED.mapping, updated_at = now()`,
			tenantID, im.StoreID, im.Kind, m)
		return postgres.Err("imports.Preview: mapping", err)
	})
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
// previewed, done or failed.
func (s *Service) Run(ctx context.Context, tenantID, id int64) error {
	im, content, loc, err := s.input(ctx, tenantID, id)
	if err != nil {
		return err
	}
	if !im.Running() {
		return errBusy
	}
	sc, err := newScanner(&im, bytes.NewReader(content), loc, s.Now())
	if err != nil {
		return s.fail(ctx, tenantID, id, err)
	}
	defer sc.table.Close()
	var rejects []Reject
	var rejected int64
	sc.onReject = func(r Reject, _ []string) {
		if rejected++; len(rejects) < SampleSize {
			rejects = append(rejects, r)
		}
	}
	stop := s.heartbeat(tenantID, id, sc.read)
	err = s.load(ctx, tenantID, &im, sc, func(tx pgx.Tx, c orders.Counts) error {
		return finish(ctx, tx, tenantID, &im, c, rejected, rejects)
	})
	stop()
	if err != nil {
		return s.fail(ctx, tenantID, id, err)
	}
	return nil
}

// load runs the scanner's records through orders.LoadTx and records the outcome with done:
// in the load's transaction for a commit, after rolling it back for a preview.
func (s *Service) load(ctx context.Context, tenantID int64, im *Import, sc *scanner, done func(pgx.Tx, orders.Counts) error) error {
	if im.Status == Committing {
		return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
			c, err := orders.LoadTx(ctx, tx, tenantID, im.StoreID, im.Kind, "import", sc.next)
			if err != nil {
				return err
			}
			return done(tx, c)
		})
	}
	c, err := s.dryRun(ctx, tenantID, im, sc)
	if err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error { return done(tx, c) })
}

// dryRun loads the scanner's records in a transaction that it rolls back whatever happens, so
// that it is not an InTenantTx, which commits when all went well. The rollback is waited for,
// so the preview's connection is free before the outcome is recorded.
func (s *Service) dryRun(ctx context.Context, tenantID int64, im *Import, sc *scanner) (orders.Counts, error) {
	tx, err := s.DB.BeginTenant(ctx, tenantID)
	if err != nil {
		return orders.Counts{}, err
	}
	defer tx.Rollback(ctx)
	c, err := orders.LoadTx(ctx, tx, tenantID, im.StoreID, im.Kind, "import", sc.next)
	if err != nil {
		return c, err
	}
	return c, tx.Rollback(ctx)
}

func finish(ctx context.Context, tx pgx.Tx, tenantID int64, im *Import, c orders.Counts, rejected int64, sample []Reject) error {
	status := Previewed
	if im.Status == Committing {
		status = Done
	}
	js, err := json.Marshal(sample)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		UPDATE imports SET status = $3, total_rows = $4, created_rows = $5, updated_rows = $6,
		       unchanged_rows = $7, new_customers = $8, new_vehicles = $9, rejected_rows = $10,
		       sample_rejects = $11, read_bytes = file_size, heartbeat_at = now(),
		       finished_at = CASE WHEN $3 = 'done' THEN now() END
		WHERE tenant_id = $1 AND id = $2`,
		tenantID, im.ID, status, c.Rows, c.Created, c.Updated, c.Unchanged, c.NewCustomers, c.NewVehicles,
		rejected, js)
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

// heartbeat reports a run's progress every second from its own transactions, so the progress
// page moves while the run's transaction is open; the returned func stops it.
func (s *Service) heartbeat(tenantID, id int64, read *countingReader) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				s.beat(ctx, tenantID, id, read.n.Load())
			}
		}
	}()
	return func() { cancel(); <-done }
}

// beat records progress; a missed beat only delays the progress bar, so errors are dropped.
func (s *Service) beat(ctx context.Context, tenantID, id, read int64) {
	_ = s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			UPDATE imports SET read_bytes = $3, heartbeat_at = now()
			WHERE tenant_id = $1 AND id = $2 AND status IN ('previewing', 'committing')`, tenantID, id, read)
		return err
	})
}
