package orders

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Service reads and changes deliveries and service orders, always within one tenant.
type Service struct {
	DB  *postgres.DB
	Now func() time.Time
}

const deliveryColumns = `d.id, d.store_id, st.name, d.order_no, d.customer_id, d.vehicle_id, v.vin,
	d.delivered_on, d.sales_consultant, d.source`

const deliveryFrom = ` FROM deliveries d
	JOIN stores st ON st.tenant_id = d.tenant_id AND st.id = d.store_id
	JOIN vehicles v ON v.tenant_id = d.tenant_id AND v.id = d.vehicle_id
	WHERE d.tenant_id = $1`

const serviceOrderColumns = `o.id, o.store_id, st.name, st.time_zone, o.order_no, o.customer_id, o.vehicle_id, v.vin,
	o.advisor, o.work_type, o.workshop_group, o.opened_at, o.closed_at, o.mileage,
	(o.amount * 100)::bigint, o.source`

const serviceOrderFrom = ` FROM service_orders o
	JOIN stores st ON st.tenant_id = o.tenant_id AND st.id = o.store_id
	JOIN vehicles v ON v.tenant_id = o.tenant_id AND v.id = o.vehicle_id
	WHERE o.tenant_id = $1`

// CustomerDeliveries lists a customer's deliveries, newest first.
func (s *Service) CustomerDeliveries(ctx context.Context, tenantID, customerID int64) ([]Delivery, error) {
	return list[Delivery](ctx, s.DB, "orders.CustomerDeliveries", tenantID, `SELECT `+deliveryColumns+deliveryFrom+
		` AND d.customer_id = $2 ORDER BY d.delivered_on DESC, d.id DESC`, customerID)
}

// CustomerServiceOrders lists a customer's service orders, newest first.
func (s *Service) CustomerServiceOrders(ctx context.Context, tenantID, customerID int64) ([]ServiceOrder, error) {
	return list[ServiceOrder](ctx, s.DB, "orders.CustomerServiceOrders", tenantID, `SELECT `+serviceOrderColumns+serviceOrderFrom+
		` AND o.customer_id = $2 ORDER BY o.opened_at DESC, o.id DESC`, customerID)
}

// Delivery returns one delivery, or a NotFound error.
func (s *Service) Delivery(ctx context.Context, tenantID, id int64) (Delivery, error) {
	return one[Delivery](ctx, s.DB, "orders.Delivery", tenantID, `SELECT `+deliveryColumns+deliveryFrom+` AND d.id = $2`, id)
}

// ServiceOrder returns one service order, or a NotFound error.
func (s *Service) ServiceOrder(ctx context.Context, tenantID, id int64) (ServiceOrder, error) {
	return one[ServiceOrder](ctx, s.DB, "orders.ServiceOrder", tenantID, `SELECT `+serviceOrderColumns+serviceOrderFrom+` AND o.id = $2`, id)
}

func list[T any](ctx context.Context, db *postgres.DB, op string, tenantID int64, sql string, arg int64) ([]T, error) {
	tx, err := db.BeginTenant(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	rows, _ := tx.Query(ctx, sql, tenantID, arg)
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[T])
	if err != nil {
		return nil, postgres.Err(op, err)
	}
	return out, tx.Commit(ctx)
}

func one[T any](ctx context.Context, db *postgres.DB, op string, tenantID int64, sql string, arg int64) (T, error) {
	var zero T
	out, err := list[T](ctx, db, op, tenantID, sql, arg)
	if err != nil {
		return zero, err
	}
	if len(out) == 0 {
		return zero, apperr.New(apperr.NotFound, "error.not_found")
	}
	return out[0], nil
}
