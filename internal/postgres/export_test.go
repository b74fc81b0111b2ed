package postgres

import (
	"testing"
	"time"
)

// SetListenTimes shortens the listener's heartbeat and its wait for the server's answers until
// the test ends; no listener may run while they change.
func SetListenTimes(t testing.TB, beat, answer time.Duration) {
	oldBeat, oldAnswer := heartbeat, answerWithin
	heartbeat, answerWithin = beat, answer
	t.Cleanup(func() { heartbeat, answerWithin = oldBeat, oldAnswer })
}
