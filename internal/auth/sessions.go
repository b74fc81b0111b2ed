package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// touchEvery limits how often a session's last-seen time is written.
const touchEvery = time.Minute

// Principal is the logged-in user a request acts for.
type Principal struct {
	TenantID    int64
	UserID      int64
	Name        string
	Email       string
	Locale      string
	Memberships []Membership
	// Unread counts the user's unread notifications for the page header, up to
	// notify.UnreadCap + 1, as the request began: read with the session (Service.Unread), it
	// costs every page no round trip of its own.
	Unread    int
	tokenHash []byte
}

// Has reports whether the user holds any of the roles in some store.
func (p *Principal) Has(roles ...Role) bool {
	return slices.ContainsFunc(p.Memberships, func(m Membership) bool { return slices.Contains(roles, m.Role) })
}

// Scope is the part of the group where the user holds one of the roles: the whole group for a
// role held without a store, a store for a store's role, and a department (with its store's
// other rows) for a department's role.
func (p *Principal) Scope(roles ...Role) postgres.Scope {
	var sc postgres.Scope
	for _, m := range p.Memberships {
		switch {
		case !slices.Contains(roles, m.Role):
		case m.StoreID == 0:
			return postgres.Whole
		case m.Role.NeedsDepartment():
			sc.Departments = append(sc.Departments, m.DepartmentID)
			sc.DepartmentStores = append(sc.DepartmentStores, m.StoreID)
		default:
			sc.Stores = append(sc.Stores, m.StoreID)
		}
	}
	return sc
}

// HasWhole reports whether the user holds one of the roles for the whole group.
func (p *Principal) HasWhole(roles ...Role) bool {
	return slices.ContainsFunc(p.Memberships, func(m Membership) bool { return m.StoreID == 0 && slices.Contains(roles, m.Role) })
}

// A session cookie reads "<tenant id>.<token>": the tenant is needed to find the session under
// row-level security; the token is random and stored only as its SHA-256.
func newToken(tenantID int64) (cookie string, hash []byte) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	h := sha256.Sum256([]byte(tok))
	return strconv.FormatInt(tenantID, 10) + "." + tok, h[:]
}

func parseToken(cookie string) (tenantID int64, hash []byte, ok bool) {
	t, tok, found := strings.Cut(cookie, ".")
	id, err := strconv.ParseInt(t, 10, 64)
	if !found || err != nil || id <= 0 || len(tok) != 43 {
		return 0, nil, false
	}
	h := sha256.Sum256([]byte(tok))
	return id, h[:], true
}

func createSession(ctx context.Context, tx pgx.Tx, tenantID, userID int64, now time.Time, client string) (string, error) {
	cookie, hash := newToken(tenantID)
	_, err := tx.Exec(ctx, `
		INSERT INTO sessions (tenant_id, token_hash, user_id, created_at, last_seen_at, client)
		VALUES ($1, $2, $3, $4, $4, $5)`, tenantID, hash, userID, now, client)
	return cookie, postgres.Err("auth.createSession", err)
}

// deleteSessions ends every session of a user but the one whose hash is kept.
func deleteSessions(ctx context.Context, tx pgx.Tx, tenantID, userID int64, keep []byte) error {
	_, err := tx.Exec(ctx, `
		DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND ($3::bytea IS NULL OR token_hash <> $3)`,
		tenantID, userID, keep)
	if err != nil {
		return postgres.Err("auth.deleteSessions", err)
	}
	return changes.AnnouncePeople(ctx, tx, tenantID)
}

// sessionUser is the user of the session of tenant $1 whose token hash is $2, for the reads that
// go with the session's own in one round trip.
const sessionUser = `(SELECT user_id FROM sessions WHERE tenant_id = $1 AND token_hash = $2)`

// KeptSession is a live session as Authenticate read it: its principal, with the times it began
// and was last seen.
type KeptSession struct {
	Principal
	created, seen time.Time
}

