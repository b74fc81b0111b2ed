package links_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/links"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

const client = "203.0.113.7"

// answersFor gives every asked question a good answer but the ones named, and a text answer.
func answersFor(items []surveys.Item, skip func(surveys.Item) bool) []followups.Answer {
	var out []followups.Answer
	for _, it := range items {
		switch {
		case skip(it):
		case it.Scale == surveys.Text:
			out = append(out, followups.Answer{ItemID: it.ID, Text: "服务很好"})
		case it.Scale == surveys.YesNo:
			out = append(out, followups.Answer{ItemID: it.ID, Value: intp(1)})
		case it.Scale == surveys.Ten:
			out = append(out, followups.Answer{ItemID: it.ID, Value: intp(9)})
		default:
			out = append(out, followups.Answer{ItemID: it.ID, Value: intp(5)})
		}
	}
	return out
}

func TestLinks_SendAnswerReturnComplete(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	testkit.Must(t, f.svc.Send(ctx, f.tenantID, f.agentID, f.taskID, followups.BySMS))
	if got := f.taskStatus(t); got != "linked phone" {
		t.Fatalf("task %q, want linked: no agent calls while the link is out", got)
	}
	channel, recipient, _, body, token := f.sent(t)
	if channel != "sms" || recipient != "13800000001" || !strings.Contains(body, "瑞丰一店") ||
		!strings.Contains(body, "https://csi.example.com/s/"+token) || strings.Contains(body, "张伟") {
		t.Fatalf("message %s to %s: %q, want an SMS naming the store with the link and no customer data", channel, recipient, body)
	}
	var stored int
	f.exec(t, `SELECT count(*) FROM survey_links WHERE token_hash = sha256(convert_to('`+token+`', 'UTF8'))`, &stored)
	if stored != 1 {
		t.Fatalf("links stored by the token's hash: %d, want 1", stored)
	}
	sv, err := f.svc.Open(ctx, client, token)
	testkit.Must(t, err)
	if sv.StoreName != "瑞丰一店" || sv.Brand != "大众" || sv.Kind != surveys.CSI || sv.Language != "zh-CN" || len(sv.Items) == 0 || len(sv.Answers) != 0 {
		t.Fatalf("survey %+v, want the store's CSI questions with no answers", sv)
	}
	var mandatory surveys.Item
	for _, it := range sv.Items {
		if it.Mandatory && it.Scale == surveys.Five {
			mandatory = it
			break
		}
	}
	t.Run("ErrOffTheScale", func(t *testing.T) {
		err := f.svc.Answer(ctx, client, token, []followups.Answer{{ItemID: mandatory.ID, Value: intp(7)}})
		if testkit.Fields(t, err)[followups.ItemField(mandatory.ID)] != "validation.answer_scale" {
			t.Errorf("err=%v, want the answer refused at its question", err)
		}
	})
	partial := answersFor(sv.Items, func(it surveys.Item) bool { return it.ID == mandatory.ID })
	testkit.Must(t, f.svc.Answer(ctx, client, token, partial[:2]))
	back, err := f.svc.Open(ctx, client, token)
	testkit.Must(t, err)
	if len(back.Answers) != 2 || *back.Answers[partial[0].ItemID].Value != *partial[0].Value {
		t.Fatalf("answers on return %+v, want the two given", back.Answers)
	}
	testkit.Must(t, f.svc.Answer(ctx, client, token, partial[2:]))
	t.Run("ErrMandatoryUnanswered", func(t *testing.T) {
		err := f.svc.Complete(ctx, client, token)
		if testkit.Fields(t, err)[followups.ItemField(mandatory.ID)] != "validation.answer_required" {
			t.Errorf("err=%v, want the unanswered mandatory question named", err)
		}
	})
	testkit.Must(t, f.svc.Answer(ctx, client, token, []followups.Answer{{ItemID: mandatory.ID, Value: intp(4)}}))
	testkit.Must(t, f.svc.Complete(ctx, client, token))
	var survey string
	f.exec(t, `SELECT status || ' ' || channel || ' ' || coalesce(agent_id::text, 'customer') || ' ' ||
		(SELECT count(*) FROM survey_answers a WHERE a.tenant_id = s.tenant_id AND a.survey_id = s.id AND a.answered_by IS NOT NULL)
		FROM surveys s`, &survey)
	if survey != "completed sms customer 0" || f.taskStatus(t) != "completed phone" {
		t.Fatalf("survey %q task %q, want completed by the customer through the SMS link", survey, f.taskStatus(t))
	}
	var rolled int
	f.exec(t, `SELECT sum(surveys) FROM score_survey_counts WHERE kind = 'csi' AND period = 'month'`, &rolled)
	if rolled != 1 {
		t.Errorf("surveys counted in the month: %d, want 1", rolled)
	}
	f.rebuildAgrees(t)
	t.Run("UsedIsGone", func(t *testing.T) {
		if _, err := f.svc.Open(ctx, client, token); err != links.ErrGone {
			t.Errorf("err=%v, want the link gone once completed", err)
		}
	})
}

