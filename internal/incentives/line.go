package incentives

import "time"

// Line is one line of a statement: a fine (negative) or a reward (positive) in fen, or a
// commission cut in percent, for a person or a department, with the rule kind and version that
// gave it and its cause. Key names the line's fact ("red_line:<department>:<kind>",
// "benchmark:<result>:manager", "complaint:<person>:<n>"…), by which a recomputation of a locked
// month finds what changed.
type Line struct {
	Kind        string
	Key         string
	RuleVersion int

	UserID         int64 // 0: a department's line, or a fine with no manager to bear it
	Person         string
	EmployeeNo     string
	DepartmentID   int64
	DepartmentKind string
	DepartmentName string

	AmountFen Fen     // negative: a fine; positive: a reward
	Percent   float64 // a commission cut (negative: a cut given back), with no amount
	Cause     Cause
	Adjusts   time.Time // the locked month an adjustment line corrects; zero: not an adjustment
}

// Adjustment reports whether the line corrects a locked month.
func (l Line) Adjustment() bool { return !l.Adjusts.IsZero() }

// Cause is what gave a line: a department's month below the red line (Period, Start, Score,
// Surveys, Line and the improvement actions it opened), a benchmark gap (ResultID, Quarter,
// Programme, Item, Score, National, Gap and the action opened for the result), or complaints by
// number (ComplaintIDs: the nth complaint, or those an adjustment no longer or newly counts).
type Cause struct {
	Kind    string    `json:"kind,omitempty"` // the survey kind of a score: ssi or csi
	Period  string    `json:"period,omitempty"`
	Start   time.Time `json:"start,omitzero"`
	Score   float64   `json:"score,omitempty"`
	Surveys int       `json:"surveys,omitempty"`
	Line    float64   `json:"line,omitempty"`

	ResultID  int64     `json:"result_id,omitempty"`
	Quarter   time.Time `json:"quarter,omitzero"`
	Programme string    `json:"programme,omitempty"`
	Item      string    `json:"item,omitempty"`
	National  float64   `json:"national,omitempty"`
	Gap       float64   `json:"gap,omitempty"` // score − national, in points

	ComplaintIDs []int64 `json:"complaint_ids,omitempty"`
	ActionIDs    []int64 `json:"action_ids,omitempty"`

	// Changed says, on an adjustment line, what changed in the locked month: ChangeAdded,
	// ChangeRemoved or ChangeAmount.
	Changed string `json:"changed,omitempty"`
}

// What an adjustment line corrects.
const (
	ChangeAdded   = "added"   // a fact that now holds, as a voided survey lifting a score can make
	ChangeRemoved = "removed" // a fact that no longer holds: a complaint voided, a score no longer below
	ChangeAmount  = "amount"  // the same fact with another amount: a corrected benchmark result
)
