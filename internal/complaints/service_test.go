package complaints_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/calendar"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// fixture is a dealer group with one store, a customer, a complaint category, and one person
// per place in a form: agent, the after-sales head, an after-sales staff member, the sales head,
// and the GM.
type fixture struct {
	db                          *pgtest.DB
	svc                         *complaints.Service
	tenantID, storeID, customer int64
	category, after, sales      int64
	people                      map[string]complaints.Actor
	now                         time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := pgtest.MustOpenDB(t)
	f := &fixture{db: db, people: map[string]complaints.Actor{}, now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}
	var err error
	f.tenantID, err = tenancy.CreateTenant(ctx, db.Owner, "瑞丰")
	testkit.Must(t, err)
	ts := &tenancy.Service{DB: db.App}
	st := tenancy.NewStore()
	st.Name = "瑞丰一店"
	testkit.Must(t, ts.CreateStore(ctx, f.tenantID, &st))
	f.storeID = st.ID
	depts, err := ts.Departments(ctx, f.tenantID, st.ID)
	testkit.Must(t, err)
	for _, d := range depts {
		switch d.Kind {
		case tenancy.AfterSales:
			f.after = d.ID
		case tenancy.Sales:
			f.sales = d.ID
		}
	}
	as := auth.NewService(db.App, time.Hour, time.Hour)
	for _, p := range []struct {
		name string
		m    auth.Membership
	}{
		{"agent", auth.Membership{Role: auth.Agent, StoreID: st.ID}},
		{"head", auth.Membership{Role: auth.DeptManager, StoreID: st.ID, DepartmentID: f.after}},
		{"staff", auth.Membership{Role: auth.Staff, StoreID: st.ID, DepartmentID: f.after}},
		{"sales_head", auth.Membership{Role: auth.DeptManager, StoreID: st.ID, DepartmentID: f.sales}},
		{"gm", auth.Membership{Role: auth.GM}},
	} {
		id, err := as.CreateUser(ctx, f.tenantID, auth.NewUser{Email: p.name + "@example.com", Name: p.name, Locale: "zh-CN", Password: "correct-horse"})
		testkit.Must(t, err)
		m := p.m
		m.UserID = id
		testkit.Must(t, as.AddMembership(ctx, f.tenantID, &m))
		f.people[p.name] = complaints.Actor{UserID: id, Memberships: []auth.Membership{m}}
	}
	tx, err := db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	testkit.Must(t, tx.QueryRow(ctx, `INSERT INTO customers (tenant_id, name, phone) VALUES ($1, '张伟', '13800000001') RETURNING id`, f.tenantID).Scan(&f.customer))
	testkit.Must(t, tx.QueryRow(ctx, `INSERT INTO complaint_categories (tenant_id, name_zh, name_en) VALUES ($1, '维修质量', 'Repair quality') RETURNING id`, f.tenantID).Scan(&f.category))
	testkit.Must(t, tx.Commit(ctx))
	f.calendar(t, calendar.Calendar{AlwaysOpen: true}) // open round the clock: business time is clock time
	bundle, err := i18n.New()
	testkit.Must(t, err)
	jobs, err := river.NewClient(riverpgxv5.New(db.App.Pool), &river.Config{})
	testkit.Must(t, err)
	f.svc = &complaints.Service{DB: db.App, Now: func() time.Time { return f.now }, Jobs: jobs,
		Notify: &notify.Service{Bundle: bundle, Jobs: jobs}}
	return f
}

// calendar saves a version of the store's calendar, which deadlines set from then on keep, and
// returns its id.
func (f *fixture) calendar(t *testing.T, c calendar.Calendar) int64 {
	t.Helper()
	ctx := context.Background()
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	id, err := calendar.Save(ctx, tx, f.tenantID, f.storeID, 0, c)
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
	return id
}

