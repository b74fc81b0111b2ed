// Package improve keeps improvement actions (SPEC §6, the CSI提升行动计划表): what opens them (a
// benchmark item below its average, a department's period below the red line, or a person from
// a score, a gap or a complaint category), their plan → do → check → act → closed stages, the
// evidence of their effect, the check against the figures that followed, and every change as an
// event.
package improve

import (
	"time"

	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Service keeps a group's improvement actions.
type Service struct {
	DB     *postgres.DB
	Now    func() time.Time
	Jobs   notify.Inserter
	Notify *notify.Service
}

// Source is what opened an action.
type Source string

// The sources: automatic ones carry a cause key, so that each cause opens one action.
const (
	FromBenchmark Source = "benchmark" // a benchmark item below the national or regional average
	FromRedLine   Source = "red_line"  // a department's closed period below the red line
	FromScore     Source = "score"     // by hand, from a score cell or a drill-down item
	FromComplaint Source = "complaint" // by hand, from a complaint category
	ByHand        Source = "manual"    // by hand, from nothing in particular
)
