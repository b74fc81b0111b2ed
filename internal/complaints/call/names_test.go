package call

import (
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/csidesk/csidesk/internal/surveys"
)

// TestItemName_Defaults: every scored item of the default questionnaires gets a short name in
// both languages, within a phone's line, told apart from the others of its questionnaire; the
// names say what the item asks about.
func TestItemName_Defaults(t *testing.T) {
	for _, tpl := range surveys.Defaults() {
		var seenZH, seenEN []string
		for _, it := range tpl.Items {
			if it.Scale == surveys.Text {
				continue
			}
			zh, en := ItemName(it.TextZH, it.TextEN, it.Element)
			switch {
			case zh == "" || en == "":
				t.Errorf("%s item %d: names %q, %q, want both", tpl.Kind, it.Position, zh, en)
			case utf8.RuneCountInString(zh) > maxNameZH || len(en) > maxNameEN+len("…"):
				t.Errorf("%s item %d: names %q, %q, want at most %d and %d characters", tpl.Kind, it.Position, zh, en, maxNameZH, maxNameEN)
			case slices.Contains(seenZH, zh) || slices.Contains(seenEN, en):
				t.Errorf("%s item %d: names %q, %q, already given to another item", tpl.Kind, it.Position, zh, en)
			}
			seenZH, seenEN = append(seenZH, zh), append(seenEN, en)
		}
	}
}

func TestItemName(t *testing.T) {
	tests := []struct {
		zh, en  string
		element surveys.Element
		wantZH  string
		wantEN  string
	}{
		{"请问您对销售顾问的服务态度是否满意？比如是否热情、耐心。按 1 到 5 分，您给几分？",
			"How satisfied were you with your sales consultant's attitude — were they warm? On the 1-to-5 scale, what would you give?",
			surveys.PerceivedQuality, "销售顾问的服务态度", "Sales consultant's attitude"},
		{"（本次没有钣金喷漆项目则跳过）请问您对这次钣金喷漆的质量是否满意？", "(Skip if there was no body or paint work.) How satisfied were you with the body and paint work — does the colour match?",
			surveys.PerceivedQuality, "钣金喷漆的质量", "Body and paint work"},
		{"请问这次的维修保养是否一次就做好了，车开回去以后一切正常？", "Was the work done right first time — has the car been running normally?",
			surveys.PerceivedQuality, "维修保养是否一次就做好了", "Was the work done right first time"},
		{"总体来说，您对这次服务是否满意？", "Overall, how satisfied are you?", surveys.Satisfaction, "总体满意度", "Overall satisfaction"},
		{"服务顾问是否在承诺的时间内交车并主动解释了结算单上的每一项费用以及后续保养建议？", "", surveys.PerceivedValue,
			"服务顾问是否在承诺的时间内交车…", ""},
	}
	for _, tt := range tests {
		zh, en := ItemName(tt.zh, tt.en, tt.element)
		if zh != tt.wantZH || en != tt.wantEN {
			t.Errorf("ItemName(%.30q…)=%q, %q, want %q, %q", tt.zh, zh, en, tt.wantZH, tt.wantEN)
		}
	}
}
