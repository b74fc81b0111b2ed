// Package call holds what a follow-up call tells the complaint it opens: the low answers, each
// named in both languages so that the form shows it in the reader's, and the agent's flag. It
// stands apart from the complaint workflow so that the follow-up calls that open complaints
// need not depend on the workflow's notices.
package call

import (
	"slices"

	"github.com/csidesk/csidesk/internal/surveys"
)

// Details are what a call said beyond the customer's own words (those are the form's
// description), as the form keeps them in its column details.
type Details struct {
	Low     []LowAnswer `json:"low,omitempty"`
	Flagged bool        `json:"flagged,omitempty"`
}

// LowAnswer is one answer at or below the store's complaint level: its item's short name in
// both languages, the scale, the answer and its points, and the department the item is scored
// for.
type LowAnswer struct {
	ItemID       int64         `json:"item_id"`
	NameZH       string        `json:"name_zh"`
	NameEN       string        `json:"name_en"`
	Scale        surveys.Scale `json:"scale"`
	Value        int           `json:"value"`
	Points       float64       `json:"points"`
	DepartmentID int64         `json:"department_id"`
}

// NewLowAnswer is the low answer value, worth points, to a questionnaire's item, named by the
// item's short name.
func NewLowAnswer(it surveys.Item, value int, points float64) LowAnswer {
	return LowAnswer{ItemID: it.ID, NameZH: it.NameZH, NameEN: it.NameEN, Scale: it.Scale, Value: value, Points: points,
		DepartmentID: it.DepartmentID}
}

// Departments are the departments the low answers are scored for, in the order of the answers:
// those a complaint about them is suggested to.
func (d Details) Departments() []int64 {
	var out []int64
	for _, a := range d.Low {
		if a.DepartmentID != 0 && !slices.Contains(out, a.DepartmentID) {
			out = append(out, a.DepartmentID)
		}
	}
	return out
}
