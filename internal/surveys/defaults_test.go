package surveys

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// text is one text of a template, named for failure messages.
type text struct {
	where string
	zh    bool
	s     string
}

// texts lists every text of a template, items first.
func texts(tpl Template) []text {
	var out []text
	for _, it := range tpl.Items {
		w := fmt.Sprintf("%v item %d", tpl.Kind, it.Position)
		out = append(out, text{w, true, it.TextZH}, text{w, false, it.TextEN})
	}
	for _, s := range tpl.Sections {
		w := fmt.Sprintf("%v section %v", tpl.Kind, s.Kind)
		out = append(out, text{w, true, s.TextZH}, text{w, false, s.TextEN})
	}
	return out
}

// maxRunes is the length limit of an item's or a section's text, as the editor and the
// database enforce it.
func maxRunes(where string) int {
	if strings.Contains(where, " item ") {
		return 500
	}
	return 2000
}

// has reports whether any item of a template satisfies f.
func has(tpl Template, f func(Item) bool) bool { return slices.ContainsFunc(tpl.Items, f) }

// itemRange is how many items a default questionnaire of each kind has: the event survey,
// after a complaint the customer already gave time to, is short.
var itemRange = map[Kind][2]int{SSI: {10, 13}, CSI: {10, 13}, Event: {5, 8}}

func TestDefaults_Validate(t *testing.T) {
	ds := Defaults()
	if !slices.Equal(kindsOf(ds), Kinds) {
		t.Fatalf("Defaults kinds=%v, want %v", kindsOf(ds), Kinds)
	}
	for _, tpl := range ds {
		if err := tpl.Validate(); err != nil {
			t.Errorf("%v Validate=%v, want nil", tpl.Kind, err)
		}
		if n, r := len(tpl.Items), itemRange[tpl.Kind]; n < r[0] || n > r[1] {
			t.Errorf("%v items=%v, want %v to %v", tpl.Kind, n, r[0], r[1])
		}
	}
}

// kindsOf lists the kinds of the templates.
func kindsOf(ts []Template) []Kind {
	var ks []Kind
	for _, t := range ts {
		ks = append(ks, t.Kind)
	}
	return ks
}

func TestDefaults_Items(t *testing.T) {
	ds := Defaults()
	ssi, csi, event := ds[0], ds[1], ds[2]
	checks := []struct {
		name string
		tpl  Template
		f    func(Item) bool
	}{
		{"ssi loyalty on ten", ssi, func(it Item) bool { return it.Element == Loyalty && it.Scale == Ten }},
		{"ssi complaint yes/no", ssi, func(it Item) bool { return it.Element == Complaint && it.Scale == YesNo }},
		{"ssi free text", ssi, func(it Item) bool { return it.Scale == Text }},
		{"ssi accessories", ssi, func(it Item) bool { return it.DeptKind == tenancy.Accessories }},
		{"csi mechanical", csi, func(it Item) bool { return it.DeptKind == tenancy.Mechanical }},
		{"csi body and paint", csi, func(it Item) bool { return it.DeptKind == tenancy.BodyPaint }},
		{"csi parts", csi, func(it Item) bool { return it.DeptKind == tenancy.Parts }},
		{"csi perceived value", csi, func(it Item) bool { return it.Element == PerceivedValue }},
		{"csi satisfaction", csi, func(it Item) bool { return it.Element == Satisfaction }},
		{"csi loyalty on ten", csi, func(it Item) bool { return it.Element == Loyalty && it.Scale == Ten }},
		{"csi complaint yes/no", csi, func(it Item) bool { return it.Element == Complaint && it.Scale == YesNo }},
		{"csi free text", csi, func(it Item) bool { return it.Scale == Text }},
		{"event timeliness", event, func(it Item) bool { return it.NameZH == "处理及时性" && it.Mandatory }},
		{"event handler's attitude", event, func(it Item) bool { return it.NameZH == "处理人员态度" && it.Mandatory }},
		{"event outcome mandatory, weight 2", event, func(it Item) bool {
			return it.Element == Satisfaction && it.Mandatory && it.Weight == 2 && it.Scale == Five
		}},
		{"event solved yes/no mandatory", event, func(it Item) bool {
			return it.Element == Complaint && it.Scale == YesNo && it.Mandatory
		}},
		{"event loyalty on ten", event, func(it Item) bool { return it.Element == Loyalty && it.Scale == Ten }},
		{"event free text", event, func(it Item) bool { return it.Scale == Text }},
	}
	for _, c := range checks {
		if !has(c.tpl, c.f) {
			t.Errorf("%v: no such item, want one", c.name)
		}
	}
	if has(event, func(it Item) bool { return it.DeptKind != Event.HomeDepartment() }) {
		t.Errorf("event items not all for %v, want every one scored for it", Event.HomeDepartment())
	}
}

