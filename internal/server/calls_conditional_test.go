package server_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/testkit"
)

// workCalls gives group A's store two after-sales surveys due today: 林涛's after a body and
// paint order and 高洁's after a maintenance order. It returns their tasks by work type.
func workCalls(t *testing.T, e *env) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	closed := e.now().Add(-48 * time.Hour)
	recs := []orders.Record{
		{OrderNo: "RO-BP", CustomerName: "林涛", Phone: "13900000021", VIN: "LBV5S1102NSA00021", Brand: "宝马", Model: "X1",
			WorkType: "body_paint", Advisor: "孙亮", OpenedAt: closed.Add(-30 * time.Hour), ClosedAt: &closed},
		{OrderNo: "RO-MT", CustomerName: "高洁", Phone: "13900000022", VIN: "LBV5S1102NSA00022", Brand: "宝马", Model: "X1",
			WorkType: "maintenance", Advisor: "孙亮", OpenedAt: closed.Add(-3 * time.Hour), ClosedAt: &closed},
	}
	_, err := (&orders.Service{DB: e.DB.App}).Load(ctx, e.A.TenantID, e.A.StoreID, orders.ServiceOrders, "import", recs, false)
	testkit.Must(t, err)
	svc := &followups.Service{DB: e.DB.App, Now: e.now, Cooldown: followups.DefaultCooldown}
	_, err = svc.Generate(ctx, e.A.TenantID)
	testkit.Must(t, err)
	list, err := svc.Worklist(ctx, e.A.TenantID, followups.WorkFilter{Tab: followups.DueToday, Limit: 100})
	testkit.Must(t, err)
	tasks := map[string]int64{}
	for _, it := range list.Items {
		if w := map[string]string{"林涛": "body_paint", "高洁": "maintenance"}[it.CustomerName]; w != "" && it.Reason == followups.ServiceSurvey {
			tasks[w] = it.ID
		}
	}
	if len(tasks) != 2 {
		t.Fatalf("surveys due %v, want one after each order", tasks)
	}
	return tasks
}

