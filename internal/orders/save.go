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
	return s.save(ctx, "orders.SaveDelivery", tenantID, &d.ID, d.ID == 0, `
		INSERT INTO deliveries (tenant_id, store_id, order_no, customer_id, vehicle_id, delivered_on, sales_consultant)
		SELECT $1, $3, $4, $5, v.id, $7, $8 FROM vehicles v
		WHERE v.tenant_id = $1 AND v.id = $6 AND v.customer_id = $5 AND $2::bigint = 0
		RETURNING id`, `
		UPDATE deliveries d SET store_id = $3, order_no = $4, vehicle_id = v.id, delivered_on = $7,
		       sales_consultant = $8, updated_at = now()
		FROM vehicles v
		WHERE d.tenant_id = $1 AND d.id = $2 AND d.customer_id = $5
		  AND v.tenant_id = $1 AND v.id = $6 AND v.customer_id = $5
		RETURNING d.id`,
		"deliveries_order_key",
		tenantID, d.ID, d.StoreID, d.OrderNo, d.CustomerID, d.VehicleID, d.DeliveredOn, d.SalesConsultant)
}

// SaveServiceOrder validates o and inserts it (ID 0) or updates it. Its vehicle must be one of
// its customer's.
func (s *Service) SaveServiceOrder(ctx context.Context, tenantID int64, o *ServiceOrder) error {
	if err := o.Validate(s.Now()); err != nil {
		return err
	}
	o.WorkType, _ = ParseWorkType(o.WorkType)
	return s.save(ctx, "orders.SaveServiceOrder", tenantID, &o.ID, o.ID == 0, `
		INSERT INTO service_orders (tenant_id, store_id, order_no, customer_id, vehicle_id, advisor,
		                            work_type, workshop_group, opened_at, closed_at, mileage, amount)
		SELECT $1, $3, $4, $5, v.id, $7, $8, $9, $10, $11, $12, $13 / 100.0 FROM vehicles v
		WHERE v.tenant_id = $1 AND v.id = $6 AND v.customer_id = $5 AND $2::bigint = 0
		RETURNING id`, `
		UPDATE service_orders o SET store_id = $3, order_no = $4, vehicle_id = v.id, advisor = $7,
		       work_type = $8, workshop_group = $9, opened_at = $10, closed_at = $11, mileage = $12,
		       amount = $13 / 100.0, updated_at = now()
		FROM vehicles v
		WHERE o.tenant_id = $1 AND o.id = $2 AND o.customer_id = $5
		  AND v.tenant_id = $1 AND v.id = $6 AND v.customer_id = $5
		RETURNING o.id`,
		"service_orders_order_key",
		tenantID, o.ID, o.StoreID, o.OrderNo, o.CustomerID, o.VehicleID, o.Advisor, o.WorkType,
		o.WorkshopGroup, o.OpenedAt, o.ClosedAt, o.Mileage, o.AmountFen)
}

// save runs the insert or the update of an order in one transaction, and announces it. No row
// back means the vehicle is not the customer's (or the order is gone); the order-number
// constraint names a number the store already has.
func (s *Service) save(ctx context.Context, op string, tenantID int64, id *int64, create bool, insert, update, unique string, args ...any) error {
	sql := update
	if create {
		sql = insert
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, sql, args...).Scan(id)
		if apperr.Is(postgres.Err("", err), apperr.NotFound) {
			return apperr.Fields(map[string]string{"vehicle_id": "validation.choice"})
		}
		if err != nil {
			return postgres.FieldErr(op, err, map[string][2]string{
				unique:                                   {"order_no", "validation.order_no_taken"},
				"deliveries_tenant_id_store_id_fkey":     {"store_id", "validation.choice"},
				"service_orders_tenant_id_store_id_fkey": {"store_id", "validation.choice"},
			})
		}
		return changes.AnnounceCustomers(ctx, tx, tenantID) // the kept customer files list the orders
	})
}
