package links

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"time"

	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Service sends survey links and serves the customer's side of them, always within one tenant.
type Service struct {
	DB  *postgres.DB
	Now func() time.Time
	// Bundle writes the messages in the customer's language.
	Bundle *i18n.Bundle
	// Jobs enqueues the messages' delivery; nil leaves them in the outbox unsent (tests).
	Jobs notify.Inserter
	// Followups records the customer's answers and completes the survey as a call does.
	Followups *followups.Service
	// PublicURL is where customers reach the application, for the link: "https://csi.example.com".
	PublicURL string
	// Cooldown is the fewest days between two surveys of one customer.
	Cooldown int
}

// tokenBytes is the randomness of a token: 256 bits, far beyond guessing.
const tokenBytes = 32

// newToken makes a token for a link's URL and the hash that is all the database keeps of it.
func newToken() (token string, hash []byte) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on a supported platform
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashOf(token)
}

// hashOf is the hash a token is stored and found by.
func hashOf(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// wellFormed says a token could be one of ours: 43 characters of unpadded base64url.
func wellFormed(token string) bool {
	b, err := base64.RawURLEncoding.DecodeString(token)
	return err == nil && len(b) == tokenBytes
}

// URL is the customer's address of a link's page.
func (s *Service) URL(token string) string { return s.PublicURL + "/s/" + token }
