package followups_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// eventFixture is newFixture with the complaints workflow on the same clock, one person for each
// step of a form (customer service, the after-sales head and a member of their staff, the GM),
// and a complaint category. Its store has no questionnaires yet.
type eventFixture struct {
	*fixture
	forms           *complaints.Service
	people          map[string]complaints.Actor
	after, category int64
}

func newEventFixture(t *testing.T) *eventFixture {
	t.Helper()
	f := newFixture(t)
	ctx := context.Background()
	bundle, err := i18n.New()
	testkit.Must(t, err)
	e := &eventFixture{fixture: f, people: map[string]complaints.Actor{},
		forms: &complaints.Service{DB: f.db.App, Now: func() time.Time { return f.now }, Notify: &notify.Service{Bundle: bundle}}}
	depts, err := (&tenancy.Service{DB: f.db.App}).Departments(ctx, f.tenantID, f.storeID)
	testkit.Must(t, err)
	for _, d := range depts {
		if d.Kind == tenancy.AfterSales {
			e.after = d.ID
		}
	}
	as := auth.NewService(f.db.App, time.Hour, time.Hour)
	for name, m := range map[string]auth.Membership{
		"agent": {Role: auth.Agent, StoreID: f.storeID},
		"head":  {Role: auth.DeptManager, StoreID: f.storeID, DepartmentID: e.after},
		"staff": {Role: auth.Staff, StoreID: f.storeID, DepartmentID: e.after},
		"gm":    {Role: auth.GM},
	} {
		id, err := as.CreateUser(ctx, f.tenantID, auth.NewUser{Email: name + "@example.com", Name: name, Locale: "zh-CN", Password: "correct-horse"})
		testkit.Must(t, err)
		m.UserID = id
		testkit.Must(t, as.AddMembership(ctx, f.tenantID, &m))
		e.people[name] = complaints.Actor{UserID: id, Memberships: []auth.Membership{m}}
	}
	testkit.Must(t, f.db.App.InTenantTx(ctx, f.tenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO complaint_categories (tenant_id, name_zh, name_en) VALUES ($1, '维修质量', 'Repair quality')
			RETURNING id`, f.tenantID).Scan(&e.category)
	}))
	return e
}

// customer adds a customer with a car, and returns their id and the car's.
func (e *eventFixture) customer(t *testing.T, name, phone, vin string) (customerID, vehicleID int64) {
	t.Helper()
	ctx := context.Background()
	testkit.Must(t, e.db.App.InTenantTx(ctx, e.tenantID, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO customers (tenant_id, name, phone) VALUES ($1, $2, $3) RETURNING id`,
			e.tenantID, name, phone).Scan(&customerID); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO vehicles (tenant_id, customer_id, vin) VALUES ($1, $2, $3) RETURNING id`,
			e.tenantID, customerID, vin).Scan(&vehicleID)
	}))
	return customerID, vehicleID
}

// customerByPhone is the id of the customer with the phone number.
func (e *eventFixture) customerByPhone(t *testing.T, phone string) int64 {
	t.Helper()
	var id int64
	testkit.Must(t, e.db.App.InTenantTx(context.Background(), e.tenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(context.Background(), `SELECT id FROM customers WHERE phone = $1`, phone).Scan(&id)
	}))
	return id
}

func (e *eventFixture) act(t *testing.T, who string, id int64, act complaints.Action, in complaints.Input) {
	t.Helper()
	if err := e.forms.Act(context.Background(), e.tenantID, e.people[who], id, act, in); err != nil {
		t.Fatalf("%s %s: %v", who, act, err)
	}
}

// toRevisit opens a general complaint about the customer's car and takes it through contact,
// plan and signature to customer service's re-visit, where the customer accepts the result
// (yes) or not.
func (e *eventFixture) toRevisit(t *testing.T, customerID, vehicleID int64, yes bool) int64 {
	t.Helper()
	id, err := e.forms.Open(context.Background(), e.tenantID, e.people["agent"], complaints.Form{
		StoreID: e.storeID, CustomerID: customerID, VehicleID: vehicleID, Departments: []int64{e.after},
		CategoryID: e.category, Severity: complaints.General, Channel: "hotline", Description: "保养后发动机异响"})
	testkit.Must(t, err)
	e.act(t, "head", id, complaints.ActContact, complaints.Input{Note: "已致电客户，约定到店检查"})
	e.act(t, "head", id, complaints.ActPlan, complaints.Input{Plan: "免费更换正时皮带张紧轮"})
	e.act(t, "head", id, complaints.ActSign, complaints.Input{})
	e.act(t, "agent", id, complaints.ActRevisit, complaints.Input{Yes: yes, Note: "客户回复"})
	return id
}

// eventTasks describes the complaint surveys: source, customer, vehicle, kind, status and window.
func (e *eventFixture) eventTasks(t *testing.T) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	testkit.Must(t, e.db.App.InTenantTx(ctx, e.tenantID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT format('%s customer %s vehicle %s %s %s %s..%s expires %s', source_key, customer_id,
			coalesce(vehicle_id, 0), survey_kind, status, due_from, due_until, expires_on)
			FROM follow_up_tasks WHERE reason = 'complaint_survey' ORDER BY id`)
		var err error
		out, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	}))
	return out
}

