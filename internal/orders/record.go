package orders

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/csidesk/csidesk/internal/customers"
)

// Record is one delivery or service order as the DMS sends it, with the customer and vehicle
// it belongs to, which a load matches by phone and VIN or creates.
type Record struct {
	// Line is where the record came from (file line or position in a request), for reports.
	Line         int
	OrderNo      string
	CustomerName string
	Phone        string
	VIN          string
	Plate        string
	Brand        string
	Model        string
	// Deliveries only.
	DeliveredOn     time.Time
	SalesConsultant string
	// Service orders only.
	WorkType      string
	OpenedAt      time.Time
	ClosedAt      *time.Time
	Advisor       string
	WorkshopGroup string
	Mileage       *int
	AmountFen     int64
}

// FieldErrors maps a field name to the message key of what is wrong with it.
type FieldErrors map[string]string

// ParseRecord reads a record of kind k from its text fields (get returns "" for an absent one).
// Times without an offset are in loc; dates may not lie after today, the store's date as Today
// gives it. It returns the record and
// the errors of its fields, empty when it is valid.
func ParseRecord(k Kind, get func(field string) string, loc *time.Location, today time.Time) (Record, FieldErrors) {
	p := parser{get: get, errs: FieldErrors{}}
	r := Record{
		OrderNo:      p.text("order_no", 64),
		CustomerName: p.text("customer_name", 100),
		Plate:        customers.NormalizePlate(p.text("plate", 16)),
		Brand:        p.text("brand", 50),
		Model:        p.text("model", 100),
	}
	r.Phone = p.phone()
	r.VIN = p.vin()
	for _, f := range Fields(k) {
		if f.Required && strings.TrimSpace(get(f.Name)) == "" {
			p.errs[f.Name] = "validation.required"
		}
	}
	if k == Deliveries {
		r.DeliveredOn = p.date("delivered_on", today)
		r.SalesConsultant = p.text("sales_consultant", 50)
	} else {
		p.serviceOrder(&r, loc, today)
	}
	return r, p.errs
}

type parser struct {
	get  func(string) string
	errs FieldErrors
}

func (p *parser) fail(field, key string) {
	if _, done := p.errs[field]; !done {
		p.errs[field] = key
	}
}

func (p *parser) text(field string, max int) string {
	v := strings.TrimSpace(p.get(field))
	if utf8.RuneCountInString(v) > max {
		p.fail(field, "validation.too_long")
	}
	return v
}

func (p *parser) phone() string {
	v := p.get("phone")
	n, ok := customers.NormalizePhone(v)
	if !ok && strings.TrimSpace(v) != "" {
		p.fail("phone", "validation.phone")
	}
	return n
}

func (p *parser) vin() string {
	v := p.get("vin")
	n, ok := customers.NormalizeVIN(v)
	if !ok && strings.TrimSpace(v) != "" {
		p.fail("vin", "validation.vin")
	}
	return n
}

func (p *parser) date(field string, today time.Time) time.Time {
	v := p.get(field)
	if strings.TrimSpace(v) == "" {
		return time.Time{}
	}
	d, ok := ParseDate(v)
	switch {
	case !ok:
		p.fail(field, "validation.date")
	case d.After(today) || d.Year() < 1990:
		p.fail(field, "validation.date_range")
	}
	return d
}

func (p *parser) time(field string, loc *time.Location, today time.Time) *time.Time {
	v := p.get(field)
	if strings.TrimSpace(v) == "" {
		return nil
	}
	t, ok := ParseTime(v, loc)
	switch {
	case !ok:
		p.fail(field, "validation.datetime")
	case t.After(today.Add(24*time.Hour)) || t.Year() < 1990:
		p.fail(field, "validation.date_range")
	}
	return &t
}

func (p *parser) serviceOrder(r *Record, loc *time.Location, today time.Time) {
	if v := p.get("work_type"); strings.TrimSpace(v) != "" {
		w, ok := ParseWorkType(v)
		if !ok {
			p.fail("work_type", "validation.work_type")
		}
		r.WorkType = w
	}
	if t := p.time("opened_at", loc, today); t != nil {
		r.OpenedAt = *t
	}
	r.ClosedAt = p.time("closed_at", loc, today)
	if r.ClosedAt != nil && r.ClosedAt.Before(r.OpenedAt) {
		p.fail("closed_at", "validation.closed_before_opened")
	}
	r.Advisor = p.text("advisor", 50)
	r.WorkshopGroup = p.text("workshop_group", 50)
	if v := strings.TrimSpace(p.get("mileage")); v != "" {
		m, ok := ParseMileage(v)
		if !ok {
			p.fail("mileage", "validation.mileage")
		}
		r.Mileage = &m
	}
	if v := strings.TrimSpace(p.get("amount")); v != "" {
		a, ok := ParseAmount(v)
		if !ok {
			p.fail("amount", "validation.amount")
		}
		r.AmountFen = a
	}
}

// Batch remembers the order numbers of a batch, which must be unique within it.
type Batch map[string]int

// Add notes r's order number; when it was seen before, it returns false and the first line.
func (b Batch) Add(r *Record) (first int, ok bool) {
	if first, seen := b[r.OrderNo]; seen {
		return first, false
	}
	b[r.OrderNo] = r.Line
	return 0, true
}
