// Package scores holds the satisfaction arithmetic of SPEC §4: the points of an answer, and
// weighted means of points for a survey or a department's period.
package scores

import "github.com/csidesk/csidesk/internal/surveys"

// Max is the highest answer of a scale: 5, 10, or 1 for yes (no is 0); 0 for free text.
func Max(sc surveys.Scale) int {
	switch sc {
	case surveys.Five:
		return 5
	case surveys.Ten:
		return 10
	case surveys.YesNo:
		return 1
	}
	return 0
}

// Valid reports whether value is an answer on the scale: 1 to its maximum, or 0 and 1 for yes
// or no.
func Valid(sc surveys.Scale, value int) bool {
	lo := 1
	if sc == surveys.YesNo {
		lo = 0
	}
	return Max(sc) > 0 && value >= lo && value <= Max(sc)
}

// Points is an answer's points from 0 to 100: the answer over the scale's maximum (1–5 gives 20
// to 100, 1–10 gives 10 to 100, yes 100 and no 0). A free-text item and an unanswered item carry
// none, and ok is false.
func Points(sc surveys.Scale, value *int) (points float64, ok bool) {
	if value == nil || !Valid(sc, *value) {
		return 0, false
	}
	return float64(*value) * 100 / float64(Max(sc)), true
}

// Scored is one scored answer: its item's weight and its points.
type Scored struct {
	Weight float64
	Points float64
}

// Weighted is Σ(weight × points) / Σ weight; ok is false when the weights add up to nothing
// (no scored answer, or only zero-weight ones).
func Weighted(answers []Scored) (score float64, ok bool) {
	var sum, weights float64
	for _, a := range answers {
		sum += a.Weight * a.Points
		weights += a.Weight
	}
	if weights == 0 {
		return 0, false
	}
	return sum / weights, true
}
