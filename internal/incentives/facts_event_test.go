package incentives_test

import (
	"testing"
)

// TestService_Statement_EventApart: the event survey is reported apart from CSI and SSI, so
// the after-sales department's event figure far below the line costs its manager nothing.
func TestService_Statement_EventApart(t *testing.T) {
	f := newFixture(t)
	f.exec(`INSERT INTO score_rollups (tenant_id, store_id, department_id, kind, period, period_start, weight_sum, points_sum, surveys)
		VALUES ($1, $2, $3, 'event', 'month', $4, 90, 5400, 9)`, f.tenantID, f.store.ID, f.after, month(2026, 11))
	if st := f.statement(month(2026, 11)); len(st.Lines) != 0 {
		t.Errorf("Lines=%v, want none from the event survey's figure of 60", summary(st.Lines))
	}
}