func TestLinks_LowAnswerOpensComplaint(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	testkit.Must(t, f.svc.Send(ctx, f.tenantID, f.agentID, f.taskID, followups.BySMS))
	_, _, _, _, token := f.sent(t)
	sv, err := f.svc.Open(ctx, client, token)
	testkit.Must(t, err)
	answers := answersFor(sv.Items, func(surveys.Item) bool { return false })
	for i, a := range answers {
		if it := sv.Items[i]; it.Scale == surveys.Five && it.Mandatory {
			answers[i] = followups.Answer{ItemID: a.ItemID, Value: intp(1)}
			break
		}
	}
	testkit.Must(t, f.svc.Answer(ctx, client, token, answers))
	testkit.Must(t, f.svc.Complete(ctx, client, token))
	var complaint string
	f.exec(t, `SELECT status || ' ' || coalesce(created_by::text, 'customer') FROM complaints`, &complaint)
	if complaint != "open customer" {
		t.Errorf("complaint %q, want an open complaint the customer's answer opened", complaint)
	}
}

func TestLinks_ReminderOnceThenExpiry(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	testkit.Must(t, f.svc.Send(ctx, f.tenantID, f.agentID, f.taskID, followups.BySMS))
	_, _, _, _, first := f.sent(t)
	r, err := f.svc.Tend(ctx, f.tenantID)
	testkit.Must(t, err)
	if r.Reminded != 0 {
		t.Fatalf("tend at once %+v, want no reminder before the store's delay", r)
	}
	f.now = f.now.Add(2*24*time.Hour + time.Minute)
	r, err = f.svc.Tend(ctx, f.tenantID)
	testkit.Must(t, err)
	_, _, _, body, second := f.sent(t)
	if r.Reminded != 1 || second == first || !strings.Contains(body, "温馨提醒") {
		t.Fatalf("tend after 2 days %+v: %q, want one reminder with a link of its own", r, body)
	}
	f.exec(t, `UPDATE outbox SET sent_at = now(), attempts = 1`)
	r, err = f.svc.Tend(ctx, f.tenantID)
	testkit.Must(t, err)
	if r.Reminded != 0 {
		t.Fatalf("tend again %+v, want the reminder sent once only", r)
	}
	var kept int
	f.exec(t, `SELECT count(*) FROM outbox WHERE body ~ '/s/[A-Za-z0-9_-]{43}'`, &kept)
	if kept != 0 {
		t.Errorf("%d sent messages still hold a token, want none: the database keeps only its hash", kept)
	}
	for _, tok := range []string{first, second} {
		_, err := f.svc.Open(ctx, client, tok)
		testkit.Must(t, err)
	}
	f.now = f.now.Add(5 * 24 * time.Hour)
	if _, err := f.svc.Open(ctx, client, first); err != links.ErrGone {
		t.Fatalf("open after 7 days err=%v, want the link gone", err)
	}
	r, err = f.svc.Tend(ctx, f.tenantID)
	testkit.Must(t, err)
	if r.Expired != 1 || f.taskStatus(t) != "unreachable phone" {
		t.Errorf("tend after expiry %+v task %q, want the task closed as unreachable", r, f.taskStatus(t))
	}
}

