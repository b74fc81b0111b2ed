package layout_test

import (
	"testing"

	"github.com/csidesk/csidesk/web/views/layout"
)

func TestCountText(t *testing.T) {
	tests := []struct {
		n, limit int
		want     string
	}{{0, 1000, "0"}, {999, 1000, "999"}, {1000, 1000, "999+"}, {99, 100, "99"}, {100, 100, "99+"}, {51, 51, "50+"}}
	for _, tt := range tests {
		if got := layout.CountText(tt.n, tt.limit); got != tt.want {
			t.Errorf("CountText(%d, %d)=%q, want %q", tt.n, tt.limit, got, tt.want)
		}
	}
}
