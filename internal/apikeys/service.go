package apikeys

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Service creates, lists, revokes and checks API keys, always within one tenant.
type Service struct {
	DB  *postgres.DB
	Now func() time.Time
}

const keySelect = `
	SELECT k.id, k.store_id, s.name, k.name, k.hint, u.name, k.created_at, k.last_used_at, k.revoked_at
	FROM api_keys k
	JOIN stores s ON s.tenant_id = k.tenant_id AND s.id = k.store_id
	JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.created_by
	WHERE k.tenant_id = $1`

// Create makes a key for a store and returns it with its secret, which is shown once and
// kept only as a hash. An unknown store is a field error on store_id.
func (s *Service) Create(ctx context.Context, tenantID, storeID int64, name string, createdBy int64) (Key, string, error) {
	name = strings.TrimSpace(name)
	if err := validate(storeID, name); err != nil {
		return Key{}, "", err
	}
	secret := newSecret(tenantID)
	var k Key
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `
			INSERT INTO api_keys (tenant_id, store_id, name, token_hash, hint, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			RETURNING id`, tenantID, storeID, name, hashOf(secret), hint(secret), createdBy, s.Now()).Scan(&id)
		if err != nil {
			return postgres.FieldErr("apikeys.Create", err, map[string][2]string{
				"api_keys_tenant_id_store_id_fkey": {"store_id", "validation.choice"}})
		}
		rows, _ := tx.Query(ctx, keySelect+` AND k.id = $2`, tenantID, id)
		k, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Key])
		return postgres.Err("apikeys.Create: read", err)
	})
	if err != nil {
		return Key{}, "", err
	}
	return k, secret, nil
}

// List returns the tenant's keys: active ones first, newest first within each part.
func (s *Service) List(ctx context.Context, tenantID int64) ([]Key, error) {
	return postgres.List[Key](ctx, s.DB, tenantID, "apikeys.List",
		keySelect+` ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC, k.id DESC`)
}

// Revoke stops a key from working; revoking a revoked key keeps its first revocation time.
// A key the tenant does not have is NotFound.
func (s *Service) Revoke(ctx context.Context, tenantID, id int64) error {
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE api_keys SET revoked_at = coalesce(revoked_at, $3)
			WHERE tenant_id = $1 AND id = $2`, tenantID, id, s.Now())
		if err != nil {
			return postgres.Err("apikeys.Revoke", err)
		}
		return postgres.Affected(tag)
	})
}

// Authenticate returns the caller a secret stands for. A malformed, unknown or revoked secret
// is an Unauthorized error. The key is found by the SHA-256 of the secret, so the time the
// lookup takes tells nothing about how much of a guessed secret was right. Its last use is
// written at most once a minute.
func (s *Service) Authenticate(ctx context.Context, secret string) (Caller, error) {
	tenantID, hash, ok := parseSecret(secret)
	if !ok {
		return Caller{}, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	c := Caller{TenantID: tenantID}
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			WITH k AS (
				SELECT id, store_id FROM api_keys
				WHERE tenant_id = $1 AND token_hash = $2 AND revoked_at IS NULL
			), touch AS (
				UPDATE api_keys a SET last_used_at = $3::timestamptz
				FROM k
				WHERE a.tenant_id = $1 AND a.id = k.id
				  AND (a.last_used_at IS NULL OR a.last_used_at < $3::timestamptz - interval '1 minute')
			)
			SELECT id, store_id FROM k`, tenantID, hash, s.Now()).Scan(&c.KeyID, &c.StoreID)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.New(apperr.Unauthorized, "error.unauthorized")
		}
		return postgres.Err("apikeys.Authenticate", err)
	})
	if err != nil {
		return Caller{}, err
	}
	return c, nil
}
