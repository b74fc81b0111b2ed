package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/auth"
)

// TestForms_BadInput: every admin form re-renders with a field message (422) and writes nothing.
func TestForms_BadInput(t *testing.T) {
	e := newEnv(t)
	c := e.login(e.A.Emails[auth.Admin])
	store := func(name, tz, ssi string) url.Values {
		return url.Values{"name": {name}, "time_zone": {tz}, "ssi_threshold": {ssi}, "csi_threshold": {"95"}}
	}
	user := fmt.Sprintf("/admin/users/%d", e.A.Users[auth.Agent])
	tests := []struct {
		name, path string
		form       url.Values
		want       string
	}{
		{"ErrStoreNameEmpty", "/admin/stores", store(" ", "Asia/Shanghai", "95"), "Required."},
		{"ErrStoreNameTaken", "/admin/stores", store("Store a", "Asia/Shanghai", "95"), "Another store already has this name."},
		{"ErrStoreNameTooLong", "/admin/stores", store(strings.Repeat("店", 101), "Asia/Shanghai", "95"), "Too long."},
		{"ErrTimeZone", "/admin/stores", store("New", "Mars/Base", "95"), "Unknown time zone"},
		{"ErrThresholdRange", "/admin/stores", store("New", "Asia/Shanghai", "101"), "Enter a value from 0 to 100."},
		{"ErrThresholdNaN", "/admin/stores", store("New", "Asia/Shanghai", "NaN"), "Enter a value from 0 to 100."},
		{"ErrThresholdText", "/admin/stores", store("New", "Asia/Shanghai", "abc"), "Enter a number."},
		{"ErrDepartmentOtherNeedsName", fmt.Sprintf("/admin/stores/%d/departments", e.A.StoreID), url.Values{"kind": {"other"}}, "Required."},
		{"ErrDepartmentTwice", fmt.Sprintf("/admin/stores/%d/departments", e.A.StoreID), url.Values{"kind": {"sales"}}, "This store already has that department."},
		{"ErrUserEmailOfOtherGroup", "/admin/users", url.Values{"name": {"X"}, "email": {e.B.Emails[auth.Agent]}, "locale": {"en"}, "password": {"long-enough"}}, "already in use"},
		{"ErrUserEmail", "/admin/users", url.Values{"name": {"X"}, "email": {"not-an-address"}, "locale": {"en"}, "password": {"long-enough"}}, "Enter a valid e-mail address."},
		{"ErrUserLocale", "/admin/users", url.Values{"name": {"X"}, "email": {"x@example.com"}, "locale": {"fr"}, "password": {"long-enough"}}, "Choose one of the options."},
		{"ErrResetShort", user + "/password", url.Values{"password": {"short"}}, "Use at least 8 characters."},
		{"ErrRoleNeedsDepartment", user + "/memberships", url.Values{"role": {"staff"}, "store_id": {fmt.Sprint(e.A.StoreID)}}, "need a department"},
		{"ErrRoleNeedsStore", user + "/memberships", url.Values{"role": {"agent"}, "store_id": {"0"}}, "Choose a store"},
		{"ErrRoleTwice", user + "/memberships", url.Values{"role": {"agent"}, "store_id": {fmt.Sprint(e.A.StoreID)}}, "already has this role"},
		{"ErrRoleDepartmentOfOtherStore", user + "/memberships", url.Values{"role": {"staff"}, "store_id": {fmt.Sprint(e.A.StoreID)}, "department_id": {fmt.Sprint(e.B.DepartmentID)}}, "Choose a department of the chosen store."},
	}
	before := c.get("/admin/stores").Body
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post(tc.path, tc.form)
			if res.Code != http.StatusUnprocessableEntity {
				t.Fatalf("Status=%d, want 422; %.300s", res.Code, res.Body)
			}
			if !strings.Contains(res.Body, tc.want) {
				t.Errorf("body lacks %q", tc.want)
			}
		})
	}
	if after := c.get("/admin/stores").Body; after != before {
		t.Error("refused forms changed the store list")
	}
	if res := c.get("/admin/users?q=example.com"); strings.Contains(res.Body, "x@example.com") {
		t.Error("a refused user was created")
	}
}

// TestForms_AdminJourney: create a user, give a department role, remove it, search for the user.
func TestForms_AdminJourney(t *testing.T) {
	e := newEnv(t)
	c := e.login(e.A.Emails[auth.Admin])
	res := c.post("/admin/users", url.Values{"name": {"孙丽"}, "email": {" Sun.Li@Example.com "}, "locale": {"zh-CN"}, "password": {password}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("create: Status=%d, want 303", res.Code)
	}
	page := res.Header.Get("Location")
	res = c.post(page+"/memberships", url.Values{"role": {"dept_manager"}, "store_id": {fmt.Sprint(e.A.StoreID)}, "department_id": {fmt.Sprint(e.A.DepartmentID)}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("add role: Status=%d, want 303", res.Code)
	}
	if body := c.get(page).Body; !strings.Contains(body, "Department manager") || !strings.Contains(body, "sun.li@example.com") {
		t.Error("user page: want the role and the normalised e-mail")
	}
	if body := c.get("/admin/users?q=孙").Body; !strings.Contains(body, "孙丽") || strings.Contains(body, "agent a") {
		t.Error("search 孙: want only the new user")
	}
	newUser := e.login("sun.li@example.com")
	if res := newUser.get("/admin/stores"); res.Code != http.StatusForbidden {
		t.Errorf("department manager on admin pages: Status=%d, want 403", res.Code)
	}
}
