package complaints

import (
	"testing"

	"github.com/csidesk/csidesk/internal/complaints/call"
)

// TestTopicOf: an item's name tells its default category, the more telling word first.
func TestTopicOf(t *testing.T) {
	tests := []struct{ zh, en, want string }{
		{"销售顾问的服务态度", "Sales consultant's attitude", "服务态度"},
		{"销售顾问介绍车辆配置和价格的过程", "", "价格收费"},
		{"维修保养所用的时间", "How long the work took", "等待时间"},
		{"维修保养是否一次就做好了", "Was the work done right first time", "维修质量"},
		{"", "Availability of parts", "配件"},
		{"总体满意度", "Overall satisfaction", ""},
	}
	for _, tt := range tests {
		if got := topicOf(call.LowAnswer{NameZH: tt.zh, NameEN: tt.en}); got != tt.want {
			t.Errorf("topicOf(%q, %q)=%q, want %q", tt.zh, tt.en, got, tt.want)
		}
	}
}
