package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/jobs"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestQueue_GeneratesTasksForEveryGroup: on start, the periodic job enqueues a generation per
// dealer group through tenant_ids(), and each group's due service order gets its survey task.
func TestQueue_GeneratesTasksForEveryGroup(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	svc := &followups.Service{DB: db.App, Now: time.Now, Cooldown: followups.DefaultCooldown}
	var tenants []int64
	for _, name := range []string{"瑞丰", "华星"} {
		tenantID, err := tenancy.CreateTenant(ctx, db.Owner, name)
		testkit.Must(t, err)
		st := tenancy.NewStore()
		st.Name = name + "一店"
		ts := &tenancy.Service{DB: db.App, OnNewStore: tenancy.Hooks{followups.ApplyDefaultRules}}
		testkit.Must(t, ts.CreateStore(ctx, tenantID, &st))
		closed := time.Now().Add(-30 * time.Hour)
		_, err = (&orders.Service{DB: db.App}).Load(ctx, tenantID, st.ID, orders.ServiceOrders, "api", orders.Each([]orders.Record{{
			OrderNo: "RO-1", CustomerName: "张伟", Phone: "13800000001", VIN: "LSVAG2180E2100001",
			WorkType: "maintenance", OpenedAt: closed.Add(-time.Hour), ClosedAt: &closed}}), false)
		testkit.Must(t, err)
		tenants = append(tenants, tenantID)
	}
	cs := &complaints.Service{DB: db.App, Now: time.Now, Notify: &notify.Service{}}
	q, err := jobs.New(db.App, jobs.Services{Followups: svc, Complaints: cs, Sender: notify.LogSender{}}, time.Minute,
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	testkit.Must(t, err)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	testkit.Must(t, q.Start(runCtx))
	defer q.Stop(ctx)
	for _, tenantID := range tenants {
		waitFor(t, func() bool {
			list, err := svc.Worklist(ctx, tenantID, followups.WorkFilter{Tab: followups.DueToday, Limit: 10})
			testkit.Must(t, err)
			return len(list.Items) == 1
		})
	}
}

// waitFor polls until ok holds, for up to ten seconds: the jobs run apart from the test.
func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for range 200 {
		if ok() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the background job did not do its work")
}