func (f *fixture) open(t *testing.T, sev complaints.Severity) int64 {
	t.Helper()
	id, err := f.svc.Open(context.Background(), f.tenantID, f.people["agent"], complaints.Form{
		StoreID: f.storeID, CustomerID: f.customer, Departments: []int64{f.after}, CategoryID: f.category,
		Severity: sev, Channel: "hotline", Description: "保养后发动机异响"})
	testkit.Must(t, err)
	return id
}

func (f *fixture) act(t *testing.T, who string, id int64, act complaints.Action, in complaints.Input) {
	t.Helper()
	if err := f.svc.Act(context.Background(), f.tenantID, f.people[who], id, act, in); err != nil {
		t.Fatalf("%s %s: %v", who, act, err)
	}
}

func (f *fixture) get(t *testing.T, id int64) complaints.Complaint {
	t.Helper()
	c, err := f.svc.Get(context.Background(), f.tenantID, id)
	testkit.Must(t, err)
	return c
}

// notices counts the notifications of a person about a form; with a message key, those of it.
func (f *fixture) notices(t *testing.T, who string, id int64, key ...string) int {
	t.Helper()
	var n int
	tx, err := f.db.App.BeginTenant(context.Background(), f.tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(context.Background())
	testkit.Must(t, tx.QueryRow(context.Background(), `SELECT count(*) FROM notifications
		WHERE tenant_id = $1 AND user_id = $2 AND complaint_id = $3 AND (coalesce(cardinality($4::text[]), 0) = 0 OR message = ANY($4))`,
		f.tenantID, f.people[who].UserID, id, key).Scan(&n))
	return n
}

// TestWorkflow_GrievanceToApproval walks a grievance through every step: the head assigns it,
// the staff member contacts the customer and writes the plan, the head signs, customer service
// re-visits, the customer accepts, and the GM approves; each step is on the timeline, done
// before its deadline, and the next person is told.
func TestWorkflow_GrievanceToApproval(t *testing.T) {
	f := newFixture(t)
	id := f.open(t, complaints.Grievance)
	if c := f.get(t, id); c.Status != complaints.Dispatched || len(c.Steps) != 6 {
		t.Fatalf("opened form: status %s, %d steps; want dispatched with dispatch done and five deadlines", c.Status, len(c.Steps))
	}
	if f.notices(t, "head", id) != 1 || f.notices(t, "sales_head", id) != 0 {
		t.Errorf("dispatch: want the after-sales head told, and not the sales head")
	}
	f.now = f.now.Add(20 * time.Minute)
	f.act(t, "head", id, complaints.ActAssign, complaints.Input{From: complaints.Dispatched, HandlerID: f.people["staff"].UserID})
	f.act(t, "staff", id, complaints.ActContact, complaints.Input{Note: "已致电客户，约定明天到店检查"})
	f.act(t, "staff", id, complaints.ActPlan, complaints.Input{Plan: "免费更换正时皮带张紧轮"})
	f.act(t, "head", id, complaints.ActSign, complaints.Input{})
	f.act(t, "agent", id, complaints.ActRevisit, complaints.Input{Yes: true, Note: "客户表示满意"})
	f.act(t, "gm", id, complaints.ActApprove, complaints.Input{Note: "同意结案"})
	c := f.get(t, id)
	if c.Status != complaints.Closed || c.ClosedAt == nil || c.HandlerName != "staff" || c.Plan != "免费更换正时皮带张紧轮" {
		t.Fatalf("form %+v, want closed, handled by staff, with its plan", c)
	}
	for _, st := range c.Steps {
		if st.DoneAt == nil || st.DoneAt.After(st.DueAt) {
			t.Errorf("step %s: done %v, due %v; want done in time", st.Step, st.DoneAt, st.DueAt)
		}
	}
	events, err := f.svc.Timeline(context.Background(), f.tenantID, id)
	testkit.Must(t, err)
	var actions []string
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	if fmt.Sprint(actions) != "[opened dispatch assign contact plan sign revisit approve]" {
		t.Errorf("timeline %v", actions)
	}
	if f.notices(t, "staff", id) != 1 || f.notices(t, "gm", id) != 1 {
		t.Errorf("want the staff member told of the assignment and the GM of the approval")
	}
}

// TestWorkflow_RefusedOutOfOrder: approval before the plan is signed, a signature by another
// department's head, and any action on a voided form are refused with their message, and
// nothing is written.
func TestWorkflow_RefusedOutOfOrder(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.open(t, complaints.General)
	f.act(t, "head", id, complaints.ActContact, complaints.Input{Note: "已联系"})
	f.act(t, "head", id, complaints.ActPlan, complaints.Input{Plan: "退还工时费"})
	cases := []struct {
		who  string
		act  complaints.Action
		code apperr.Code
		key  string
	}{
		{"gm", complaints.ActApprove, apperr.Conflict, "error.complaint_not_now"},
		{"sales_head", complaints.ActSign, apperr.Forbidden, "error.complaint_head_only"},
		{"staff", complaints.ActSign, apperr.Forbidden, "error.complaint_head_only"},
	}
	for _, tt := range cases {
		err := f.svc.Act(ctx, f.tenantID, f.people[tt.who], id, tt.act, complaints.Input{})
		if e, _ := apperr.As(err); e == nil || e.Code != tt.code || e.Key != tt.key {
			t.Errorf("%s %s: %v, want %s %s", tt.who, tt.act, err, tt.code, tt.key)
		}
	}
	if c := f.get(t, id); c.Status != complaints.Planned {
		t.Errorf("status %s after refusals, want planned", c.Status)
	}
	// an upheld appeal voids the form, which then refuses everything
	f.act(t, "staff", id, complaints.ActAppeal, complaints.Input{Note: "异响系客户自行加装配件所致"})
	f.act(t, "head", id, complaints.ActReviewAppeal, complaints.Input{Note: "情况属实"})
	f.act(t, "gm", id, complaints.ActDecideAppeal, complaints.Input{Yes: true, ConfirmVoid: true, Note: "申诉成立"})
	if c := f.get(t, id); c.Status != complaints.Void || c.Appeal != complaints.AppealUpheld {
		t.Fatalf("form %s/%s, want void by an upheld appeal", c.Status, c.Appeal)
	}
	err := f.svc.Act(ctx, f.tenantID, f.people["head"], id, complaints.ActSign, complaints.Input{})
	if e, _ := apperr.As(err); e == nil || e.Key != "error.complaint_void" {
		t.Errorf("sign a void form: %v, want error.complaint_void", err)
	}
}

// TestWorkflow_NotAccepted: a customer who does not accept the result ends the form, and a new
// linked form goes back to the department head with the customer's words.
func TestWorkflow_NotAccepted(t *testing.T) {
	f := newFixture(t)
	id := f.open(t, complaints.General)
	f.act(t, "head", id, complaints.ActContact, complaints.Input{Note: "已联系"})
	f.act(t, "head", id, complaints.ActPlan, complaints.Input{Plan: "重新检查"})
	f.act(t, "head", id, complaints.ActSign, complaints.Input{})
	f.act(t, "agent", id, complaints.ActRevisit, complaints.Input{Yes: false, Note: "客户称异响仍在"})
	c := f.get(t, id)
	if c.Status != complaints.NotAccepted || c.ChildID == 0 {
		t.Fatalf("form %s, child %d: want not accepted with a linked form", c.Status, c.ChildID)
	}
	child := f.get(t, c.ChildID)
	if child.Status != complaints.Dispatched || child.ParentID != id || child.Description != "客户称异响仍在" ||
		len(child.Departments) != 1 || child.Departments[0].ID != f.after {
		t.Errorf("linked form %+v, want dispatched to after-sales with the customer's words", child)
	}
	if f.notices(t, "head", child.ID) != 1 {
		t.Errorf("want the head told of the linked form")
	}
}

// TestWorkflow_SameStepAtOnce: two people sign the same plan at once; one wins, the other is
// told who did what, and the step is recorded once.
func TestWorkflow_SameStepAtOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.open(t, complaints.General)
	f.act(t, "head", id, complaints.ActContact, complaints.Input{Note: "已联系"})
	f.act(t, "head", id, complaints.ActPlan, complaints.Input{Plan: "重新检查"})
	second := f.people["head"]
	second.UserID = f.people["staff"].UserID // a deputy head of the same department
	second.Memberships = []auth.Membership{{Role: auth.DeptManager, StoreID: f.storeID, DepartmentID: f.after}}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, who := range []complaints.Actor{f.people["head"], second} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = f.svc.Act(ctx, f.tenantID, who, id, complaints.ActSign, complaints.Input{From: complaints.Planned})
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch e, _ := apperr.As(err); {
		case err == nil:
			won++
		case e == nil || e.Key != "error.complaint_moved":
			t.Errorf("loser: %v, want error.complaint_moved", err)
		}
	}
	events, err := f.svc.Timeline(ctx, f.tenantID, id)
	testkit.Must(t, err)
	signs := 0
	for _, e := range events {
		if e.Action == "sign" {
			signs++
		}
	}
	if won != 1 || signs != 1 {
		t.Errorf("%d won, %d signatures; want one of each", won, signs)
	}
}

