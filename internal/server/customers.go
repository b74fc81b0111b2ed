package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/web/views/components"
	views "github.com/csidesk/csidesk/web/views/customers"
)

// customerPageSize is how many customers a search page shows.
const customerPageSize = 20

func (s *Server) registerCustomerRoutes(r chi.Router) {
	r.Get("/customers", s.handleCustomerList)
	r.Get("/customers/{customerID}", s.handleCustomerShow)
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayWorkCalls))
		r.Get("/customers/new", s.handleCustomerNew)
		r.Post("/customers", s.handleCustomerCreate)
		r.Get("/customers/{customerID}/edit", s.handleCustomerEdit)
		r.Post("/customers/{customerID}", s.handleCustomerUpdate)
	})
}

// handleCustomerList serves GET /customers?q=&page=: search by name, phone, plate or VIN.
func (s *Server) handleCustomerList(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	body, err := s.searchBody(r, q, page)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.List(s.shell(w, r, "customers.title"), body))
}

// searchKept is the longest term whose pages are kept: what the search box takes. A longer one,
// which only a hand-made address sends, is read afresh, so that no request can fill the memory.
const searchKept = 50

// searchBody is the body of the customer search for q and page: kept rendered per group,
// language and what the viewer may see and do, until a customer or vehicle of the group changes.
// Customers belong to the whole group, so two people of the same access see the same page.
func (s *Server) searchBody(r *http.Request, q string, page int) (templ.Component, error) {
	tenantID, acc := principal(r).TenantID, access(r)
	key := fmt.Sprintf("%d %s %+v %d %s", tenantID, lang(r), acc, page, q)
	memo := s.searches
	if utf8.RuneCountInString(q) > searchKept {
		memo = nil
	}
	return s.keptBody(r, memo, key, nil, func() (templ.Component, time.Time, error) {
		res, err := s.customers.Search(r.Context(), tenantID,
			customers.Filter{Q: q, Limit: customerPageSize, Offset: (page - 1) * customerPageSize})
		if err != nil {
			return nil, time.Time{}, err
		}
		pager := components.Pager{Base: "/customers", Query: url.Values{"q": {q}}, Page: page, Size: customerPageSize, Total: res.Total}
		return views.ListBody(res, q, pager, acc), time.Time{}, nil
	})
}

