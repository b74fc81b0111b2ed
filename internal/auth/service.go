package auth

import (
	"time"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Service keeps users, memberships and sessions, and logs people in.
type Service struct {
	DB *postgres.DB
	// Now is the clock; tests move it.
	Now func() time.Time
	// Idle ends a session after this long without a request.
	Idle time.Duration
	// Max ends a session this long after login.
	Max time.Duration
	// Unread is the statement that counts the unread notifications of tenant $1's user named
	// by an expression (notify.UnreadOf), read with every session for the page header; nil
	// counts none.
	Unread func(who string) string
	// Kept keeps live sessions in memory until a change to the group's people is announced
	// (changes.People) or the session is due to be touched; nil reads every session afresh.
	Kept *changes.Memo[KeptSession]
}

// KeptSessions is how many sessions Service.Kept holds at most.
const KeptSessions = 1 << 14

// NewService returns a service on db with the wall clock and the given session timeouts.
func NewService(db *postgres.DB, idle, max time.Duration) *Service {
	return &Service{DB: db, Now: time.Now, Idle: idle, Max: max}
}
