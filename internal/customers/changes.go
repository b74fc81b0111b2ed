package customers

import (
	"strconv"
	"time"
)

// ContactChange is one recorded change to a customer's contact data.
type ContactChange struct {
	Field     string
	Before    string
	After     string
	Source    string
	UserName  string
	ChangedAt time.Time
}

// contactDiff lists the contact fields that differ between two versions of a customer.
func contactDiff(old, cur *Customer) []ContactChange {
	pairs := []struct{ field, before, after string }{
		{"phone", old.Phone, cur.Phone},
		{"phone2", old.Phone2, cur.Phone2},
		{"email", old.Email, cur.Email},
		{"contact_time", old.ContactTime, cur.ContactTime},
		{"consent", strconv.FormatBool(old.Consent), strconv.FormatBool(cur.Consent)},
		{"dnc_reason", old.DNCReason, cur.DNCReason},
	}
	var out []ContactChange
	for _, p := range pairs {
		if p.before != p.after {
			out = append(out, ContactChange{Field: p.field, Before: p.before, After: p.after})
		}
	}
	return out
}
