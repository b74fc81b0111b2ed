package incentives

import (
	"cmp"
	"slices"
)

// Total is what a person or a department comes to in a statement: the sum of its amounts and,
// for a person, of its commission cuts (at most 100 %; adjustments included, so a cut given
// back lowers it).
type Total struct {
	UserID         int64
	Person         string
	EmployeeNo     string
	DepartmentID   int64
	DepartmentKind string
	Department     string // the department's name; empty: the view names its kind
	Fen            Fen
	Percent        float64
}

// withTotals adds to a statement its totals per person, per department and for the store.
func withTotals(stmt Statement) Statement {
	people, departments := map[int64]*Total{}, map[int64]*Total{}
	stmt.People, stmt.Departments, stmt.StoreFen = nil, nil, 0
	for _, l := range stmt.Lines {
		stmt.StoreFen += l.AmountFen
		if l.UserID != 0 {
			t := totalOf(people, l.UserID, Total{UserID: l.UserID, Person: l.Person, EmployeeNo: l.EmployeeNo,
				DepartmentID: l.DepartmentID, DepartmentKind: l.DepartmentKind, Department: l.DepartmentName})
			t.Fen += l.AmountFen
			t.Percent = min(t.Percent+l.Percent, 100)
		}
		if l.DepartmentID != 0 {
			totalOf(departments, l.DepartmentID, Total{DepartmentID: l.DepartmentID, DepartmentKind: l.DepartmentKind,
				Department: l.DepartmentName}).Fen += l.AmountFen
		}
	}
	stmt.People = sorted(people, func(t Total) string { return t.Person })
	stmt.Departments = sorted(departments, func(t Total) string { return t.DepartmentKind + "\x00" + t.Department })
	return stmt
}

// totalOf is the total of an id, begun as first when the id has none yet.
func totalOf(totals map[int64]*Total, id int64, first Total) *Total {
	t, ok := totals[id]
	if !ok {
		t = &first
		totals[id] = t
	}
	return t
}

// sorted are the totals in the order of their name, then their id.
func sorted(totals map[int64]*Total, name func(Total) string) []Total {
	out := make([]Total, 0, len(totals))
	for _, t := range totals {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b Total) int {
		return cmp.Or(cmp.Compare(name(a), name(b)), cmp.Compare(a.UserID, b.UserID), cmp.Compare(a.DepartmentID, b.DepartmentID))
	})
	return out
}
