package incentives

import (
	"math"
	"slices"
	"time"
)

// booked is what a locked month already holds for one key: its approved line and the
// adjustments approved for it since, summed.
type booked struct {
	Line
	amount  Fen
	percent float64
}

// Adjustments are the lines that bring a locked month's booked lines (its approved lines and
// the adjustments later months approved for it) to what the month computes now, by key: a fact
// that no longer holds gives the opposite of what was booked, a new one its line, and a changed
// amount the difference. Each names the month it adjusts and what changed; an adjustment of a
// complaint line names the complaints that stopped (or started) counting.
func Adjustments(month time.Time, now, lines []Line) []Line {
	book, order := bookByKey(lines)
	was, is := complaintsByPerson(lines), complaintsByPerson(now)
	var out []Line
	seen := map[string]bool{}
	for _, n := range now {
		seen[n.Key] = true
		b, ok := book[n.Key]
		if !ok {
			b = &booked{}
		}
		change := ChangeAmount
		if !ok || b.empty() {
			change = ChangeAdded
		}
		if l, ok := difference(n, n.AmountFen-b.amount, n.Percent-b.percent, change); ok {
			out = append(out, named(l, month, is, was))
		}
	}
	for _, key := range order {
		b := book[key]
		if seen[key] {
			continue
		}
		if l, ok := difference(b.Line, -b.amount, -b.percent, ChangeRemoved); ok {
			out = append(out, named(l, month, was, is))
		}
	}
	return out
}

// bookByKey sums a locked month's lines by key, in the order the keys first appear.
func bookByKey(lines []Line) (map[string]*booked, []string) {
	book, order := map[string]*booked{}, []string(nil)
	for _, l := range lines {
		b, ok := book[l.Key]
		if !ok {
			b = &booked{Line: l}
			book[l.Key], order = b, append(order, l.Key)
		}
		b.amount += l.AmountFen
		b.percent += l.Percent
	}
	return book, order
}

// empty reports whether what is booked for a key sums to nothing: a fact already reversed.
func (b *booked) empty() bool { return b.amount == 0 && math.Abs(b.percent) < 1e-9 }

// difference is base carrying an amount and a percent as an adjustment for a change, and
// whether there is anything to adjust.
func difference(base Line, amount Fen, percent float64, change string) (Line, bool) {
	if amount == 0 && math.Abs(percent) < 1e-9 {
		return Line{}, false
	}
	base.AmountFen, base.Percent = amount, math.Round(percent*100)/100
	base.Cause.Changed = change
	return base, true
}

// named dates an adjustment and, for a complaint line, names the person's complaints that are
// in from but not in other: the voided ones of a reversal, the newly counted ones of an addition.
func named(l Line, month time.Time, from, other map[int64][]int64) Line {
	l.Adjusts = month
	if l.Kind != Complaint {
		return l
	}
	var ids []int64
	for _, id := range from[l.UserID] {
		if !slices.Contains(other[l.UserID], id) {
			ids = append(ids, id)
		}
	}
	if len(ids) > 0 {
		l.Cause.ComplaintIDs = ids
	}
	return l
}

// complaintsByPerson are the complaints the lines count against each person.
func complaintsByPerson(lines []Line) map[int64][]int64 {
	out := map[int64][]int64{}
	for _, l := range lines {
		if l.Kind == Complaint && l.Percent > 0 {
			out[l.UserID] = append(out[l.UserID], l.Cause.ComplaintIDs...)
		}
	}
	return out
}
