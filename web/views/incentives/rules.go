package incentives

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/incentives"
	"github.com/csidesk/csidesk/web/views/components"
)

// RulesPage is the group's rule sets, newest version first, with the form of a new version.
type RulesPage struct {
	// InForce is the version in force this month; ID 0 when none is.
	InForce  incentives.RuleSet
	Versions []incentives.RuleSet
	Form     RulesForm
	Errs     components.Errors
	// Admin: the reader administers the group, and so decides whether its GMs may edit the rules.
	Admin bool
}

// RulesForm is a rule set as its form holds it: text as typed, amounts in yuan. Its fields are
// named as the rules' own (incentives.Rules.Validate), so that each message lands at its field.
type RulesForm struct {
	EffectiveMonth string // "2026-05"
	RedLineFine    string
	Below          []BandRow // gaps below the national average: a fine to the manager and the owner
	Above          []BandRow // gaps above it: a reward to the department
	Cuts           []string  // percent for the 1st, 2nd, 3rd… complaint
	Note           string
	GMsMayEdit     bool
}

// BandRow is a band of gaps as typed: From and To in points, amounts in yuan.
type BandRow struct {
	From, To, Manager, Owner, Reward string
}

// Blank reports whether nothing was typed in the row.
func (b BandRow) Blank() bool {
	return strings.TrimSpace(b.From+b.To+b.Manager+b.Owner+b.Reward) == ""
}

// FormOf is the form of rules to start a new version from, in force from month, with a blank
// row more of each list to add to it.
func FormOf(r incentives.Rules, month time.Time) RulesForm {
	f := RulesForm{EffectiveMonth: Month(month), RedLineFine: yuanField(r.RedLineFineFen), GMsMayEdit: r.GMsMayEdit}
	for _, b := range r.BelowNational {
		f.Below = append(f.Below, BandRow{From: points(b.From), To: toField(b.To), Manager: yuanField(b.ManagerFen), Owner: yuanField(b.OwnerFen)})
	}
	for _, b := range r.AboveNational {
		f.Above = append(f.Above, BandRow{From: points(b.From), To: toField(b.To), Reward: yuanField(b.RewardFen)})
	}
	for _, c := range r.ComplaintCuts {
		f.Cuts = append(f.Cuts, Percent(c))
	}
	return f.WithBlankRows()
}

// WithBlankRows is the form with one blank row at the end of each list, where a new band or cut
// is typed.
func (f RulesForm) WithBlankRows() RulesForm {
	if len(f.Below) == 0 || !f.Below[len(f.Below)-1].Blank() {
		f.Below = append(f.Below, BandRow{})
	}
	if len(f.Above) == 0 || !f.Above[len(f.Above)-1].Blank() {
		f.Above = append(f.Above, BandRow{})
	}
	if len(f.Cuts) == 0 || strings.TrimSpace(f.Cuts[len(f.Cuts)-1]) != "" {
		f.Cuts = append(f.Cuts, "")
	}
	return f
}

// yuanField writes an amount for a form: "500.00", empty for none.
func yuanField(f incentives.Fen) string {
	if f == 0 {
		return ""
	}
	return strings.ReplaceAll(f.Yuan(), ",", "")
}

// toField writes a band's upper end, empty for none.
func toField(to float64) string {
	if to == 0 {
		return ""
	}
	return points(to)
}

// bandName is the name of a band's field: "below_national.0.from".
func bandName(list string, i int, field string) string {
	return fmt.Sprintf("%s.%d.%s", list, i, field)
}

// cutName is the name of a complaint cut's field: "complaint_cuts.0".
func cutName(i int) string { return fmt.Sprintf("complaint_cuts.%d", i) }

// Summary says a rule set's rules on one line: the red-line fine, the bands and the cuts.
func Summary(ctx context.Context, r incentives.Rules) string {
	cuts := make([]string, len(r.ComplaintCuts))
	for i, c := range r.ComplaintCuts {
		cuts[i] = Percent(c) + " %"
	}
	return i18n.T(ctx, "incentives.summary", "Fine", r.RedLineFineFen.Yuan(), "Below", bands(ctx, r.BelowNational, true),
		"Above", bands(ctx, r.AboveNational, false), "Cuts", strings.Join(cuts, " / "))
}

// bands writes bands as "0–4.99: 300.00 / 300.00; 10.01+: …".
func bands(ctx context.Context, list []incentives.Band, below bool) string {
	if len(list) == 0 {
		return i18n.T(ctx, "incentives.none")
	}
	out := make([]string, len(list))
	for i, b := range list {
		span := points(b.From) + "–" + points(b.To)
		if b.To == 0 {
			span = points(b.From) + "+"
		}
		if below {
			out[i] = span + ": " + b.ManagerFen.Yuan() + " / " + b.OwnerFen.Yuan()
		} else {
			out[i] = span + ": " + b.RewardFen.Yuan()
		}
	}
	return strings.Join(out, "; ")
}
