package auth

import (
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/csidesk/csidesk/internal/apperr"
)

// Locales are the user interface languages; the first is the default.
var Locales = []string{"zh-CN", "en"}

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 8

// User is a member of a dealer group's staff.
type User struct {
	ID        int64
	Email     string
	Name      string
	Locale    string
	Active    bool
	CreatedAt time.Time
	// EmployeeNo is the number by which payroll knows the person; empty when none is kept.
	EmployeeNo string
}

// NewUser is what creating a user takes.
type NewUser struct {
	Email      string
	Name       string
	Locale     string
	Password   string
	EmployeeNo string
}

// UserUpdate is what editing a user changes.
type UserUpdate struct {
	Email      string
	Name       string
	Locale     string
	Active     bool
	EmployeeNo string
}

// Normalize trims the fields and lower-cases the e-mail.
func (u *NewUser) Normalize() {
	u.Email = normalEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	u.EmployeeNo = strings.TrimSpace(u.EmployeeNo)
}

// Validate reports every invalid field with a message key.
func (u *NewUser) Validate() error {
	f := map[string]string{}
	checkIdentity(f, u.Email, u.Name, u.Locale)
	checkEmployeeNo(f, u.EmployeeNo)
	checkPassword(f, "password", u.Password)
	return fieldsErr(f)
}

// Normalize trims the fields and lower-cases the e-mail.
func (u *UserUpdate) Normalize() {
	u.Email = normalEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	u.EmployeeNo = strings.TrimSpace(u.EmployeeNo)
}

// Validate reports every invalid field with a message key.
func (u *UserUpdate) Validate() error {
	f := map[string]string{}
	checkIdentity(f, u.Email, u.Name, u.Locale)
	checkEmployeeNo(f, u.EmployeeNo)
	return fieldsErr(f)
}

func normalEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func checkIdentity(f map[string]string, email, name, locale string) {
	switch {
	case email == "":
		f["email"] = "validation.required"
	case len(email) > 254:
		f["email"] = "validation.too_long"
	case !validEmail(email):
		f["email"] = "validation.email"
	}
	switch {
	case name == "":
		f["name"] = "validation.required"
	case utf8.RuneCountInString(name) > 100:
		f["name"] = "validation.too_long"
	}
	if !slices.Contains(Locales, locale) {
		f["locale"] = "validation.choice"
	}
}

// MaxEmployeeNo is the longest employee number kept.
const MaxEmployeeNo = 40

// checkEmployeeNo accepts an empty employee number, or one of at most MaxEmployeeNo letters,
// digits and the separators payroll systems use (- _ . /).
func checkEmployeeNo(f map[string]string, no string) {
	switch {
	case utf8.RuneCountInString(no) > MaxEmployeeNo:
		f["employee_no"] = "validation.too_long"
	case strings.ContainsFunc(no, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-_./", r)
	}):
		f["employee_no"] = "validation.employee_no"
	}
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@"):], ".")
}

func checkPassword(f map[string]string, field, pw string) {
	switch {
	case utf8.RuneCountInString(pw) < MinPasswordLen:
		f[field] = "validation.password_short"
	case utf8.RuneCountInString(pw) > 128:
		f[field] = "validation.too_long"
	}
}

func fieldsErr(f map[string]string) error {
	if len(f) > 0 {
		return apperr.Fields(f)
	}
	return nil
}
