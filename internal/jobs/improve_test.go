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
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/jobs"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// improveService is the improvement actions' service over db, telling people in their language.
func improveService(t *testing.T, db *pgtest.DB) *improve.Service {
	t.Helper()
	bundle, err := i18n.New()
	testkit.Must(t, err)
	return &improve.Service{DB: db.App, Now: time.Now, Notify: &notify.Service{Bundle: bundle}}
}

// TestQueue_ImprovementActions: on start, the periodic jobs open the action of a department
// whose last month closed below the red line, and tell the owner of an overdue action.
func TestQueue_ImprovementActions(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	tenantID, err := tenancy.CreateTenant(ctx, db.Owner, "瑞丰")
	testkit.Must(t, err)
	ts := &tenancy.Service{DB: db.App}
	st := tenancy.NewStore()
	st.Name = "浦东店"
	testkit.Must(t, ts.CreateStore(ctx, tenantID, &st))
	deps, err := ts.Departments(ctx, tenantID, st.ID)
	testkit.Must(t, err)
	owner, err := auth.NewService(db.App, time.Hour, time.Hour).CreateUser(ctx, tenantID,
		auth.NewUser{Email: "wang@example.com", Name: "王", Locale: "zh-CN", Password: "correct-horse"})
	testkit.Must(t, err)
	lastMonth := scores.Month.LastComplete(scores.Date(time.Now(), tenancy.Location(st.TimeZone)))
	testkit.Must(t, db.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO score_rollups (tenant_id, store_id, department_id, kind, period, period_start,
			weight_sum, points_sum, surveys) VALUES ($1, $2, $3, 'csi', 'month', $4, 60, 5400, 6)`,
			tenantID, st.ID, deps[0].ID, lastMonth); err != nil {
			return err
		}
		_, _, err := improve.Open(ctx, tx, tenantID, 0, time.Now(), improve.Cause{Source: improve.ByHand, StoreID: st.ID,
			Weakness: "交车仪式不规范", OwnerID: owner, DueOn: time.Now().AddDate(0, 0, -3)})
		return err
	}))
	q, err := jobs.New(db.App, jobs.Services{Auth: auth.NewService(db.App, time.Hour, time.Hour),
		Followups: &followups.Service{DB: db.App, Now: time.Now}, Complaints: &complaints.Service{DB: db.App, Now: time.Now},
		Sender: notify.LogSender{}, Improve: improveService(t, db)}, time.Minute, slog.New(slog.NewTextHandler(io.Discard, nil)))
	testkit.Must(t, err)
	testkit.Must(t, q.Start(ctx))
	defer q.Stop(ctx)
	count := func(sql string) func() bool {
		return func() bool {
			var n int
			testkit.Must(t, db.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
				return tx.QueryRow(ctx, sql, tenantID).Scan(&n)
			}))
			return n == 1
		}
	}
	waitFor(t, count(`SELECT count(*) FROM improvement_actions WHERE tenant_id = $1 AND source = 'red_line'`))
	waitFor(t, count(`SELECT count(*) FROM notifications WHERE tenant_id = $1 AND message = 'notice.action_overdue'`))
}
