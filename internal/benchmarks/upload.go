package benchmarks

import (
	"bytes"
	"context"
	"errors"
	"io"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/imports"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tabular"
)

// A results file is small: one store's quarter is a few dozen rows, and a year of every
// programme a few hundred. Each row is written on its own (with its change and its action), so
// the cap keeps the dry run, which the import's page runs each time it is shown, to a few
// seconds at worst.
const (
	MaxFileBytes = 2 << 20
	MaxRows      = 1000
)

// sampleRows is how many of a file's first rows the mapping shows beside its columns.
const sampleRows = 3

// The statuses of an import: mapped until committed.
const (
	Mapped    = "mapped"
	Committed = "committed"
)

// Upload is a results file as a person sent it, for one store.
type Upload struct {
	StoreID  int64
	Encoding tabular.Encoding
	FileName string
	Content  []byte
}

// Import is an uploaded results file, its column mapping, and once committed what it did.
type Import struct {
	ID        int64
	StoreID   int64
	StoreName string
	UserName  string
	FileName  string
	Encoding  tabular.Encoding
	Header    []string
	Mapping   imports.Mapping
	Status    string
	Counts
	CreatedAt time.Time
	// Samples are the file's first rows, read with Import.
	Samples [][]string
}

// Counts are what an import did, or would do: rows added, changed, unchanged and rejected, and
// actions opened.
type Counts struct {
	Added, Changed, Unchanged, Rejected, Opened int
}

func (up *Upload) validate() error {
	errs := map[string]string{}
	imports.CheckFile(errs, up.StoreID, up.Encoding, up.FileName, len(up.Content), MaxFileBytes, "benchmarks.error.file_too_large")
	if len(errs) > 0 {
		return apperr.Fields(errs)
	}
	up.FileName = cut(tabular.Clean(up.FileName), 255)
	return nil
}