func TestLinks_Unsubscribe(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	testkit.Must(t, f.svc.Send(ctx, f.tenantID, f.agentID, f.taskID, followups.BySMS))
	_, _, _, _, token := f.sent(t)
	testkit.Must(t, f.svc.Unsubscribe(ctx, client, token))
	var customer string
	f.exec(t, `SELECT do_not_contact || ' ' || dnc_reason FROM customers WHERE id = `+itoa(f.customerID), &customer)
	if customer != "true unsubscribed" || f.taskStatus(t) != "cancelled phone" {
		t.Fatalf("customer %q task %q, want not to be contacted (客户退订) and the task cancelled", customer, f.taskStatus(t))
	}
	if _, err := f.svc.Open(ctx, client, token); err != links.ErrGone {
		t.Errorf("open after unsubscribing err=%v, want the link gone", err)
	}
}

func TestLinks_Refusals(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	t.Run("NoEmail", func(t *testing.T) {
		err := f.svc.Send(ctx, f.tenantID, f.agentID, f.taskID, followups.ByEmail)
		if testkit.Fields(t, err)["via"] != "linksend.no_email" {
			t.Errorf("err=%v, want the customer's missing e-mail named", err)
		}
	})
	t.Run("EmailInLanguage", func(t *testing.T) {
		f.exec(t, `UPDATE customers SET email = 'zhang@example.com', language = 'en'`)
		testkit.Must(t, f.svc.Send(ctx, f.tenantID, f.agentID, f.taskID, followups.ByEmail))
		channel, recipient, subject, body, _ := f.sent(t)
		if channel != "email" || recipient != "zhang@example.com" || subject != "瑞丰一店: how did we do?" || !strings.Contains(body, "Thank you") {
			t.Errorf("message %s to %s %q %q, want an English e-mail", channel, recipient, subject, body)
		}
	})
	t.Run("NotTwice", func(t *testing.T) {
		if err := f.svc.Send(ctx, f.tenantID, f.agentID, f.taskID, followups.BySMS); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("err=%v, want a conflict: the link is out already", err)
		}
	})
}

func TestLinks_ConsentAndCooldown(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.exec(t, `UPDATE customers SET do_not_contact = true, dnc_reason = 'requested'`)
	if err := f.svc.Send(ctx, f.tenantID, f.agentID, f.taskID, followups.BySMS); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("err=%v, want a refusal: the customer asked not to be contacted", err)
	}
	f.exec(t, `UPDATE customers SET do_not_contact = false, dnc_reason = ''`)
	// a survey of the same customer by phone earlier this week, on a second order (written with
	// VALUES: Citus writes the rows of an INSERT … SELECT that draws ids through the
	// coordinator, which row-level security refuses)
	var task string
	f.exec(t, `SELECT format('%s, %s, %s, %L, %L, %L, %L, %L', tenant_id, store_id, customer_id, reason, survey_kind,
		due_from, due_until, expires_on) FROM follow_up_tasks WHERE id = `+itoa(f.taskID), &task)
	f.exec(t, `INSERT INTO follow_up_tasks (tenant_id, store_id, customer_id, reason, survey_kind, due_from, due_until,
		expires_on, source_key) VALUES (`+task+`, 'so:other')`)
	var other int64
	f.exec(t, `SELECT id FROM follow_up_tasks WHERE source_key = 'so:other'`, &other)
	testkit.Must(t, f.follow.RecordAttempt(ctx, f.tenantID, f.agentID, other, followups.Attempt{Outcome: followups.Reached}))
	err := f.svc.Send(ctx, f.tenantID, f.agentID, f.taskID, followups.BySMS)
	if e, ok := apperr.As(err); !ok || e.Key != "linksend.cooldown" {
		t.Errorf("err=%v, want the cooldown named", err)
	}
}