// handleCustomerShow serves GET /customers/{customerID}: the customer at a glance.
func (s *Server) handleCustomerShow(w http.ResponseWriter, r *http.Request) {
	d, err := s.customerDetail(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sh := s.shell(w, r, "customers.title")
	sh.Title = d.Customer.Name
	s.render(w, r, http.StatusOK, views.Show(sh, d, access(r)))
}

// customerDetail reads the customer in the path with everything the page shows of them, in one
// round trip; their file may be kept.
func (s *Server) customerDetail(r *http.Request) (views.CustomerPage, error) {
	var d views.CustomerPage
	id, err := pathID(r, "customerID")
	if err != nil {
		return d, err
	}
	var reads postgres.Reads
	var file customerFile
	keep := s.queueFile(r, &reads, id, &file)
	customers.QueueContactChanges(&reads, id, &d.Changes)
	followups.QueueCustomerCalls(&reads, id, &d.Calls)
	followups.QueueCustomerComplaints(&reads, id, &d.Complaints)
	if err := s.db.Run(r.Context(), principal(r).TenantID, &reads); err != nil {
		return d, err
	}
	keep()
	d.Customer, d.Vehicles, d.Deliveries, d.ServiceOrders = file.Customer, file.Vehicles, file.Deliveries, file.ServiceOrders
	return d, nil
}

// pathCustomer loads the customer named in the path.
func (s *Server) pathCustomer(r *http.Request) (customers.Customer, error) {
	id, err := pathID(r, "customerID")
	if err != nil {
		return customers.Customer{}, err
	}
	return s.customers.Customer(r.Context(), principal(r).TenantID, id)
}

// handleCustomerNew serves GET /customers/new.
func (s *Server) handleCustomerNew(w http.ResponseWriter, r *http.Request) {
	c := customers.Customer{Consent: true, Gender: "unknown", ContactTime: "any", Language: "zh-CN"}
	s.render(w, r, http.StatusOK, views.CustomerForm(s.shell(w, r, "customers.new"), c, nil))
}

type customerForm struct {
	Name        string `form:"name"`
	Phone       string `form:"phone"`
	Phone2      string `form:"phone2"`
	Gender      string `form:"gender"`
	BirthDate   string `form:"birth_date"`
	Region      string `form:"region"`
	City        string `form:"city"`
	ContactTime string `form:"contact_time"`
	Consent     bool   `form:"consent"`
	DNCReason   string `form:"dnc_reason"`
	Notes       string `form:"notes"`
	Email       string `form:"email"`
	Language    string `form:"language"`
}

// customer builds the customer the form describes; a date that does not parse is an error of
// its field.
func (f customerForm) customer(id int64) (customers.Customer, components.Errors) {
	c := customers.Customer{ID: id, Name: f.Name, Phone: f.Phone, Phone2: f.Phone2, Gender: f.Gender,
		Region: f.Region, City: f.City, ContactTime: f.ContactTime, Consent: f.Consent,
		DoNotContact: f.DNCReason != "", DNCReason: f.DNCReason, Notes: f.Notes,
		Email: f.Email, Language: f.Language}
	d, errs := optionalDate("birth_date", f.BirthDate)
	c.BirthDate = d
	return c, errs
}

// optionalDate reads an optional date field.
func optionalDate(field, v string) (*time.Time, components.Errors) {
	if strings.TrimSpace(v) == "" {
		return nil, nil
	}
	d, ok := orders.ParseDate(v)
	if !ok {
		return nil, components.Errors{field: "validation.date"}
	}
	return &d, nil
}

// handleCustomerCreate serves POST /customers.
func (s *Server) handleCustomerCreate(w http.ResponseWriter, r *http.Request) {
	var f customerForm
	var c customers.Customer
	errs, ok := s.submit(w, r, &f, func() error {
		var bad components.Errors
		if c, bad = f.customer(0); bad != nil {
			return apperr.Fields(bad)
		}
		return s.customers.Create(r.Context(), principal(r).TenantID, &c)
	})
	switch {
	case !ok:
	case errs != nil:
		c, _ = f.customer(0)
		s.render(w, r, http.StatusUnprocessableEntity, views.CustomerForm(s.shell(w, r, "customers.new"), c, errs))
	default:
		s.redirect(w, r, fmt.Sprintf("/customers/%d", c.ID), "flash.customer_created")
	}
}

// handleCustomerEdit serves GET /customers/{customerID}/edit.
func (s *Server) handleCustomerEdit(w http.ResponseWriter, r *http.Request) {
	c, err := s.pathCustomer(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.CustomerForm(s.shell(w, r, "customers.edit"), c, nil))
}

// handleCustomerUpdate serves POST /customers/{customerID}; contact changes are recorded.
func (s *Server) handleCustomerUpdate(w http.ResponseWriter, r *http.Request) {
	old, err := s.pathCustomer(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var f customerForm
	errs, ok := s.submit(w, r, &f, func() error {
		c, bad := f.customer(old.ID)
		if bad != nil {
			return apperr.Fields(bad)
		}
		return s.customers.Update(r.Context(), principal(r).TenantID, principal(r).UserID, &c)
	})
	switch {
	case !ok:
	case errs != nil:
		c, _ := f.customer(old.ID)
		s.render(w, r, http.StatusUnprocessableEntity, views.CustomerForm(s.shell(w, r, "customers.edit"), c, errs))
	default:
		s.redirect(w, r, fmt.Sprintf("/customers/%d", old.ID), "flash.customer_saved")
	}
}
