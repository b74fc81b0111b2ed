package imports

import (
	"context"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
)

// maxParses is how many files the process parses at once: uploads reading their header,
// previews and commits, and downloads of rejected rows. Within the caps of package tabular, an
// XLSX export of 100,000 rows peaks at 60 MiB and a CSV file at a few; two at a time keep the
// server well under 300 MiB, and a long commit still leaves a turn for the others.
const maxParses = 2

// queueWait is how long a request waits for a turn before it is told to try again: well within
// the server's 60 s write timeout.
const queueWait = 20 * time.Second

// parses holds a token for each file being parsed. It is the process's, as is the memory it
// bounds.
var parses = make(chan struct{}, maxParses)

// errQueueFull tells a request that every turn to parse a file stayed taken.
var errQueueFull = apperr.New(apperr.Unavailable, "imports.busy")

// parseTurn waits until the process parses fewer than maxParses files, or ctx ends, and
// returns the func that ends the turn.
func parseTurn(ctx context.Context) (done func(), err error) {
	select {
	case parses <- struct{}{}:
		return func() { <-parses }, nil
	case <-ctx.Done():
		return nil, &apperr.Error{Code: errQueueFull.Code, Key: errQueueFull.Key, Err: context.Cause(ctx)}
	}
}

// requestTurn is parseTurn for a request, which waits at most queueWait.
func requestTurn(ctx context.Context) (done func(), err error) {
	ctx, cancel := context.WithTimeout(ctx, queueWait)
	defer cancel()
	return parseTurn(ctx)
}