func TestLinks_AfterCallsAndFromTheStart(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	t.Run("PhoneThenLink", func(t *testing.T) {
		f.exec(t, `UPDATE follow_up_tasks SET channel = 'phone_then_link', max_attempts = 1 WHERE id = `+itoa(f.taskID))
		testkit.Must(t, f.follow.RecordAttempt(ctx, f.tenantID, f.agentID, f.taskID, followups.Attempt{Outcome: followups.NoAnswer}))
		if got := f.taskStatus(t); got != "linked phone_then_link" {
			t.Fatalf("task %q after its last unanswered call, want its link sent", got)
		}
		if channel, _, _, _, _ := f.sent(t); channel != "sms" {
			t.Errorf("message by %s, want the rule's SMS", channel)
		}
	})
	t.Run("LinkRuleFallsBackWithoutEmail", func(t *testing.T) {
		f.exec(t, `UPDATE follow_up_rules SET channel = 'link', link_via = 'email' WHERE reason = 'purchase_survey'`)
		f.deliveredMonthAgo(t)
		r, err := f.svc.Tend(ctx, f.tenantID)
		testkit.Must(t, err)
		var task string
		f.exec(t, `SELECT status || ' ' || channel FROM follow_up_tasks WHERE reason = 'purchase_survey'`, &task)
		if r.FellBack != 1 || task != "open phone" {
			t.Errorf("tend %+v task %q, want the link-only task left to the agents: the customer has no e-mail", r, task)
		}
	})
	t.Run("LinkRuleSends", func(t *testing.T) {
		f.exec(t, `UPDATE follow_up_tasks SET channel = 'link' WHERE reason = 'purchase_survey'`)
		f.exec(t, `UPDATE follow_up_rules SET link_via = 'sms' WHERE reason = 'purchase_survey'`)
		r, err := f.svc.Tend(ctx, f.tenantID)
		testkit.Must(t, err)
		var task string
		f.exec(t, `SELECT status || ' ' || channel FROM follow_up_tasks WHERE reason = 'purchase_survey'`, &task)
		if r.Sent != 1 || task != "linked link" {
			t.Errorf("tend %+v task %q, want the link sent when the task fell due", r, task)
		}
	})
}

