package followups_test

import (
	"context"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// callFixture is newFixture with questionnaires, two agents, and the due after-sales survey.
type callFixture struct {
	*fixture
	agent, other int64
	taskID       int64
}

func newCallFixture(t *testing.T) *callFixture {
	t.Helper()
	f := newFixture(t)
	ctx := context.Background()
	testkit.Must(t, (&surveys.Service{DB: f.db.App}).EnsureDefaults(ctx, f.tenantID, f.storeID))
	as := auth.NewService(f.db.App, time.Hour, time.Hour)
	c := &callFixture{fixture: f}
	for i, email := range []string{"a1@example.com", "a2@example.com"} {
		id, err := as.CreateUser(ctx, f.tenantID, auth.NewUser{Email: email, Name: email, Locale: "zh-CN", Password: "correct-horse"})
		testkit.Must(t, err)
		if i == 0 {
			c.agent = id
		} else {
			c.other = id
		}
	}
	_, err := f.svc.Generate(ctx, f.tenantID)
	testkit.Must(t, err)
	list, err := f.svc.Worklist(ctx, f.tenantID, followups.WorkFilter{Tab: followups.DueToday, Kind: "csi", Limit: 5})
	testkit.Must(t, err)
	if len(list.Items) != 1 {
		t.Fatalf("worklist=%+v, want the after-sales survey", list.Items)
	}
	c.taskID = list.Items[0].ID
	return c
}

func (c *callFixture) task(t *testing.T) followups.TaskView {
	t.Helper()
	tv, err := c.svc.Task(context.Background(), c.tenantID, c.taskID)
	testkit.Must(t, err)
	return tv
}

func intp(v int) *int { return &v }

func TestCall_SurveyFlow(t *testing.T) {
	c := newCallFixture(t)
	ctx := context.Background()
	testkit.Must(t, c.svc.RecordAttempt(ctx, c.tenantID, c.agent, c.taskID, followups.Attempt{Outcome: followups.Reached}))
	sv, err := c.svc.SurveyOf(ctx, c.tenantID, c.taskID)
	testkit.Must(t, err)
	q, _, err := (&surveys.Service{DB: c.db.App}).Get(ctx, c.tenantID, sv.QuestionnaireID)
	testkit.Must(t, err)
	q, _ = q.For(c.task(t).WorkType) // the questions asked about the order's work
	if sv.Status != followups.SurveyOpen || !q.Frozen {
		t.Fatalf("survey %+v questionnaire frozen %v, want an open survey on a frozen version", sv, q.Frozen)
	}
	t.Run("ErrHeldByAnother", func(t *testing.T) {
		err := c.svc.SaveAnswers(ctx, c.tenantID, c.other, c.taskID, []followups.Answer{{ItemID: q.Items[0].ID, Value: intp(5)}})
		if !apperr.Is(err, apperr.Conflict) {
			t.Errorf("err=%v, want a conflict: the first agent holds the call", err)
		}
	})
	t.Run("ErrOffTheScale", func(t *testing.T) {
		err := c.svc.SaveAnswers(ctx, c.tenantID, c.agent, c.taskID, []followups.Answer{
			{ItemID: q.Items[0].ID, Value: intp(4)}, {ItemID: q.Items[1].ID, Value: intp(6)}})
		if testkit.Fields(t, err)[followups.ItemField(q.Items[1].ID)] != "validation.answer_scale" {
			t.Errorf("err=%v, want the second answer refused at its question", err)
		}
		sv, _ := c.svc.SurveyOf(ctx, c.tenantID, c.taskID)
		if len(sv.Answers) != 0 {
			t.Errorf("answers=%v, want nothing written", sv.Answers)
		}
	})
	t.Run("ErrMandatoryMissing", func(t *testing.T) {
		testkit.Must(t, c.svc.SaveAnswers(ctx, c.tenantID, c.agent, c.taskID, []followups.Answer{{ItemID: q.Items[0].ID, Value: intp(5)}}))
		err := c.svc.Complete(ctx, c.tenantID, c.agent, c.taskID, followups.Completion{})
		if f := testkit.Fields(t, err); f[followups.ItemField(q.Items[1].ID)] != "validation.answer_required" || f[followups.ItemField(q.Items[0].ID)] != "" {
			t.Errorf("fields=%v, want the unanswered mandatory questions only", f)
		}
	})
	t.Run("OK", func(t *testing.T) {
		var answers []followups.Answer
		want, weights := 0.0, 0.0
		for _, it := range q.Items {
			a := followups.Answer{ItemID: it.ID}
			switch it.Scale {
			case surveys.Five:
				a.Value = intp(5)
				if it.Position == 2 {
					a.Value = intp(2) // the one dissatisfied answer: 40 points, the default level
				}
			case surveys.Ten:
				a.Value = intp(9)
			case surveys.YesNo:
				a.Value = intp(1)
			case surveys.Text:
				a.Text = "希望休息区有充电口"
			}
			if a.Value != nil {
				p := float64(*a.Value) * 100 / map[surveys.Scale]float64{surveys.Five: 5, surveys.Ten: 10, surveys.YesNo: 1}[it.Scale]
				want, weights = want+it.Weight*p, weights+it.Weight
			}
			answers = append(answers, a)
		}
		testkit.Must(t, c.svc.SaveAnswers(ctx, c.tenantID, c.agent, c.taskID, answers))
		testkit.Must(t, c.svc.Complete(ctx, c.tenantID, c.agent, c.taskID, followups.Completion{}))
		sv, err := c.svc.SurveyOf(ctx, c.tenantID, c.taskID)
		testkit.Must(t, err)
		if sv.Status != followups.SurveyCompleted || sv.Score == nil || *sv.Score-want/weights > 0.01 || want/weights-*sv.Score > 0.01 {
			t.Errorf("survey %+v, want completed with score %.2f", sv, want/weights)
		}
		if sv.ComplaintID == 0 {
			t.Errorf("no complaint draft, want one for the answer of 2 of 5")
		}
		if tv := c.task(t); tv.Status != followups.TaskCompleted {
			t.Errorf("task status %q, want completed", tv.Status)
		}
	})
	t.Run("ErrCompletedTwice", func(t *testing.T) {
		err := c.svc.Complete(ctx, c.tenantID, c.agent, c.taskID, followups.Completion{})
		if !apperr.Is(err, apperr.Conflict) {
			t.Errorf("err=%v, want a conflict", err)
		}
	})
}

// TestCall_AttemptsOnDifferentDays: three unanswered attempts on three days close the task as
// unreachable; a second unanswered attempt on one day is refused at the outcome, with nothing
// written, since it would not count.
func TestCall_AttemptsOnDifferentDays(t *testing.T) {
	c := newCallFixture(t)
	ctx := context.Background()
	noAnswer := followups.Attempt{Outcome: followups.NoAnswer}
	testkit.Must(t, c.svc.RecordAttempt(ctx, c.tenantID, c.agent, c.taskID, noAnswer))
	err := c.svc.RecordAttempt(ctx, c.tenantID, c.agent, c.taskID, followups.Attempt{Outcome: followups.Busy})
	if got := testkit.Fields(t, err)["outcome"]; got != "validation.tried_today" {
		t.Errorf("second unanswered attempt today: outcome error %q, want validation.tried_today", got)
	}
	if tv, n := c.task(t), c.attempts(t); tv.Attempts != 1 || tv.Status != followups.TaskOpen || !tv.TriedToday || n != 1 {
		t.Fatalf("after two tries on one day: %d attempts (%d recorded), %s, tried today %v; want 1 (1), open, true",
			tv.Attempts, n, tv.Status, tv.TriedToday)
	}
	for range 2 {
		c.now = c.now.AddDate(0, 0, 1)
		testkit.Must(t, c.svc.RecordAttempt(ctx, c.tenantID, c.agent, c.taskID, noAnswer))
	}
	if tv := c.task(t); tv.Attempts != 3 || tv.Status != followups.TaskUnreachable {
		t.Errorf("after three days: %d attempts, %s; want 3 and unreachable", tv.Attempts, tv.Status)
	}
	if err := c.svc.RecordAttempt(ctx, c.tenantID, c.agent, c.taskID, noAnswer); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("attempt on a closed task: err=%v, want a conflict", err)
	}
}

