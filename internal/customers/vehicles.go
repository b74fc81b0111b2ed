package customers

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

const vehicleColumns = `id, customer_id, vin, plate, brand, model, trim_level, purchase_date, mileage, created_at`

// Vehicles lists a customer's vehicles, oldest first.
func (s *Service) Vehicles(ctx context.Context, tenantID, customerID int64) ([]Vehicle, error) {
	var out []Vehicle
	var r postgres.Reads
	QueueVehicles(&r, customerID, &out)
	return out, s.DB.Run(ctx, tenantID, &r)
}

// QueueVehicles adds the read of Vehicles to r, into dst.
func QueueVehicles(r *postgres.Reads, customerID int64, dst *[]Vehicle) {
	postgres.Add(r, dst, "customers.Vehicles", `SELECT `+vehicleColumns+` FROM vehicles
		WHERE tenant_id = $1 AND customer_id = $2 ORDER BY id`, customerID)
}

// Vehicle returns one vehicle, or a NotFound error.
func (s *Service) Vehicle(ctx context.Context, tenantID, id int64) (Vehicle, error) {
	return postgres.One[Vehicle](ctx, s.DB, tenantID, "customers.Vehicle", `SELECT `+vehicleColumns+` FROM vehicles
		WHERE tenant_id = $1 AND id = $2`, id)
}

// CreateVehicle validates v and inserts it for its customer, setting its ID.
func (s *Service) CreateVehicle(ctx context.Context, tenantID int64, v *Vehicle) error {
	v.Normalize()
	if err := v.Validate(s.Now()); err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO vehicles (tenant_id, customer_id, vin, plate, brand, model, trim_level, purchase_date, mileage)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			RETURNING id, created_at`,
			tenantID, v.CustomerID, v.VIN, v.Plate, v.Brand, v.Model, v.Trim, v.PurchaseDate, v.Mileage,
		).Scan(&v.ID, &v.CreatedAt)
		if err != nil {
			return vehicleErr("customers.CreateVehicle", err)
		}
		return changes.AnnounceCustomers(ctx, tx, tenantID) // the kept searches list the plates
	})
}

// UpdateVehicle validates v and saves it; the owner stays as it is.
func (s *Service) UpdateVehicle(ctx context.Context, tenantID int64, v *Vehicle) error {
	v.Normalize()
	if err := v.Validate(s.Now()); err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE vehicles SET vin = $3, plate = $4, brand = $5, model = $6, trim_level = $7,
			       purchase_date = $8, mileage = $9, updated_at = now()
			WHERE tenant_id = $1 AND id = $2`,
			tenantID, v.ID, v.VIN, v.Plate, v.Brand, v.Model, v.Trim, v.PurchaseDate, v.Mileage)
		if err != nil {
			return vehicleErr("customers.UpdateVehicle", err)
		}
		if err := postgres.Affected(tag); err != nil {
			return err
		}
		return changes.AnnounceCustomers(ctx, tx, tenantID)
	})
}

func vehicleErr(op string, err error) error {
	return postgres.FieldErr(op, err, map[string][2]string{
		"vehicles_vin_key": {"vin", "validation.vin_taken"}})
}
