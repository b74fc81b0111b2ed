//go:build faults

package faults

import (
	"fmt"
	"net/http"
	"testing"
)

// Guesses of the lockout test: how many addresses guess, how many times each, and how many
// guesses the first address makes in all.
const (
	guessers       = 5
	guessesEach    = 8
	guessesOfFirst = 35
)

// TestLogin_GuessedFromManyAddresses: behind a trusted proxy (TRUSTED_PROXIES=127.0.0.1, each
// client named by X-Forwarded-For), five addresses guess the password of manager@ eight times
// each, and the first goes on guessing until it is throttled. The manager then logs in with
// the right password from an address of their own, and works: guessing locks out the guessers,
// not the person.
func TestLogin_GuessedFromManyAddresses(t *testing.T) {
	srv := startServer(t, suite, "TRUSTED_PROXIES=127.0.0.1")
	t.Cleanup(func() { mustExec(t, `DELETE FROM login_failures WHERE account = $1`, demo("manager")) })
	c := newClient()
	throttled := 0
	guess := func(i int, addr string) {
		res, err := postLogin(c, srv.URL, demo("manager"), fmt.Sprintf("wrong-%d", i), "X-Forwarded-For", addr)
		switch {
		case err != nil:
			t.Fatalf("guess %d from %s: %v", i, addr, err)
		case res.Code == http.StatusTooManyRequests:
			throttled++
		case res.Code != http.StatusUnauthorized:
			t.Fatalf("guess %d from %s: Status=%d, want 401 or 429", i, addr, res.Code)
		}
	}
	for i := range guessers * guessesEach {
		guess(i, guesserAddr(i%guessers))
	}
	before := throttled
	for i := guessers * guessesEach; i < guessers*guessesEach+guessesOfFirst-guessesEach; i++ {
		guess(i, guesserAddr(0))
	}
	if throttled == before {
		t.Errorf("%d wrong passwords from %s and none throttled (429)", guessesOfFirst, guesserAddr(0))
	}
	user := newClient()
	res, err := postLogin(user, srv.URL, demo("manager"), demoPassword, "X-Forwarded-For", "198.51.100.7")
	if err != nil || res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("the manager's own login after the guesses: Status=%d Location=%q, want 303 to / (%v)", res.Code, res.Header.Get("Location"), err)
	}
	if res := mustFetch(t, user, http.MethodGet, srv.URL+"/", nil); res.Code != http.StatusOK {
		t.Errorf("GET / with the manager's new session: Status=%d, want 200", res.Code)
	}
}

// guesserAddr is the address of the i-th guesser, from a documentation range.
func guesserAddr(i int) string { return fmt.Sprintf("203.0.113.%d", 10+i) }
