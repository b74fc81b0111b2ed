package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/web/views/components"
	views "github.com/csidesk/csidesk/web/views/customers"
)

func (s *Server) registerVehicleRoutes(r chi.Router) {
	r.Get("/customers/{customerID}/vehicles/new", s.handleVehicleNew)
	r.Post("/customers/{customerID}/vehicles", s.handleVehicleCreate)
	r.Get("/customers/{customerID}/vehicles/{vehicleID}/edit", s.handleVehicleEdit)
	r.Post("/customers/{customerID}/vehicles/{vehicleID}", s.handleVehicleUpdate)
}

type vehicleForm struct {
	VIN          string `form:"vin"`
	Plate        string `form:"plate"`
	Brand        string `form:"brand"`
	Model        string `form:"model"`
	Trim         string `form:"trim"`
	PurchaseDate string `form:"purchase_date"`
	Mileage      string `form:"mileage"`
}

func (f vehicleForm) vehicle(id, customerID int64) (customers.Vehicle, components.Errors) {
	v := customers.Vehicle{ID: id, CustomerID: customerID, VIN: f.VIN, Plate: f.Plate, Brand: f.Brand,
		Model: f.Model, Trim: f.Trim}
	var errs components.Errors
	v.PurchaseDate, errs = optionalDate("purchase_date", f.PurchaseDate)
	var bad string
	if v.Mileage, bad = optionalInt(f.Mileage, "validation.mileage"); bad != "" {
		errs = components.Errors{"mileage": bad}
	}
	return v, errs
}

// pathVehicle loads the customer and the vehicle named in the path; a vehicle of another
// customer is not found.
func (s *Server) pathVehicle(r *http.Request) (customers.Customer, customers.Vehicle, error) {
	c, err := s.pathCustomer(r)
	if err != nil {
		return c, customers.Vehicle{}, err
	}
	id, err := pathID(r, "vehicleID")
	if err != nil {
		return c, customers.Vehicle{}, err
	}
	v, err := s.customers.Vehicle(r.Context(), principal(r).TenantID, id)
	if err == nil && v.CustomerID != c.ID {
		err = apperr.New(apperr.NotFound, "error.not_found")
	}
	return c, v, err
}

// handleVehicleNew serves GET /customers/{customerID}/vehicles/new.
func (s *Server) handleVehicleNew(w http.ResponseWriter, r *http.Request) {
	c, err := s.pathCustomer(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.VehicleForm(s.shell(w, r, "vehicles.new"), c, customers.Vehicle{}, nil))
}

// handleVehicleCreate serves POST /customers/{customerID}/vehicles.
func (s *Server) handleVehicleCreate(w http.ResponseWriter, r *http.Request) {
	c, err := s.pathCustomer(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.saveVehicle(w, r, c, 0, "vehicles.new", "flash.vehicle_added")
}

// handleVehicleEdit serves GET /customers/{customerID}/vehicles/{vehicleID}/edit.
func (s *Server) handleVehicleEdit(w http.ResponseWriter, r *http.Request) {
	c, v, err := s.pathVehicle(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.VehicleForm(s.shell(w, r, "vehicles.edit"), c, v, nil))
}

// handleVehicleUpdate serves POST /customers/{customerID}/vehicles/{vehicleID}.
func (s *Server) handleVehicleUpdate(w http.ResponseWriter, r *http.Request) {
	c, v, err := s.pathVehicle(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.saveVehicle(w, r, c, v.ID, "vehicles.edit", "flash.vehicle_saved")
}

// saveVehicle creates (id 0) or updates a vehicle of c from the posted form.
func (s *Server) saveVehicle(w http.ResponseWriter, r *http.Request, c customers.Customer, id int64, titleKey, flashKey string) {
	var f vehicleForm
	errs, ok := s.submit(w, r, &f, func() error {
		v, bad := f.vehicle(id, c.ID)
		switch {
		case bad != nil:
			return apperr.Fields(bad)
		case id == 0:
			return s.customers.CreateVehicle(r.Context(), principal(r).TenantID, &v)
		}
		return s.customers.UpdateVehicle(r.Context(), principal(r).TenantID, &v)
	})
	switch {
	case !ok:
	case errs != nil:
		v, _ := f.vehicle(id, c.ID)
		s.render(w, r, http.StatusUnprocessableEntity, views.VehicleForm(s.shell(w, r, titleKey), c, v, errs))
	default:
		s.redirect(w, r, fmt.Sprintf("/customers/%d", c.ID), flashKey)
	}
}

// optionalInt reads an optional whole number; bad is the message key when it is not one.
func optionalInt(v, badKey string) (n *int, bad string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, ""
	}
	x, err := strconv.Atoi(v)
	if err != nil {
		return nil, badKey
	}
	return &x, ""
}
