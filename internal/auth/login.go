package auth

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Login checks an e-mail and password and starts a session, returning its cookie value. The
// session cookie of an earlier login (oldCookie) is ended, so every login gets a new token. An
// unknown e-mail, a wrong password and a deactivated user get the same Unauthorized error.
func (s *Service) Login(ctx context.Context, email, password, client, oldCookie string) (string, error) {
	email = normalEmail(email)
	now := s.Now()
	f, err := s.countFailures(ctx, email, client, now)
	if err != nil {
		return "", err
	}
	if f.refused() {
		return "", apperr.New(apperr.TooMany, "login.throttled")
	}
	if err := wait(ctx, f.delay()); err != nil {
		return "", err
	}
	cookie, err := s.login(ctx, email, password, client, now)
	if apperr.Is(err, apperr.Unauthorized) {
		if _, ferr := s.DB.Pool.Exec(ctx, `
			INSERT INTO login_failures (account, client, failed_at) VALUES ($1, $2, $3)`,
			email, client, now); ferr != nil {
			return "", postgres.Err("auth.Login", ferr)
		}
		return "", err
	}
	if err != nil {
		return "", err
	}
	if _, err := s.DB.Pool.Exec(ctx, `DELETE FROM login_failures WHERE account = $1 AND client = $2`, email, client); err != nil {
		return "", postgres.Err("auth.Login", err)
	}
	if oldCookie != "" {
		if err := s.Logout(ctx, oldCookie); err != nil {
			return "", err
		}
	}
	return cookie, nil
}

func (s *Service) login(ctx context.Context, email, password, client string, now time.Time) (string, error) {
	failed := apperr.New(apperr.Unauthorized, "login.failed")
	var tenantID int64
	err := s.DB.Pool.QueryRow(ctx, `SELECT tenant_id FROM login_emails WHERE email = $1`, email).Scan(&tenantID)
	if err != nil {
		CheckPassword(dummyHash, password)
		return "", failed
	}
	var cookie string
	err = s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		var userID int64
		var hash string
		var active bool
		err := tx.QueryRow(ctx, `SELECT id, password_hash, active FROM users WHERE tenant_id = $1 AND email = $2`,
			tenantID, email).Scan(&userID, &hash, &active)
		if err != nil {
			CheckPassword(dummyHash, password)
			return failed
		}
		if !CheckPassword(hash, password) || !active {
			return failed
		}
		cookie, err = createSession(ctx, tx, tenantID, userID, now, client)
		return err
	})
	if err != nil {
		return "", err
	}
	return cookie, nil
}
