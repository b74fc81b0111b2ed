package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/a-h/templ"

	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/components"
	views "github.com/csidesk/csidesk/web/views/customers"
	"github.com/csidesk/csidesk/web/views/layout"
)

// deliveryForm is the form of a delivery.
type deliveryForm struct {
	d orders.Delivery
}

type deliveryValues struct {
	StoreID         int64  `form:"store_id"`
	VehicleID       int64  `form:"vehicle_id"`
	OrderNo         string `form:"order_no"`
	DeliveredOn     string `form:"delivered_on"`
	SalesConsultant string `form:"sales_consultant"`
}

func (f *deliveryForm) load(ctx context.Context, s *Server, tenantID int64, c customers.Customer, id int64) error {
	f.d = orders.Delivery{CustomerID: c.ID}
	if id == 0 {
		return nil
	}
	d, err := s.orders.Delivery(ctx, tenantID, id)
	if err == nil && d.CustomerID != c.ID {
		err = notFound()
	}
	f.d = d
	return err
}

func (f *deliveryForm) decode(s *Server, r *http.Request, _ func(int64) string) (components.Errors, error) {
	var v deliveryValues
	errs, err := s.decode(r, &v)
	if err != nil {
		return nil, err
	}
	f.d.StoreID, f.d.VehicleID, f.d.OrderNo, f.d.SalesConsultant = v.StoreID, v.VehicleID, v.OrderNo, v.SalesConsultant
	f.d.DeliveredOn, _ = orders.ParseDate(v.DeliveredOn)
	return errs, nil
}

func (f *deliveryForm) save(ctx context.Context, s *Server, tenantID int64) error {
	return s.orders.SaveDelivery(ctx, tenantID, &f.d)
}

func (f *deliveryForm) view(sh layout.Shell, c customers.Customer, stores []tenancy.Store, vs []customers.Vehicle, errs components.Errors) templ.Component {
	return views.DeliveryForm(sh, c, f.d, stores, vs, errs)
}

func (f *deliveryForm) idParam() string { return "deliveryID" }

func (f *deliveryForm) titles() (string, string, string) {
	return "orders.new_delivery", "orders.edit_delivery", "flash.delivery_saved"
}

// serviceOrderForm is the form of a service order.
type serviceOrderForm struct {
	o orders.ServiceOrder
}

type serviceOrderValues struct {
	StoreID       int64  `form:"store_id"`
	VehicleID     int64  `form:"vehicle_id"`
	OrderNo       string `form:"order_no"`
	WorkType      string `form:"work_type"`
	OpenedAt      string `form:"opened_at"`
	ClosedAt      string `form:"closed_at"`
	Advisor       string `form:"advisor"`
	WorkshopGroup string `form:"workshop_group"`
	Mileage       string `form:"mileage"`
	Amount        string `form:"amount"`
}

func (f *serviceOrderForm) load(ctx context.Context, s *Server, tenantID int64, c customers.Customer, id int64) error {
	f.o = orders.ServiceOrder{CustomerID: c.ID, TimeZone: tenancy.DefaultTimeZone}
	if id == 0 {
		return nil
	}
	o, err := s.orders.ServiceOrder(ctx, tenantID, id)
	if err == nil && o.CustomerID != c.ID {
		err = notFound()
	}
	f.o = o
	return err
}

// decode reads the times in the chosen store's time zone; a value that does not parse is an
// error of its field.
func (f *serviceOrderForm) decode(s *Server, r *http.Request, zone func(int64) string) (components.Errors, error) {
	var v serviceOrderValues
	errs, err := s.decode(r, &v)
	if err != nil {
		return nil, err
	}
	if errs == nil {
		errs = components.Errors{}
	}
	o := &f.o
	o.StoreID, o.VehicleID, o.OrderNo, o.WorkType = v.StoreID, v.VehicleID, v.OrderNo, v.WorkType
	o.Advisor, o.WorkshopGroup, o.TimeZone = v.Advisor, v.WorkshopGroup, zone(v.StoreID)
	loc := tenancy.Location(o.TimeZone)
	o.OpenedAt, _ = orders.ParseTime(v.OpenedAt, loc)
	o.ClosedAt = nil
	if strings.TrimSpace(v.ClosedAt) != "" {
		t, ok := orders.ParseTime(v.ClosedAt, loc)
		if !ok {
			errs["closed_at"] = "validation.datetime"
		}
		o.ClosedAt = &t
	}
	var bad string
	if o.Mileage, bad = optionalInt(v.Mileage, "validation.mileage"); bad != "" {
		errs["mileage"] = bad
	}
	o.AmountFen = 0
	if strings.TrimSpace(v.Amount) != "" {
		var ok bool
		if o.AmountFen, ok = orders.ParseAmount(v.Amount); !ok {
			errs["amount"] = "validation.amount"
		}
	}
	if len(errs) == 0 {
		return nil, nil
	}
	return errs, nil
}

func (f *serviceOrderForm) save(ctx context.Context, s *Server, tenantID int64) error {
	return s.orders.SaveServiceOrder(ctx, tenantID, &f.o)
}

func (f *serviceOrderForm) view(sh layout.Shell, c customers.Customer, stores []tenancy.Store, vs []customers.Vehicle, errs components.Errors) templ.Component {
	return views.ServiceOrderForm(sh, c, f.o, stores, vs, errs)
}

func (f *serviceOrderForm) idParam() string { return "orderID" }

func (f *serviceOrderForm) titles() (string, string, string) {
	return "orders.new_service_order", "orders.edit_service_order", "flash.service_order_saved"
}
