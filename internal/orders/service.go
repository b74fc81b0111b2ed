package orders

import (
	"context"
	"time"

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
	var out []Delivery
	var r postgres.Reads
	QueueCustomerDeliveries(&r, customerID, &out)
	return out, s.DB.Run(ctx, tenantID, &r)
}

// QueueCustomerDeliveries adds the read of CustomerDeliveries to r, into dst.
func QueueCustomerDeliveries(r *postgres.Reads, customerID int64, dst *[]Delivery) {
	postgres.Add(r, dst, "orders.CustomerDeliveries", `SELECT `+deliveryColumns+deliveryFrom+
		` AND d.customer_id = $2 ORDER BY d.delivered_on DESC, d.id DESC`, customerID)
}

// CustomerServiceOrders lists a customer's service orders, newest first.
func (s *Service) CustomerServiceOrders(ctx context.Context, tenantID, customerID int64) ([]ServiceOrder, error) {
	var out []ServiceOrder
	var r postgres.Reads
	QueueCustomerServiceOrders(&r, customerID, &out)
	return out, s.DB.Run(ctx, tenantID, &r)
}

// QueueCustomerServiceOrders adds the read of CustomerServiceOrders to r, into dst.
func QueueCustomerServiceOrders(r *postgres.Reads, customerID int64, dst *[]ServiceOrder) {
	postgres.Add(r, dst, "orders.CustomerServiceOrders", `SELECT `+serviceOrderColumns+serviceOrderFrom+
		` AND o.customer_id = $2 ORDER BY o.opened_at DESC, o.id DESC`, customerID)
}

// Delivery returns one delivery, or a NotFound error.
func (s *Service) Delivery(ctx context.Context, tenantID, id int64) (Delivery, error) {
	return postgres.One[Delivery](ctx, s.DB, tenantID, "orders.Delivery", `SELECT `+deliveryColumns+deliveryFrom+` AND d.id = $2`, id)
}

// ServiceOrder returns one service order, or a NotFound error.
func (s *Service) ServiceOrder(ctx context.Context, tenantID, id int64) (ServiceOrder, error) {
	return postgres.One[ServiceOrder](ctx, s.DB, tenantID, "orders.ServiceOrder", `SELECT `+serviceOrderColumns+serviceOrderFrom+` AND o.id = $2`, id)
}
