// Package incentives computes the monthly incentives and penalties of SPEC §6 from scores,
// benchmark gaps and substantiated complaints: the group's rule sets, versioned by the month they
// take effect; each store's monthly statement, a draft recomputed whenever asked until a general
// manager approves it, which locks it; later changes to a locked month as adjustment lines in the
// next open one.
package incentives

import (
	"time"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Service keeps a group's incentive rules and statements.
type Service struct {
	DB  *postgres.DB
	Now func() time.Time
}
