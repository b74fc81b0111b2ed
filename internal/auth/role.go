package auth

import (
	"slices"

	"github.com/csidesk/csidesk/internal/apperr"
)

// Role is what a user does in a store.
type Role string

// The roles of SPEC §1.
const (
	Agent       Role = "agent"
	CSManager   Role = "cs_manager"
	DeptManager Role = "dept_manager"
	Staff       Role = "staff"
	GM          Role = "gm"
	Admin       Role = "admin"
)

// Roles lists every role in display order.
var Roles = []Role{Agent, CSManager, DeptManager, Staff, GM, Admin}

// NeedsDepartment reports whether the role belongs to one department.
func (r Role) NeedsDepartment() bool { return r == DeptManager || r == Staff }

// MaySpanStores reports whether the role may be held for every store at once: a group's general
// manager, administrator or customer-service manager (集团客服经理).
func (r Role) MaySpanStores() bool { return r == GM || r == Admin || r == CSManager }

// Membership gives a user a role in a store (StoreID 0: every store) and, for department managers
// and staff, a department.
type Membership struct {
	ID           int64
	UserID       int64
	StoreID      int64
	Role         Role
	DepartmentID int64
	StoreName    string
	DeptKind     string
	DeptName     string
}

// Validate reports every invalid field with a message key.
func (m *Membership) Validate() error {
	f := map[string]string{}
	if !slices.Contains(Roles, m.Role) {
		return apperr.Fields(map[string]string{"role": "validation.choice"})
	}
	if m.StoreID == 0 && !m.Role.MaySpanStores() {
		f["store_id"] = "validation.store_required"
	}
	switch {
	case m.Role.NeedsDepartment() && m.DepartmentID == 0:
		f["department_id"] = "validation.department_required"
	case !m.Role.NeedsDepartment() && m.DepartmentID != 0:
		f["department_id"] = "validation.department_not_allowed"
	}
	if len(f) > 0 {
		return apperr.Fields(f)
	}
	return nil
}
