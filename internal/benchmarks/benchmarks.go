// Package benchmarks keeps the manufacturer's (or a third party's) quarterly results of each
// store: the group's catalogue of items per programme (CSI, SSI, mystery shopper, open
// inspection), their import from the results file with its column mapping and dry run, entry and
// correction by hand with every change recorded, and the gap of each item to the national and
// regional averages beside the store's own quarterly figure.
package benchmarks

import (
	"time"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Service keeps a group's benchmark results.
type Service struct {
	DB  *postgres.DB
	Now func() time.Time
}
