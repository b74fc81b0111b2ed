package scores

import (
	"math"
	"testing"

	"github.com/csidesk/csidesk/internal/surveys"
)

func ptr(v int) *int { return &v }

func TestPoints(t *testing.T) {
	tests := []struct {
		scale surveys.Scale
		value *int
		want  float64
		ok    bool
	}{
		{surveys.Five, ptr(1), 20, true},
		{surveys.Five, ptr(4), 80, true},
		{surveys.Five, ptr(5), 100, true},
		{surveys.Ten, ptr(7), 70, true},
		{surveys.Ten, ptr(10), 100, true},
		{surveys.YesNo, ptr(1), 100, true},
		{surveys.YesNo, ptr(0), 0, true},
		{surveys.Five, nil, 0, false},
		{surveys.Five, ptr(0), 0, false},
		{surveys.Five, ptr(6), 0, false},
		{surveys.Ten, ptr(11), 0, false},
		{surveys.YesNo, ptr(2), 0, false},
		{surveys.Text, ptr(3), 0, false},
	}
	for _, tt := range tests {
		got, ok := Points(tt.scale, tt.value)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Points(%s, %v)=%v,%v, want %v,%v", tt.scale, tt.value, got, ok, tt.want, tt.ok)
		}
	}
}

func TestWeighted(t *testing.T) {
	tests := []struct {
		name string
		in   []Scored
		want float64
		ok   bool
	}{
		// (1×80 + 2×100 + 1.5×60) / 4.5 = 370 / 4.5
		{"weighted mean", []Scored{{1, 80}, {2, 100}, {1.5, 60}}, 370.0 / 4.5, true},
		{"zero weight counts for nothing", []Scored{{1, 80}, {0, 0}}, 80, true},
		{"all at 100", []Scored{{1, 100}, {3, 100}}, 100, true},
		{"nothing scored", nil, 0, false},
		{"only zero weights", []Scored{{0, 40}}, 0, false},
	}
	for _, tt := range tests {
		got, ok := Weighted(tt.in)
		if math.Abs(got-tt.want) > 1e-9 || ok != tt.ok {
			t.Errorf("%s: Weighted=%v,%v, want %v,%v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