// TestEvents_Immutable: the application role may append to the timeline but neither change nor
// delete it.
func TestEvents_Immutable(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.open(t, complaints.Grievance)
	for _, sql := range []string{
		`UPDATE complaint_events SET note = 'changed' WHERE tenant_id = $1 AND complaint_id = $2`,
		`DELETE FROM complaint_events WHERE tenant_id = $1 AND complaint_id = $2`,
	} {
		tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
		testkit.Must(t, err)
		_, err = tx.Exec(ctx, sql, f.tenantID, id)
		tx.Rollback(ctx)
		if err == nil {
			t.Errorf("%s: allowed, want permission denied", sql)
		}
	}
}

// TestDeadline_FiresAfterRestart: a form is opened and the process stops before its dispatch
// deadline; a new process's queue finds the persisted timer, escalates the overdue step once,
// tells its owners and the department heads, and sets the GM's timer; the timer firing again
// changes nothing. (Its warning at 75 %, also past, fires beside it.)
func TestDeadline_FiresAfterRestart(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.now = time.Now().Add(-40 * time.Minute) // opened 40 minutes ago: dispatch is 10 minutes late
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	var id int64
	testkit.Must(t, tx.QueryRow(ctx, `INSERT INTO complaints (tenant_id, store_id, customer_id, description, created_by, created_at, opened_at)
		VALUES ($1, $2, $3, '回访中客户表示不满', $4, $5, $5) RETURNING id`, f.tenantID, f.storeID, f.customer,
		f.people["agent"].UserID, f.now).Scan(&id))
	testkit.Must(t, f.svc.Opened(ctx, tx, f.tenantID, id, f.people["agent"].UserID, f.now))
	testkit.Must(t, tx.Commit(ctx)) // the process that opened it stops here; the timer is in river_job

	f.now = time.Now()
	worker := &complaints.Service{DB: f.svc.DB, Now: time.Now, Jobs: f.svc.Jobs, Notify: f.svc.Notify}
	workers := river.NewWorkers()
	river.AddWorker(workers, complaints.NewDeadlineWorker(worker))
	client, err := river.NewClient(riverpgxv5.New(f.db.App.Pool), &river.Config{
		Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}}, Workers: workers})
	testkit.Must(t, err)
	testkit.Must(t, client.Start(ctx))
	defer client.Stop(ctx)
	deadline := time.Now().Add(15 * time.Second)
	for f.escalation(t, id, complaints.Dispatch) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if got := f.escalation(t, id, complaints.Dispatch); got != 1 {
		t.Fatalf("dispatch escalation %d, want 1 after the restart", got)
	}
	testkit.Must(t, worker.Escalate(ctx, complaints.DeadlineArgs{TenantID: f.tenantID, ComplaintID: id, Step: complaints.Dispatch, Level: 1}))
	events, err := f.svc.Timeline(ctx, f.tenantID, id)
	testkit.Must(t, err)
	escalated := 0
	for _, e := range events {
		if e.Action == "escalated" {
			escalated++
		}
	}
	if overdue := f.notices(t, "agent", id, "notice.step_overdue"); escalated != 1 || overdue != 1 {
		t.Errorf("%d escalations, agent told %d times; want one each", escalated, overdue)
	}
	list, err := (&notify.Inbox{DB: f.db.App}).List(ctx, f.tenantID, f.people["agent"].UserID, 10)
	testkit.Must(t, err)
	zh := f.svc.Notify.Bundle.Localizer("zh-CN")
	list = slices.DeleteFunc(list, func(n notify.Notification) bool { return n.Message != "notice.step_overdue" })
	if len(list) != 1 || !strings.Contains(zh.T(list[0].Message, notify.Pairs(list[0].Args, func(k string) string { return zh.T(k) })...), "派发到部门") {
		t.Errorf("agent's overdue notices %+v, want the overdue dispatch named in Chinese", list)
	}
	var gmTimers int
	testkit.Must(t, f.db.Owner.Pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'complaints.deadline'
		AND args->>'level' = '2' AND (args->>'complaint_id')::bigint = $1`, id).Scan(&gmTimers))
	if gmTimers != 1 {
		t.Errorf("%d GM timers, want 1", gmTimers)
	}
}

func (f *fixture) escalation(t *testing.T, id int64, step complaints.Step) int {
	t.Helper()
	var n int
	tx, err := f.db.App.BeginTenant(context.Background(), f.tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(context.Background())
	err = tx.QueryRow(context.Background(), `SELECT escalation FROM complaint_steps WHERE tenant_id = $1 AND complaint_id = $2 AND step = $3`,
		f.tenantID, id, step).Scan(&n)
	if err == pgx.ErrNoRows {
		return 0
	}
	testkit.Must(t, err)
	return n
}

// TestQueue_ByRole: a new grievance waits in the department head's to-assign queue and not in
// another department's; once assigned it is in the staff member's own queue; every queue reads.
func TestQueue_ByRole(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.open(t, complaints.Grievance)
	in := func(who string, tab complaints.Tab) bool {
		t.Helper()
		items, err := f.svc.Queue(ctx, f.tenantID, f.people[who], tab)
		testkit.Must(t, err)
		for _, it := range items {
			if it.ID == id {
				return true
			}
		}
		return false
	}
	if !in("head", complaints.TabAssign) || in("sales_head", complaints.TabAssign) {
		t.Errorf("to assign: want the after-sales head only")
	}
	f.act(t, "head", id, complaints.ActAssign, complaints.Input{HandlerID: f.people["staff"].UserID})
	if !in("staff", complaints.TabMine) || in("head", complaints.TabAssign) {
		t.Errorf("after assigning: want it in the staff member's queue and out of to-assign")
	}
	f.now = f.now.Add(3 * time.Hour) // first contact was due in 2 hours
	if !in("gm", complaints.TabOverdue) || !in("head", complaints.TabOverdue) || in("sales_head", complaints.TabOverdue) {
		t.Errorf("overdue: want the GM and the after-sales head to see it, not the sales head")
	}
	for _, who := range []string{"agent", "head", "staff", "gm"} {
		for _, tab := range complaints.TabsFor(f.people[who]) {
			if _, err := f.svc.Queue(ctx, f.tenantID, f.people[who], tab); err != nil {
				t.Errorf("%s %s: %v", who, tab, err)
			}
		}
	}
}
