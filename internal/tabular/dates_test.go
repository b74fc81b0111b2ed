package tabular

import "testing"

func TestDateParts(t *testing.T) {
	tests := []struct {
		code  string
		date  bool
		clock bool
	}{
		{"General", false, false},
		{"@", false, false},
		{"0.00", false, false},
		{"0.00E+00", false, false},
		{`#,##0" 辆"`, false, false},
		{`_-* #,##0.00_-;\-* #,##0.00_-;_-* "-"??_-;_-@_-`, false, false},
		{"[Red]#,##0;[Blue]-#,##0", false, false},
		{"[$¥-804]#,##0.00", false, false},
		{`"days"0`, false, false},
		{"yyyy-mm-dd", true, false},
		{"yyyy/m/d;@", true, false},
		{"m/d/yyyy", true, false},
		{`yyyy"年"m"月"d"日"`, true, false},
		{"[$-F800]dddd, mmmm dd, yyyy", true, false},
		{"mmm-yy", true, false},
		{"mmmm", true, false},
		{"DD.MM.YYYY", true, false},
		{"yyyy-mm-dd hh:mm:ss", true, true},
		{"m/d/yy h:mm AM/PM", true, true},
		{"h:mm", false, true},
		{"hh:mm:ss AM/PM", false, true},
		{"mm:ss", false, true},
		{"[h]:mm:ss", false, true},
		{`h"时"mm"分"`, false, true},
		{`\d\a\y 0`, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			date, clock := dateParts(tt.code)
			if date != tt.date || clock != tt.clock {
				t.Errorf("dateParts=%v, %v, want %v, %v", date, clock, tt.date, tt.clock)
			}
		})
	}
}
