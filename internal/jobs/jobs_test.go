package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/i18n"
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
		_, err = (&orders.Service{DB: db.App}).Load(ctx, tenantID, st.ID, orders.ServiceOrders, "api", []orders.Record{{
			OrderNo: "RO-1", CustomerName: "张伟", Phone: "13800000001", VIN: "LSVAG2180E2100001",
			WorkType: "maintenance", OpenedAt: closed.Add(-time.Hour), ClosedAt: &closed}}, false)
		testkit.Must(t, err)
		tenants = append(tenants, tenantID)
	}
	cs := &complaints.Service{DB: db.App, Now: time.Now, Notify: &notify.Service{}}
	q, err := jobs.New(db.App, jobs.Services{Auth: auth.NewService(db.App, time.Hour, time.Hour), Followups: svc, Complaints: cs,
		Sender: notify.LogSender{}, Improve: improveService(t, db)}, time.Minute,
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

// TestQueue_PrunesOldFailedLogins: on start, the periodic job deletes the failed logins older
// than auth.PruneAfter and keeps the recent ones, which still throttle.
func TestQueue_PrunesOldFailedLogins(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	now := time.Now()
	for _, at := range []time.Time{now.Add(-auth.PruneAfter - time.Hour), now.Add(-time.Minute)} {
		_, err := db.Owner.Pool.Exec(ctx, `INSERT INTO login_failures (account, client, failed_at) VALUES ('wang@example.com', '203.0.113.9', $1)`, at)
		testkit.Must(t, err)
	}
	q, err := jobs.New(db.App, jobs.Services{Auth: auth.NewService(db.App, time.Hour, time.Hour),
		Followups: &followups.Service{DB: db.App, Now: time.Now}, Complaints: &complaints.Service{DB: db.App, Now: time.Now},
		Sender: notify.LogSender{}, Improve: improveService(t, db)}, time.Minute, slog.New(slog.NewTextHandler(io.Discard, nil)))
	testkit.Must(t, err)
	testkit.Must(t, q.Start(ctx))
	defer q.Stop(ctx)
	var left []time.Time
	waitFor(t, func() bool {
		rows, _ := db.Owner.Pool.Query(ctx, `SELECT failed_at FROM login_failures`)
		var err error
		left, err = pgx.CollectRows(rows, pgx.RowTo[time.Time])
		testkit.Must(t, err)
		return len(left) == 1
	})
	if left[0].Before(now.Add(-time.Hour)) {
		t.Errorf("the failed login kept is from %v, want the one of a minute ago", left[0])
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

// TestQueue_StopLetsRunningJobsFinish: a shutdown, even one whose signal cancelled the context the
// queue was started with, lets a job at work finish (here, a message being sent) and marks it
// done; it is not cancelled half-way.
func TestQueue_StopLetsRunningJobsFinish(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	tenantID, err := tenancy.CreateTenant(ctx, db.Owner, "瑞丰")
	testkit.Must(t, err)
	userID, err := auth.NewService(db.App, time.Hour, time.Hour).CreateUser(ctx, tenantID,
		auth.NewUser{Email: "wang@example.com", Name: "王", Locale: "zh-CN", Password: "correct-horse"})
	testkit.Must(t, err)
	sender := &slowSender{started: make(chan struct{}), release: make(chan struct{})}
	cs := &complaints.Service{DB: db.App, Now: time.Now, Notify: &notify.Service{}}
	q, err := jobs.New(db.App, jobs.Services{Auth: auth.NewService(db.App, time.Hour, time.Hour), Complaints: cs, Sender: sender,
		Improve: improveService(t, db)},
		time.Minute, slog.New(slog.NewTextHandler(io.Discard, nil)))
	testkit.Must(t, err)
	inserter, err := jobs.NewInserter(db.App)
	testkit.Must(t, err)
	bundle, err := i18n.New()
	testkit.Must(t, err)
	testkit.Must(t, db.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		return (&notify.Service{Bundle: bundle, Jobs: inserter}).Send(ctx, tx, tenantID,
			notify.Notice{Message: "notice.to_sign", Args: map[string]any{"ID": 1}}, userID)
	}))
	signal, cancel := context.WithCancel(ctx)
	testkit.Must(t, q.Start(signal))
	<-sender.started
	cancel() // the shutdown signal
	stopped := make(chan error, 1)
	go func() { stopped <- q.Stop(ctx) }()
	close(sender.release)
	testkit.Must(t, <-stopped)
	if sender.cancelled {
		t.Error("the message being sent was cancelled by the shutdown")
	}
	var state string
	testkit.Must(t, db.Owner.Pool.QueryRow(ctx, `SELECT state FROM river_job WHERE kind = 'notify.deliver'`).Scan(&state))
	if state != "completed" {
		t.Errorf("the delivery job is %s after the shutdown, want completed", state)
	}
}

// slowSender sends a message only once released, noting whether its context was cancelled
// meanwhile.
type slowSender struct {
	started, release chan struct{}
	cancelled        bool
}

func (s *slowSender) Send(ctx context.Context, _ notify.Message) (string, error) {
	close(s.started)
	<-s.release
	s.cancelled = ctx.Err() != nil
	return "", nil
}