// The customer's page has no session: the token alone names the group and the store, and
// row-level security holds its transaction to that store of that group. A token whose directory
// entry named another group, or another store, finds nothing.
func TestLinks_IsolatedByRowLevelSecurity(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	other := newFixtureOn(t, f.db, "华南", "华南一店")
	testkit.Must(t, f.svc.Send(ctx, f.tenantID, f.agentID, f.taskID, followups.BySMS))
	_, _, _, _, token := f.sent(t)
	testkit.Must(t, other.svc.Send(ctx, other.tenantID, other.agentID, other.taskID, followups.BySMS))
	sv, err := other.svc.Open(ctx, client, token)
	testkit.Must(t, err)
	if sv.StoreName != "瑞丰一店" {
		t.Fatalf("store %q, want the token's own group's store whichever service reads it", sv.StoreName)
	}
	redirect := func(tenantID, storeID int64) {
		_, err := f.db.Owner.Pool.Exec(ctx, `UPDATE survey_link_tokens SET tenant_id = $2, store_id = $3
			WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, token, tenantID, storeID)
		testkit.Must(t, err)
	}
	redirect(other.tenantID, other.storeID)
	if _, err := f.svc.Open(ctx, client, token); err != links.ErrGone {
		t.Errorf("token pointed at another group: err=%v, want nothing found", err)
	}
	if err := f.svc.Answer(ctx, client, token, []followups.Answer{{ItemID: sv.Items[0].ID, Value: intp(1)}}); err != links.ErrGone {
		t.Errorf("answer through a token pointed at another group: err=%v, want nothing written", err)
	}
	second := tenancy.NewStore()
	second.Name = "瑞丰二店"
	testkit.Must(t, (&tenancy.Service{DB: f.db.App}).CreateStore(ctx, f.tenantID, &second))
	redirect(f.tenantID, second.ID)
	if _, err := f.svc.Open(ctx, client, token); err != links.ErrGone {
		t.Errorf("token pointed at another store: err=%v, want nothing found", err)
	}
	var answers int
	f.exec(t, `SELECT count(*) FROM survey_answers`, &answers)
	if answers != 0 {
		t.Errorf("answers written: %d, want none", answers)
	}
}

// An address that tries too many links that are not open is refused for a while, even a real
// link; another address is not.
func TestLinks_GuessingIsThrottled(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	testkit.Must(t, f.svc.Send(ctx, f.tenantID, f.agentID, f.taskID, followups.BySMS))
	_, _, _, _, token := f.sent(t)
	if _, err := f.svc.Open(ctx, client, "not-a-token"); err != links.ErrGone {
		t.Fatalf("junk: err=%v, want the same answer as any closed link", err)
	}
	for i := range links.GuessLimit {
		guess := strings.Repeat("A", 42) + string(rune('A'+i%26))
		if _, err := f.svc.Open(ctx, client, guess); err != links.ErrGone {
			t.Fatalf("guess %d: err=%v, want the same answer as any closed link", i, err)
		}
	}
	if _, err := f.svc.Open(ctx, client, token); !apperr.Is(err, apperr.TooMany) {
		t.Errorf("the guesser's real link: err=%v, want too many", err)
	}
	if _, err := f.svc.Open(ctx, "198.51.100.9", token); err != nil {
		t.Errorf("another address: err=%v, want the survey", err)
	}
	f.now = f.now.Add(links.GuessWindow)
	if _, err := f.svc.Open(ctx, client, token); err != nil {
		t.Errorf("after the window: err=%v, want the survey", err)
	}
}

// A link sent by e-mail leaves through the outbox and the delivery worker to a real SMTP server,
// in the customer's language, and its link opens the survey.
func TestLinks_EmailThroughSMTP(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.exec(t, `UPDATE customers SET email = 'zhang@example.com', language = 'en'`)
	testkit.Must(t, f.svc.Send(ctx, f.tenantID, f.agentID, f.taskID, followups.ByEmail))
	var outboxID int64
	f.exec(t, `SELECT outbox_id FROM survey_links`, &outboxID)
	addr, got := testkit.SMTPServer(t, "", "")
	sender := notify.Router{Mail: notify.SMTPSender{Addr: addr, From: "desk@example.com"}}
	job := &river.Job[notify.DeliverArgs]{JobRow: &rivertype.JobRow{}, Args: notify.DeliverArgs{TenantID: f.tenantID, OutboxID: outboxID}}
	testkit.Must(t, notify.NewDeliverWorker(f.db.App, sender).Work(ctx, job))
	l := <-got
	msg, subject, body := testkit.ReadLetter(t, l)
	m := tokenInBody.FindStringSubmatch(body)
	if msg.Header.Get("To") != "zhang@example.com" || subject != "瑞丰一店: how did we do?" || m == nil || !strings.Contains(body, "Thank you") {
		t.Fatalf("letter to %q %q: %q, want the English survey e-mail with its link", msg.Header.Get("To"), subject, body)
	}
	sv, err := f.svc.Open(ctx, client, m[1])
	testkit.Must(t, err)
	if sv.Language != "en" || sv.StoreName != "瑞丰一店" {
		t.Errorf("survey %+v, want the customer's English survey of the store", sv)
	}
}