// reach records that the agent reached the customer of a task, and returns its questionnaire.
func reach(t *testing.T, e *env, c *client, taskID int64) surveys.Questionnaire {
	t.Helper()
	if res := c.post(fmt.Sprintf("/tasks/%d/attempts", taskID), url.Values{"outcome": {"reached"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("reached: Status=%d, want 303", res.Code)
	}
	sv, err := (&followups.Service{DB: e.DB.App, Now: e.now}).SurveyOf(context.Background(), e.A.TenantID, taskID)
	testkit.Must(t, err)
	return questionnaire(t, e, sv.QuestionnaireID)
}

// answerForm answers every scored item of q at the top of its scale, the first at the middle,
// leaving out the item skip (0: none).
func answerForm(q surveys.Questionnaire, skip int64) url.Values {
	form := url.Values{}
	for i, it := range q.Items {
		top := map[surveys.Scale]int{surveys.Five: 5, surveys.Ten: 10, surveys.YesNo: 1}[it.Scale]
		if it.Scale == surveys.Text || it.ID == skip {
			continue
		}
		if i == 0 {
			top = 3 // 60 points: a score to improve, not a complaint
		}
		form.Set(followups.ItemField(it.ID), fmt.Sprint(top))
	}
	return form
}

// expectedScore is the weighted mean of answerForm's answers to q's items but skip.
func expectedScore(q surveys.Questionnaire, skip int64) float64 {
	var sum, weights float64
	for i, it := range q.Items {
		if it.Scale == surveys.Text || it.ID == skip {
			continue
		}
		points := 100.0
		if i == 0 {
			points = 60
		}
		sum, weights = sum+it.Weight*points, weights+it.Weight
	}
	return sum / weights
}

// TestCall_ConditionalItems: the body and paint item is asked after a body and paint order and
// not after a maintenance one, where the call screen names it as not asked. The maintenance
// survey completes without it, even when a crafted form answers it, and is scored without it;
// the body and paint survey needs it, as it is mandatory there, and scores it.
func TestCall_ConditionalItems(t *testing.T) {
	e := newEnv(t)
	tasks := workCalls(t, e)
	agent := e.loginSpeaking(e.A.Emails[auth.Agent], "zh-CN")
	ctx := context.Background()

	for _, work := range []string{"maintenance", "body_paint"} {
		task := fmt.Sprintf("/tasks/%d", tasks[work])
		q := reach(t, e, agent, tasks[work])
		var bp surveys.Item
		for _, it := range q.Items {
			if len(it.WorkTypes) > 0 {
				bp = it
			}
		}
		if bp.ID == 0 || !bp.Mandatory {
			t.Fatalf("questionnaire: want the mandatory body and paint item")
		}
		page := agent.get(task).Body
		asked := strings.Contains(page, `name="`+followups.ItemField(bp.ID)+`"`)
		skippedNote := strings.Contains(page, `data-testid="skipped-items"`) && strings.Contains(page, bp.NameZH)
		if asked != (work == "body_paint") || skippedNote == asked {
			t.Errorf("%s: body and paint item asked=%v, named as not asked=%v, want asked only after body and paint work", work, asked, skippedNote)
		}
		if strings.Contains(page, "没有钣金喷漆项目则跳过") {
			t.Errorf("%s: the call screen still tells the agent when to skip the body and paint item", work)
		}

		form := answerForm(q, bp.ID)
		if work == "maintenance" {
			form.Set(followups.ItemField(bp.ID), "1") // a crafted answer to the item not asked
		}
		if res := agent.post(task+"/answers", form); res.Code != http.StatusSeeOther {
			t.Fatalf("%s: answers: Status=%d, want 303", work, res.Code)
		}
		before := bodyPaintSurveys(t, e, bp.DepartmentID)
		res := agent.post(task+"/complete", url.Values{})
		if work == "body_paint" {
			if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="error-`+followups.ItemField(bp.ID)+`">此题必须回答。`) {
				t.Fatalf("body_paint without its item: Status=%d, want 422 at the item", res.Code)
			}
			form = answerForm(q, 0)
			agent.post(task+"/answers", form)
			res = agent.post(task+"/complete", url.Values{})
		}
		if res.Code != http.StatusSeeOther {
			t.Fatalf("%s: complete: Status=%d, want 303; %.300s", work, res.Code, res.Body)
		}
		sv, err := (&followups.Service{DB: e.DB.App, Now: e.now}).SurveyOf(ctx, e.A.TenantID, tasks[work])
		testkit.Must(t, err)
		want := expectedScore(q, map[string]int64{"maintenance": bp.ID}[work])
		_, answered := sv.Answers[bp.ID]
		switch {
		case sv.Status != followups.SurveyCompleted || sv.Score == nil:
			t.Errorf("%s: survey %v with score %v, want completed with a score", work, sv.Status, sv.Score)
		case math.Abs(*sv.Score-want) > 0.005:
			t.Errorf("%s: score=%.2f, want %.2f", work, *sv.Score, want)
		case answered != (work == "body_paint"):
			t.Errorf("%s: body and paint item answered=%v, want only after body and paint work", work, answered)
		}
		if added := bodyPaintSurveys(t, e, bp.DepartmentID) - before; added != map[string]int{"body_paint": 1}[work] {
			t.Errorf("%s: the body and paint department's week counts %d more surveys, want 1 after body and paint work only", work, added)
		}
	}
}

// bodyPaintSurveys is how many surveys the department's weekly roll-ups count.
func bodyPaintSurveys(t *testing.T, e *env, deptID int64) int {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var n int
	testkit.Must(t, tx.QueryRow(ctx, `SELECT coalesce(sum(surveys), 0) FROM score_rollups
		WHERE tenant_id = $1 AND department_id = $2 AND period = 'week'`, e.A.TenantID, deptID).Scan(&n))
	return n
}
