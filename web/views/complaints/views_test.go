package complaints

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/complaints/call"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/surveys"
)

// TestLowAnswer_EveryScaleAndLanguage: every answer a low item may hold reads as its item's
// short name and a label in the reader's language, never as a catalog key, and never in the
// other language.
func TestLowAnswer_EveryScaleAndLanguage(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	values := map[surveys.Scale][]int{surveys.Five: {1, 2, 3, 4, 5}, surveys.Ten: {1, 4, 10}, surveys.YesNo: {0, 1}}
	want := map[string]map[string]string{
		"zh-CN": {"five1": "服务态度：1 分 · 非常不满意", "yes_no0": "服务态度：否", "ten4": "服务态度：4 分（满分 10 分）"},
		"en":    {"five1": "Staff attitude: 1 of 5 · very dissatisfied", "yes_no0": "Staff attitude: No", "ten4": "Staff attitude: 4 of 10"},
	}
	for _, lang := range i18n.Languages {
		ctx := i18n.With(context.Background(), bundle.Localizer(lang))
		for scale, vs := range values {
			for _, v := range vs {
				got := lowAnswer(ctx, call.LowAnswer{NameZH: "服务态度", NameEN: "Staff attitude", Scale: scale, Value: v})
				switch w, ok := want[lang][fmt.Sprint(scale, v)]; {
				case strings.Contains(got, "complaints."):
					t.Errorf("%s %s %d: %q, want a label, not a key", lang, scale, v, got)
				case ok && got != w:
					t.Errorf("%s %s %d: %q, want %q", lang, scale, v, got, w)
				case lang == "en" && strings.Contains(got, "服务"), lang == "zh-CN" && strings.Contains(got, "Staff"):
					t.Errorf("%s %s %d: %q, want the reader's language only", lang, scale, v, got)
				}
			}
		}
	}
}
