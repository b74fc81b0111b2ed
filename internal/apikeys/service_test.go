package apikeys_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/apikeys"
	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// dealer is one dealer group of the fixture with a store and an admin.
type dealer struct {
	TenantID, StoreID, UserID int64
}

type fixture struct {
	svc  *apikeys.Service
	now  time.Time
	A, B dealer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := pgtest.MustOpenDB(t)
	f := &fixture{now: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	f.svc = &apikeys.Service{DB: db.App, Now: func() time.Time { return f.now }}
	f.A, f.B = newDealer(t, db, "a"), newDealer(t, db, "b")
	return f
}

func newDealer(t *testing.T, db *pgtest.DB, name string) dealer {
	t.Helper()
	ctx := context.Background()
	tenantID, err := tenancy.CreateTenant(ctx, db.Owner, "Group "+name)
	if err != nil {
		t.Fatal(err)
	}
	st := tenancy.NewStore()
	st.Name = "Store " + name
	if err := (&tenancy.Service{DB: db.App}).CreateStore(ctx, tenantID, &st); err != nil {
		t.Fatal(err)
	}
	userID, err := auth.NewService(db.App, time.Hour, time.Hour).CreateUser(ctx, tenantID,
		auth.NewUser{Email: name + "@example.com", Name: "Admin " + name, Locale: "en", Password: "correct-horse"})
	if err != nil {
		t.Fatal(err)
	}
	return dealer{TenantID: tenantID, StoreID: st.ID, UserID: userID}
}

// create makes a key for d's store and fails the test unless it succeeds.
func (f *fixture) create(t *testing.T, d dealer, name string) (apikeys.Key, string) {
	t.Helper()
	k, secret, err := f.svc.Create(context.Background(), d.TenantID, d.StoreID, name, d.UserID)
	if err != nil {
		t.Fatalf("Create err=%v, want nil", err)
	}
	return k, secret
}

func TestService_Create(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		k, secret := f.create(t, f.A, "  Main DMS  ")
		if want := regexp.MustCompile(fmt.Sprintf(`^csk_%d_[A-Za-z0-9_-]{43}$`, f.A.TenantID)); !want.MatchString(secret) {
			t.Errorf("secret=%q, want %v", secret, want)
		}
		if k.Name != "Main DMS" || k.StoreID != f.A.StoreID || k.StoreName != "Store a" || k.CreatedByName != "Admin a" {
			t.Errorf("key=%+v, want the trimmed name, store and creator", k)
		}
		if k.Hint != secret[len(secret)-4:] || !k.CreatedAt.Equal(f.now) || k.LastUsedAt != nil || k.RevokedAt != nil {
			t.Errorf("key=%+v, want hint %q, created now, never used, active", k, secret[len(secret)-4:])
		}
	})
	tests := []struct {
		name    string
		storeID int64
		keyName string
		field   string
		want    string
	}{
		{"ErrNameEmpty", f.A.StoreID, " ", "name", "validation.required"},
		{"ErrNameTooLong", f.A.StoreID, strings.Repeat("键", 101), "name", "validation.too_long"},
		{"ErrNoStore", 0, "DMS", "store_id", "validation.required"},
		{"ErrOtherTenantsStore", f.B.StoreID, "DMS", "store_id", "validation.choice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, secret, err := f.svc.Create(ctx, f.A.TenantID, tt.storeID, tt.keyName, f.A.UserID)
			e, ok := apperr.As(err)
			if !ok || e.Code != apperr.Invalid || e.Fields[tt.field] != tt.want {
				t.Fatalf("Create err=%v, want %s=%s", err, tt.field, tt.want)
			}
			if secret != "" {
				t.Errorf("secret=%q, want none", secret)
			}
		})
	}
}

