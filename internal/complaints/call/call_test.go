package call

import (
	"testing"

	"github.com/csidesk/csidesk/internal/surveys"
)

// TestNewLowAnswer: a low answer is named by its item's short name, in both languages.
func TestNewLowAnswer(t *testing.T) {
	it := surveys.Item{ID: 7, NameZH: "服务态度", NameEN: "Advisor's manner", TextZH: "请问您对服务顾问的服务态度是否满意？",
		Scale: surveys.Five, DepartmentID: 3}
	a := NewLowAnswer(it, 2, 40)
	if a.NameZH != "服务态度" || a.NameEN != "Advisor's manner" || a.ItemID != 7 || a.Value != 2 || a.Points != 40 || a.DepartmentID != 3 {
		t.Errorf("NewLowAnswer=%+v, want the item's short names, its answer and department", a)
	}
}
