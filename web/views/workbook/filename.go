package workbook

import (
	"fmt"
	"strings"
	"unicode"
)

// FileName joins parts with "-" into a workbook's file name, each part without the characters
// file systems refuse, and adds ".xlsx": FileName("瑞丰宝马浦东", "2026第49周", "CSI") is
// "瑞丰宝马浦东-2026第49周-CSI.xlsx".
func FileName(parts ...string) string {
	clean := make([]string, 0, len(parts))
	for _, p := range parts {
		p = strings.TrimSpace(strings.Map(func(r rune) rune {
			if unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
				return '_'
			}
			return r
		}, p))
		if p != "" {
			clean = append(clean, p)
		}
	}
	return strings.Join(clean, "-") + ".xlsx"
}

// Disposition is the Content-Disposition of a download named name (RFC 6266): the name itself,
// percent-encoded as UTF-8 in filename* (RFC 5987), which every current browser reads, and
// fallback, plain ASCII, for the few that do not.
func Disposition(name, fallback string) string {
	return `attachment; filename="` + ascii(fallback) + `"; filename*=UTF-8''` + pathEscape(name)
}

// ascii keeps the letters, digits and ".-_" of s: what a quoted filename may hold anywhere.
func ascii(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".-_", r)) {
			return r
		}
		return '_'
	}, s)
}

// pathEscape percent-encodes the bytes of s for an RFC 5987 value, whose attr-char leaves only
// letters, digits and !#$&+-.^_`|~ as they are; url.PathEscape would leave ' and ; unencoded.
func pathEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c < 128 && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)) || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
