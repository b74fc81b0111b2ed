package followups_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/testkit"
)

// completeCall reaches the customer of a call fixture and completes the after-sales survey with
// the best answer to every item but those given by position (a value, or -1 to skip an optional
// one), the free-text answer words, and the agent's completion; it returns the complaint the
// call opened (zero ID: none) and the questionnaire.
func completeCall(t *testing.T, c *callFixture, given map[int]int, words string, done followups.Completion) (complaints.Complaint, surveys.Questionnaire) {
	t.Helper()
	ctx := context.Background()
	cs := &complaints.Service{DB: c.db.App, Now: func() time.Time { return c.now }}
	c.svc.OnComplaint = cs.Opened // as the application wires it: the workflow starts the form's clock
	testkit.Must(t, c.svc.RecordAttempt(ctx, c.tenantID, c.agent, c.taskID, followups.Attempt{Outcome: followups.Reached}))
	sv, err := c.svc.SurveyOf(ctx, c.tenantID, c.taskID)
	testkit.Must(t, err)
	q, _, err := (&surveys.Service{DB: c.db.App}).Get(ctx, c.tenantID, sv.QuestionnaireID)
	testkit.Must(t, err)
	var answers []followups.Answer
	for _, it := range q.Items {
		a := followups.Answer{ItemID: it.ID}
		switch v, ok := given[it.Position]; {
		case it.Scale == surveys.Text:
			a.Text = words
		case ok && v < 0:
			continue
		case ok:
			a.Value = intp(v)
		default:
			a.Value = intp(map[surveys.Scale]int{surveys.Five: 5, surveys.Ten: 10, surveys.YesNo: 1}[it.Scale])
		}
		answers = append(answers, a)
	}
	testkit.Must(t, c.svc.SaveAnswers(ctx, c.tenantID, c.agent, c.taskID, answers))
	testkit.Must(t, c.svc.Complete(ctx, c.tenantID, c.agent, c.taskID, done))
	sv, err = c.svc.SurveyOf(ctx, c.tenantID, c.taskID)
	testkit.Must(t, err)
	if sv.ComplaintID == 0 {
		return complaints.Complaint{}, q
	}
	got, err := cs.Get(ctx, c.tenantID, sv.ComplaintID)
	testkit.Must(t, err)
	return got, q
}

// The after-sales questionnaire's items by position (surveys.Defaults): the advisor's manner,
// the work done right first time (yes/no), the time the work took, the complaint item (yes/no).
const (
	csiAdvisor    = 2
	csiFirstTime  = 3
	csiTime       = 5
	csiEveryPart  = 12
	csiBodyPaint  = 4 // optional
	csiPartsItem  = 8 // optional
	csiExpectItem = 9 // optional
)

// TestComplete_ComplaintLevel: at the default level of 40 points a neutral 3 of 5, or a "no" to
// a yes/no item that is not about complaints, opens nothing; a "no" to the complaint item, 2 of
// 5, or the agent's flag opens one.
func TestComplete_ComplaintLevel(t *testing.T) {
	optional := map[int]int{csiBodyPaint: -1, csiPartsItem: -1, csiExpectItem: -1}
	with := func(pos, v int) map[int]int {
		m := map[int]int{pos: v}
		for k, v := range optional {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name  string
		given map[int]int
		done  followups.Completion
		opens bool
	}{
		{"NeutralThree", with(csiAdvisor, 3), followups.Completion{}, false},
		{"NoNotAboutComplaints", with(csiFirstTime, 0), followups.Completion{}, false},
		{"NoToComplaintItem", with(csiEveryPart, 0), followups.Completion{}, true},
		{"TwoOfFive", with(csiTime, 2), followups.Completion{}, true},
		{"Flagged", optional, followups.Completion{Flagged: true, Note: "客户语气不满"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCallFixture(t)
			level, err := c.svc.Dissatisfied(context.Background(), c.tenantID, c.storeID)
			testkit.Must(t, err)
			if level != followups.DefaultDissatisfied {
				t.Fatalf("store level %d, want the default %d", level, followups.DefaultDissatisfied)
			}
			got, _ := completeCall(t, c, tt.given, "", tt.done)
			if (got.ID != 0) != tt.opens {
				t.Errorf("complaint %d, want one opened: %v", got.ID, tt.opens)
			}
		})
	}
}

// TestComplete_ComplaintText: the complaint a call opens holds what happened, not the
// questionnaire: the customer's words (the free-text answer, then the agent's note); each low
// answer by its item's short name in both languages with the answer (a "no" not about complaints
// among them, as it is low); the departments of the low answers and the category of the lowest,
// suggested; the complaint waits to be dispatched.
func TestComplete_ComplaintText(t *testing.T) {
	c := newCallFixture(t)
	given := map[int]int{csiAdvisor: 1, csiFirstTime: 0, csiBodyPaint: -1, csiPartsItem: -1, csiExpectItem: -1}
	got, q := completeCall(t, c, given, "希望休息区有充电口", followups.Completion{Note: "客户说服务顾问态度冷淡"})
	if got.ID == 0 {
		t.Fatal("no complaint, want one for 1 of 5")
	}
	if got.Description != "希望休息区有充电口\n客户说服务顾问态度冷淡" || got.Status != complaints.Open {
		t.Errorf("description %q, status %s; want the customer's words then the note, open", got.Description, got.Status)
	}
	var names []string
	var depts []int64
	for _, a := range got.Call.Low {
		names = append(names, a.NameZH+"|"+a.NameEN)
	}
	for _, it := range q.Items {
		if it.Position == csiAdvisor || it.Position == csiFirstTime {
			depts = append(depts, it.DepartmentID)
		}
	}
	want := []string{"服务态度|Advisor's manner", "维修一次到位|Repair right first time"}
	if !slices.Equal(names, want) || got.Call.Low[0].Value != 1 || got.Call.Low[1].Value != 0 || got.Call.Flagged {
		t.Errorf("low answers %+v, want %q with 1 and no", got.Call.Low, want)
	}
	if !slices.Equal(got.DepartmentIDs(), depts) && !slices.Equal(got.DepartmentIDs(), []int64{depts[1], depts[0]}) {
		t.Errorf("suggested departments %v, want those of the low answers %v", got.DepartmentIDs(), depts)
	}
	if got.CategoryZH != "维修质量" {
		t.Errorf("suggested category %q, want 维修质量 (the lowest answer's: not done right first time)", got.CategoryZH)
	}
}
