package scores

import "testing"

func TestSample_Valid(t *testing.T) {
	tests := []struct {
		required, reached, completed int
		want                         bool
	}{
		{100, 50, 30, true},  // exactly 50 % reached and 60 % of them completed
		{100, 49, 49, false}, // too few reached
		{100, 80, 47, false}, // 58.75 % of reached completed
		{100, 80, 48, true},  // 60 %
		{10, 10, 10, true},   // everyone
		{0, 0, 0, false},     // nothing required: no sample
		{3, 2, 0, false},     // reached but none completed
	}
	for _, tt := range tests {
		s := Sample{Required: tt.required, Reached: tt.reached, Completed: tt.completed}
		if got := s.Valid(); got != tt.want {
			t.Errorf("Valid(%d required, %d reached, %d completed)=%v, want %v", tt.required, tt.reached, tt.completed, got, tt.want)
		}
	}
}
