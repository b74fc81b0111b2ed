// Package incentives computes the monthly incentives and penalties of SPEC §6 from scores,
// benchmark gaps and substantiated complaints: the group's rule sets, versioned by the month they
// take effect; each store's monthly statement, a draft recomputed whenever asked until a general
// manager approves it, which locks it; later changes to a locked month as adjustment lines in the
// next open one.
package incentives

import (
	"strconv"
	"time"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Service keeps a group's incentive rules and statements.
type Service struct {
	DB  *postgres.DB
	Now func() time.Time
}

// Fen is an amount of money in fen (1/100 yuan): a fine is negative, a reward positive. Amounts
// are integers end to end, never floating point.
type Fen int64

// Yuan is the amount in yuan with thousands separators and two decimals: "-1,234.50".
func (f Fen) Yuan() string {
	sign, n := "", int64(f)
	if n < 0 {
		sign, n = "-", -n
	}
	whole := strconv.FormatInt(n/100, 10)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	cents := strconv.FormatInt(n%100+100, 10)[1:]
	return sign + whole + "." + cents
}

// String is the amount in yuan, as Yuan.
func (f Fen) String() string { return f.Yuan() }

// FromYuan is a whole number of yuan in fen.
func FromYuan(yuan int64) Fen { return Fen(yuan * 100) }

// The kinds of line, one per rule kind.
const (
	RedLine        = "red_line"        // a department's month below the store's red line
	BenchmarkBelow = "benchmark_below" // a quarterly benchmark item below the national average
	BenchmarkAbove = "benchmark_above" // a quarterly benchmark item above the national average
	Complaint      = "complaint"       // the nth substantiated complaint of a month against a person
)

// Kinds are the kinds of line in the order a statement shows them.
var Kinds = []string{RedLine, BenchmarkBelow, BenchmarkAbove, Complaint}