// Authenticate returns the principal of a live session cookie, with the count of its user's
// unread notifications. An unknown, expired or deactivated session is an Unauthorized error, and
// an expired one is removed. A session read is kept (Service.Kept) until a change to the
// group's people is heard or its last-seen time is due to be written.
func (s *Service) Authenticate(ctx context.Context, cookie string) (*Principal, error) {
	tenantID, hash, ok := parseToken(cookie)
	if !ok {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	now := s.Now()
	read := func() (KeptSession, error) { return s.readSession(ctx, tenantID, hash) }
	var ks KeptSession
	var err error
	if s.Kept == nil {
		ks, err = read()
	} else {
		ks, err = s.Kept.GetWhile(sessionKey(tenantID, hash), tenantID, nil,
			func(k KeptSession) bool { return now.Sub(k.seen) <= touchEvery }, read)
	}
	if err != nil {
		return nil, err
	}
	switch {
	case now.Sub(ks.seen) > s.Idle || now.Sub(ks.created) > s.Max:
		err := s.sessionExec(ctx, tenantID, `DELETE FROM sessions WHERE tenant_id = $1 AND token_hash = $2`, hash)
		if err != nil {
			return nil, err
		}
		return nil, apperr.New(apperr.Unauthorized, "error.session_expired")
	case now.Sub(ks.seen) > touchEvery:
		err := s.sessionExec(ctx, tenantID, `UPDATE sessions SET last_seen_at = $3 WHERE tenant_id = $1 AND token_hash = $2`, hash, now)
		if err != nil {
			return nil, err
		}
	}
	p := ks.Principal
	return &p, nil
}

// readSession reads the session of tenantID's token hash with its user's memberships and unread
// notifications, in one round trip; an unknown or deactivated session is Unauthorized.
func (s *Service) readSession(ctx context.Context, tenantID int64, hash []byte) (KeptSession, error) {
	ks := KeptSession{Principal: Principal{TenantID: tenantID, tokenHash: hash}}
	p := &ks.Principal
	found := false
	// The person's scope comes from these very memberships, so they are read across the group:
	// the names of the stores and departments joined are only those of the person's own roles.
	whole := postgres.WithScope(ctx, postgres.Whole)
	err := s.DB.ReadBatch(whole, tenantID, func(b *pgx.Batch) {
		b.Queue(`
			SELECT s.user_id, s.created_at, s.last_seen_at, u.name, u.email, u.locale
			FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id AND u.active
			WHERE s.tenant_id = $1 AND s.token_hash = $2`, tenantID, hash)
		b.Queue(membershipsOf(`m.user_id = `+sessionUser), tenantID, hash)
		if s.Unread != nil {
			b.Queue(s.Unread(sessionUser), tenantID, hash)
		}
	}, func(br pgx.BatchResults) error {
		err := br.QueryRow().Scan(&p.UserID, &ks.created, &ks.seen, &p.Name, &p.Email, &p.Locale)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		rows, _ := br.Query()
		if p.Memberships, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Membership]); err != nil || s.Unread == nil {
			return err
		}
		return br.QueryRow().Scan(&p.Unread)
	})
	if err != nil {
		return ks, postgres.Err("auth.Authenticate", err)
	}
	if !found {
		return ks, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	return ks, nil
}

// sessionKey is what Service.Kept keeps a session by.
func sessionKey(tenantID int64, hash []byte) string {
	return strconv.FormatInt(tenantID, 10) + "." + string(hash)
}

// sessionExec runs one change to a session, of tenant $1 and token hash $2, in its transaction.
func (s *Service) sessionExec(ctx context.Context, tenantID int64, sql string, hash []byte, args ...any) error {
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, sql, append([]any{tenantID, hash}, args...)...)
		return postgres.Err("auth.Authenticate", err)
	})
}

// Logout ends the session behind a cookie; an unknown cookie is no error.
func (s *Service) Logout(ctx context.Context, cookie string) error {
	tenantID, hash, ok := parseToken(cookie)
	if !ok {
		return nil
	}
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM sessions WHERE tenant_id = $1 AND token_hash = $2`, tenantID, hash)
		if err != nil {
			return postgres.Err("auth.Logout", err)
		}
		return changes.AnnouncePeople(ctx, tx, tenantID)
	})
	if err == nil && s.Kept != nil {
		s.Kept.Forget(sessionKey(tenantID, hash))
	}
	return err
}
