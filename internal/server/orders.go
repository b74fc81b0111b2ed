package server

import (
	"context"
	"fmt"
	"net/http"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/components"
	"github.com/csidesk/csidesk/web/views/layout"
)

func (s *Server) registerOrderRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayWorkCalls))
		s.registerVehicleRoutes(r)
		r.Get("/customers/{customerID}/deliveries/new", s.orderPage(deliveryPage))
		r.Post("/customers/{customerID}/deliveries", s.orderSave(deliveryPage))
		r.Get("/customers/{customerID}/deliveries/{deliveryID}/edit", s.orderPage(deliveryPage))
		r.Post("/customers/{customerID}/deliveries/{deliveryID}", s.orderSave(deliveryPage))
		r.Get("/customers/{customerID}/service-orders/new", s.orderPage(serviceOrderPage))
		r.Post("/customers/{customerID}/service-orders", s.orderSave(serviceOrderPage))
		r.Get("/customers/{customerID}/service-orders/{orderID}/edit", s.orderPage(serviceOrderPage))
		r.Post("/customers/{customerID}/service-orders/{orderID}", s.orderSave(serviceOrderPage))
	})
}

// orderForm is what the delivery and the service-order pages have in common: how to load,
// decode, save and render their kind of order.
type orderForm interface {
	// load reads order id of customer c (a new order when id is 0).
	load(ctx context.Context, s *Server, tenantID int64, c customers.Customer, id int64) error
	// decode fills the order from the posted form; zone is the chosen store's time zone.
	decode(s *Server, r *http.Request, zone func(storeID int64) string) (components.Errors, error)
	save(ctx context.Context, s *Server, tenantID int64) error
	view(sh layout.Shell, c customers.Customer, stores []tenancy.Store, vs []customers.Vehicle, errs components.Errors) templ.Component
	titles() (newKey, editKey, flashKey string)
	// idParam names the route parameter of the order's id.
	idParam() string
}

// deliveryPage and serviceOrderPage make a fresh form for each request.
func deliveryPage() orderForm     { return &deliveryForm{} }
func serviceOrderPage() orderForm { return &serviceOrderForm{} }

// orderContext loads what an order page needs: the customer, the order, the stores and the
// customer's vehicles.
func (s *Server) orderContext(r *http.Request, f orderForm) (customers.Customer, []tenancy.Store, []customers.Vehicle, error) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	c, err := s.pathCustomer(r)
	if err != nil {
		return c, nil, nil, err
	}
	var id int64
	if chi.URLParam(r, f.idParam()) != "" {
		if id, err = pathID(r, f.idParam()); err != nil {
			return c, nil, nil, err
		}
	}
	if err := f.load(ctx, s, tenantID, c, id); err != nil {
		return c, nil, nil, err
	}
	stores, err := s.tenancy.Stores(ctx, tenantID)
	if err != nil {
		return c, nil, nil, err
	}
	vs, err := s.customers.Vehicles(ctx, tenantID, c.ID)
	return c, stores, vs, err
}

// orderPage serves the new and edit forms of a kind of order.
func (s *Server) orderPage(newForm func() orderForm) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f := newForm()
		c, stores, vs, err := s.orderContext(r, f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, f.view(s.orderShell(w, r, f), c, stores, vs, nil))
	}
}

// orderSave serves the posts of the new and edit forms of a kind of order.
func (s *Server) orderSave(newForm func() orderForm) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f := newForm()
		c, stores, vs, err := s.orderContext(r, f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		errs, err := f.decode(s, r, storeZone(stores))
		if err == nil && errs == nil {
			err = f.save(r.Context(), s, principal(r).TenantID)
			errs = fieldErrors(err)
		}
		switch {
		case err != nil && errs == nil:
			s.fail(w, r, err)
		case errs != nil:
			s.render(w, r, http.StatusUnprocessableEntity, f.view(s.orderShell(w, r, f), c, stores, vs, errs))
		default:
			_, _, flash := f.titles()
			s.redirect(w, r, fmt.Sprintf("/customers/%d", c.ID), flash)
		}
	}
}

func (s *Server) orderShell(w http.ResponseWriter, r *http.Request, f orderForm) layout.Shell {
	newKey, editKey, _ := f.titles()
	if chi.URLParam(r, f.idParam()) != "" {
		return s.shell(w, r, editKey)
	}
	return s.shell(w, r, newKey)
}

// storeZone looks up a store's time zone, the default for a store not in the list.
func storeZone(stores []tenancy.Store) func(int64) string {
	return func(id int64) string {
		for _, st := range stores {
			if st.ID == id {
				return st.TimeZone
			}
		}
		return tenancy.DefaultTimeZone
	}
}

func notFound() error { return apperr.New(apperr.NotFound, "error.not_found") }
