package benchmarks

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Figures are a result's numbers: the store's score, the national and regional averages it is
// compared with, and its rank; nil is a figure not given. A change of a result keeps them before
// and after, as JSON.
type Figures struct {
	Score    float64  `json:"score"`
	National *float64 `json:"national"`
	Regional *float64 `json:"regional"`
	Rank     *int     `json:"rank"`
}

// maxScore is the highest score or average: SSI is scored out of 1,000, the others out of 100.
const maxScore = 1000

// FiguresText is a result's figures as a file or a form writes them.
type FiguresText struct {
	Score, National, Regional, Rank string
}

// Parse reads the figures; each one that cannot be read is an error at its field ("score",
// "national", "regional", "rank"), with a message key.
func (t FiguresText) Parse() (Figures, map[string]string) {
	errs := map[string]string{}
	var f Figures
	switch score, ok := number(t.Score); {
	case strings.TrimSpace(t.Score) == "":
		errs["score"] = "benchmarks.error.score_required"
	case !ok:
		errs["score"] = "benchmarks.error.score"
	default:
		f.Score = *score
	}
	var ok bool
	if f.National, ok = number(t.National); !ok {
		errs["national"] = "benchmarks.error.average"
	}
	if f.Regional, ok = number(t.Regional); !ok {
		errs["regional"] = "benchmarks.error.average"
	}
	if f.Rank, ok = rank(t.Rank); !ok {
		errs["rank"] = "benchmarks.error.rank"
	}
	return f, errs
}

// number reads a score or an average from 0 to maxScore, such as "86.5" or "86.5分", rounded to
// two decimals as kept; blank is nil.
func number(s string) (*float64, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "分")
	if s == "" {
		return nil, true
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || v < 0 || v > maxScore {
		return nil, false
	}
	v = round2(v)
	return &v, true
}

// rankText is a rank as results files write it: "3", "3/45", "第3名".
var rankText = regexp.MustCompile(`^第?\s*(\d{1,6})\s*名?\s*(?:/\s*\d+)?$`)

// rank reads a rank from 1 on; blank is nil.
func rank(s string) (*int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	m := rankText.FindStringSubmatch(s)
	if m == nil {
		return nil, false
	}
	n, _ := strconv.Atoi(m[1])
	return &n, n >= 1
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// Equal reports whether f and g are the same figures, as kept.
func (f Figures) Equal(g Figures) bool {
	return round2(f.Score) == round2(g.Score) && sameNumber(f.National, g.National) &&
		sameNumber(f.Regional, g.Regional) && sameInt(f.Rank, g.Rank)
}

func sameNumber(a, b *float64) bool {
	return a == nil && b == nil || a != nil && b != nil && round2(*a) == round2(*b)
}

func sameInt(a, b *int) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

// The averages a result is compared with.
const (
	National = "national"
	Regional = "regional"
)

// Below says which average the score falls short of by more, national or regional (national
// when both by as much), and that average; compared is "" when the score is at or above both,
// or no average is given. A score equal to an average is not below it.
func (f Figures) Below() (compared string, target float64) {
	gap := 0.0
	for _, a := range []struct {
		name string
		avg  *float64
	}{{National, f.National}, {Regional, f.Regional}} {
		if a.avg != nil && round2(*a.avg-f.Score) > gap {
			compared, target, gap = a.name, *a.avg, round2(*a.avg-f.Score)
		}
	}
	return compared, target
}

// Gap is the score less the average, nil without one: negative below it.
func (f Figures) Gap(avg *float64) *float64 {
	if avg == nil {
		return nil
	}
	g := round2(f.Score - *avg)
	return &g
}