func TestDefaults_Optional(t *testing.T) {
	conditional := []tenancy.DepartmentKind{tenancy.Accessories, tenancy.BodyPaint, tenancy.Parts}
	for _, tpl := range Defaults() {
		mandatory := 0
		for _, it := range tpl.Items {
			if it.Mandatory {
				mandatory++
			}
			// an item for some customers only is optional, unless the call screen leaves it out
			// where it does not apply
			if it.Mandatory && (it.Scale == Text || slices.Contains(conditional, it.DeptKind) && len(it.WorkTypes) == 0) {
				t.Errorf("%v item %v (%v, %v) Mandatory=true, want false", tpl.Kind, it.Position, it.Scale, it.DeptKind)
			}
			if it.ID != 0 || it.DepartmentID != 0 {
				t.Errorf("%v item %v ID=%v DepartmentID=%v, want 0, 0", tpl.Kind, it.Position, it.ID, it.DepartmentID)
			}
		}
		if least := map[Kind]int{SSI: 6, CSI: 6, Event: 5}[tpl.Kind]; mandatory < least {
			t.Errorf("%v mandatory items=%v, want at least %v", tpl.Kind, mandatory, least)
		}
	}
}

func TestDefaults_Sections(t *testing.T) {
	for _, tpl := range Defaults() {
		var got []SectionKind
		for _, s := range tpl.Sections {
			got = append(got, s.Kind)
		}
		if !slices.Equal(got, SectionKinds) {
			t.Errorf("%v sections=%v, want %v", tpl.Kind, got, SectionKinds)
		}
		need := map[SectionKind][]string{Greeting: {"{store}", "{agent}"}, IdentityCheck: {"{customer}", "{date}"}}
		if tpl.Kind == Event {
			need[IdentityCheck] = []string{"{customer}"}
			eventFactsOnly(t, tpl)
		}
		for _, s := range tpl.Sections {
			for _, p := range need[s.Kind] {
				if !strings.Contains(s.TextZH, p) || !strings.Contains(s.TextEN, p) {
					t.Errorf("%v %v lacks %v in a language, want it in both", tpl.Kind, s.Kind, p)
				}
			}
		}
	}
}

// eventFactsOnly checks that the event survey's script names only the customer, the store and
// the agent: its call is about a complaint, with no order or delivery whose facts it could name.
func eventFactsOnly(t *testing.T, tpl Template) {
	t.Helper()
	placeholder := regexp.MustCompile(`\{[^{}]*\}`)
	for _, x := range texts(tpl) {
		for _, p := range placeholder.FindAllString(x.s, -1) {
			if !slices.Contains([]string{"{customer}", "{store}", "{agent}"}, p) {
				t.Errorf("%v zh=%v names %v, want only {customer}, {store} and {agent}", x.where, x.zh, p)
			}
		}
	}
}

