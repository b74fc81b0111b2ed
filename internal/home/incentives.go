package home

import "github.com/csidesk/csidesk/internal/incentives"

// IncentiveMonths is how many months back, this one included, the start page shows a person's
// incentive lines.
const IncentiveMonths = 3

// Incentives are a person's own lines of the approved incentive statements of the last
// IncentiveMonths months, newest month first, each with its reason.
type Incentives struct {
	Lines []incentives.PersonLine
}

// MyIncentives is the section of a person's lines: nil when they have none.
func MyIncentives(lines []incentives.PersonLine) *Incentives {
	if len(lines) == 0 {
		return nil
	}
	return &Incentives{Lines: lines}
}