// TestEvent_ComplaintSurvey: a complaint the GM's approval closes gets one event survey, due
// from the rule's delay after the day it closed in the store's time zone; a complaint the
// customer did not accept, one voided on appeal after it closed, and one whose customer has
// another survey within the cooldown get none. The survey is asked on the event questionnaire
// and counts in the event roll-ups, not in CSI's.
func TestEvent_ComplaintSurvey(t *testing.T) {
	e := newEventFixture(t)
	ctx := context.Background()
	testkit.Must(t, (&surveys.Service{DB: e.db.App}).EnsureDefaults(ctx, e.tenantID, e.storeID))
	sh := e.now.Location()
	_, err := e.svc.Generate(ctx, e.tenantID) // the service survey of 张伟, due 2 November
	testkit.Must(t, err)
	wang, car := e.customer(t, "王芳", "13800000003", "LSVAG2180E2100003")
	zhao, zhaoCar := e.customer(t, "赵磊", "13800000004", "LSVAG2180E2100004")
	sun, sunCar := e.customer(t, "孙丽", "13800000005", "LSVAG2180E2100005")
	closed := e.toRevisit(t, wang, car, true)
	e.toRevisit(t, zhao, zhaoCar, false) // not accepted: the form ends, and a new one goes on
	voided := e.toRevisit(t, sun, sunCar, true)
	// 张伟's service survey is due days before the complaint survey would be
	near := e.toRevisit(t, e.customerByPhone(t, "13800000001"), 0, true)
	// the GM approves at 2 November 16:30 UTC, which is the 3rd in Shanghai
	e.now = time.Date(2026, 11, 3, 0, 30, 0, 0, sh)
	for _, id := range []int64{closed, voided, near} {
		e.act(t, "gm", id, complaints.ActApprove, complaints.Input{Note: "同意结案"})
	}
	e.act(t, "staff", voided, complaints.ActAppeal, complaints.Input{Note: "非本人责任"})
	e.act(t, "head", voided, complaints.ActReviewAppeal, complaints.Input{Note: "属实"})
	e.act(t, "gm", voided, complaints.ActDecideAppeal, complaints.Input{Yes: true, ConfirmVoid: true, Note: "申诉成立"})

	e.now = time.Date(2026, 11, 6, 9, 0, 0, 0, sh) // past the rule's delay of 3 days
	res, err := e.svc.Generate(ctx, e.tenantID)
	testkit.Must(t, err)
	want := []string{fmt.Sprintf("c:%d customer %d vehicle %d event open 2026-11-06..2026-11-10 expires 2026-11-17", closed, wang, car)}
	if got := e.eventTasks(t); fmt.Sprint(got) != fmt.Sprint(want) || res.Created != 1 {
		t.Fatalf("created %d, complaint surveys %v; want 1: %v", res.Created, got, want)
	}
	if res.Skipped[followups.InCooldown] != 1 {
		t.Errorf("skipped %v, want 张伟's complaint survey in the cooldown", res.Skipped)
	}
	t.Run("Idempotent", func(t *testing.T) {
		res, err := e.svc.Generate(ctx, e.tenantID)
		testkit.Must(t, err)
		if got := e.eventTasks(t); res.Created != 0 || len(got) != 1 {
			t.Errorf("second run created %d, complaint surveys %v; want none new", res.Created, got)
		}
	})
	t.Run("SurveyCountsAsEvent", func(t *testing.T) {
		e.answerEventSurvey(t)
		if got := e.rollupKinds(t); got != "event" {
			t.Errorf("roll-up kinds %q, want event alone", got)
		}
		r, err := scores.NewService(e.db.App, nil).Rebuild(ctx, e.tenantID)
		testkit.Must(t, err)
		if r.Different != 0 || r.SamplesDifferent != 0 {
			t.Errorf("rebuild %+v, want the kept roll-ups equal to it", r)
		}
	})
}