func TestService_Authenticate(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	k, secret := f.create(t, f.A, "DMS")
	revoked, revokedSecret := f.create(t, f.A, "Old DMS")
	if err := f.svc.Revoke(ctx, f.A.TenantID, revoked.ID); err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		c, err := f.svc.Authenticate(ctx, secret)
		if err != nil {
			t.Fatalf("Authenticate err=%v, want nil", err)
		}
		if want := (apikeys.Caller{TenantID: f.A.TenantID, StoreID: f.A.StoreID, KeyID: k.ID}); c != want {
			t.Errorf("Caller=%+v, want %+v", c, want)
		}
	})
	token := tail(secret)
	_, bSecret := f.create(t, f.B, "B's DMS")
	tests := []struct{ name, secret string }{
		{"ErrEmpty", ""},
		{"ErrNoPrefix", strings.TrimPrefix(secret, "csk_")},
		{"ErrTenantNotNumber", "csk_x" + token},
		{"ErrTenantZero", "csk_0" + token},
		{"ErrShort", secret[:len(secret)-1]},
		{"ErrLong", secret + "A"},
		{"ErrNotBase64", secret[:len(secret)-1] + "!"},
		{"ErrWrongToken", secret[:len(secret)-4] + flip(secret[len(secret)-4:])},
		{"ErrUnknownTenant", "csk_999999" + token},
		{"ErrOtherTenantsID", fmt.Sprintf("csk_%d%s", f.B.TenantID, token)},
		{"ErrOtherTenantsKeyWithOwnID", fmt.Sprintf("csk_%d%s", f.A.TenantID, tail(bSecret))},
		{"ErrRevoked", revokedSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := f.svc.Authenticate(ctx, tt.secret)
			if !apperr.Is(err, apperr.Unauthorized) {
				t.Errorf("Authenticate(%q) err=%v, want Unauthorized", tt.secret, err)
			}
			if c != (apikeys.Caller{}) {
				t.Errorf("Caller=%+v, want none", c)
			}
		})
	}
}

// tail is the part of a secret after its tenant id: "_" and the random token.
func tail(secret string) string { return secret[len(secret)-44:] }

// flip changes every character of s to another of the base64url alphabet.
func flip(s string) string {
	return strings.Map(func(r rune) rune {
		if r == 'A' {
			return 'B'
		}
		return 'A'
	}, s)
}

func TestService_AuthenticateMarksLastUse(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, secret := f.create(t, f.A, "DMS")
	lastUsed := func() *time.Time {
		t.Helper()
		keys, err := f.svc.List(ctx, f.A.TenantID)
		if err != nil || len(keys) != 1 {
			t.Fatalf("List=%v, %v, want one key", keys, err)
		}
		return keys[0].LastUsedAt
	}
	first := f.now
	steps := []struct {
		advance time.Duration
		want    time.Time
	}{
		{0, first},
		{30 * time.Second, first},
		{61 * time.Second, first.Add(91 * time.Second)},
	}
	for _, st := range steps {
		f.now = f.now.Add(st.advance)
		if _, err := f.svc.Authenticate(ctx, secret); err != nil {
			t.Fatal(err)
		}
		if got := lastUsed(); got == nil || !got.Equal(st.want) {
			t.Errorf("after %v: LastUsedAt=%v, want %v", f.now.Sub(first), got, st.want)
		}
	}
}

func TestService_List(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	old, _ := f.create(t, f.A, "Old")
	f.now = f.now.Add(time.Hour)
	newer, _ := f.create(t, f.A, "Newer")
	f.now = f.now.Add(time.Hour)
	newest, _ := f.create(t, f.A, "Newest")
	f.create(t, f.B, "B's")
	if err := f.svc.Revoke(ctx, f.A.TenantID, newest.ID); err != nil {
		t.Fatal(err)
	}
	keys, err := f.svc.List(ctx, f.A.TenantID)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, k := range keys {
		got = append(got, k.ID)
	}
	if want := []int64{newer.ID, old.ID, newest.ID}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("List ids=%v, want %v (active newest first, then revoked)", got, want)
	}
	if r := keys[len(keys)-1].RevokedAt; r == nil || !r.Equal(f.now) {
		t.Errorf("RevokedAt=%v, want %v", r, f.now)
	}
}

func TestService_Revoke(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	k, secret := f.create(t, f.A, "DMS")
	t.Run("ErrOtherTenant", func(t *testing.T) {
		if err := f.svc.Revoke(ctx, f.B.TenantID, k.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Revoke as B err=%v, want NotFound", err)
		}
		if _, err := f.svc.Authenticate(ctx, secret); err != nil {
			t.Errorf("Authenticate after B's attempt err=%v, want the key still working", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		revokedAt := f.now
		for range 2 {
			if err := f.svc.Revoke(ctx, f.A.TenantID, k.ID); err != nil {
				t.Fatalf("Revoke err=%v, want nil", err)
			}
			f.now = f.now.Add(time.Hour)
		}
		keys, err := f.svc.List(ctx, f.A.TenantID)
		if err != nil {
			t.Fatal(err)
		}
		if r := keys[0].RevokedAt; r == nil || !r.Equal(revokedAt) {
			t.Errorf("RevokedAt=%v, want the first revocation %v", r, revokedAt)
		}
	})
	t.Run("ErrUnknown", func(t *testing.T) {
		if err := f.svc.Revoke(ctx, f.A.TenantID, k.ID+1000); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Revoke err=%v, want NotFound", err)
		}
	})
}