// TestCall_ReachedAfterTriedToday: a customer who did not answer in the morning may still be
// reached, or ask to be called back, later that day.
func TestCall_ReachedAfterTriedToday(t *testing.T) {
	c := newCallFixture(t)
	ctx := context.Background()
	testkit.Must(t, c.svc.RecordAttempt(ctx, c.tenantID, c.agent, c.taskID, followups.Attempt{Outcome: followups.SwitchedOff}))
	c.now = c.now.Add(4 * time.Hour)
	at := c.now.Add(time.Hour)
	testkit.Must(t, c.svc.RecordAttempt(ctx, c.tenantID, c.agent, c.taskID, followups.Attempt{Outcome: followups.CallBack, CallBackAt: &at}))
	testkit.Must(t, c.svc.RecordAttempt(ctx, c.tenantID, c.agent, c.taskID, followups.Attempt{Outcome: followups.Reached}))
	if sv, err := c.svc.SurveyOf(ctx, c.tenantID, c.taskID); err != nil || sv == nil || sv.AgentName != "a1@example.com" {
		t.Errorf("survey %+v (err %v), want one started by the agent", sv, err)
	}
}

// attempts counts the task's recorded attempts.
func (c *callFixture) attempts(t *testing.T) int {
	t.Helper()
	list, err := c.svc.Attempts(context.Background(), c.tenantID, c.taskID)
	testkit.Must(t, err)
	return len(list)
}