// Create keeps an uploaded results file with a column mapping: the store's last file's as far
// as this one has its columns, else a guess from the headers. A file that cannot be read, or
// holds more than MaxRows rows, is refused and nothing is kept.
func (s *Service) Create(ctx context.Context, tenantID, userID int64, up Upload) (int64, error) {
	if err := up.validate(); err != nil {
		return 0, err
	}
	t, err := open(up.FileName, up.Content, up.Encoding)
	if err != nil {
		return 0, err
	}
	defer t.Close()
	if err := countRows(t); err != nil {
		return 0, err
	}
	var id int64
	err = s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		var saved imports.Mapping
		err := tx.QueryRow(ctx, `SELECT mapping FROM benchmark_imports WHERE tenant_id = $1 AND store_id = $2
			ORDER BY id DESC LIMIT 1`, tenantID, up.StoreID).Scan(&saved)
		if err != nil && err != pgx.ErrNoRows {
			return postgres.Err("benchmarks.Create: mapping", err)
		}
		err = tx.QueryRow(ctx, `
			INSERT INTO benchmark_imports (tenant_id, store_id, user_id, file_name, encoding, header, mapping, content, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			tenantID, up.StoreID, userID, up.FileName, t.Encoding(), t.Header(), guess(saved, t.Header()), up.Content,
			s.Now()).Scan(&id)
		return postgres.FieldErr("benchmarks.Create", err, map[string][2]string{
			"benchmark_imports_tenant_id_store_id_fkey": {"store_id", "validation.choice"}})
	})
	return id, err
}

// open opens a results file of content.
func open(name string, content []byte, enc tabular.Encoding) (*tabular.Table, error) {
	return tabular.Open(name, bytes.NewReader(content), int64(len(content)), enc)
}

// countRows reads the file through, refusing one that cannot be read to its end or that holds
// more than MaxRows rows.
func countRows(t *tabular.Table) error {
	for n := 0; ; n++ {
		_, _, err := t.Next()
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return err
		case n == MaxRows:
			return apperr.Fields(map[string]string{"file": "benchmarks.error.too_many_rows"})
		}
	}
}

const importColumns = `i.id, i.store_id, st.name, u.name, i.file_name, i.encoding, i.header, i.mapping, i.status,
	i.added, i.changed, i.unchanged, i.rejected, i.opened, i.created_at`

const importFrom = ` FROM benchmark_imports i
	JOIN stores st ON st.tenant_id = i.tenant_id AND st.id = i.store_id
	JOIN users u ON u.tenant_id = i.tenant_id AND u.id = i.user_id
	WHERE i.tenant_id = $1`

// scanImport scans a row of importColumns, then more.
func scanImport(row pgx.CollectableRow, more ...any) (Import, error) {
	var im Import
	c := &im.Counts
	err := row.Scan(append([]any{&im.ID, &im.StoreID, &im.StoreName, &im.UserName, &im.FileName, &im.Encoding,
		&im.Header, &im.Mapping, &im.Status, &c.Added, &c.Changed, &c.Unchanged, &c.Rejected, &c.Opened,
		&im.CreatedAt}, more...)...)
	return im, err
}

// Import returns an import with its file's first rows, or a NotFound error.
func (s *Service) Import(ctx context.Context, tenantID, id int64) (Import, error) {
	im, content, err := s.importFile(ctx, tenantID, id)
	if err != nil {
		return Import{}, err
	}
	t, err := open(im.FileName, content, im.Encoding)
	if err != nil {
		return Import{}, err
	}
	defer t.Close()
	im.Samples = [][]string{}
	for len(im.Samples) < sampleRows {
		row, _, err := t.Next()
		if err != nil {
			break
		}
		im.Samples = append(im.Samples, row)
	}
	return im, nil
}

// importFile reads an import and its file.
func (s *Service) importFile(ctx context.Context, tenantID, id int64) (Import, []byte, error) {
	var im Import
	var content []byte
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		im, content, err = lockImport(ctx, tx, tenantID, id, "")
		return err
	})
	return im, content, err
}

// lockImport reads an import and its file in tx, with lock (such as "FOR UPDATE") on its row.
func lockImport(ctx context.Context, tx pgx.Tx, tenantID, id int64, lock string) (Import, []byte, error) {
	rows, _ := tx.Query(ctx, `SELECT `+importColumns+`, i.content`+importFrom+` AND i.id = $2 `+lock, tenantID, id)
	var content []byte
	im, err := pgx.CollectExactlyOneRow(rows, func(row pgx.CollectableRow) (Import, error) {
		return scanImport(row, &content)
	})
	return im, content, postgres.Err("benchmarks: import", err)
}

// Imports lists the latest imports of the store (0: of every store in the scope), newest first.
func (s *Service) Imports(ctx context.Context, tenantID, storeID int64, limit int) ([]Import, error) {
	var list []Import
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		rows, _ := tx.Query(ctx, `SELECT `+importColumns+importFrom+` AND ($2 = 0 OR i.store_id = $2)
			ORDER BY i.id DESC LIMIT $3`, tenantID, storeID, limit)
		list, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Import, error) { return scanImport(row) })
		return postgres.Err("benchmarks.Imports", err)
	})
	return list, err
}

// SaveMapping sets the file's column for each field; every required field needs one. A
// committed import keeps its mapping.
func (s *Service) SaveMapping(ctx context.Context, tenantID, id int64, m imports.Mapping) error {
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		im, _, err := lockImport(ctx, tx, tenantID, id, "FOR UPDATE OF i")
		if err != nil {
			return err
		}
		if errs := checkMapping(m, im.Header); len(errs) > 0 {
			return apperr.Fields(errs)
		}
		if im.Status == Committed {
			return errCommitted
		}
		_, err = tx.Exec(ctx, `UPDATE benchmark_imports SET mapping = $3 WHERE tenant_id = $1 AND id = $2`, tenantID, id, m)
		return postgres.Err("benchmarks.SaveMapping", err)
	})
}

// errCommitted refuses to change or commit again an import already committed.
var errCommitted = apperr.New(apperr.Conflict, "error.benchmark_committed")
