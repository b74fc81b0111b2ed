package orders

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Counts says what a load did.
type Counts struct {
	Rows         int64
	Created      int64
	Updated      int64
	Unchanged    int64
	NewCustomers int64
	NewVehicles  int64
}

// Source yields the records of a load one at a time, and nil at the end.
type Source func() (*Record, error)

// Each is the Source of a slice of records.
func Each(recs []Record) Source {
	i := 0
	return func() (*Record, error) {
		if i == len(recs) {
			return nil, nil
		}
		i++
		return &recs[i-1], nil
	}
}

// Load merges a batch of valid records of kind k into a store, in one transaction: records are
// streamed into a staging table with COPY, then customers are matched by phone (or created),
// vehicles by VIN (or created, their plate and mileage kept current), and orders by store and
// order number (created, updated when they differ, else left alone), so that loading the same
// batch twice changes nothing. Order numbers must be unique within the batch. With dryRun the
// transaction is rolled back: the counts say what a real load would do. source is "import" or
// "api". A transaction run again after a deadlock reads recs again from the start.
func (s *Service) Load(ctx context.Context, tenantID, storeID int64, k Kind, origin string, recs []Record, dryRun bool) (Counts, error) {
	if dryRun {
		return s.dryRun(ctx, tenantID, storeID, k, origin, Each(recs))
	}
	var c Counts
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		c, err = LoadTx(ctx, tx, tenantID, storeID, k, origin, Each(recs))
		return err
	})
	return c, err
}

// dryRun is Load in a transaction that is rolled back whatever happens, so that it is not an
// InTenantTx, which commits when all went well.
func (s *Service) dryRun(ctx context.Context, tenantID, storeID int64, k Kind, origin string, next Source) (Counts, error) {
	tx, err := s.DB.BeginTenant(ctx, tenantID)
	if err != nil {
		return Counts{}, err
	}
	defer tx.Rollback(ctx)
	return LoadTx(ctx, tx, tenantID, storeID, k, origin, next)
}

// LoadTx is Load within the caller's transaction, for callers that record the outcome in it.
func LoadTx(ctx context.Context, tx pgx.Tx, tenantID, storeID int64, k Kind, origin string, next Source) (Counts, error) {
	var c Counts
	if _, err := tx.Exec(ctx, stageTable); err != nil {
		return c, postgres.Err("orders.Load: stage", err)
	}
	src := &recordRows{next: next}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{"stage"}, stageColumns, src)
	if src.err != nil {
		return c, src.err // the source's own error, such as a line of a file that cannot be read
	}
	if err != nil {
		return c, fmt.Errorf("orders.Load: copy: %w", err)
	}
	c.Rows = n
	if _, err := tx.Exec(ctx, `ANALYZE stage`); err != nil {
		return c, postgres.Err("orders.Load: analyze", err)
	}
	if err := tx.QueryRow(ctx, mergeCustomers, tenantID).Scan(&c.NewCustomers); err != nil {
		return c, postgres.Err("orders.Load: customers", err)
	}
	if err := tx.QueryRow(ctx, mergeVehicles, tenantID).Scan(&c.NewVehicles); err != nil {
		return c, postgres.Err("orders.Load: vehicles", err)
	}
	if err := changes.AnnounceCustomers(ctx, tx, tenantID); err != nil { // new customers, plates brought up to date
		return c, err
	}
	merge := mergeServiceOrders
	if k == Deliveries {
		merge = mergeDeliveries
	}
	if err := tx.QueryRow(ctx, merge, tenantID, storeID, origin).Scan(&c.Created, &c.Updated); err != nil {
		return c, postgres.Err("orders.Load: orders", err)
	}
	c.Unchanged = c.Rows - c.Created - c.Updated
	return c, nil
}

const stageTable = `
	CREATE TEMP TABLE stage (
		line int, order_no text COLLATE "C", customer_name text, phone text COLLATE "C",
		vin text COLLATE "C", plate text COLLATE "C", brand text, model text,
		delivered_on date, sales_consultant text,
		work_type text, opened_at timestamptz, closed_at timestamptz, advisor text,
		workshop_group text, mileage int, amount_fen bigint
	) ON COMMIT DROP`

var stageColumns = []string{"line", "order_no", "customer_name", "phone", "vin", "plate", "brand", "model",
	"delivered_on", "sales_consultant", "work_type", "opened_at", "closed_at", "advisor",
	"workshop_group", "mileage", "amount_fen"}

// recordRows feeds records to COPY.
type recordRows struct {
	next Source
	cur  *Record
	err  error
}

func (r *recordRows) Next() bool {
	r.cur, r.err = r.next()
	return r.err == nil && r.cur != nil
}

func (r *recordRows) Values() ([]any, error) {
	x := r.cur
	var delivered, opened any
	if !x.DeliveredOn.IsZero() {
		delivered = x.DeliveredOn
	}
	if !x.OpenedAt.IsZero() {
		opened = x.OpenedAt
	}
	return []any{x.Line, x.OrderNo, x.CustomerName, x.Phone, x.VIN, x.Plate, x.Brand, x.Model,
		delivered, x.SalesConsultant, x.WorkType, opened, x.ClosedAt, x.Advisor,
		x.WorkshopGroup, x.Mileage, x.AmountFen}, nil
}

func (r *recordRows) Err() error { return r.err }

