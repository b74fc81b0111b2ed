package complaints_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// statsFixture is a dealer group whose store 浦东店 (Asia/Shanghai) holds the forms of
// TestReadStats, and whose store 徐汇店 holds one that must not count for 浦东店.
type statsFixture struct {
	db                               *pgtest.DB
	tenantID, userID, store, other   int64
	sales, after, paint              int64
	attitude, quality, waiting, gone int64
	customers                        map[string]int64
	tx                               pgx.Tx
	t                                *testing.T
}

var statsZone = statsMustZone("Asia/Shanghai")

func statsMustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// statsAt is a time in Shanghai, "2006-01-02 15:04".
func statsAt(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, statsZone)
	if err != nil {
		panic(err)
	}
	return t
}

func statsAtp(s string) *time.Time {
	t := statsAt(s)
	return &t
}

// id runs an INSERT … RETURNING id in the fixture's transaction.
// service reads the fixture's statistics.
func (f *statsFixture) service() *complaints.Service { return &complaints.Service{DB: f.db.App} }

func (f *statsFixture) id(sql string, args ...any) int64 {
	f.t.Helper()
	var id int64
	if err := f.tx.QueryRow(context.Background(), sql, args...).Scan(&id); err != nil {
		f.t.Fatalf("%s: %v", sql, err)
	}
	return id
}

func (f *statsFixture) exec(sql string, args ...any) {
	f.t.Helper()
	if _, err := f.tx.Exec(context.Background(), sql, args...); err != nil {
		f.t.Fatalf("%s: %v", sql, err)
	}
}

// statsForm is one tracking form as the fixture writes it.
type statsForm struct {
	store       int64
	customer    string
	opened      string
	severity    string
	channel     string
	category    int64 // 0: none yet
	status      string
	closed      *time.Time
	parent      int64
	departments []int64
}

// form writes a form with its departments and its timeline's first event.
func (f *statsFixture) form(c statsForm) int64 {
	f.t.Helper()
	appeal := ""
	if c.status == "void" {
		appeal = "upheld"
	}
	id := f.id(`INSERT INTO complaints (tenant_id, store_id, customer_id, description, created_by, created_at, opened_at,
		severity, channel, category_id, status, closed_at, parent_id, appeal)
		VALUES ($1, $2, $3, '客户不满意', $4, $5, $5, $6, $7, nullif($8, 0), $9, $10, nullif($11, 0), $12) RETURNING id`,
		f.tenantID, c.store, f.customers[c.customer], f.userID, statsAt(c.opened), c.severity, c.channel, c.category,
		c.status, c.closed, c.parent, appeal)
	for _, d := range c.departments {
		f.exec(`INSERT INTO complaint_departments (tenant_id, complaint_id, store_id, department_id) VALUES ($1, $2, $3, $4)`,
			f.tenantID, id, c.store, d)
	}
	if err := complaints.KeepDepartmentIDs(context.Background(), f.tx, f.tenantID, id); err != nil {
		f.t.Fatal(err)
	}
	f.exec(`INSERT INTO complaint_events (tenant_id, complaint_id, action, actor_id, created_at) VALUES ($1, $2, 'opened', $3, $4)`,
		f.tenantID, id, f.userID, statsAt(c.opened))
	return id
}

// step writes a step of a form due at due and done at done ("": not done).
func (f *statsFixture) step(form int64, step complaints.Step, due, done string) {
	f.t.Helper()
	var doneAt *time.Time
	if done != "" {
		doneAt = statsAtp(done)
	}
	f.exec(`INSERT INTO complaint_steps (tenant_id, complaint_id, step, due_at, done_at, done_by)
		VALUES ($1, $2, $3, $4, $5, CASE WHEN $5::timestamptz IS NULL THEN NULL ELSE $6::bigint END)`,
		f.tenantID, form, step, statsAt(due), doneAt, f.userID)
}

