package server

import (
	"fmt"
	"net/http"

	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/postgres"
)

// customerFile is what the call screen and the customer page show of a customer that only the
// customer's own records change: the customer, their vehicles, deliveries and service orders.
// Each writer of these announces the group's customers (area customers of internal/changes),
// and a store's rename the group.
type customerFile struct {
	Customer      customers.Customer
	Vehicles      []customers.Vehicle
	Deliveries    []orders.Delivery
	ServiceOrders []orders.ServiceOrder
}

// keptFiles bounds the customer files kept.
const keptFiles = 4096

// queueFile fills f with customer id's file as the viewer may see it: kept, or else read with
// reads, in which case keep keeps it once reads have run without error.
func (s *Server) queueFile(r *http.Request, reads *postgres.Reads, id int64, f *customerFile) (keep func()) {
	tenantID := principal(r).TenantID
	key := fmt.Sprintf("%d %d %s", tenantID, id, postgres.ScopeOf(r.Context()).Key())
	if s.files != nil {
		kept, stamp, ok := s.files.Peek(key, tenantID, nil)
		if ok {
			*f = kept
			return func() {}
		}
		keep = func() { s.files.Keep(key, stamp, *f) }
	} else {
		keep = func() {}
	}
	customers.QueueCustomer(reads, id, &f.Customer)
	customers.QueueVehicles(reads, id, &f.Vehicles)
	orders.QueueCustomerDeliveries(reads, id, &f.Deliveries)
	orders.QueueCustomerServiceOrders(reads, id, &f.ServiceOrders)
	return keep
}
