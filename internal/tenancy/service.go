package tenancy

import (
	"context"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Service reads and changes stores and departments, always within one tenant.
type Service struct {
	DB *postgres.DB
	// OnNewStore runs in the transaction that creates a store, after its standard departments:
	// other domains give the store what every store starts with.
	OnNewStore Hooks
	// OnCounting runs in the transaction that changes whether a store counts its event survey
	// in CSI, after the change: the scores count again under it.
	OnCounting Hooks
	// Kept, if set, keeps each group's list of stores between calls of Stores.
	Kept *changes.Memo[[]Store]
}

// Hooks run in the transaction that creates a store.
type Hooks []func(ctx context.Context, tx pgx.Tx, tenantID, storeID int64) error

const storeColumns = `id, name, brand, region, time_zone, ssi_threshold::float8, csi_threshold::float8, min_sample, created_at,
	'week' = ANY (action_periods), link_expiry_days, link_reminder_days, event_in_csi`

// actionPeriods are the periods whose close below the red line opens an improvement action,
// from a store's WeeklyActions in the statement's parameter param.
func actionPeriods(param string) string {
	return `CASE WHEN ` + param + `::boolean THEN '{month,week}'::text[] ELSE '{month}'::text[] END`
}

// Stores lists the tenant's stores in ctx's scope by name. The list may be shared: read it only.
func (s *Service) Stores(ctx context.Context, tenantID int64) ([]Store, error) {
	if s.Kept == nil {
		return s.readStores(ctx, tenantID)
	}
	key := strconv.FormatInt(tenantID, 10) + " " + postgres.ScopeOf(ctx).Key()
	return s.Kept.Get(key, tenantID, nil, func() ([]Store, error) {
		return s.readStores(ctx, tenantID)
	})
}

func (s *Service) readStores(ctx context.Context, tenantID int64) ([]Store, error) {
	var stores []Store
	err := s.DB.ReadBatch(ctx, tenantID, func(b *pgx.Batch) {
		b.Queue(`SELECT `+storeColumns+` FROM stores WHERE tenant_id = $1 ORDER BY name`, tenantID)
	}, func(br pgx.BatchResults) error {
		rows, _ := br.Query()
		var err error
		stores, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Store])
		return err
	})
	return slices.Clip(stores), postgres.Err("tenancy.Stores", err)
}

// Store returns one store, or a NotFound error.
func (s *Service) Store(ctx context.Context, tenantID, id int64) (Store, error) {
	var st Store
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		st, err = store(ctx, tx, tenantID, id)
		return err
	})
	return st, err
}

func store(ctx context.Context, tx pgx.Tx, tenantID, id int64) (Store, error) {
	rows, _ := tx.Query(ctx, `SELECT `+storeColumns+` FROM stores WHERE tenant_id = $1 AND id = $2`, tenantID, id)
	st, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Store])
	return st, postgres.Err("tenancy.store", err)
}

// CreateStore validates st, inserts it with the standard departments, and sets st.ID. A store
// given no minimum sample (0) starts with the default, and one given no link expiry (0) with
// the default link settings.
func (s *Service) CreateStore(ctx context.Context, tenantID int64, st *Store) error {
	st.Normalize()
	if st.MinSample == 0 {
		st.MinSample = DefaultMinSample
	}
	if st.LinkExpiryDays == 0 {
		st.LinkExpiryDays, st.LinkReminderDays = DefaultLinkExpiry, DefaultLinkReminder
	}
	if err := st.Validate(); err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO stores (tenant_id, name, brand, region, time_zone, ssi_threshold, csi_threshold, min_sample, action_periods,
			                    link_expiry_days, link_reminder_days, event_in_csi)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, `+actionPeriods("$9")+`, $10, $11, $12)
			RETURNING id, created_at`,
			tenantID, st.Name, st.Brand, st.Region, st.TimeZone, st.SSIThreshold, st.CSIThreshold, st.MinSample, st.WeeklyActions,
			st.LinkExpiryDays, st.LinkReminderDays, st.EventInCSI,
		).Scan(&st.ID, &st.CreatedAt)
		if err != nil {
			return storeErr("tenancy.CreateStore", err)
		}
		for _, k := range StandardKinds {
			if err := insertDepartment(ctx, tx, tenantID, &Department{StoreID: st.ID, Kind: k}); err != nil {
				return err
			}
		}
		for _, hook := range s.OnNewStore {
			if err := hook(ctx, tx, tenantID, st.ID); err != nil {
				return err
			}
		}
		return changes.AnnounceGroup(ctx, tx, tenantID)
	})
}

// UpdateStore validates st and saves it; without a minimum sample (0) the store keeps its own,
// and without a link expiry (0) its link settings. A change to whether the store counts its
// event survey in CSI runs OnCounting in the same transaction.
func (s *Service) UpdateStore(ctx context.Context, tenantID int64, st *Store) error {
	st.Normalize()
	if err := st.Validate(); err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		var counted bool
		err := tx.QueryRow(ctx, `SELECT event_in_csi FROM stores WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
			tenantID, st.ID).Scan(&counted)
		if err != nil {
			return postgres.Err("tenancy.UpdateStore", err)
		}
		_, err = tx.Exec(ctx, `
			UPDATE stores SET name = $3, brand = $4, region = $5, time_zone = $6,
			       ssi_threshold = $7, csi_threshold = $8, min_sample = coalesce(nullif($9, 0), min_sample),
			       action_periods = `+actionPeriods("$10")+`, link_expiry_days = coalesce(nullif($11, 0), link_expiry_days),
			       link_reminder_days = CASE WHEN $11 = 0 THEN link_reminder_days ELSE $12 END,
			       event_in_csi = $13, updated_at = now()
			WHERE tenant_id = $1 AND id = $2`,
			tenantID, st.ID, st.Name, st.Brand, st.Region, st.TimeZone, st.SSIThreshold, st.CSIThreshold, st.MinSample,
			st.WeeklyActions, st.LinkExpiryDays, st.LinkReminderDays, st.EventInCSI)
		if err != nil {
			return storeErr("tenancy.UpdateStore", err)
		}
		if err := changes.AnnounceGroup(ctx, tx, tenantID); err != nil {
			return err
		}
		if counted == st.EventInCSI {
			return nil
		}
		for _, hook := range s.OnCounting {
			if err := hook(ctx, tx, tenantID, st.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

func storeErr(op string, err error) error {
	return postgres.FieldErr(op, err, map[string][2]string{"stores_name_key": {"name", "validation.store_name_taken"}})
}

// CreateTenant registers a new dealer group and returns its id. Only the schema owner may:
// db must be the owner's connection.
func CreateTenant(ctx context.Context, db *postgres.DB, name string) (int64, error) {
	var id int64
	err := db.Pool.QueryRow(ctx, `INSERT INTO tenants (name) VALUES ($1) RETURNING id`, name).Scan(&id)
	return id, postgres.Err("tenancy.CreateTenant", err)
}
