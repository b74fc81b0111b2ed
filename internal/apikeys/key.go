// Package apikeys keeps the keys a dealer's DMS pushes deliveries and service orders with: one
// key per system and store, shown once when created and stored only as a hash.
package apikeys

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/csidesk/csidesk/internal/apperr"
)

// prefix starts every secret, so that a leaked one is easy to recognise in logs and code.
const prefix = "csk_"

// tokenLen is the length of the random part of a secret: 32 bytes in unpadded base64url.
const tokenLen = 43

// Key is an API key as the admin pages show it; the secret itself is never kept.
type Key struct {
	ID            int64
	StoreID       int64
	StoreName     string
	Name          string
	Hint          string
	CreatedByName string
	CreatedAt     time.Time
	LastUsedAt    *time.Time
	RevokedAt     *time.Time
}

// Caller is who a request presenting a valid key acts for: the key's store.
type Caller struct {
	TenantID int64
	StoreID  int64
	KeyID    int64
}

// A secret reads "csk_<tenant id>_<token>": the tenant is needed to find the key under
// row-level security, and the token is 32 random bytes.
func newSecret(tenantID int64) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return prefix + strconv.FormatInt(tenantID, 10) + "_" + base64.RawURLEncoding.EncodeToString(b)
}

// parseSecret returns the tenant a secret names and the hash it is stored under. The hash
// covers the tenant id too, so a token presented with another tenant's id matches nothing.
func parseSecret(secret string) (tenantID int64, hash []byte, ok bool) {
	rest, found := strings.CutPrefix(secret, prefix)
	t, tok, cut := strings.Cut(rest, "_")
	id, err := strconv.ParseInt(t, 10, 64)
	if !found || !cut || err != nil || id <= 0 || len(tok) != tokenLen {
		return 0, nil, false
	}
	if _, err := base64.RawURLEncoding.DecodeString(tok); err != nil {
		return 0, nil, false
	}
	return id, hashOf(secret), true
}

func hashOf(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// hint is what identifies a key in lists: the last characters of its secret.
func hint(secret string) string { return secret[len(secret)-4:] }

// validate checks the fields of a new key.
func validate(storeID int64, name string) error {
	f := map[string]string{}
	switch {
	case name == "":
		f["name"] = "validation.required"
	case utf8.RuneCountInString(name) > 100:
		f["name"] = "validation.too_long"
	}
	if storeID <= 0 {
		f["store_id"] = "validation.required"
	}
	if len(f) > 0 {
		return apperr.Fields(f)
	}
	return nil
}
