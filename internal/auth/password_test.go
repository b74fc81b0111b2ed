package auth

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

func TestHashPassword_RoundTrip(t *testing.T) {
	tests := []struct {
		name     string
		password string
		try      string
		want     bool
	}{
		{"same ASCII password", "correct horse battery", "correct horse battery", true},
		{"same Chinese password", "密码是八个汉字啊", "密码是八个汉字啊", true},
		{"wrong password", "correct horse battery", "correct horse batterY", false},
		{"empty try", "correct horse battery", "", false},
		{"prefix of password", "correct horse battery", "correct horse", false},
		{"password with trailing space", "correct horse battery", "correct horse battery ", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hash, err := HashPassword(tt.password)
			if err != nil {
				t.Fatalf("HashPassword err=%v, want nil", err)
			}
			if got := CheckPassword(hash, tt.try); got != tt.want {
				t.Errorf("CheckPassword=%v, want %v", got, tt.want)
			}
		})
	}
}

func TestHashPassword_Salted(t *testing.T) {
	h1, err1 := HashPassword("same password")
	h2, err2 := HashPassword("same password")
	if err1 != nil || err2 != nil {
		t.Fatalf("HashPassword err=%v, %v, want nil", err1, err2)
	}
	if h1 == h2 {
		t.Errorf("two hashes of one password are equal (%v), want different salts", h1)
	}
	salt1, salt2 := strings.Split(h1, "$")[4], strings.Split(h2, "$")[4]
	if salt1 == salt2 {
		t.Errorf("salt=%v twice, want different salts", salt1)
	}
	for _, h := range []string{h1, h2} {
		if !CheckPassword(h, "same password") {
			t.Errorf("CheckPassword(%v)=false, want true", h)
		}
	}
}

func TestHashPassword_Format(t *testing.T) {
	hash, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatalf("HashPassword err=%v, want nil", err)
	}
	parts := strings.Split(hash, "$")
	if len(parts) != 6 {
		t.Fatalf("parts=%v, want 6 $-separated parts", len(parts))
	}
	if parts[0] != "" {
		t.Errorf("prefix=%q, want empty", parts[0])
	}
	if parts[1] != "argon2id" {
		t.Errorf("algorithm=%v, want %v", parts[1], "argon2id")
	}
	if want := fmt.Sprintf("v=%d", argon2.Version); parts[2] != want {
		t.Errorf("version=%v, want %v", parts[2], want)
	}
	// OWASP's minimum for argon2id: 19 MiB of memory and two passes.
	if parts[3] != "m=19456,t=2,p=1" {
		t.Errorf("params=%v, want %v", parts[3], "m=19456,t=2,p=1")
	}
	var m, tm, p uint32
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &tm, &p); err != nil {
		t.Fatalf("params %v unreadable: %v", parts[3], err)
	}
	if m < 19*1024 {
		t.Errorf("memory=%v KiB, want ≥ %v", m, 19*1024)
	}
	if tm < 2 {
		t.Errorf("time=%v, want ≥ %v", tm, 2)
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) != 16 {
		t.Errorf("salt len=%v err=%v, want 16 bytes", len(salt), err)
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) != 32 {
		t.Errorf("key len=%v err=%v, want 32 bytes", len(key), err)
	}
}

func TestCheckPassword_Malformed(t *testing.T) {
	good, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatalf("HashPassword err=%v, want nil", err)
	}
	parts := strings.Split(good, "$")
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	tests := []struct {
		name string
		hash string
	}{
		{"empty", ""},
		{"only algorithm", "$argon2id$"},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"plain text", "correct horse battery"},
		{"argon2i", with(1, "argon2i")},
		{"salt bad base64", with(4, "!!!not base64!!!")},
		{"key bad base64", with(5, "!!!not base64!!!")},
		{"params unreadable", with(3, "m=x,t=y,p=z")},
		{"params missing", with(3, "")},
		{"extra part", good + "$extra"},
		{"missing key", strings.Join(parts[:5], "$")},
		{"key of other password", with(5, strings.Split(mustHash(t, "another password"), "$")[5])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckPassword(tt.hash, "correct horse battery"); got {
				t.Errorf("CheckPassword(%q)=%v, want %v", tt.hash, got, false)
			}
		})
	}
	// The untouched hash must still match, or the cases above prove nothing.
	if !CheckPassword(good, "correct horse battery") {
		t.Errorf("CheckPassword(good)=false, want true")
	}
}

func TestDummyHash(t *testing.T) {
	if !strings.HasPrefix(dummyHash, "$argon2id$") {
		t.Errorf("dummyHash=%v, want an argon2id hash", dummyHash)
	}
	if CheckPassword(dummyHash, "") {
		t.Errorf("CheckPassword(dummyHash, \"\")=true, want false")
	}
}

func mustHash(t *testing.T, pw string) string {
	t.Helper()
	h, err := HashPassword(pw)
	if err != nil {
		t.Fatalf("HashPassword err=%v, want nil", err)
	}
	return h
}
