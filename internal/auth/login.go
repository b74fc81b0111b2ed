package auth

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Throttling: after AccountLimit failed logins for one e-mail, or ClientLimit from one client
// address, within ThrottleWindow, further attempts are refused until older failures age out.
// The window is short so that an attacker cannot lock the real user out for long.
const (
	ThrottleWindow = 10 * time.Minute
	AccountLimit   = 5
	ClientLimit    = 30
)

// Login checks an e-mail and password and starts a session, returning its cookie value. The
// session cookie of an earlier login (oldCookie) is ended, so every login gets a new token. An
// unknown e-mail, a wrong password and a deactivated user get the same Unauthorized error.
func (s *Service) Login(ctx context.Context, email, password, client, oldCookie string) (string, error) {
	email = normalEmail(email)
	now := s.Now()
	if err := s.checkThrottle(ctx, email, client, now); err != nil {
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
	if _, err := s.DB.Pool.Exec(ctx, `DELETE FROM login_failures WHERE account = $1`, email); err != nil {
		return "", postgres.Err("auth.Login", err)
	}
	if oldCookie != "" {
		if err := s.Logout(ctx, oldCookie); err != nil {
			return "", err
		}
	}
	return cookie, nil
}

func (s *Service) checkThrottle(ctx context.Context, email, client string, now time.Time) error {
	var account, fromClient int
	err := s.DB.Pool.QueryRow(ctx, `
		SELECT (SELECT count(*) FROM login_failures WHERE account = $1 AND failed_at > $3),
		       (SELECT count(*) FROM login_failures WHERE client = $2 AND failed_at > $3)`,
		email, client, now.Add(-ThrottleWindow)).Scan(&account, &fromClient)
	if err != nil {
		return postgres.Err("auth.checkThrottle", err)
	}
	if account >= AccountLimit || fromClient >= ClientLimit {
		return apperr.New(apperr.TooMany, "login.throttled")
	}
	return nil
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
