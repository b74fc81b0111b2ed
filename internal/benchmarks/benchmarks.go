// Package benchmarks keeps the manufacturer's (or a third party's) quarterly results of each
// store: the group's catalogue of items per programme (CSI, SSI, mystery shopper, open
// inspection), their import from the results file with its column mapping and dry run, entry and
// correction by hand with every change recorded, and the gap of each item to the national and
// regional averages beside the store's own quarterly figure. A result below either average opens
// an improvement action in the transaction that establishes it.
package benchmarks

import (
	"slices"
	"time"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Service keeps a group's benchmark results.
type Service struct {
	DB  *postgres.DB
	Now func() time.Time
}

// Programme is what a result was measured by.
type Programme string

// The programmes, in the order the pages show them.
const (
	CSI        Programme = "csi"        // after-sales customer satisfaction
	SSI        Programme = "ssi"        // sales satisfaction
	Mystery    Programme = "mystery"    // mystery shopper (神秘客)
	Inspection Programme = "inspection" // open inspection (明检)
)

// Programmes lists every programme in display order.
var Programmes = []Programme{CSI, SSI, Mystery, Inspection}

// Valid reports whether p is a programme.
func (p Programme) Valid() bool {
	return slices.Contains(Programmes, p)
}

// SurveyKinds are the kinds of the store's questionnaires whose items can stand for an item of
// the programme: CSI and SSI items are their own kind's; a mystery shopper's or an inspector's
// item may be either, after-sales first.
func (p Programme) SurveyKinds() []string {
	switch p {
	case CSI:
		return []string{"csi"}
	case SSI:
		return []string{"ssi"}
	}
	return []string{"csi", "ssi"}
}
