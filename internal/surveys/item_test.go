package surveys

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/csidesk/csidesk/internal/apperr"
)

// TestDefaults_Names: every default item has a short name in each language, in that language,
// within the width a name may have, told apart from the others of its questionnaire.
func TestDefaults_Names(t *testing.T) {
	for _, tpl := range Defaults() {
		var seen []string
		for _, it := range tpl.Items {
			han := func(s string) bool {
				return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
			}
			switch {
			case !han(it.NameZH) || han(it.NameEN):
				t.Errorf("%v item %d: names %q, %q, want Chinese then English", tpl.Kind, it.Position, it.NameZH, it.NameEN)
			case NameWidth(it.NameZH) > MaxNameWidth || NameWidth(it.NameEN) > MaxNameWidth:
				t.Errorf("%v item %d: names %q, %q, want at most %d columns", tpl.Kind, it.Position, it.NameZH, it.NameEN, MaxNameWidth)
			case slices.Contains(seen, it.NameZH) || slices.Contains(seen, it.NameEN):
				t.Errorf("%v item %d: names %q, %q, already given to another item", tpl.Kind, it.Position, it.NameZH, it.NameEN)
			}
			seen = append(seen, it.NameZH, it.NameEN)
		}
	}
}

// TestDefaults_Conditional: the CSI body and paint item is asked after body and paint work only,
// without the instruction to skip it that the condition replaces; no SSI item has a condition.
func TestDefaults_Conditional(t *testing.T) {
	ssi, csi := Defaults()[0], Defaults()[1]
	if has(ssi, func(it Item) bool { return len(it.WorkTypes) > 0 }) {
		t.Errorf("an SSI item has work types, want none")
	}
	i := slices.IndexFunc(csi.Items, func(it Item) bool { return it.NameZH == "钣喷质量" })
	if i < 0 {
		t.Fatalf("no CSI body and paint item")
	}
	it := csi.Items[i]
	if !slices.Equal(it.WorkTypes, []string{"body_paint"}) || strings.Contains(it.TextZH, "跳过") || strings.Contains(it.TextEN, "Skip") {
		t.Errorf("body and paint item: work types %v, text %.20q…, want body_paint and no instruction to skip", it.WorkTypes, it.TextZH)
	}
	if it.AppliesTo("maintenance") || !it.AppliesTo("body_paint") || !csi.Items[0].AppliesTo("maintenance") {
		t.Errorf("AppliesTo: want the body and paint item after body and paint work only, the others always")
	}
	q, skipped := Questionnaire{Items: csi.Items}.For("maintenance")
	if len(q.Items) != len(csi.Items)-1 || len(skipped) != 1 || skipped[0].NameZH != "钣喷质量" {
		t.Errorf("For(maintenance)=%d asked, skipped %v, want all but the body and paint item", len(q.Items), skipped)
	}
}

func TestNameWidth(t *testing.T) {
	for s, want := range map[string]int{"服务态度": 8, "Advisor's manner": 16, "4S店": 4, "（一）": 6, "": 0} {
		if got := NameWidth(s); got != want {
			t.Errorf("NameWidth(%q)=%d, want %d", s, got, want)
		}
	}
}

func TestItem_Validate(t *testing.T) {
	ok := Item{NameZH: "服务态度", NameEN: "Advisor's manner", TextZH: "问题", TextEN: "Question", Scale: Five, Weight: 1, DepartmentID: 1}
	tests := []struct {
		name  string
		kind  Kind
		edit  func(*Item)
		field string
		msg   string
	}{
		{"OK", CSI, func(*Item) {}, "", ""},
		{"OKWorkTypes", CSI, func(it *Item) { it.WorkTypes = []string{"repair", "body_paint", "repair"} }, "", ""},
		{"ErrNoName", CSI, func(it *Item) { it.NameEN = "  " }, "name_en", "validation.required"},
		{"ErrNameWidth", CSI, func(it *Item) { it.NameZH = "服务顾问的服务态度与讲解说明" }, "name_zh", "validation.name_width"},
		{"ErrNameWidthLatin", CSI, func(it *Item) { it.NameEN = "The service advisor's manner" }, "name_en", "validation.name_width"},
		{"ErrWorkTypeUnknown", CSI, func(it *Item) { it.WorkTypes = []string{"car_wash"} }, "work_types", "validation.choice"},
		{"ErrWorkTypesOnSSI", SSI, func(it *Item) { it.WorkTypes = []string{"maintenance"} }, "work_types", "validation.work_types_csi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := ok
			tt.edit(&it)
			it.Normalize()
			err := it.Validate(tt.kind)
			e, _ := apperr.As(err)
			switch {
			case tt.field == "" && err != nil:
				t.Errorf("Validate=%v, want nil", err)
			case tt.field != "" && (e == nil || e.Fields[tt.field] != tt.msg):
				t.Errorf("Validate=%v, want %s at %s", err, tt.msg, tt.field)
			}
		})
	}
}

// TestStaleAfter: one language's text changed alone leaves the other's out of date; changing
// that one, or both, brings them back in step; other changes keep the mark as it was.
func TestStaleAfter(t *testing.T) {
	base := Item{TextZH: "旧", TextEN: "Old"}
	tests := []struct {
		name   string
		stale  Lang
		zh, en string
		want   Lang
	}{
		{"ChineseAlone", NoLang, "新", "Old", EN},
		{"EnglishAlone", NoLang, "旧", "New", ZH},
		{"Both", EN, "新", "New", NoLang},
		{"StaleEnglishSaved", EN, "旧", "New", NoLang},
		{"StaleChineseSaved", ZH, "新", "Old", NoLang},
		{"ChineseAgain", EN, "新", "Old", EN},
		{"Neither", EN, "旧", "Old", EN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := base
			old.Stale = tt.stale
			if got := staleAfter(old, Item{TextZH: tt.zh, TextEN: tt.en}); got != tt.want {
				t.Errorf("staleAfter=%q, want %q", got, tt.want)
			}
		})
	}
}

func TestWritten(t *testing.T) {
	for in, want := range map[string]string{
		"（客户未试驾则跳过）请问您对试乘试驾是否满意？":                                       "请问您对试乘试驾是否满意？",
		"请问这次是否一次修好？（客户回答“否”时，询问具体问题并记录）":                               "请问这次是否一次修好？",
		"Was it done right first time? (If the answer is no, note it.)": "Was it done right first time?",
		"(Skip if no parts were replaced.) How were the parts?":         "How were the parts?",
		"How was the service (the car wash included) on the day?":       "How was the service (the car wash included) on the day?",
	} {
		if got := Written(in); got != want {
			t.Errorf("Written(%q)=%q, want %q", in, got, want)
		}
	}
}
