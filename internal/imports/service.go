package imports

import (
	"context"
	"encoding/json"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tabular"
)

// Service keeps imports, always within one tenant.
type Service struct {
	DB  *postgres.DB
	Now func() time.Time
	// Followups generates the follow-up tasks an import's orders call for, in the transaction
	// that loads them. Nil generates none: the periodic generation then makes them.
	Followups *followups.Service
}

// Upload is a file as the user sent it.
type Upload struct {
	StoreID  int64
	Kind     orders.Kind
	Encoding tabular.Encoding
	FileName string
	Content  []byte
}

// Create reads the header of an uploaded file and keeps the file with a column mapping: the
// one last used for the store and kind as far as the file has its columns, else a guess from
// the headers. A file that cannot be read is refused and nothing is kept.
func (s *Service) Create(ctx context.Context, tenantID, userID int64, up Upload) (int64, error) {
	if err := up.validate(); err != nil {
		return 0, err
	}
	head, err := readHead(ctx, up)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		id, err = insertImport(ctx, tx, tenantID, userID, up, head)
		return err
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// insertImport keeps an uploaded file, with its head, and its mapping.
func insertImport(ctx context.Context, tx pgx.Tx, tenantID, userID int64, up Upload, h head) (int64, error) {
	saved, err := savedMapping(ctx, tx, tenantID, up.StoreID, up.Kind)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRow(ctx, `
		INSERT INTO imports (tenant_id, store_id, kind, user_id, file_name, file_size, encoding, header,
		                     sample_rows, mapping)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		RETURNING id`,
		tenantID, up.StoreID, up.Kind, userID, up.FileName, len(up.Content), h.encoding, h.header, h.samples,
		saved.Fit(up.Kind, h.header)).Scan(&id)
	if err != nil {
		return 0, postgres.FieldErr("imports.Create", err, map[string][2]string{
			"imports_tenant_id_store_id_fkey": {"store_id", "validation.choice"}})
	}
	if _, err := tx.Exec(ctx, `INSERT INTO import_files (tenant_id, import_id, content) VALUES ($1, $2, $3)`,
		tenantID, id, up.Content); err != nil {
		return 0, postgres.Err("imports.Create: file", err)
	}
	return id, nil
}

// CheckFile adds to errs what is wrong with an upload of a file into a store: no store, an
// encoding not offered, no file, an empty one, or one larger than max bytes (tooLarge is the
// message that says so).
func CheckFile(errs map[string]string, storeID int64, enc tabular.Encoding, name string, size, max int, tooLarge string) {
	if storeID == 0 {
		errs["store_id"] = "validation.required"
	}
	switch enc {
	case tabular.Auto, tabular.UTF8, tabular.GB18030:
	default:
		errs["encoding"] = "validation.choice"
	}
	switch {
	case name == "":
		errs["file"] = "imports.file_required"
	case size == 0:
		errs["file"] = "imports.file_empty"
	case size > max:
		errs["file"] = tooLarge
	}
}

func (up *Upload) validate() error {
	errs := map[string]string{}
	if !up.Kind.Valid() {
		errs["kind"] = "validation.choice"
	}
	CheckFile(errs, up.StoreID, up.Encoding, up.FileName, len(up.Content), MaxFileBytes, "imports.file_too_large")
	if len(errs) > 0 {
		return apperr.Fields(errs)
	}
	up.FileName = fileName(up.FileName)
	return nil
}

// maxFileName is the most bytes of a file's name an import keeps.
const maxFileName = 255

// fileName is the name of an uploaded file as kept: as text that can be stored, and of its end
// (which tells its format) no more than maxFileName bytes, from a character's start.
func fileName(name string) string {
	name = tabular.Clean(name)
	if len(name) <= maxFileName {
		return name
	}
	name = name[len(name)-maxFileName:]
	for len(name) > 0 && !utf8.RuneStart(name[0]) {
		name = name[1:]
	}
	return name
}

func savedMapping(ctx context.Context, tx pgx.Tx, tenantID, storeID int64, k orders.Kind) (Mapping, error) {
	var m Mapping
	err := tx.QueryRow(ctx, `SELECT mapping FROM import_mappings WHERE tenant_id = $1 AND store_id = $2 AND kind = $3`,
		tenantID, storeID, k).Scan(&m)
	if err == pgx.ErrNoRows {
		return Mapping{}, nil
	}
	return m, postgres.Err("imports.savedMapping", err)
}

var importColumns = `i.id, i.store_id, st.name, i.kind, u.name, i.file_name, i.file_size, i.encoding,
	i.header, i.sample_rows, i.mapping, i.codes, i.status, i.read_bytes, ` + heldSQL + `, i.total_rows, i.created_rows,
	i.updated_rows, i.unchanged_rows, i.new_customers, i.new_vehicles, i.rejected_rows, i.sample_rejects,
	i.tasks, i.error_key, i.error_args, i.created_at`

const importFrom = ` FROM imports i
	JOIN stores st ON st.tenant_id = i.tenant_id AND st.id = i.store_id
	JOIN users u ON u.tenant_id = i.tenant_id AND u.id = i.user_id
	WHERE i.tenant_id = $1`

func scanImport(row pgx.CollectableRow) (Import, error) {
	var im Import
	var sample []byte
	c := &im.Counts
	err := row.Scan(&im.ID, &im.StoreID, &im.StoreName, &im.Kind, &im.UserName, &im.FileName, &im.FileSize,
		&im.Encoding, &im.Header, &im.Samples, &im.Mapping, &im.Codes, &im.Status, &im.ReadBytes, &im.Held,
		&c.Rows, &c.Created, &c.Updated, &c.Unchanged, &c.NewCustomers, &c.NewVehicles, &im.Rejected, &sample,
		&im.Tasks, &im.ErrorKey, &im.ErrorArgs, &im.CreatedAt)
	if err == nil {
		err = json.Unmarshal(sample, &im.Sample)
	}
	return im, err
}

// Get returns one import, with its store's choices of values for its DMS's codes, or a
// NotFound error.
func (s *Service) Get(ctx context.Context, tenantID, id int64) (Import, error) {
	var im Import
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		rows, _ := tx.Query(ctx, `SELECT `+importColumns+importFrom+` AND i.id = $2`, tenantID, id)
		if im, err = pgx.CollectExactlyOneRow(rows, scanImport); err != nil {
			return postgres.Err("imports.Get", err)
		}
		im.Values, err = storeValues(ctx, tx, tenantID, im.StoreID)
		return err
	})
	if err != nil {
		return Import{}, err
	}
	return im, nil
}

// List returns a page of the tenant's imports, newest first, and their number.
func (s *Service) List(ctx context.Context, tenantID int64, limit, offset int) ([]Import, int, error) {
	var list []Import
	var total int
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM imports WHERE tenant_id = $1`, tenantID).Scan(&total); err != nil {
			return postgres.Err("imports.List", err)
		}
		rows, _ := tx.Query(ctx, `SELECT `+importColumns+importFrom+`
			ORDER BY i.created_at DESC, i.id DESC LIMIT $2 OFFSET $3`, tenantID, limit, offset)
		list, err = pgx.CollectRows(rows, scanImport)
		return postgres.Err("imports.List", err)
	})
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// errBusy refuses an action on an import in the wrong state, such as a second commit.
var errBusy = apperr.New(apperr.Conflict, "error.import_busy")
