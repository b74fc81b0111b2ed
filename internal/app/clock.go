package app

import (
	"sync/atomic"
	"time"
)

// Clock is the one clock every service of the application reads. It tells the wall time unless
// a test has set another.
type Clock struct {
	now atomic.Pointer[func() time.Time]
}

// Now is the time.
func (c *Clock) Now() time.Time {
	if f := c.now.Load(); f != nil {
		return (*f)()
	}
	return time.Now()
}

// Set makes now the clock's time; tests move it.
func (c *Clock) Set(now func() time.Time) { c.now.Store(&now) }
