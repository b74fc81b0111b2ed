package auth

import (
	"context"

	"github.com/csidesk/csidesk/internal/postgres"
)

// CreateGroupAdmin creates an administrator for every store of a dealer group, in one
// transaction with the group itself when tenantID is 0 (it is then named groupName). It returns
// the group's and the user's ids. db must be the schema owner's connection.
func CreateGroupAdmin(ctx context.Context, db *postgres.DB, tenantID int64, groupName string, nu NewUser) (int64, int64, error) {
	nu.Normalize()
	if err := nu.Validate(); err != nil {
		return 0, 0, err
	}
	hash, err := HashPassword(nu.Password)
	if err != nil {
		return 0, 0, err
	}
	tx, err := db.Pool.Begin(ctx)
	if err != nil {
		return 0, 0, postgres.Err("auth.CreateGroupAdmin", err)
	}
	defer tx.Rollback(ctx)
	if tenantID == 0 {
		if err := tx.QueryRow(ctx, `INSERT INTO tenants (name) VALUES ($1) RETURNING id`, groupName).Scan(&tenantID); err != nil {
			return 0, 0, postgres.Err("auth.CreateGroupAdmin", err)
		}
	}
	if err := postgres.SetTenant(ctx, tx, tenantID); err != nil {
		return 0, 0, err
	}
	id, err := insertUser(ctx, tx, tenantID, nu, hash)
	if err != nil {
		return 0, 0, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)`,
		tenantID, id, Admin); err != nil {
		return 0, 0, postgres.Err("auth.CreateGroupAdmin", err)
	}
	return tenantID, id, tx.Commit(ctx)
}
