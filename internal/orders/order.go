package orders

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/csidesk/csidesk/internal/apperr"
)

// Delivery is a vehicle handed over to its buyer by a sales consultant.
type Delivery struct {
	ID              int64
	StoreID         int64
	StoreName       string
	OrderNo         string
	CustomerID      int64
	VehicleID       int64
	VIN             string
	DeliveredOn     time.Time
	SalesConsultant string
	Source          string
}

// Validate checks a delivery entered by hand; today bounds its date.
func (d *Delivery) Validate(today time.Time) error {
	d.OrderNo, d.SalesConsultant = strings.TrimSpace(d.OrderNo), strings.TrimSpace(d.SalesConsultant)
	errs := FieldErrors{}
	checkOrder(errs, d.StoreID, d.OrderNo, d.VehicleID)
	if d.DeliveredOn.IsZero() {
		errs["delivered_on"] = "validation.date"
	} else if d.DeliveredOn.After(today) || d.DeliveredOn.Year() < 1990 {
		errs["delivered_on"] = "validation.date_range"
	}
	if utf8.RuneCountInString(d.SalesConsultant) > 50 {
		errs["sales_consultant"] = "validation.too_long"
	}
	return errs.err()
}

// ServiceOrder is a repair or maintenance order from the workshop.
type ServiceOrder struct {
	ID            int64
	StoreID       int64
	StoreName     string
	TimeZone      string
	OrderNo       string
	CustomerID    int64
	VehicleID     int64
	VIN           string
	Advisor       string
	WorkType      string
	WorkshopGroup string
	OpenedAt      time.Time
	ClosedAt      *time.Time
	Mileage       *int
	AmountFen     int64
	Source        string
}

// Validate checks a service order entered by hand; now bounds its times.
func (o *ServiceOrder) Validate(now time.Time) error {
	o.OrderNo, o.Advisor = strings.TrimSpace(o.OrderNo), strings.TrimSpace(o.Advisor)
	o.WorkshopGroup = strings.TrimSpace(o.WorkshopGroup)
	errs := FieldErrors{}
	checkOrder(errs, o.StoreID, o.OrderNo, o.VehicleID)
	if _, ok := ParseWorkType(o.WorkType); !ok {
		errs["work_type"] = "validation.choice"
	}
	switch {
	case o.OpenedAt.IsZero():
		errs["opened_at"] = "validation.datetime"
	case o.OpenedAt.After(now.Add(24 * time.Hour)):
		errs["opened_at"] = "validation.date_range"
	}
	if o.ClosedAt != nil && o.ClosedAt.Before(o.OpenedAt) {
		errs["closed_at"] = "validation.closed_before_opened"
	}
	for f, v := range map[string]string{"advisor": o.Advisor, "workshop_group": o.WorkshopGroup} {
		if utf8.RuneCountInString(v) > 50 {
			errs[f] = "validation.too_long"
		}
	}
	if o.Mileage != nil && (*o.Mileage < 0 || *o.Mileage > 3_000_000) {
		errs["mileage"] = "validation.mileage"
	}
	if o.AmountFen < 0 || o.AmountFen >= 1e12 {
		errs["amount"] = "validation.amount"
	}
	return errs.err()
}

func checkOrder(errs FieldErrors, storeID int64, orderNo string, vehicleID int64) {
	if storeID == 0 {
		errs["store_id"] = "validation.required"
	}
	if orderNo == "" {
		errs["order_no"] = "validation.required"
	} else if len(orderNo) > 64 {
		errs["order_no"] = "validation.too_long"
	}
	if vehicleID == 0 {
		errs["vehicle_id"] = "validation.required"
	}
}

func (e FieldErrors) err() error {
	if len(e) == 0 {
		return nil
	}
	return apperr.Fields(e)
}
