package auth

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

func memberships(ctx context.Context, tx pgx.Tx, tenantID, userID int64) ([]Membership, error) {
	rows, _ := tx.Query(ctx, membershipsOf("m.user_id = $2"), tenantID, userID)
	ms, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Membership])
	return ms, postgres.Err("auth.memberships", err)
}

// membershipsOf is the query of the memberships of tenant $1 that match who.
func membershipsOf(who string) string {
	return `
		SELECT m.id, m.user_id, coalesce(m.store_id, 0), m.role, coalesce(m.department_id, 0),
		       coalesce(s.name, ''), coalesce(d.kind, ''), coalesce(d.name, '')
		FROM memberships m
		LEFT JOIN stores s ON s.tenant_id = m.tenant_id AND s.id = m.store_id
		LEFT JOIN departments d ON d.tenant_id = m.tenant_id AND d.id = m.department_id
		WHERE m.tenant_id = $1 AND ` + who + `
		ORDER BY s.name NULLS FIRST, m.role, d.kind`
}

// AddMembership validates m and gives the user the role; the department must be one of the store's.
func (s *Service) AddMembership(ctx context.Context, tenantID int64, m *Membership) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO memberships (tenant_id, user_id, store_id, role, department_id)
			VALUES ($1, $2, NULLIF($3, 0::bigint), $4, NULLIF($5, 0::bigint))
			RETURNING id`, tenantID, m.UserID, m.StoreID, m.Role, m.DepartmentID).Scan(&m.ID)
		if err != nil {
			return membershipErr(err)
		}
		return changes.AnnouncePeople(ctx, tx, tenantID)
	})
}

func membershipErr(err error) error {
	if postgres.Constraint(err) == "memberships_user_fkey" {
		return apperr.New(apperr.NotFound, "error.not_found")
	}
	return postgres.FieldErr("auth.AddMembership", err, map[string][2]string{
		"memberships_unique":          {"role", "validation.membership_exists"},
		"memberships_department_fkey": {"department_id", "validation.department_of_store"},
		"memberships_store_fkey":      {"store_id", "validation.choice"},
	})
}

// RemoveMembership takes a role away from a user. Admins may not remove their own admin role,
// so that a dealer group always keeps one.
func (s *Service) RemoveMembership(ctx context.Context, tenantID, actorID, userID, id int64) error {
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		var role Role
		err := tx.QueryRow(ctx, `
			DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2 AND id = $3
			RETURNING role`, tenantID, userID, id).Scan(&role)
		if err != nil {
			return postgres.Err("auth.RemoveMembership", err)
		}
		if role == Admin && userID == actorID {
			return apperr.New(apperr.Conflict, "error.own_admin_role")
		}
		return changes.AnnouncePeople(ctx, tx, tenantID)
	})
}
