package customers

import (
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
)

// Vehicle is a car owned by a customer.
type Vehicle struct {
	ID           int64
	CustomerID   int64
	VIN          string
	Plate        string
	Brand        string
	Model        string
	Trim         string
	PurchaseDate *time.Time
	Mileage      *int
	CreatedAt    time.Time
}

// Normalize trims the text fields, upper-cases the VIN and tidies the plate.
func (v *Vehicle) Normalize() {
	v.VIN, _ = NormalizeVIN(v.VIN)
	v.Plate = NormalizePlate(v.Plate)
	v.Brand = strings.TrimSpace(v.Brand)
	v.Model = strings.TrimSpace(v.Model)
	v.Trim = strings.TrimSpace(v.Trim)
}

// Validate checks a normalized vehicle; today bounds the purchase date.
func (v *Vehicle) Validate(today time.Time) error {
	errs := map[string]string{}
	if _, ok := NormalizeVIN(v.VIN); !ok {
		errs["vin"] = "validation.vin"
	}
	tooLong(errs, "plate", v.Plate, 16)
	tooLong(errs, "brand", v.Brand, 50)
	tooLong(errs, "model", v.Model, 100)
	tooLong(errs, "trim", v.Trim, 100)
	if v.PurchaseDate != nil && (v.PurchaseDate.After(today) || v.PurchaseDate.Year() < 1980) {
		errs["purchase_date"] = "validation.date_range"
	}
	if v.Mileage != nil && (*v.Mileage < 0 || *v.Mileage > 3_000_000) {
		errs["mileage"] = "validation.mileage"
	}
	if len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return nil
}
