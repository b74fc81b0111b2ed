package tenancy

import (
	"slices"
	"strings"

	"github.com/csidesk/csidesk/internal/apperr"
)

// DepartmentKind is what a department does; satisfaction items are attributed to departments.
type DepartmentKind string

// The department kinds of a 4S store.
const (
	Sales           DepartmentKind = "sales"
	AfterSales      DepartmentKind = "after_sales"
	Mechanical      DepartmentKind = "mechanical"
	BodyPaint       DepartmentKind = "body_paint"
	Accessories     DepartmentKind = "accessories"
	Parts           DepartmentKind = "parts"
	CustomerService DepartmentKind = "customer_service"
	Other           DepartmentKind = "other"
)

// DepartmentKinds lists every kind in display order.
var DepartmentKinds = []DepartmentKind{Sales, AfterSales, Mechanical, BodyPaint, Accessories, Parts, CustomerService, Other}

// StandardKinds are the departments every new store gets.
var StandardKinds = DepartmentKinds[:len(DepartmentKinds)-1]

// Department is a department of a store. An empty Name shows the kind in the reader's language.
type Department struct {
	ID      int64
	StoreID int64
	Kind    DepartmentKind
	Name    string
}

// Normalize trims the name.
func (d *Department) Normalize() { d.Name = strings.TrimSpace(d.Name) }

// Validate reports every invalid field with a message key.
func (d *Department) Validate() error {
	f := map[string]string{}
	if !slices.Contains(DepartmentKinds, d.Kind) {
		f["kind"] = "validation.choice"
	}
	checkText(f, "name", d.Name, d.Kind == Other, 100)
	if len(f) > 0 {
		return apperr.Fields(f)
	}
	return nil
}
