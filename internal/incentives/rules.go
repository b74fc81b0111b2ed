package incentives

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
)

// Band is a range of benchmark gaps, in points, with what a gap in it gives: a fine to the
// department's manager and to the item's owner (below the national average), or a reward to the
// department (above it). Both ends are included and To 0 means no upper end. Results are exact to
// the hundredth of a point, so SPEC §6's "< 5 / 5–10 / > 10" are the bands 0–4.99, 5–10 and
// 10.01 and up: a gap of exactly 5 or 10 falls in the middle band.
type Band struct {
	From       float64 `json:"from"`
	To         float64 `json:"to"`
	ManagerFen Fen     `json:"manager_fen,omitempty"`
	OwnerFen   Fen     `json:"owner_fen,omitempty"`
	RewardFen  Fen     `json:"reward_fen,omitempty"`
}

// Rules are the kinds of rule of a rule set, each with its amounts and bands as data.
type Rules struct {
	RedLineFineFen Fen       `json:"red_line_fine_fen"` // 0: no red-line rule
	BelowNational  []Band    `json:"below_national"`    // ManagerFen and OwnerFen per band
	AboveNational  []Band    `json:"above_national"`    // RewardFen per band
	ComplaintCuts  []float64 `json:"complaint_cuts"`    // percent for the 1st, 2nd, 3rd… complaint; the last repeats
	// GMsMayEdit lets the group's general managers (held for the whole group) save new versions
	// too; only an administrator changes it.
	GMsMayEdit bool `json:"gms_may_edit"`
}

// ExampleRules are SPEC §6's example: a 500 fine for a month below the red line; 300 / 500 /
// 1000 to the manager and to the item's owner for an item below the national average by < 5,
// 5–10 or > 10 points; a department reward of 1000 / 2000 for an item above it by 5–10 or > 10
// (a gap above of less than 5 gives nothing, and SPEC's "above by 5 → 600" would overlap the 5–10
// band, so the example leaves it out); commission cuts of 5 %, 20 % and 50 % for the 1st, 2nd
// and 3rd substantiated complaint of a month.
func ExampleRules() Rules {
	return Rules{
		RedLineFineFen: FromYuan(500),
		BelowNational: []Band{
			{From: 0, To: 4.99, ManagerFen: FromYuan(300), OwnerFen: FromYuan(300)},
			{From: 5, To: 10, ManagerFen: FromYuan(500), OwnerFen: FromYuan(500)},
			{From: 10.01, ManagerFen: FromYuan(1000), OwnerFen: FromYuan(1000)},
		},
		AboveNational: []Band{
			{From: 5, To: 10, RewardFen: FromYuan(1000)},
			{From: 10.01, RewardFen: FromYuan(2000)},
		},
		ComplaintCuts: []float64{5, 20, 50},
	}
}

// hundredths is a number of points in hundredths of a point, in which gaps and bands compare
// exactly.
func hundredths(points float64) int64 { return int64(math.Round(points * 100)) }

// covers reports whether a gap, in hundredths of a point, falls in the band.
func (b Band) covers(gap int64) bool {
	return gap >= hundredths(b.From) && (b.To == 0 || gap <= hundredths(b.To))
}

// bandOf is the band covering a gap in hundredths of a point.
func bandOf(bands []Band, gap int64) (Band, bool) {
	for _, b := range bands {
		if b.covers(gap) {
			return b, true
		}
	}
	return Band{}, false
}

// cutOf is the commission cut, in percent, of a person's nth complaint of a month (n from 1):
// the last cut repeats for every complaint after it.
func (r Rules) cutOf(n int) float64 {
	if len(r.ComplaintCuts) == 0 {
		return 0
	}
	return r.ComplaintCuts[min(n, len(r.ComplaintCuts))-1]
}

// Validate checks the rules, with a message key per field: amounts not negative, percentages
// from 0 to 100, bands that go upwards and do not overlap. A band's fields are named
// "below_national.<i>.<field>" and a cut's "complaint_cuts.<i>".
func (r Rules) Validate() error {
	fields := map[string]string{}
	if r.RedLineFineFen < 0 {
		fields["red_line_fine_fen"] = "incentives.amount_negative"
	}
	checkBands(fields, "below_national", r.BelowNational)
	checkBands(fields, "above_national", r.AboveNational)
	for i, p := range r.ComplaintCuts {
		if p < 0 || p > 100 || math.IsNaN(p) {
			fields[fmt.Sprintf("complaint_cuts.%d", i)] = "incentives.percent_range"
		}
	}
	if len(fields) > 0 {
		return apperr.Fields(fields)
	}
	return nil
}

// checkBands adds to fields the errors of a list of bands.
func checkBands(fields map[string]string, name string, bands []Band) {
	for i, b := range bands {
		at := func(f string) string { return fmt.Sprintf("%s.%d.%s", name, i, f) }
		for f, v := range map[string]Fen{"manager_fen": b.ManagerFen, "owner_fen": b.OwnerFen, "reward_fen": b.RewardFen} {
			if v < 0 {
				fields[at(f)] = "incentives.amount_negative"
			}
		}
		switch {
		case b.From < 0 || b.To < 0 || math.IsNaN(b.From) || math.IsNaN(b.To):
			fields[at("from")] = "incentives.band_negative"
		case b.To != 0 && hundredths(b.To) < hundredths(b.From):
			fields[at("to")] = "incentives.band_backwards"
		case overlaps(bands[:i], b):
			fields[at("from")] = "incentives.band_overlap"
		}
	}
}

// overlaps reports whether b shares a gap with one of the bands.
func overlaps(bands []Band, b Band) bool {
	return slices.ContainsFunc(bands, func(o Band) bool {
		return (o.To == 0 || hundredths(b.From) <= hundredths(o.To)) && (b.To == 0 || hundredths(o.From) <= hundredths(b.To))
	})
}

// firstOfMonth reports whether t is the first day of a month, at midnight.
func firstOfMonth(t time.Time) bool {
	return t.Day() == 1 && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}
