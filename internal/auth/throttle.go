package auth

import (
	"context"
	"time"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Throttling of failed logins, counted over ThrottleWindow. Guessing must slow the guesser
// without locking the owner out, so only one pair is ever refused outright: an address that
// has failed PairLimit times for one e-mail. Failures for the e-mail from every address, and
// from the address for every e-mail, past their free counts (AccountFree, ClientFree) make each
// further attempt wait, longer with each failure up to MaxDelay, and the owner still gets in
// from an address of their own. Only a client past ClientLimit, which no office's typing
// reaches, is refused for every e-mail.
const (
	ThrottleWindow = 10 * time.Minute
	PairLimit      = 5
	AccountFree    = 5
	ClientFree     = 30
	ClientLimit    = 300
	DelayStep      = 100 * time.Millisecond
	MaxDelay       = 2 * time.Second
)

// PruneAfter is how long a failed login is kept: past the window it counts for nothing, and
// the day beyond is left for an operator looking into an attack.
const PruneAfter = 24 * time.Hour

// failures are the failed logins within the window that bear on one attempt.
type failures struct {
	pair, account, client int
}

// delay is how long an attempt waits: DelayStep for each failure past the free count, of the
// e-mail or of the address, whichever has more, up to MaxDelay.
func (f failures) delay() time.Duration {
	over := max(f.account-AccountFree+1, f.client-ClientFree+1, 0)
	return min(time.Duration(over)*DelayStep, MaxDelay)
}

// refused reports whether the attempt is refused outright.
func (f failures) refused() bool { return f.pair >= PairLimit || f.client >= ClientLimit }

// countFailures reads the failed logins of the window for the e-mail, the address and both.
func (s *Service) countFailures(ctx context.Context, email, client string, now time.Time) (failures, error) {
	var f failures
	err := s.DB.Pool.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE account = $1 AND client = $2),
		       count(*) FILTER (WHERE account = $1),
		       count(*) FILTER (WHERE client = $2)
		  FROM login_failures
		 WHERE (account = $1 OR client = $2) AND failed_at > $3`,
		email, client, now.Add(-ThrottleWindow)).Scan(&f.pair, &f.account, &f.client)
	if err != nil {
		return f, postgres.Err("auth.countFailures", err)
	}
	return f, nil
}

// wait pauses for d, or until ctx ends.
func wait(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// PruneLoginFailures deletes the failed logins older than PruneAfter, returning how many.
func (s *Service) PruneLoginFailures(ctx context.Context) (int64, error) {
	tag, err := s.DB.Pool.Exec(ctx, `DELETE FROM login_failures WHERE failed_at < $1`, s.Now().Add(-PruneAfter))
	if err != nil {
		return 0, postgres.Err("auth.PruneLoginFailures", err)
	}
	return tag.RowsAffected(), nil
}
