package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/surveys"
)

// historyStep is how often the demo's past is replayed: tasks generated and calls made.
const historyStep = 2 * 24 * time.Hour

// historyDays is how far back the demo's orders and calls go: more than 26 full weeks of scores.
const historyDays = 210

// seedHistory replays the last seven months of follow-up work as each store's demo agent
// (agents, by store id) would have done it, through the same code the call screen uses: every other day the tasks are generated and
// the calls due are made; most customers are reached and answer, mostly satisfied, some not,
// and in every fourth week the workshop has a bad run that takes the after-sales scores below
// the line.
func seedHistory(ctx context.Context, db *postgres.DB, tenantID int64, agents map[int64]int64, now time.Time) error {
	clock := now.AddDate(0, 0, -historyDays)
	fs := &followups.Service{DB: db, Now: func() time.Time { return clock }, Cooldown: followups.DefaultCooldown}
	qs := &surveys.Service{DB: db}
	r := rand.New(rand.NewPCG(7, 24))
	for ; clock.Before(now.Add(-24 * time.Hour)); clock = clock.Add(historyStep) {
		if err := callDue(ctx, fs, qs, r, tenantID, agents, ""); err != nil {
			return err
		}
	}
	return nil
}

// callDue generates the tasks at fs's clock and makes the calls due that day of kind ("" for
// every kind), each as its store's agent.
func callDue(ctx context.Context, fs *followups.Service, qs *surveys.Service, r *rand.Rand, tenantID int64,
	agents map[int64]int64, kind string) error {
	if _, err := fs.Generate(ctx, tenantID); err != nil {
		return err
	}
	list, err := fs.Worklist(ctx, tenantID, followups.WorkFilter{Tab: followups.DueToday, Kind: kind, Limit: 1000})
	if err != nil {
		return err
	}
	for _, it := range list.Items {
		if err := makeCall(ctx, fs, qs, r, tenantID, agents[it.StoreID], it); err != nil {
			return err
		}
	}
	return nil
}

// makeCall makes one past call: three in four reach the customer, who then answers the survey.
func makeCall(ctx context.Context, fs *followups.Service, qs *surveys.Service, r *rand.Rand, tenantID, agentID int64, it followups.WorkItem) error {
	outcome := followups.Reached
	if r.IntN(4) == 0 {
		outcome = followups.NoAnswer
	}
	if err := fs.RecordAttempt(ctx, tenantID, agentID, it.ID, followups.Attempt{Outcome: outcome}); err != nil || outcome != followups.Reached {
		return err
	}
	sv, err := fs.SurveyOf(ctx, tenantID, it.ID)
	if err != nil || sv == nil {
		return err
	}
	q, _, err := qs.Get(ctx, tenantID, sv.QuestionnaireID)
	if err != nil {
		return err
	}
	_, week := fs.Now().ISOWeek()
	bad := q.Kind == surveys.CSI && week%4 == 1
	if err := fs.SaveAnswers(ctx, tenantID, agentID, it.ID, answers(r, q, bad)); err != nil {
		return err
	}
	return fs.Complete(ctx, tenantID, agentID, it.ID, followups.Completion{})
}

// answers are a customer's answers: mostly the best, some a point lower, now and then neutral
// or unhappy, more often so in a bad week. An unhappy customer says why in the free-text items.
func answers(r *rand.Rand, q surveys.Questionnaire, bad bool) []followups.Answer {
	var out []followups.Answer
	unhappy := false
	for _, it := range q.Items {
		a := followups.Answer{ItemID: it.ID}
		switch it.Scale {
		case surveys.Five:
			a.Value = pick(r, 5, bad)
		case surveys.Ten:
			a.Value = pick(r, 10, bad)
		case surveys.YesNo:
			v := 1
			if r.IntN(20) == 0 {
				v = 0
			}
			a.Value = &v
		default:
			continue
		}
		unhappy = unhappy || *a.Value*5 <= 2*scaleMax(it.Scale)
		out = append(out, a)
	}
	for _, it := range q.Items {
		if it.Scale == surveys.Text && unhappy {
			out = append(out, followups.Answer{ItemID: it.ID, Text: remarks[r.IntN(len(remarks))]})
		}
	}
	return out
}

// remarks are what unhappy customers said.
var remarks = []string{
	"等了两个多小时，也没人告诉我进度。",
	"洗车不干净，座椅上还有油污。",
	"结算金额比报价多了三百多，没有提前说明。",
	"同一个异响修了两次还没好。",
	"服务顾问态度敷衍，问什么都说不清楚。",
}

// scaleMax is the highest answer of a scale of points.
func scaleMax(s surveys.Scale) int {
	switch s {
	case surveys.Five:
		return 5
	case surveys.Ten:
		return 10
	}
	return 1
}

// pick is an answer on a scale of max points: mostly the best, some a point lower, and a few
// neutral (3 of 5) or unhappy (2 or 1 of 5).
func pick(r *rand.Rand, max int, bad bool) *int {
	v, low, lower := max, 3, 25
	if bad {
		low, lower = 8, 50
	}
	switch n := r.IntN(100); {
	case n < low/2:
		v = max * (1 + n%2) / 5
	case n < low:
		v = max * 3 / 5
	case n < lower:
		v = max - 1
	}
	return &v
}