func TestCall_CallBack(t *testing.T) {
	c := newCallFixture(t)
	ctx := context.Background()
	if err := c.svc.RecordAttempt(ctx, c.tenantID, c.agent, c.taskID, followups.Attempt{Outcome: followups.CallBack}); testkit.Fields(t, err)["call_back_at"] == "" {
		t.Errorf("call back without a time: err=%v, want it refused at the time", err)
	}
	at := c.now.Add(3 * time.Hour)
	testkit.Must(t, c.svc.RecordAttempt(ctx, c.tenantID, c.agent, c.taskID, followups.Attempt{Outcome: followups.CallBack, CallBackAt: &at}))
	list, err := c.svc.Worklist(ctx, c.tenantID, followups.WorkFilter{Tab: followups.CallBacks, Limit: 5})
	testkit.Must(t, err)
	if len(list.Items) != 1 || list.Items[0].CallBackAt == nil {
		t.Errorf("call-backs=%+v, want the task", list.Items)
	}
}

// TestCall_StoreComplaintLevel: with the store's level raised to 80 points, an answer of 4 of 5
// opens a complaint draft.
func TestCall_StoreComplaintLevel(t *testing.T) {
	c := newCallFixture(t)
	ctx := context.Background()
	testkit.Must(t, c.svc.SetDissatisfied(ctx, c.tenantID, c.storeID, 80))
	testkit.Must(t, c.svc.RecordAttempt(ctx, c.tenantID, c.agent, c.taskID, followups.Attempt{Outcome: followups.Reached}))
	sv, err := c.svc.SurveyOf(ctx, c.tenantID, c.taskID)
	testkit.Must(t, err)
	q, _, err := (&surveys.Service{DB: c.db.App}).Get(ctx, c.tenantID, sv.QuestionnaireID)
	testkit.Must(t, err)
	var answers []followups.Answer
	for _, it := range q.Items {
		switch it.Scale {
		case surveys.Five:
			answers = append(answers, followups.Answer{ItemID: it.ID, Value: intp(4)})
		case surveys.Ten:
			answers = append(answers, followups.Answer{ItemID: it.ID, Value: intp(10)})
		case surveys.YesNo:
			answers = append(answers, followups.Answer{ItemID: it.ID, Value: intp(1)})
		}
	}
	testkit.Must(t, c.svc.SaveAnswers(ctx, c.tenantID, c.agent, c.taskID, answers))
	testkit.Must(t, c.svc.Complete(ctx, c.tenantID, c.agent, c.taskID, followups.Completion{}))
	if sv, _ := c.svc.SurveyOf(ctx, c.tenantID, c.taskID); sv.ComplaintID == 0 {
		t.Errorf("no complaint draft, want one for answers of 4 of 5 at a level of 80")
	}
}

// TestCall_CustomerOf: a task's customer is read once and then kept; another group's task is
// not found, as are tasks that do not exist, even once the task was read for its own group.
func TestCall_CustomerOf(t *testing.T) {
	c := newCallFixture(t)
	ctx := context.Background()
	want := c.task(t).CustomerID
	other, err := tenancy.CreateTenant(ctx, c.db.Owner, "华东")
	testkit.Must(t, err)
	for range 2 {
		if got, err := c.svc.CustomerOf(ctx, c.tenantID, c.taskID); err != nil || got != want {
			t.Fatalf("CustomerOf=%d, %v; want %d", got, err, want)
		}
		for _, tc := range []struct{ tenantID, taskID int64 }{{other, c.taskID}, {c.tenantID, c.taskID + 1000}} {
			if _, err := c.svc.CustomerOf(ctx, tc.tenantID, tc.taskID); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("CustomerOf(tenant %d, task %d): err=%v, want NotFound", tc.tenantID, tc.taskID, err)
			}
		}
	}
}
