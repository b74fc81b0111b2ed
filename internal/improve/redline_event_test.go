package improve_test

import (
	"context"
	"testing"

	"github.com/csidesk/csidesk/internal/testkit"
)

// TestOpenRedLines_EventApart: the event survey is reported apart from CSI and SSI, so its
// figure below the line opens no improvement action.
func TestOpenRedLines_EventApart(t *testing.T) {
	f := newFixture(t)
	f.rollup(f.after, "event", "month", "2026-11-01", 60, 9)
	n, err := f.svc.OpenRedLines(context.Background(), f.tenantID)
	testkit.Must(t, err)
	if n != 0 || f.count(`SELECT count(*) FROM improvement_actions WHERE tenant_id = $1`) != 0 {
		t.Errorf("opened=%d, want none for the event survey's figure", n)
	}
}
