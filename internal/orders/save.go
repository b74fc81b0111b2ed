package orders

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// SaveDelivery validates d and inserts it (ID 0) or updates it. Its vehicle must be one of its
// customer's.
func (s *Service) SaveDelivery(ctx context.Context, tenantID int64, d *Delivery) error {
	if err := d.Validate(s.Now()); err != nil {
		return err
	}
	return s.save(ctx, order{op: "orders.SaveDelivery", id: &d.ID, unique: "deliveries_order_key", insert: `
		INSERT INTO deliveries (tenant_id, customer_id, vehicle_id, store_id, order_no, delivered_on, sales_consultant)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		RETURNING id`, update: `
		UPDATE deliveries SET vehicle_id = $3, store_id = $4, order_no = $5, delivered_on = $6,
		       sales_consultant = $7, updated_at = now()
		WHERE tenant_id = $1 AND id = $8 AND customer_id = $2
		RETURNING id`},
		tenantID, d.CustomerID, d.VehicleID, d.StoreID, d.OrderNo, d.DeliveredOn, d.SalesConsultant)
}

// SaveServiceOrder validates o and inserts it (ID 0) or updates it. Its vehicle must be one of
// its customer's.
func (s *Service) SaveServiceOrder(ctx context.Context, tenantID int64, o *ServiceOrder) error {
	if err := o.Validate(s.Now()); err != nil {
		return err
	}
	o.WorkType, _ = ParseWorkType(o.WorkType)
	return s.save(ctx, order{op: "orders.SaveServiceOrder", id: &o.ID, unique: "service_orders_order_key", insert: `
		INSERT INTO service_orders (tenant_id, customer_id, vehicle_id, store_id, order_no, advisor,
		                            work_type, workshop_group, opened_at, closed_at, mileage, amount)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 / 100.0)
		RETURNING id`, update: `
		UPDATE service_orders SET vehicle_id = $3, store_id = $4, order_no = $5, advisor = $6,
		       work_type = $7, workshop_group = $8, opened_at = $9, closed_at = $10, mileage = $11,
		       amount = $12 / 100.0, updated_at = now()
		WHERE tenant_id = $1 AND id = $13 AND customer_id = $2
		RETURNING id`},
		tenantID, o.CustomerID, o.VehicleID, o.StoreID, o.OrderNo, o.Advisor, o.WorkType,
		o.WorkshopGroup, o.OpenedAt, o.ClosedAt, o.Mileage, o.AmountFen)
}

// order is how save writes one kind of order: its statements take the group ($1), the customer
// ($2), the vehicle ($3), the store ($4), the order number ($5) and the kind's own values after
// them, the update the order's id last; unique names the order-number constraint.
type order struct {
	op, insert, update, unique string
	id                         *int64
}

// save checks that the vehicle is the customer's, then runs the insert (no id yet) or the
// update of an order, in one transaction, and announces it. The check is a statement of its
// own so that the insert is a plain VALUES, which Citus sends straight to the group's shard.
// The order-number constraint names a number the store already has.
func (s *Service) save(ctx context.Context, o order, tenantID, customerID, vehicleID int64, values ...any) error {
	args := append([]any{tenantID, customerID, vehicleID}, values...)
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		var mine bool
		err := tx.QueryRow(ctx, `SELECT true FROM vehicles WHERE tenant_id = $1 AND customer_id = $2 AND id = $3`,
			args[:3]...).Scan(&mine)
		if apperr.Is(postgres.Err("", err), apperr.NotFound) {
			return apperr.Fields(map[string]string{"vehicle_id": "validation.choice"})
		}
		if err != nil {
			return postgres.Err(o.op, err)
		}
		sql := o.insert
		if *o.id != 0 {
			sql, args = o.update, append(args, *o.id)
		}
		if err := tx.QueryRow(ctx, sql, args...).Scan(o.id); err != nil {
			return postgres.FieldErr(o.op, err, map[string][2]string{
				o.unique:                                 {"order_no", "validation.order_no_taken"},
				"deliveries_tenant_id_store_id_fkey":     {"store_id", "validation.choice"},
				"service_orders_tenant_id_store_id_fkey": {"store_id", "validation.choice"},
			})
		}
		return changes.AnnounceCustomers(ctx, tx, tenantID) // the kept customer files list the orders
	})
}
