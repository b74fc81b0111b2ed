package tenancy

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Departments lists a store's departments in the standard order; storeID 0 lists every store's.
func (s *Service) Departments(ctx context.Context, tenantID, storeID int64) ([]Department, error) {
	return postgres.List[Department](ctx, s.DB, tenantID, "tenancy.Departments", `
		SELECT id, store_id, kind, name FROM departments
		WHERE tenant_id = $1 AND ($2 = 0 OR store_id = $2)
		ORDER BY store_id, array_position($3::text[], kind), name`,
		storeID, DepartmentKinds)
}

// Department returns one department of a store, or a NotFound error.
func (s *Service) Department(ctx context.Context, tenantID, storeID, id int64) (Department, error) {
	return postgres.One[Department](ctx, s.DB, tenantID, "tenancy.Department", `
		SELECT id, store_id, kind, name FROM departments
		WHERE tenant_id = $1 AND store_id = $2 AND id = $3`, storeID, id)
}

// CreateDepartment validates d, inserts it into its store and sets d.ID.
func (s *Service) CreateDepartment(ctx context.Context, tenantID int64, d *Department) error {
	d.Normalize()
	if err := d.Validate(); err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		if _, err := store(ctx, tx, tenantID, d.StoreID); err != nil {
			return err
		}
		if err := insertDepartment(ctx, tx, tenantID, d); err != nil {
			return err
		}
		return changes.Announce(ctx, tx, tenantID, d.StoreID)
	})
}

func insertDepartment(ctx context.Context, tx pgx.Tx, tenantID int64, d *Department) error {
	err := tx.QueryRow(ctx, `
		INSERT INTO departments (tenant_id, store_id, kind, name) VALUES ($1, $2, $3, $4)
		RETURNING id`, tenantID, d.StoreID, d.Kind, d.Name).Scan(&d.ID)
	return departmentErr("tenancy.insertDepartment", err)
}

// UpdateDepartment validates d and saves its kind and name.
func (s *Service) UpdateDepartment(ctx context.Context, tenantID int64, d *Department) error {
	d.Normalize()
	if err := d.Validate(); err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE departments SET kind = $4, name = $5, updated_at = now()
			WHERE tenant_id = $1 AND store_id = $2 AND id = $3`, tenantID, d.StoreID, d.ID, d.Kind, d.Name)
		if err != nil {
			return departmentErr("tenancy.UpdateDepartment", err)
		}
		if err := announced(ctx, tx, tag, tenantID, d.StoreID); err != nil {
			return err
		}
		return changes.AnnouncePeople(ctx, tx, tenantID) // the roles of the kept sessions name it
	})
}

// DeleteDepartment removes a department that nobody belongs to.
func (s *Service) DeleteDepartment(ctx context.Context, tenantID, storeID, id int64) error {
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM departments WHERE tenant_id = $1 AND store_id = $2 AND id = $3`,
			tenantID, storeID, id)
		if err != nil {
			return postgres.Err("tenancy.DeleteDepartment", err)
		}
		return announced(ctx, tx, tag, tenantID, storeID)
	})
}

func departmentErr(op string, err error) error {
	return postgres.FieldErr(op, err, map[string][2]string{"departments_kind_name_key": {"name", "validation.department_taken"}})
}

// announced is Affected for a change to one store's row, announced when it touched one.
func announced(ctx context.Context, tx pgx.Tx, tag pgconn.CommandTag, tenantID, storeID int64) error {
	if err := postgres.Affected(tag); err != nil {
		return err
	}
	return changes.Announce(ctx, tx, tenantID, storeID)
}
