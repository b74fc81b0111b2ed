package auth

import (
	"maps"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/testkit"
)

func validNewUser() NewUser {
	return NewUser{Email: "wang.fang@example.com", Name: "王芳", Locale: "zh-CN", Password: "correct horse"}
}

func TestNewUser_Validate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*NewUser)
		want   map[string]string
	}{
		{"ok", func(*NewUser) {}, nil},
		{"ok English", func(u *NewUser) { u.Locale = "en" }, nil},
		{"ok plus address", func(u *NewUser) { u.Email = "wang+csi@mail.example.com.cn" }, nil},
		{"empty e-mail", func(u *NewUser) { u.Email = "" }, map[string]string{"email": "validation.required"}},
		{"e-mail a", func(u *NewUser) { u.Email = "a" }, map[string]string{"email": "validation.email"}},
		{"e-mail a@b", func(u *NewUser) { u.Email = "a@b" }, map[string]string{"email": "validation.email"}},
		{"e-mail with space", func(u *NewUser) { u.Email = "x y@z.com" }, map[string]string{"email": "validation.email"}},
		{"e-mail with display name", func(u *NewUser) { u.Email = "Wang <wang@example.com>" },
			map[string]string{"email": "validation.email"}},
		{"e-mail two addresses", func(u *NewUser) { u.Email = "a@example.com, b@example.com" },
			map[string]string{"email": "validation.email"}},
		{"e-mail 254 bytes", func(u *NewUser) { u.Email = strings.Repeat("a", 64) + "@" + domain(254-65) }, nil},
		{"e-mail 255 bytes", func(u *NewUser) { u.Email = strings.Repeat("a", 64) + "@" + domain(255-65) },
			map[string]string{"email": "validation.too_long"}},
		{"empty name", func(u *NewUser) { u.Name = "" }, map[string]string{"name": "validation.required"}},
		{"name 100 Chinese runes", func(u *NewUser) { u.Name = strings.Repeat("芳", 100) }, nil},
		{"name 101 Chinese runes", func(u *NewUser) { u.Name = strings.Repeat("芳", 101) },
			map[string]string{"name": "validation.too_long"}},
		{"locale empty", func(u *NewUser) { u.Locale = "" }, map[string]string{"locale": "validation.choice"}},
		{"locale zh", func(u *NewUser) { u.Locale = "zh" }, map[string]string{"locale": "validation.choice"}},
		{"locale zh-TW", func(u *NewUser) { u.Locale = "zh-TW" }, map[string]string{"locale": "validation.choice"}},
		{"locale en-US", func(u *NewUser) { u.Locale = "en-US" }, map[string]string{"locale": "validation.choice"}},
		{"locale fr", func(u *NewUser) { u.Locale = "fr" }, map[string]string{"locale": "validation.choice"}},
		{"password empty", func(u *NewUser) { u.Password = "" }, map[string]string{"password": "validation.password_short"}},
		{"password 7 runes", func(u *NewUser) { u.Password = "1234567" }, map[string]string{"password": "validation.password_short"}},
		{"password 8 runes", func(u *NewUser) { u.Password = "12345678" }, nil},
		{"password 7 CJK runes", func(u *NewUser) { u.Password = "密码是七个汉字" },
			map[string]string{"password": "validation.password_short"}},
		{"password 8 CJK runes", func(u *NewUser) { u.Password = "密码是八个汉字啊" }, nil},
		{"password 128 bytes", func(u *NewUser) { u.Password = strings.Repeat("p", 128) }, nil},
		{"password 129 bytes", func(u *NewUser) { u.Password = strings.Repeat("p", 129) },
			map[string]string{"password": "validation.too_long"}},
		{"everything wrong", func(u *NewUser) {
			*u = NewUser{Email: "a@b", Name: strings.Repeat("芳", 101), Locale: "fr", Password: "short"}
		},
			map[string]string{
				"email":    "validation.email",
				"name":     "validation.too_long",
				"locale":   "validation.choice",
				"password": "validation.password_short",
			}},
		{"everything empty", func(u *NewUser) { *u = NewUser{} },
			map[string]string{
				"email":    "validation.required",
				"name":     "validation.required",
				"locale":   "validation.choice",
				"password": "validation.password_short",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := validNewUser()
			tt.change(&u)
			got := testkit.Fields(t, u.Validate())
			if !maps.Equal(got, tt.want) {
				t.Errorf("Fields=%v, want %v", got, tt.want)
			}
		})
	}
}

// domain returns a syntactically valid domain name of n bytes.
func domain(n int) string {
	var labels []string
	for n > 0 {
		l := min(n, 63)
		if n-l == 1 || n-l == 2 || n-l == 3 {
			l = n - 4 // leave room for a dot and a label of at least 3 bytes, "com"-like
		}
		labels = append(labels, strings.Repeat("d", l))
		n -= l
		if n > 0 {
			n-- // the dot
		}
	}
	return strings.Join(labels, ".")
}

