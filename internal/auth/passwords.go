package auth

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
)

// ChangePassword sets a new password for the principal after checking the current one, and ends
// every other session of theirs.
func (s *Service) ChangePassword(ctx context.Context, p *Principal, current, next string) error {
	f := map[string]string{}
	checkPassword(f, "new_password", next)
	if err := fieldsErr(f); err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, p.TenantID, func(tx pgx.Tx) error {
		var hash string
		err := tx.QueryRow(ctx, `SELECT password_hash FROM users WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
			p.TenantID, p.UserID).Scan(&hash)
		if err != nil {
			return postgres.Err("auth.ChangePassword", err)
		}
		if !CheckPassword(hash, current) {
			return apperr.Fields(map[string]string{"current_password": "validation.password_wrong"})
		}
		if err := setPassword(ctx, tx, p.TenantID, p.UserID, next); err != nil {
			return err
		}
		return deleteSessions(ctx, tx, p.TenantID, p.UserID, p.tokenHash)
	})
}

// ResetPassword lets an admin set a user's password; it ends all of that user's sessions.
func (s *Service) ResetPassword(ctx context.Context, tenantID, userID int64, next string) error {
	f := map[string]string{}
	checkPassword(f, "password", next)
	if err := fieldsErr(f); err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		if err := setPassword(ctx, tx, tenantID, userID, next); err != nil {
			return err
		}
		return deleteSessions(ctx, tx, tenantID, userID, nil)
	})
}

func setPassword(ctx context.Context, tx pgx.Tx, tenantID, userID int64, password string) error {
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `UPDATE users SET password_hash = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2`,
		tenantID, userID, hash)
	if err != nil {
		return postgres.Err("auth.setPassword", err)
	}
	return postgres.Affected(tag)
}