// newStatsFixture writes the forms below (times in Shanghai). For October 2026 of 浦东店:
//
//	F1  张伟 10-03 10:00 grievance follow_up attitude sales         closed 10-05 10:00 (48 h)
//	F2  张伟 10-20 15:00 general   hotline   quality  after + paint contacted, three steps overdue
//	F3  李娜 10-08 09:00 grievance web       attitude after         not accepted 10-10 09:00
//	F4  李娜 10-10 09:00 grievance web       attitude after         linked to F3, closed 10-12 21:00 (60 h)
//	F5  王芳 10-31 23:30 major     letter    —        —             open, not dispatched
//	F6  王芳 11-01 07:00 general   sms       attitude sales         the first morning of November (10-31 23:00 UTC)
//	F7  赵强 10-15 10:00 grievance follow_up attitude sales         voided by an upheld appeal
//	F8  赵强 09-28 10:00 grievance hotline   quality  after         closed 10-02 10:00 (96 h)
//	F9  张伟 08-02 23:00 grievance follow_up gone     sales         closed; an hour before the 90 days
//	F10 王芳 08-03 00:30 grievance walk_in   quality  after         closed; inside the 90 days
//	F11 李娜 10-05 10:00 general   hotline   quality  徐汇店         closed 10-06 10:00, another store
//
// The category "quality" was deactivated after use; "waiting" is active and unused; "gone" is
// inactive and unused in October.
func newStatsFixture(t *testing.T) *statsFixture {
	t.Helper()
	ctx := context.Background()
	f := &statsFixture{db: pgtest.MustOpenDB(t), t: t, customers: map[string]int64{}}
	var err error
	if f.tenantID, err = tenancy.CreateTenant(ctx, f.db.Owner, "瑞丰"); err != nil {
		t.Fatal(err)
	}
	if f.tx, err = f.db.App.BeginTenant(ctx, f.tenantID); err != nil {
		t.Fatal(err)
	}
	defer f.tx.Rollback(ctx)
	f.userID = f.id(`INSERT INTO users (tenant_id, email, name, password_hash) VALUES ($1, 'cs@example.com', '陈晓燕', 'x') RETURNING id`, f.tenantID)
	f.store = f.id(`INSERT INTO stores (tenant_id, name, time_zone) VALUES ($1, '浦东店', 'Asia/Shanghai') RETURNING id`, f.tenantID)
	f.other = f.id(`INSERT INTO stores (tenant_id, name, time_zone) VALUES ($1, '徐汇店', 'Asia/Shanghai') RETURNING id`, f.tenantID)
	dept := func(store int64, kind string) int64 {
		return f.id(`INSERT INTO departments (tenant_id, store_id, kind) VALUES ($1, $2, $3) RETURNING id`, f.tenantID, store, kind)
	}
	f.paint, f.after, f.sales = dept(f.store, "body_paint"), dept(f.store, "after_sales"), dept(f.store, "sales")
	otherSales := dept(f.other, "sales")
	category := func(zh, en string, position int, active bool) int64 {
		return f.id(`INSERT INTO complaint_categories (tenant_id, name_zh, name_en, position, active) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			f.tenantID, zh, en, position, active)
	}
	f.attitude = category("服务态度", "Attitude", 1, true)
	f.quality = category("维修质量", "Repair quality", 2, false)
	f.waiting = category("等待时间", "Waiting time", 3, true)
	f.gone = category("旧分类", "Old", 4, false)
	for i, name := range []string{"张伟", "李娜", "王芳", "赵强", "陈刚"} {
		f.customers[name] = f.id(`INSERT INTO customers (tenant_id, name, phone) VALUES ($1, $2, $3) RETURNING id`,
			f.tenantID, name, fmt.Sprintf("1390000%04d", i))
	}

	f1 := f.form(statsForm{f.store, "张伟", "2026-10-03 10:00", "grievance", "follow_up", f.attitude, "closed", statsAtp("2026-10-05 10:00"), 0, []int64{f.sales}})
	f.step(f1, complaints.Dispatch, "2026-10-03 10:30", "2026-10-03 10:20")
	f.step(f1, complaints.Assign, "2026-10-03 11:00", "2026-10-03 11:30")
	f.step(f1, complaints.Contact, "2026-10-03 12:00", "2026-10-03 11:50")
	f.step(f1, complaints.Resolve, "2026-10-04 10:00", "2026-10-04 09:00")
	// in business time, paused for 3 hours: on time as set, late on the clock alone
	f.exec(`UPDATE complaint_steps SET business = true, clock_due_at = $3, pauses = 1, paused = interval '3 hours'
		WHERE tenant_id = $1 AND complaint_id = $2 AND step = 'resolve'`, f.tenantID, f1, statsAt("2026-10-03 20:00"))
	f.step(f1, complaints.Revisit, "2026-10-05 10:00", "2026-10-05 09:30")
	f.step(f1, complaints.Approve, "2026-10-06 10:00", "2026-10-05 10:00")
	f2 := f.form(statsForm{f.store, "张伟", "2026-10-20 15:00", "general", "hotline", f.quality, "contacted", nil, 0, []int64{f.after, f.paint}})
	f.step(f2, complaints.Dispatch, "2026-10-20 15:30", "2026-10-20 15:10")
	f.step(f2, complaints.Contact, "2026-10-20 17:00", "2026-10-20 18:00")
	f.step(f2, complaints.Resolve, "2026-10-22 15:00", "")
	f.step(f2, complaints.Revisit, "2026-10-22 15:00", "")
	f.step(f2, complaints.Approve, "2026-10-23 15:00", "")
	f3 := f.form(statsForm{f.store, "李娜", "2026-10-08 09:00", "grievance", "web", f.attitude, "not_accepted", statsAtp("2026-10-10 09:00"), 0, []int64{f.after}})
	f.step(f3, complaints.Revisit, "2026-10-10 09:00", "2026-10-10 08:00")
	f.step(f3, complaints.Approve, "2026-10-11 09:00", "") // never done: the form ended not accepted
	f4 := f.form(statsForm{f.store, "李娜", "2026-10-10 09:00", "grievance", "web", f.attitude, "closed", statsAtp("2026-10-12 21:00"), f3, []int64{f.after}})
	f.step(f4, complaints.Contact, "2026-10-10 11:00", "2026-10-10 11:00") // done at the deadline: on time
	f5 := f.form(statsForm{f.store, "王芳", "2026-10-31 23:30", "major", "letter", 0, "open", nil, 0, nil})
	f.step(f5, complaints.Dispatch, "2026-11-01 00:00", "") // due in November
	f.form(statsForm{f.store, "王芳", "2026-11-01 07:00", "general", "sms", f.attitude, "dispatched", nil, 0, []int64{f.sales}})
	f7 := f.form(statsForm{f.store, "赵强", "2026-10-15 10:00", "grievance", "follow_up", f.attitude, "void", statsAtp("2026-10-16 10:00"), 0, []int64{f.sales}})
	f.step(f7, complaints.Dispatch, "2026-10-15 10:30", "2026-10-15 11:00")
	f8 := f.form(statsForm{f.store, "赵强", "2026-09-28 10:00", "grievance", "hotline", f.quality, "closed", statsAtp("2026-10-02 10:00"), 0, []int64{f.after}})
	f.step(f8, complaints.Revisit, "2026-09-30 10:00", "2026-09-30 09:00")
	f.step(f8, complaints.Approve, "2026-10-01 07:00", "2026-10-02 10:00") // 1 October 07:00 is 30 September in UTC
	f.form(statsForm{f.store, "张伟", "2026-08-02 23:00", "grievance", "follow_up", f.gone, "closed", statsAtp("2026-08-04 10:00"), 0, []int64{f.sales}})
	f.form(statsForm{f.store, "王芳", "2026-08-03 00:30", "grievance", "walk_in", f.quality, "closed", statsAtp("2026-08-05 10:00"), 0, []int64{f.after}})
	f11 := f.form(statsForm{f.other, "李娜", "2026-10-05 10:00", "general", "hotline", f.quality, "closed", statsAtp("2026-10-06 10:00"), 0, []int64{otherSales}})
	f.step(f11, complaints.Dispatch, "2026-10-05 10:30", "2026-10-05 11:00")
	if err := f.tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestReadStats checks October 2026 of 浦东店 against figures computed by hand from the
// fixture's forms.
func TestReadStats(t *testing.T) {
	f := newStatsFixture(t)
	ctx := context.Background()
	st, err := f.service().ReadStats(ctx, f.tenantID, f.store, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("month in the store's time zone", func(t *testing.T) {
		if !st.Month.Equal(statsAt("2026-10-01 00:00")) || st.StoreName != "浦东店" || st.StoreID != f.store {
			t.Errorf("Month=%v StoreName=%q StoreID=%d, want 2026-10-01 00:00 +08 浦东店 %d", st.Month, st.StoreName, st.StoreID, f.store)
		}
	})

	t.Run("totals", func(t *testing.T) {
		// F1–F5 count (F5 on the last evening, F6 on the first morning of November does not);
		// F7 counts only as void.
		got := [6]int{st.Opened, st.Closed, st.NotAccepted, st.Ongoing, st.Reopened, st.Void}
		if want := [6]int{5, 2, 1, 2, 1, 1}; got != want {
			t.Errorf("Opened, Closed, NotAccepted, Ongoing, Reopened, Void=%v, want %v", got, want)
		}
	})

	t.Run("by department", func(t *testing.T) {
		want := []complaints.DepartmentCount{{f.sales, "sales", "", 1}, {f.after, "after_sales", "", 3},
			{f.paint, "body_paint", "", 1}, {0, "", "", 1}}
		if !slices.Equal(st.ByDepartment, want) {
			t.Errorf("ByDepartment=%v, want %v", st.ByDepartment, want)
		}
	})

	t.Run("by severity", func(t *testing.T) {
		want := []complaints.Count{{"grievance", 3}, {"general", 1}, {"major", 1}}
		if !slices.Equal(st.BySeverity, want) {
			t.Errorf("BySeverity=%v, want %v", st.BySeverity, want)
		}
	})

	t.Run("by category", func(t *testing.T) {
		want := []complaints.CategoryCount{{f.attitude, "服务态度", "Attitude", 3}, {f.quality, "维修质量", "Repair quality", 1},
			{f.waiting, "等待时间", "Waiting time", 0}, {0, "", "", 1}}
		if !slices.Equal(st.ByCategory, want) {
			t.Errorf("ByCategory=%v, want %v", st.ByCategory, want)
		}
	})

	t.Run("by channel", func(t *testing.T) {
		want := []complaints.Count{{"follow_up", 1}, {"letter", 1}, {"sms", 0}, {"hotline", 1}, {"walk_in", 0}, {"web", 2}}
		if !slices.Equal(st.ByChannel, want) {
			t.Errorf("ByChannel=%v, want %v", st.ByChannel, want)
		}
	})

	t.Run("SLA", func(t *testing.T) {
		// Due in October: F1's six steps; F2's dispatch, contact (late) and three overdue
		// steps; F3's re-visit (its approval never comes: the form ended); F4's contact, done
		// at the deadline; F8's approval due 1 October 07:00, done late. F5's dispatch is due
		// in November; F7 is void; F11 is another store's.
		// F1's agreement counted business time and was paused for 3 hours: on time as set,
		// late on the clock alone; every other step counted on the clock.
		want := []complaints.StepSLA{
			{complaints.Dispatch, 2, 2, 0, 0, 2, 0, 0},
			{complaints.Assign, 1, 0, 1, 0, 0, 0, 0},
			{complaints.Contact, 3, 2, 1, 0, 2, 0, 0},
			{complaints.Resolve, 2, 1, 0, 1, 0, 1, 3 * time.Hour},
			{complaints.Instruct, 0, 0, 0, 0, 0, 0, 0},
			{complaints.Revisit, 3, 2, 0, 1, 2, 0, 0},
			{complaints.Approve, 3, 1, 1, 1, 1, 0, 0},
		}
		if !slices.Equal(st.SLA, want) {
			t.Errorf("SLA=%v, want %v", st.SLA, want)
		}
		total := st.SLATotal()
		if want := (complaints.StepSLA{Due: 14, OnTime: 8, Late: 3, Open: 3, ClockOnTime: 7, Pauses: 1, PausedFor: 3 * time.Hour}); total != want {
			t.Errorf("SLATotal=%v, want %v", total, want)
		}
		if pct, ok := st.SLA[2].Compliance(); !ok || fmt.Sprintf("%.1f", pct) != "66.7" {
			t.Errorf("contact Compliance=%v %v, want 66.7 true", pct, ok)
		}
		if pct, ok := st.SLA[3].ClockCompliance(); !ok || pct != 0 {
			t.Errorf("resolve ClockCompliance=%v %v, want 0 true", pct, ok)
		}
		if _, ok := st.SLA[4].Compliance(); ok {
			t.Errorf("instruct Compliance ok=true, want false: nothing was due")
		}
	})

	t.Run("time to close", func(t *testing.T) {
		// Closed in October: F1 48 h, F4 60 h, F8 96 h (opened in September). P90 interpolates
		// 60 + 0.8 × (96 − 60) = 88.8 h. F3 (not accepted) and F7 (void) were not closed.
		if st.ClosedInMonth != 3 || st.CloseMedian != 60*time.Hour || st.CloseP90 != 88*time.Hour+48*time.Minute {
			t.Errorf("ClosedInMonth=%d CloseMedian=%v CloseP90=%v, want 3 60h 88h48m", st.ClosedInMonth, st.CloseMedian, st.CloseP90)
		}
		// In business time by the default calendar (every day 08:30–18:00): F1 8 + 9.5 + 1.5 =
		// 19 h, F4 9 + 9.5 + 9.5 = 28 h, F8 8 + 3 × 9.5 + 1.5 = 38 h; P90 28 + 0.8 × 10 = 36 h.
		if st.BusinessMedian != 28*time.Hour || st.BusinessP90 != 36*time.Hour {
			t.Errorf("BusinessMedian=%v BusinessP90=%v, want 28h 36h", st.BusinessMedian, st.BusinessP90)
		}
	})

	t.Run("repeat complainants", func(t *testing.T) {
		// 90 days up to 1 November 00:00 start on 3 August 00:00. 王芳: F10 and F5 (F6 is in
		// November); 张伟: F1 and F2 (F9 an hour too early); 李娜's F4 is F3 reopened; 赵强's
		// F7 is void.
		want := []complaints.Repeat{{f.customers["王芳"], "王芳", 2, statsAt("2026-10-31 23:30")},
			{f.customers["张伟"], "张伟", 2, statsAt("2026-10-20 15:00")}}
		got := st.RepeatComplainants
		if len(got) != len(want) {
			t.Fatalf("RepeatComplainants=%v, want %v", got, want)
		}
		for i := range want {
			if got[i].CustomerID != want[i].CustomerID || got[i].Name != want[i].Name || got[i].Count != want[i].Count ||
				!got[i].Last.Equal(want[i].Last) {
				t.Errorf("RepeatComplainants[%d]=%v, want %v", i, got[i], want[i])
			}
		}
	})
}

// TestReadStats_Empty: a month without forms lists every department, severity, channel, step
// and active category at zero, and no time to close.
func TestReadStats_Empty(t *testing.T) {
	f := newStatsFixture(t)
	st, err := f.service().ReadStats(context.Background(), f.tenantID, f.store, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if st.Opened != 0 || st.ClosedInMonth != 0 || st.CloseMedian != 0 || st.CloseP90 != 0 || len(st.RepeatComplainants) != 0 {
		t.Errorf("Opened=%d ClosedInMonth=%d CloseMedian=%v CloseP90=%v RepeatComplainants=%v, want none",
			st.Opened, st.ClosedInMonth, st.CloseMedian, st.CloseP90, st.RepeatComplainants)
	}
	if len(st.ByDepartment) != 3 || len(st.BySeverity) != 3 || len(st.ByChannel) != 6 || len(st.SLA) != 7 || len(st.ByCategory) != 2 {
		t.Errorf("rows: departments %d, severities %d, channels %d, steps %d, categories %d; want 3, 3, 6, 7, 2",
			len(st.ByDepartment), len(st.BySeverity), len(st.ByChannel), len(st.SLA), len(st.ByCategory))
	}
}

// TestReadStats_NotYetDue: in the current month a step not done whose deadline is still ahead
// counts nowhere, and one done ahead of its deadline counts as on time.
func TestReadStats_NotYetDue(t *testing.T) {
	f := newStatsFixture(t)
	ctx := context.Background()
	now := time.Now().In(statsZone)
	soon, later := now.Add(30*time.Minute), now.Add(2*time.Hour)
	before, err := f.service().ReadStats(ctx, f.tenantID, f.store, now)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	f.tx, f.t = tx, t
	id := f.form(statsForm{f.store, "陈刚", now.Format("2006-01-02 15:04"), "general", "web", f.attitude, "dispatched", nil, 0, []int64{f.sales}})
	f.exec(`INSERT INTO complaint_steps (tenant_id, complaint_id, step, due_at, done_at) VALUES ($1, $2, 'dispatch', $3, $4), ($1, $2, 'contact', $5, NULL)`,
		f.tenantID, id, soon, now, later)
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := f.service().ReadStats(ctx, f.tenantID, f.store, now)
	if err != nil {
		t.Fatal(err)
	}
	wantDispatch := before.SLA[0]
	if soon.Month() == now.Month() {
		wantDispatch.Due++
		wantDispatch.OnTime++
		wantDispatch.ClockOnTime++
	}
	if after.SLA[0] != wantDispatch || after.SLA[2] != before.SLA[2] {
		t.Errorf("dispatch %v, contact %v; want %v and %v", after.SLA[0], after.SLA[2], wantDispatch, before.SLA[2])
	}
}

// TestReadStats_OtherGroup: another group's store is not found.
func TestReadStats_OtherGroup(t *testing.T) {
	f := newStatsFixture(t)
	ctx := context.Background()
	other, err := tenancy.CreateTenant(ctx, f.db.Owner, "别家")
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.service().ReadStats(ctx, other, f.store, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	if !apperr.Is(err, apperr.NotFound) {
		t.Errorf("err=%v, want not found", err)
	}
}