func TestDefaults_Texts(t *testing.T) {
	placeholder := regexp.MustCompile(`\{[^{}]*\}`)
	for _, tpl := range append(Defaults(), careTemplates()...) {
		for _, x := range texts(tpl) {
			if blank(x.s) {
				t.Errorf("%v zh=%v text empty, want text", x.where, x.zh)
				continue
			}
			for _, p := range placeholder.FindAllString(x.s, -1) {
				if !slices.Contains(Placeholders, p) {
					t.Errorf("%v placeholder %v, want one of %v", x.where, p, Placeholders)
				}
			}
			if n, max := utf8.RuneCountInString(x.s), maxRunes(x.where); n > max {
				t.Errorf("%v zh=%v runes=%v, want at most %v (the editor's and the column's limit)", x.where, x.zh, n, max)
			}
			if strings.Count(x.s, "{") != strings.Count(x.s, "}") {
				t.Errorf("%v has unbalanced braces, want placeholders only", x.where)
			}
			if han := strings.ContainsFunc(x.s, func(r rune) bool { return unicode.Is(unicode.Han, r) }); han != x.zh {
				t.Errorf("%v zh=%v contains Chinese=%v, want %v", x.where, x.zh, han, x.zh)
			}
		}
	}
}

func TestDefaults_Fresh(t *testing.T) {
	a := Defaults()
	a[0].Items[0].TextZH = "changed"
	a[1].Sections[3].TextEN = "changed"
	b := Defaults()
	if b[0].Items[0].TextZH == "changed" {
		t.Errorf("second Defaults SSI item 1 TextZH=%q, want the original", b[0].Items[0].TextZH)
	}
	if b[1].Sections[3].TextEN == "changed" {
		t.Errorf("second Defaults CSI section %v TextEN=%q, want the original", b[1].Sections[3].Kind, b[1].Sections[3].TextEN)
	}
}

func TestTemplate_Validate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Template)
	}{
		{"ErrKind", func(t *Template) { t.Kind = "nps" }},
		{"ErrPosition", func(t *Template) { t.Items[1].Position = 3 }},
		{"ErrNoZH", func(t *Template) { t.Items[0].TextZH = " " }},
		{"ErrNoEN", func(t *Template) { t.Items[0].TextEN = "" }},
		{"ErrScale", func(t *Template) { t.Items[0].Scale = "seven" }},
		{"ErrNoWeight", func(t *Template) { t.Items[0].Weight = 0 }},
		{"ErrNegativeWeight", func(t *Template) { t.Items[0].Weight = -1 }},
		{"ErrTextWeight", func(t *Template) { t.Items[len(t.Items)-1].Weight = 1 }},
		{"ErrElement", func(t *Template) { t.Items[0].Element = "delight" }},
		{"ErrDeptKind", func(t *Template) { t.Items[0].DeptKind = "" }},
		{"ErrNoName", func(t *Template) { t.Items[0].NameZH = "" }},
		{"ErrNameWidth", func(t *Template) { t.Items[0].NameEN = "A name far too long for a column" }},
		{"ErrWorkTypesOnSSI", func(t *Template) { t.Items[0].WorkTypes = []string{"body_paint"} }},
		{"ErrSectionKind", func(t *Template) { t.Sections[0].Kind = "farewell" }},
		{"ErrSectionTwice", func(t *Template) { t.Sections[1].Kind = Greeting }},
		{"ErrSectionText", func(t *Template) { t.Sections[2].TextEN = "" }},
	}
	t.Run("OK", func(t *testing.T) {
		tpl := Defaults()[1]
		tpl.Sections = tpl.Sections[:3] // a script need not cover the awkward cases
		if err := tpl.Validate(); err != nil {
			t.Errorf("Validate=%v, want nil", err)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := Defaults()[0]
			tt.change(&tpl)
			err := tpl.Validate()
			if got := apperr.CodeOf(err); err == nil || got != apperr.Invalid {
				t.Errorf("Validate=%v (code %v), want code %v", err, got, apperr.Invalid)
			}
		})
	}
}
