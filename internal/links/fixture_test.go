package links_test

import (
	"context"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/links"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// fixture is a group with one store, its default rules and questionnaires, an agent, and the
// after-sales survey of 张伟's closed service order, due today.
type fixture struct {
	db                         *pgtest.DB
	tenantID, storeID, agentID int64
	taskID, customerID         int64
	now                        time.Time
	follow                     *followups.Service
	svc                        *links.Service
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureOn(t, pgtest.MustOpenDB(t), "瑞丰", "瑞丰一店")
}

// newFixtureOn is newFixture for a group and store of the given names in db.
func newFixtureOn(t *testing.T, db *pgtest.DB, group, store string) *fixture {
	t.Helper()
	ctx := context.Background()
	tenantID, err := tenancy.CreateTenant(ctx, db.Owner, group)
	testkit.Must(t, err)
	st := tenancy.NewStore()
	st.Name, st.Brand = store, "大众"
	testkit.Must(t, (&tenancy.Service{DB: db.App, OnNewStore: tenancy.Hooks{followups.ApplyDefaultRules}}).CreateStore(ctx, tenantID, &st))
	testkit.Must(t, (&surveys.Service{DB: db.App}).EnsureDefaults(ctx, tenantID, st.ID))
	sh, _ := time.LoadLocation(tenancy.DefaultTimeZone)
	f := &fixture{db: db, tenantID: tenantID, storeID: st.ID, now: time.Date(2026, 11, 2, 10, 0, 0, 0, sh)}
	now := func() time.Time { return f.now }
	f.follow = &followups.Service{DB: db.App, Now: now, Cooldown: 7}
	bundle, err := i18n.New()
	testkit.Must(t, err)
	f.svc = &links.Service{DB: db.App, Now: now, Bundle: bundle, Followups: f.follow, PublicURL: "https://csi.example.com", Cooldown: 7}
	f.follow.LinkAfterCalls = f.svc.SendAfterCalls
	f.agentID, err = auth.NewService(db.App, time.Hour, time.Hour).CreateUser(ctx, tenantID,
		auth.NewUser{Email: "agent@" + strconv.FormatInt(tenantID, 10) + ".example.com", Name: "客服小王", Locale: "zh-CN", Password: "correct-horse"})
	testkit.Must(t, err)
	closed := time.Date(2026, 11, 1, 17, 30, 0, 0, sh)
	_, err = (&orders.Service{DB: db.App}).Load(ctx, tenantID, st.ID, orders.ServiceOrders, "import", []orders.Record{{
		OrderNo: "RO-1", CustomerName: "张伟", Phone: "13800000001", VIN: "LSVAG2180E2100001", WorkType: "maintenance",
		OpenedAt: closed.Add(-6 * time.Hour), ClosedAt: &closed}}, false)
	testkit.Must(t, err)
	_, err = f.follow.Generate(ctx, tenantID)
	testkit.Must(t, err)
	f.exec(t, `SELECT id, customer_id FROM follow_up_tasks WHERE reason = 'service_survey'`, &f.taskID, &f.customerID)
	return f
}

// deliveredMonthAgo loads a delivery to 李娜 of a month ago and generates its tasks: the purchase
// survey falls due today.
func (f *fixture) deliveredMonthAgo(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	y, m, d := f.now.AddDate(0, 0, -30).Date()
	_, err := (&orders.Service{DB: f.db.App}).Load(ctx, f.tenantID, f.storeID, orders.Deliveries, "import", []orders.Record{{
		OrderNo: "D-1", CustomerName: "李娜", Phone: "13800000002", VIN: "LSVAG2180E2100002",
		DeliveredOn: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}}, false)
	testkit.Must(t, err)
	_, err = f.follow.Generate(ctx, f.tenantID)
	testkit.Must(t, err)
}

// exec runs one statement in the group's transaction, scanning its one row into dst if any.
func (f *fixture) exec(t *testing.T, sql string, dst ...any) {
	t.Helper()
	ctx := context.Background()
	testkit.Must(t, f.db.App.InTenantTx(ctx, f.tenantID, func(tx pgx.Tx) error {
		if len(dst) == 0 {
			_, err := tx.Exec(ctx, sql)
			return err
		}
		return tx.QueryRow(ctx, sql).Scan(dst...)
	}))
}

// taskStatus is the task's status and channel.
func (f *fixture) taskStatus(t *testing.T) string {
	t.Helper()
	var s string
	f.exec(t, `SELECT status || ' ' || channel FROM follow_up_tasks WHERE id = `+itoa(f.taskID), &s)
	return s
}

var tokenInBody = regexp.MustCompile(`/s/([A-Za-z0-9_-]{43})`)

// sent reads the newest message of the outbox and the token in its link.
func (f *fixture) sent(t *testing.T) (channel, recipient, subject, body, token string) {
	t.Helper()
	f.exec(t, `SELECT channel, recipient, subject, body FROM outbox ORDER BY id DESC LIMIT 1`, &channel, &recipient, &subject, &body)
	m := tokenInBody.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("message %q carries no link", body)
	}
	return channel, recipient, subject, body, m[1]
}

// rebuildAgrees checks that the kept roll-ups equal a rebuild from the raw answers.
func (f *fixture) rebuildAgrees(t *testing.T) {
	t.Helper()
	r, err := (&scores.Service{DB: f.db.App}).Rebuild(context.Background(), f.tenantID)
	testkit.Must(t, err)
	if r.Different != 0 || r.SamplesDifferent != 0 {
		t.Errorf("rebuild found %+v, want the kept roll-ups and samples to equal it", r)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func intp(v int) *int { return &v }
