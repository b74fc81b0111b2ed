package surveys

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/orders"
)

// MaxNameWidth is how wide a short name may be, in columns where a Chinese character takes two:
// 12 Chinese or 24 Latin characters, so that a name fits a report's column and a phone's line.
const MaxNameWidth = 24

// Normalize trims an item's texts and names, and lists its work types once each in their
// usual order.
func (it *Item) Normalize() {
	it.TextZH, it.TextEN = strings.TrimSpace(it.TextZH), strings.TrimSpace(it.TextEN)
	it.NameZH, it.NameEN = strings.TrimSpace(it.NameZH), strings.TrimSpace(it.NameEN)
	var types []string
	for _, w := range orders.WorkTypes {
		if slices.Contains(it.WorkTypes, w) {
			types = append(types, w)
		}
	}
	for _, w := range it.WorkTypes {
		if !slices.Contains(orders.WorkTypes, w) {
			types = append(types, w) // refused by Validate
		}
	}
	it.WorkTypes = types
}

// Validate checks an item of a questionnaire of kind k as a questionnaire editor entered it.
func (it *Item) Validate(k Kind) error {
	errs := map[string]string{}
	for field, text := range map[string]string{"text_zh": it.TextZH, "text_en": it.TextEN} {
		switch {
		case text == "":
			errs[field] = "validation.required"
		case utf8.RuneCountInString(text) > 500:
			errs[field] = "validation.too_long"
		}
	}
	for field, name := range map[string]string{"name_zh": it.NameZH, "name_en": it.NameEN} {
		switch {
		case name == "":
			errs[field] = "validation.required"
		case NameWidth(name) > MaxNameWidth:
			errs[field] = "validation.name_width"
		}
	}
	if !slices.Contains(Scales, it.Scale) {
		errs["scale"] = "validation.choice"
	}
	switch {
	case it.Weight < 0 || it.Weight > 100:
		errs["weight"] = "validation.weight"
	case it.Scale == Text && it.Weight != 0:
		errs["weight"] = "validation.text_weight"
	}
	if it.Element != NoElement && !slices.Contains(Elements, it.Element) {
		errs["element"] = "validation.choice"
	}
	if it.DepartmentID == 0 {
		errs["department_id"] = "validation.required"
	}
	if msg := workTypesProblem(k, it.WorkTypes); msg != "" {
		errs["work_types"] = msg
	}
	if len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return nil
}

// workTypesProblem says what is wrong with an item's work types: only a CSI item, asked after
// a service order, may depend on the order's work.
func workTypesProblem(k Kind, types []string) string {
	switch {
	case len(types) > 0 && k != CSI:
		return "validation.work_types_csi"
	case slices.ContainsFunc(types, func(w string) bool { return !slices.Contains(orders.WorkTypes, w) }):
		return "validation.choice"
	}
	return ""
}

// NameWidth is how many columns a name takes: two for a Chinese (wide) character, one for
// any other.
func NameWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// AppliesTo says whether the item is asked about a service order of work type ("" when the
// call is about no order): an item without work types always is, one with work types only
// when the order's work is one of them.
func (it Item) AppliesTo(workType string) bool {
	return len(it.WorkTypes) == 0 || slices.Contains(it.WorkTypes, workType)
}

// For is the questionnaire as asked about a service order of work type ("" for a call about no
// order), and the items skipped since they do not apply to it.
func (q Questionnaire) For(workType string) (Questionnaire, []Item) {
	var asked, skipped []Item
	for _, it := range q.Items {
		if it.AppliesTo(workType) {
			asked = append(asked, it)
		} else {
			skipped = append(skipped, it)
		}
	}
	q.Items = asked
	return q, skipped
}

// staleAfter is the language whose text may be out of date once an item's texts change from
// old to upd: the other language's, when one language's text changed alone; none when both
// changed, or when the language marked out of date is the one that changed; else as it was.
func staleAfter(old, upd Item) Lang {
	zh, en := old.TextZH != upd.TextZH, old.TextEN != upd.TextEN
	switch {
	case zh && en:
		return NoLang
	case zh && old.Stale == ZH, en && old.Stale == EN:
		return NoLang
	case zh:
		return EN
	case en:
		return ZH
	}
	return old.Stale
}

// agentRemark matches a remark for the agent in brackets at the start or the end of an item's
// text: "（客户未试驾则跳过）…", "… (If the answer is no, note the details.)".
var agentRemark = regexp.MustCompile(`^\s*[（(][^（()）]*[）)]\s*|\s*[（(][^（()）]*[）)]\s*$`)

// Written is an item's text as the customer reads it on a survey link's page: without the
// remarks in brackets, at its start or end, that tell the agent what to do.
func Written(text string) string {
	return strings.TrimSpace(agentRemark.ReplaceAllString(text, ""))
}
