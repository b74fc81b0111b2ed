// Package customers keeps the dealer group's customers and their vehicles, with an audit trail
// of every change to a customer's contact data.
package customers

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/csidesk/csidesk/internal/apperr"
)

// Genders a customer may be recorded with.
var Genders = []string{"unknown", "male", "female"}

// ContactTimes are the times of day a customer prefers to be called.
var ContactTimes = []string{"any", "morning", "afternoon", "evening", "weekend"}

// DoNotContactReasons say why a customer must not be called.
// "unsubscribed" (客户退订) is set by the unsubscribe link of a survey sent to the customer.
var DoNotContactReasons = []string{"sold_car", "serviced_elsewhere", "requested", "moved", "other", "unsubscribed"}

// Languages are the languages messages to customers are written in.
var Languages = []string{"zh-CN", "en"}

// Customer is a person the group sells to or services for.
type Customer struct {
	ID           int64
	Name         string
	Phone        string
	Phone2       string
	Gender       string
	BirthDate    *time.Time
	Region       string
	City         string
	ContactTime  string
	Consent      bool
	DoNotContact bool
	DNCReason    string
	Notes        string
	// Email and Language are where and in which language a survey link is sent.
	Email     string
	Language  string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Normalize trims the text fields and reduces the phone numbers to digits.
func (c *Customer) Normalize() {
	c.Name = strings.TrimSpace(c.Name)
	c.Region = strings.TrimSpace(c.Region)
	c.City = strings.TrimSpace(c.City)
	c.Notes = strings.TrimSpace(c.Notes)
	c.Email = strings.ToLower(strings.TrimSpace(c.Email))
	if c.Language == "" {
		c.Language = "zh-CN"
	}
	if p, ok := NormalizePhone(c.Phone); ok {
		c.Phone = p
	}
	if p, ok := NormalizePhone(c.Phone2); ok {
		c.Phone2 = p
	}
	if c.Gender == "" {
		c.Gender = "unknown"
	}
	if c.ContactTime == "" {
		c.ContactTime = "any"
	}
	if !c.DoNotContact {
		c.DNCReason = ""
	}
}

// Validate checks a normalized customer; today bounds the birth date.
func (c *Customer) Validate(today time.Time) error {
	errs := map[string]string{}
	if c.Name == "" {
		errs["name"] = "validation.required"
	} else if utf8.RuneCountInString(c.Name) > 100 {
		errs["name"] = "validation.too_long"
	}
	if _, ok := NormalizePhone(c.Phone); !ok {
		errs["phone"] = "validation.phone"
	}
	if _, ok := NormalizePhone(c.Phone2); c.Phone2 != "" && !ok {
		errs["phone2"] = "validation.phone"
	}
	if !slices.Contains(Genders, c.Gender) {
		errs["gender"] = "validation.choice"
	}
	if c.Email != "" && !ValidEmail(c.Email) {
		errs["email"] = "validation.email"
	}
	if !slices.Contains(Languages, c.Language) {
		errs["language"] = "validation.choice"
	}
	if !slices.Contains(ContactTimes, c.ContactTime) {
		errs["contact_time"] = "validation.choice"
	}
	if c.DoNotContact && !slices.Contains(DoNotContactReasons, c.DNCReason) {
		errs["dnc_reason"] = "validation.dnc_reason"
	}
	if c.BirthDate != nil && !ValidBirthDate(*c.BirthDate, today) {
		errs["birth_date"] = "validation.birth_date"
	}
	tooLong(errs, "region", c.Region, 50)
	tooLong(errs, "city", c.City, 50)
	tooLong(errs, "notes", c.Notes, 2000)
	if len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return nil
}

// ValidBirthDate accepts a customer between 16 and 110 years old.
func ValidBirthDate(d, today time.Time) bool {
	return !d.After(today.AddDate(-16, 0, 0)) && d.After(today.AddDate(-110, 0, 0))
}

// ValidEmail accepts an address of the shape name@domain.tld, at most 254 characters, as the
// database's check does.
func ValidEmail(e string) bool { return len(e) <= 254 && emailShape.MatchString(e) }

var emailShape = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// Reachable reports whether the customer may be called for a follow-up.
func (c *Customer) Reachable() bool { return c.Consent && !c.DoNotContact }

func tooLong(errs map[string]string, field, v string, max int) {
	if utf8.RuneCountInString(v) > max {
		errs[field] = "validation.too_long"
	}
}
