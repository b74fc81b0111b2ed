package customers

import (
	"strings"
	"unicode"
)

// NormalizePhone reduces a phone number as people type it (spaces, dashes, brackets, a +86 or
// 0086 country prefix) to its digits, and reports whether it is a valid Chinese mobile number
// (11 digits starting 13–19) or landline (area code starting 0, 10–12 digits in all). Numbers
// of other countries are accepted as 7–15 digits when given with a "+" that is not +86.
func NormalizePhone(s string) (string, bool) {
	s = strings.TrimSpace(s)
	foreign := strings.HasPrefix(s, "+") && !strings.HasPrefix(s, "+86")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９': // full-width digits from Chinese input methods
			b.WriteRune('0' + r - '０')
		case unicode.IsSpace(r) || strings.ContainsRune("+-()（）.", r):
		default:
			return "", false
		}
	}
	d := b.String()
	if foreign {
		return d, len(d) >= 7 && len(d) <= 15
	}
	d = strings.TrimPrefix(d, "0086")
	if len(d) == 13 && strings.HasPrefix(d, "86") {
		d = d[2:]
	}
	switch {
	case len(d) == 11 && d[0] == '1' && d[1] >= '3':
		return d, true
	case len(d) >= 10 && len(d) <= 12 && d[0] == '0' && d[1] != '0':
		return d, true
	}
	return d, false
}

// MaskPhone hides the middle of a phone number for roles that need not see it: a mobile
// 13812345678 shows as 138****5678.
func MaskPhone(p string) string {
	switch {
	case p == "":
		return ""
	case len(p) >= 11:
		return p[:3] + "****" + p[len(p)-4:]
	case len(p) > 4:
		return p[:2] + "****" + p[len(p)-2:]
	}
	return "****"
}
