package customers

import "strings"

// NormalizeVIN upper-cases a vehicle identification number and reports whether it has the 17
// characters of ISO 3779 (digits and capital letters other than I, O and Q). The check digit is
// not enforced: vehicles built for Europe, common among imported cars, do not carry one.
func NormalizeVIN(s string) (string, bool) {
	v := strings.ToUpper(strings.TrimSpace(s))
	if len(v) != 17 {
		return v, false
	}
	for _, r := range v {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') || r == 'I' || r == 'O' || r == 'Q' {
			return v, false
		}
	}
	return v, true
}

// NormalizePlate upper-cases a licence plate and drops the spaces and separators people type
// into it ("粤B·12345" → "粤B12345").
func NormalizePlate(s string) string {
	return strings.ToUpper(plateNoise.Replace(strings.TrimSpace(s)))
}

var plateNoise = strings.NewReplacer(" ", "", "·", "", "-", "", "　", "", ".", "")
