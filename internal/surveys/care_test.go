package surveys

import (
	"slices"
	"strings"
	"testing"
)

// careTemplates are the scripts of calls without a survey as templates without items, so that
// the checks of the default texts cover them too.
func careTemplates() []Template {
	var out []Template
	for _, o := range Occasions {
		out = append(out, Template{Kind: Kind(o), Sections: CareScript(o)})
	}
	return out
}

// TestCareScript: every occasion has a full script of its own that asks no scored question, and
// names what the call is about.
func TestCareScript(t *testing.T) {
	need := map[Occasion][]string{
		Birthday:    {"生日快乐", "happy birthday", "{customer}"},
		ThankYou:    {"{date}", "{order_no}", "{advisor}", "{vehicle}"},
		ServiceCare: {"{date}", "{order_no}", "{work}", "{advisor}"},
	}
	seen := map[string]Occasion{}
	for _, o := range Occasions {
		secs := CareScript(o)
		var kinds []SectionKind
		for _, s := range secs {
			kinds = append(kinds, s.Kind)
		}
		if !slices.Equal(kinds, SectionKinds) {
			t.Errorf("%v sections=%v, want %v", o, kinds, SectionKinds)
		}
		if err := checkSections(secs); err != nil {
			t.Errorf("%v checkSections=%v, want nil", o, err)
		}
		all := secs[0].TextZH + secs[1].TextZH + secs[0].TextEN + secs[1].TextEN
		for _, w := range need[o] {
			if !strings.Contains(strings.ToLower(all), w) {
				t.Errorf("%v greeting and identity check lack %q, want it", o, w)
			}
		}
		if strings.Contains(all, "1 到 5") || strings.Contains(all, "1 to 5") {
			t.Errorf("%v script asks for a score, want no survey's scale", o)
		}
		if other, ok := seen[secs[1].TextZH]; ok {
			t.Errorf("%v identity check is %v's, want its own", o, other)
		}
		seen[secs[1].TextZH] = o
	}
}

// TestDefaults_NameTheOrder: the survey scripts name the order or delivery with its number and
// advisor, and address the customer without a "Mr/Ms" of their own.
func TestDefaults_NameTheOrder(t *testing.T) {
	for _, tpl := range Defaults() {
		if tpl.Kind == Event {
			continue // about a complaint, with no order or delivery to name (TestDefaults_Sections)
		}
		id := tpl.Sections[1]
		for _, p := range []string{"{order_no}", "{advisor}", "{date}"} {
			if !strings.Contains(id.TextZH, p) || !strings.Contains(id.TextEN, p) {
				t.Errorf("%v identity check lacks %v in a language, want it in both", tpl.Kind, p)
			}
		}
		if strings.Contains(id.TextZH, "先生/女士") || strings.Contains(id.TextEN, "Mr/Ms") {
			t.Errorf("%v identity check says Mr/Ms itself, want {customer} to address the customer", tpl.Kind)
		}
	}
}