// answerEventSurvey finds the event survey on the worklist's event filter, reaches the customer,
// checks that the survey is on the event questionnaire, and completes it with good answers.
func (e *eventFixture) answerEventSurvey(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	list, err := e.svc.Worklist(ctx, e.tenantID, followups.WorkFilter{Tab: followups.DueToday, Kind: "event", Limit: 5})
	testkit.Must(t, err)
	if len(list.Items) != 1 {
		t.Fatalf("event worklist %+v, want the complaint survey", list.Items)
	}
	agent, taskID := e.people["agent"].UserID, list.Items[0].ID
	testkit.Must(t, e.svc.RecordAttempt(ctx, e.tenantID, agent, taskID, followups.Attempt{Outcome: followups.Reached}))
	sv, err := e.svc.SurveyOf(ctx, e.tenantID, taskID)
	testkit.Must(t, err)
	q, _, err := (&surveys.Service{DB: e.db.App}).Get(ctx, e.tenantID, sv.QuestionnaireID)
	testkit.Must(t, err)
	if q.Kind != surveys.Event {
		t.Fatalf("survey on a %v questionnaire, want event", q.Kind)
	}
	var answers []followups.Answer
	for _, it := range q.Items {
		a := followups.Answer{ItemID: it.ID, Value: intp(map[surveys.Scale]int{surveys.Five: 5, surveys.Ten: 9, surveys.YesNo: 1}[it.Scale])}
		if it.Scale == surveys.Text {
			a = followups.Answer{ItemID: it.ID, Text: "处理得很快"}
		}
		answers = append(answers, a)
	}
	testkit.Must(t, e.svc.SaveAnswers(ctx, e.tenantID, agent, taskID, answers))
	testkit.Must(t, e.svc.Complete(ctx, e.tenantID, agent, taskID, followups.Completion{}))
}

// rollupKinds lists the kinds the score roll-ups and survey counts hold.
func (e *eventFixture) rollupKinds(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	var kinds string
	testkit.Must(t, e.db.App.InTenantTx(ctx, e.tenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT coalesce(string_agg(DISTINCT kind, ','), '') FROM (
			SELECT kind FROM score_rollups WHERE surveys > 0 UNION ALL SELECT kind FROM score_survey_counts WHERE surveys > 0) k`).Scan(&kinds)
	}))
	return kinds
}

// TestEvent_OldStoreGetsItsQuestionnaire: a store from before the event survey has no
// questionnaire of its kind; generation gives it the default one, so that its first complaint
// survey's call reaches a survey, and leaves the store's other kinds as they were (here: none).
func TestEvent_OldStoreGetsItsQuestionnaire(t *testing.T) {
	e := newEventFixture(t)
	ctx := context.Background()
	wang, car := e.customer(t, "王芳", "13800000003", "LSVAG2180E2100003")
	e.act(t, "gm", e.toRevisit(t, wang, car, true), complaints.ActApprove, complaints.Input{Note: "同意结案"})
	e.now = e.now.AddDate(0, 0, 3)
	_, err := e.svc.Generate(ctx, e.tenantID)
	testkit.Must(t, err)
	e.answerEventSurvey(t)
	all, err := (&surveys.Service{DB: e.db.App}).Overview(ctx, e.tenantID)
	testkit.Must(t, err)
	for _, q := range all {
		if q.StoreID == e.storeID && (q.Kind == surveys.SSI || q.Kind == surveys.CSI) && q.ID != 0 {
			t.Errorf("%v questionnaire #%d, want none: only the event survey's is given", q.Kind, q.ID)
		}
	}
}
