package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// callKinds are group A's calls of every kind, made by newCallKinds: the ids of their tasks and
// what they are about.
type callKinds struct {
	Birthday, ThankYou, CSI, SSI int64
	// Older is the service order the CSI call is about; Newer is the customer's newer one.
	Older, Newer orders.Record
	Delivery     orders.Record
}

// newCallKinds gives group A's store a customer 丁秀英 (a woman, whose birthday is today) with a
// service order closed two days ago, a newer one still open, and a car delivered fifteen days
// ago; and a customer 马骏 (a man) whose car was delivered a month ago. Generation then makes
// her birthday call, her after-sales survey (about the older order), the thank-you call of her
// delivery, and his purchase survey, all due today.
func newCallKinds(t *testing.T, e *env) callKinds {
	t.Helper()
	ctx := context.Background()
	now := e.now()
	local := now.In(tenancy.Location(tenancy.DefaultTimeZone))
	day := func(back int) time.Time {
		y, m, d := local.Date()
		return time.Date(y, m, d-back, 0, 0, 0, 0, time.UTC)
	}
	closed := now.Add(-48 * time.Hour)
	k := callKinds{
		Older: orders.Record{OrderNo: "RO-OLDER", CustomerName: "丁秀英", Phone: "13900000009", VIN: "LBV5S1102NSA00001",
			Plate: "沪A12345", Brand: "宝马", Model: "X3", WorkType: "repair", Advisor: "孙亮",
			OpenedAt: closed.Add(-6 * time.Hour), ClosedAt: &closed},
		Newer: orders.Record{OrderNo: "RO-NEWER", CustomerName: "丁秀英", Phone: "13900000009", VIN: "LBV5S1102NSA00001",
			Plate: "沪A12345", Brand: "宝马", Model: "X3", WorkType: "maintenance", Advisor: "钱多", OpenedAt: now.Add(-time.Hour)},
		Delivery: orders.Record{OrderNo: "D-DING", CustomerName: "丁秀英", Phone: "13900000009", VIN: "LBV5S1102NSA00002",
			Plate: "沪B67890", Brand: "宝马", Model: "i3", DeliveredOn: day(15), SalesConsultant: "马丽"},
	}
	ssi := orders.Record{OrderNo: "D-MA", CustomerName: "马骏", Phone: "13900000010", VIN: "LBV5S1102NSA00003",
		Brand: "宝马", Model: "5系", DeliveredOn: day(31), SalesConsultant: "马丽"}
	load := func(kind orders.Kind, recs ...orders.Record) {
		_, err := (&orders.Service{DB: e.DB.App}).Load(ctx, e.A.TenantID, e.A.StoreID, kind, "import", recs, false)
		testkit.Must(t, err)
	}
	load(orders.ServiceOrders, k.Older, k.Newer)
	load(orders.Deliveries, k.Delivery, ssi)
	tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `UPDATE customers SET gender = CASE WHEN phone = '13900000009' THEN 'female' ELSE 'male' END,
		birth_date = CASE WHEN phone = '13900000009' THEN $2::date - interval '40 years' END
		WHERE tenant_id = $1 AND phone IN ('13900000009', '13900000010')`, e.A.TenantID, day(0))
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
	svc := &followups.Service{DB: e.DB.App, Now: e.now, Cooldown: followups.DefaultCooldown}
	_, err = svc.Generate(ctx, e.A.TenantID)
	testkit.Must(t, err)
	ids := map[followups.Reason]*int64{followups.BirthdayCare: &k.Birthday, followups.SalesCall: &k.ThankYou,
		followups.ServiceSurvey: &k.CSI, followups.PurchaseSurvey: &k.SSI}
	list, err := svc.Worklist(ctx, e.A.TenantID, followups.WorkFilter{Tab: followups.DueToday, Limit: 50})
	testkit.Must(t, err)
	for _, it := range list.Items {
		if p := ids[it.Reason]; p != nil && (it.CustomerName == "丁秀英" || it.CustomerName == "马骏") {
			*p = it.ID
		}
	}
	if k.Birthday == 0 || k.ThankYou == 0 || k.CSI == 0 || k.SSI == 0 {
		t.Fatalf("calls due %+v, want one of every kind", k)
	}
	return k
}

// answerAll reaches the customer of a task as the agent and completes its survey with every
// scored answer the best, but the first a 1, which opens a complaint.
func answerAll(t *testing.T, e *env, g group, taskID int64) {
	t.Helper()
	ctx := context.Background()
	svc := &followups.Service{DB: e.DB.App, Now: e.now}
	agent := g.Users[auth.Agent]
	testkit.Must(t, svc.RecordAttempt(ctx, g.TenantID, agent, taskID, followups.Attempt{Outcome: followups.Reached}))
	sv, err := svc.SurveyOf(ctx, g.TenantID, taskID)
	testkit.Must(t, err)
	q, _, err := (&surveys.Service{DB: e.DB.App}).Get(ctx, g.TenantID, sv.QuestionnaireID)
	testkit.Must(t, err)
	var answers []followups.Answer
	for i, it := range q.Items {
		v := map[surveys.Scale]int{surveys.Five: 5, surveys.Ten: 10, surveys.YesNo: 1}[it.Scale]
		if i == 0 {
			v = 1
		}
		if it.Scale != surveys.Text {
			answers = append(answers, followups.Answer{ItemID: it.ID, Value: &v})
		}
	}
	testkit.Must(t, svc.SaveAnswers(ctx, g.TenantID, agent, taskID, answers))
	testkit.Must(t, svc.Complete(ctx, g.TenantID, agent, taskID, followups.Completion{}))
}
