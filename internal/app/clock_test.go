package app

import (
	"testing"
	"time"
)

// TestClock: the wall time until a test sets another, which every reader then sees.
func TestClock(t *testing.T) {
	var c Clock
	if d := time.Since(c.Now()); d < 0 || d > time.Minute {
		t.Errorf("Now=%v, want the wall time", c.Now())
	}
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	c.Set(func() time.Time { return at })
	if got := c.Now(); !got.Equal(at) {
		t.Errorf("Now=%v, want %v", got, at)
	}
}