func TestDomain(t *testing.T) {
	for _, n := range []int{189, 190, 5, 63, 64, 127} {
		d := domain(n)
		if len(d) != n {
			t.Errorf("len(domain(%v))=%v, want %v", n, len(d), n)
		}
		for _, l := range strings.Split(d, ".") {
			if len(l) == 0 || len(l) > 63 {
				t.Errorf("domain(%v) label length=%v, want 1..63", n, len(l))
			}
		}
	}
}

func TestNewUser_Normalize(t *testing.T) {
	tests := []struct {
		name string
		in   NewUser
		want NewUser
	}{
		{"trims and lower-cases e-mail",
			NewUser{Email: "  Wang.Fang@Example.COM \n", Name: " 王芳\t", Locale: "zh-CN", Password: " pass word "},
			NewUser{Email: "wang.fang@example.com", Name: "王芳", Locale: "zh-CN", Password: " pass word "}},
		{"keeps inner spaces of name",
			NewUser{Email: "a@example.com", Name: "Fang  Wang", Locale: "en"},
			NewUser{Email: "a@example.com", Name: "Fang  Wang", Locale: "en"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.in
			u.Normalize()
			if u != tt.want {
				t.Errorf("NewUser=%+v, want %+v", u, tt.want)
			}
		})
	}
}

func TestNewUser_NormalizeThenValidate(t *testing.T) {
	tests := []struct {
		name string
		in   NewUser
		want map[string]string
	}{
		{"padded upper-case e-mail passes", NewUser{Email: " WANG@EXAMPLE.COM ", Name: " 王芳 ", Locale: "en", Password: "12345678"}, nil},
		{"blank name is required", NewUser{Email: "wang@example.com", Name: "   ", Locale: "en", Password: "12345678"},
			map[string]string{"name": "validation.required"}},
		{"blank e-mail is required", NewUser{Email: " \t", Name: "王芳", Locale: "en", Password: "12345678"},
			map[string]string{"email": "validation.required"}},
		{"password is not trimmed", NewUser{Email: "wang@example.com", Name: "王芳", Locale: "en", Password: "   1234   "}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.in
			u.Normalize()
			got := testkit.Fields(t, u.Validate())
			if !maps.Equal(got, tt.want) {
				t.Errorf("Fields=%v, want %v", got, tt.want)
			}
		})
	}
}

func TestUserUpdate_Validate(t *testing.T) {
	tests := []struct {
		name string
		upd  UserUpdate
		want map[string]string
	}{
		{"ok active", UserUpdate{Email: "wang@example.com", Name: "王芳", Locale: "zh-CN", Active: true}, nil},
		{"ok inactive", UserUpdate{Email: "wang@example.com", Name: "王芳", Locale: "en"}, nil},
		{"empty e-mail", UserUpdate{Name: "王芳", Locale: "en"}, map[string]string{"email": "validation.required"}},
		{"e-mail a", UserUpdate{Email: "a", Name: "王芳", Locale: "en"}, map[string]string{"email": "validation.email"}},
		{"e-mail a@b", UserUpdate{Email: "a@b", Name: "王芳", Locale: "en"}, map[string]string{"email": "validation.email"}},
		{"e-mail with space", UserUpdate{Email: "x y@z.com", Name: "王芳", Locale: "en"}, map[string]string{"email": "validation.email"}},
		{"empty name", UserUpdate{Email: "wang@example.com", Locale: "en"}, map[string]string{"name": "validation.required"}},
		{"name 100 Chinese runes", UserUpdate{Email: "wang@example.com", Name: strings.Repeat("芳", 100), Locale: "en"}, nil},
		{"name 101 Chinese runes", UserUpdate{Email: "wang@example.com", Name: strings.Repeat("芳", 101), Locale: "en"},
			map[string]string{"name": "validation.too_long"}},
		{"locale ja", UserUpdate{Email: "wang@example.com", Name: "王芳", Locale: "ja"}, map[string]string{"locale": "validation.choice"}},
		{"everything wrong", UserUpdate{Email: "a", Locale: "EN"},
			map[string]string{"email": "validation.email", "name": "validation.required", "locale": "validation.choice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			upd := tt.upd
			got := testkit.Fields(t, upd.Validate())
			if !maps.Equal(got, tt.want) {
				t.Errorf("Fields=%v, want %v", got, tt.want)
			}
		})
	}
}

func TestUserUpdate_Normalize(t *testing.T) {
	u := UserUpdate{Email: " Wang@Example.COM ", Name: "\t王芳 ", Locale: "en", Active: true}
	u.Normalize()
	want := UserUpdate{Email: "wang@example.com", Name: "王芳", Locale: "en", Active: true}
	if u != want {
		t.Errorf("UserUpdate=%+v, want %+v", u, want)
	}
}