// mergeCustomers creates the customers whose phone is new, named as on their first row, and
// returns how many it created: counted from the rows it returns, since Citus, which writes the
// rows of a table of the coordinator's own through it, reports every row it passed on as written.
const mergeCustomers = `
	WITH up AS (
		INSERT INTO customers (tenant_id, name, phone)
		SELECT DISTINCT ON (phone) $1, customer_name, phone FROM stage ORDER BY phone, line
		ON CONFLICT (tenant_id, phone) DO NOTHING
		RETURNING 1)
	SELECT count(*) FROM up`

// mergeVehicles creates the vehicles whose VIN is new, owned by the customer of their last row,
// and brings known vehicles' plate, brand, model and mileage up to date without moving them to
// another owner (a change of owner is for staff to confirm). It returns how many it created.
const mergeVehicles = `
	WITH up AS (
		INSERT INTO vehicles AS v (tenant_id, customer_id, vin, plate, brand, model, mileage)
		SELECT DISTINCT ON (s.vin) $1, c.id, s.vin, s.plate, s.brand, s.model, s.mileage
		FROM stage s JOIN customers c ON c.tenant_id = $1 AND c.phone = s.phone
		ORDER BY s.vin, s.line DESC
		ON CONFLICT (tenant_id, vin) DO UPDATE SET
			plate = coalesce(nullif(EXCLUDED.plate, ''), v.plate),
			brand = coalesce(nullif(EXCLUDED.brand, ''), v.brand),
			model = coalesce(nullif(EXCLUDED.model, ''), v.model),
			mileage = greatest(v.mileage, EXCLUDED.mileage),
			updated_at = EXCLUDED.updated_at
		WHERE (v.plate, v.brand, v.model, v.mileage) IS DISTINCT FROM
		      (coalesce(nullif(EXCLUDED.plate, ''), v.plate), coalesce(nullif(EXCLUDED.brand, ''), v.brand),
		       coalesce(nullif(EXCLUDED.model, ''), v.model), greatest(v.mileage, EXCLUDED.mileage))
		RETURNING xmax = 0 AS inserted)
	SELECT count(*) FILTER (WHERE inserted) FROM up`

// mergeDeliveries upserts the deliveries; it returns how many it created and updated.
const mergeDeliveries = `
	WITH up AS (
		INSERT INTO deliveries AS d (tenant_id, store_id, order_no, customer_id, vehicle_id,
		                             delivered_on, sales_consultant, source)
		SELECT $1, $2, s.order_no, c.id, v.id, s.delivered_on, s.sales_consultant, $3
		FROM stage s
		JOIN customers c ON c.tenant_id = $1 AND c.phone = s.phone
		JOIN vehicles v ON v.tenant_id = $1 AND v.vin = s.vin
		ON CONFLICT (tenant_id, store_id, order_no) DO UPDATE SET
			customer_id = EXCLUDED.customer_id, vehicle_id = EXCLUDED.vehicle_id,
			delivered_on = EXCLUDED.delivered_on, sales_consultant = EXCLUDED.sales_consultant,
			updated_at = EXCLUDED.updated_at
		WHERE (d.customer_id, d.vehicle_id, d.delivered_on, d.sales_consultant) IS DISTINCT FROM
		      (EXCLUDED.customer_id, EXCLUDED.vehicle_id, EXCLUDED.delivered_on, EXCLUDED.sales_consultant)
		RETURNING xmax = 0 AS inserted)
	SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up`

// mergeServiceOrders upserts the service orders; it returns how many it created and updated.
const mergeServiceOrders = `
	WITH up AS (
		INSERT INTO service_orders AS o (tenant_id, store_id, order_no, customer_id, vehicle_id, advisor,
		                                 work_type, workshop_group, opened_at, closed_at, mileage, amount, source)
		SELECT $1, $2, s.order_no, c.id, v.id, s.advisor, s.work_type, s.workshop_group,
		       s.opened_at, s.closed_at, s.mileage, s.amount_fen / 100.0, $3
		FROM stage s
		JOIN customers c ON c.tenant_id = $1 AND c.phone = s.phone
		JOIN vehicles v ON v.tenant_id = $1 AND v.vin = s.vin
		ON CONFLICT (tenant_id, store_id, order_no) DO UPDATE SET
			customer_id = EXCLUDED.customer_id, vehicle_id = EXCLUDED.vehicle_id, advisor = EXCLUDED.advisor,
			work_type = EXCLUDED.work_type, workshop_group = EXCLUDED.workshop_group,
			opened_at = EXCLUDED.opened_at, closed_at = EXCLUDED.closed_at, mileage = EXCLUDED.mileage,
			amount = EXCLUDED.amount, updated_at = EXCLUDED.updated_at
		WHERE (o.customer_id, o.vehicle_id, o.advisor, o.work_type, o.workshop_group, o.opened_at,
		       o.closed_at, o.mileage, o.amount) IS DISTINCT FROM
		      (EXCLUDED.customer_id, EXCLUDED.vehicle_id, EXCLUDED.advisor, EXCLUDED.work_type,
		       EXCLUDED.workshop_group, EXCLUDED.opened_at, EXCLUDED.closed_at, EXCLUDED.mileage, EXCLUDED.amount)
		RETURNING xmax = 0 AS inserted)
	SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up`