func TestMembership_Validate(t *testing.T) {
	const store, dept = 7, 11
	required := map[string]string{"department_id": "validation.department_required"}
	notAllowed := map[string]string{"department_id": "validation.department_not_allowed"}
	storeRequired := map[string]string{"store_id": "validation.store_required"}
	tests := []struct {
		role    Role
		storeID int64
		deptID  int64
		want    map[string]string
	}{
		{Agent, store, 0, nil},
		{Agent, store, dept, notAllowed},
		{Agent, 0, 0, storeRequired},
		{Agent, 0, dept, both(storeRequired, notAllowed)},

		{CSManager, store, 0, nil},
		{CSManager, store, dept, notAllowed},
		{CSManager, 0, 0, nil}, // the group's customer-service manager
		{CSManager, 0, dept, notAllowed},

		{DeptManager, store, dept, nil},
		{DeptManager, store, 0, required},
		{DeptManager, 0, dept, storeRequired},
		{DeptManager, 0, 0, both(storeRequired, required)},

		{Staff, store, dept, nil},
		{Staff, store, 0, required},
		{Staff, 0, dept, storeRequired},
		{Staff, 0, 0, both(storeRequired, required)},

		{GM, store, 0, nil},
		{GM, 0, 0, nil},
		{GM, store, dept, notAllowed},
		{GM, 0, dept, notAllowed},

		{Admin, store, 0, nil},
		{Admin, 0, 0, nil},
		{Admin, store, dept, notAllowed},
		{Admin, 0, dept, notAllowed},

		{"owner", store, 0, map[string]string{"role": "validation.choice"}},
		{"", 0, 0, map[string]string{"role": "validation.choice"}},
		{"GM", 0, 0, map[string]string{"role": "validation.choice"}},
	}
	for _, tt := range tests {
		name := string(tt.role)
		if name == "" {
			name = "empty"
		}
		name += map[bool]string{true: " all stores", false: " one store"}[tt.storeID == 0]
		name += map[bool]string{true: " with department", false: ""}[tt.deptID != 0]
		t.Run(name, func(t *testing.T) {
			m := Membership{UserID: 3, StoreID: tt.storeID, Role: tt.role, DepartmentID: tt.deptID}
			got := testkit.Fields(t, m.Validate())
			if !maps.Equal(got, tt.want) {
				t.Errorf("Fields=%v, want %v", got, tt.want)
			}
		})
	}
}

func TestRole_Predicates(t *testing.T) {
	tests := []struct {
		role            Role
		needsDepartment bool
		maySpanStores   bool
	}{
		{Agent, false, false},
		{CSManager, false, true},
		{DeptManager, true, false},
		{Staff, true, false},
		{GM, false, true},
		{Admin, false, true},
	}
	if len(tests) != len(Roles) {
		t.Errorf("len(Roles)=%v, want %v", len(Roles), len(tests))
	}
	for _, tt := range tests {
		t.Run(string(tt.role), func(t *testing.T) {
			if got := tt.role.NeedsDepartment(); got != tt.needsDepartment {
				t.Errorf("NeedsDepartment=%v, want %v", got, tt.needsDepartment)
			}
			if got := tt.role.MaySpanStores(); got != tt.maySpanStores {
				t.Errorf("MaySpanStores=%v, want %v", got, tt.maySpanStores)
			}
		})
	}
}

func TestPrincipal_Has(t *testing.T) {
	agentAndStaff := []Membership{{StoreID: 1, Role: Agent}, {StoreID: 2, Role: Staff, DepartmentID: 5}}
	tests := []struct {
		name        string
		memberships []Membership
		roles       []Role
		want        bool
	}{
		{"no memberships", nil, []Role{Admin}, false},
		{"no roles asked", agentAndStaff, nil, false},
		{"holds the role", agentAndStaff, []Role{Agent}, true},
		{"holds the role in another store", agentAndStaff, []Role{Staff}, true},
		{"lacks the role", agentAndStaff, []Role{Admin}, false},
		{"holds one of several", agentAndStaff, []Role{GM, Admin, Staff}, true},
		{"holds none of several", agentAndStaff, []Role{GM, Admin, CSManager, DeptManager}, false},
		{"admin of every store", []Membership{{Role: Admin}}, []Role{Admin}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Principal{UserID: 1, Memberships: tt.memberships}
			if got := p.Has(tt.roles...); got != tt.want {
				t.Errorf("Has=%v, want %v", got, tt.want)
			}
		})
	}
}

// both merges the field errors of two expectations: Validate reports every invalid field.
func both(a, b map[string]string) map[string]string {
	m := maps.Clone(a)
	maps.Copy(m, b)
	return m
}
