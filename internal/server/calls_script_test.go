package server_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// script is the text of a call screen's script sections, greeting and identity check first.
func script(body string) string {
	var out []string
	for _, part := range strings.Split(body, `data-testid="script-`)[1:] {
		start := strings.Index(part, `<p class="break">`) + len(`<p class="break">`)
		out = append(out, part[start:start+strings.Index(part[start:], "</p>")])
	}
	return strings.Join(out, "\n")
}

// TestCallScript_FitsTheCall: a birthday call, a thank-you call, an after-sales survey and a
// purchase survey each show their own script, and only the surveys a questionnaire. The script
// names the order or delivery the call is about (not the customer's newest), addresses the
// customer by surname and title, and speaks as the agent who makes the call.
func TestCallScript_FitsTheCall(t *testing.T) {
	e := newEnv(t)
	k := newCallKinds(t, e)
	agent := e.login(e.A.Emails[auth.Agent])
	inChinese(t, agent)
	older := k.Older.OpenedAt.In(tenancy.Location(tenancy.DefaultTimeZone)).Format("2006年1月2日")
	tests := []struct {
		name    string
		task    int64
		want    []string
		notWant []string
		survey  bool
	}{
		{"Birthday", k.Birthday, []string{"祝您生日快乐", "请问是丁女士吗？", "客服专员agent a"},
			[]string{"维修保养", "1 到 5 分", "丁秀英先生/女士"}, false},
		{"ThankYou", k.ThankYou, []string{"感谢您选择在我店购车", "请问是丁女士吗？", "D-DING", "销售顾问 马丽",
			k.Delivery.DeliveredOn.Format("2006年1月2日"), "宝马 i3 沪B67890"}, []string{"1 到 5 分", "为了解您对我们销售服务的意见"}, false},
		{"CSI", k.CSI, []string{"感谢您近日到我店维修保养", "请问是丁女士吗？", "RO-OLDER", "做了维修", "服务顾问 孙亮",
			older, "宝马 X3 沪A12345", "1 到 5 分"}, []string{"RO-NEWER", "钱多"}, true},
		{"SSI", k.SSI, []string{"为了解您对我们销售服务的意见", "请问是马先生吗？", "D-MA", "1 到 5 分"},
			[]string{"维修保养"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := agent.get(fmt.Sprintf("/tasks/%d", tt.task))
			text := script(page.Body)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("script lacks %q; script:\n%s", w, text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(text, w) {
					t.Errorf("script has %q, want not; script:\n%s", w, text)
				}
			}
			reached := agent.post(fmt.Sprintf("/tasks/%d/attempts", tt.task), url.Values{"outcome": {"reached"}})
			page = agent.get(reached.Header.Get("Location"))
			if got := strings.Contains(page.Body, `data-testid="survey-form"`); got != tt.survey {
				t.Errorf("questionnaire shown after reaching the customer: %v, want %v", got, tt.survey)
			}
		})
	}
}

// TestCallScript_English: the English script addresses the customer in the English form.
func TestCallScript_English(t *testing.T) {
	e := newEnv(t)
	k := newCallKinds(t, e)
	agent := e.login(e.A.Emails[auth.Agent])
	text := script(agent.get(fmt.Sprintf("/tasks/%d", k.CSI)).Body)
	for _, w := range []string{"Am I speaking with Ms Ding?", "came in for a repair", "RO-OLDER", "service advisor 孙亮"} {
		if !strings.Contains(text, w) {
			t.Errorf("English script lacks %q; script:\n%s", w, text)
		}
	}
}

// TestCallScript_AgentOfTheCall: a manager reading a call the agent holds, or made, sees the
// script in the agent's name, not their own.
func TestCallScript_AgentOfTheCall(t *testing.T) {
	e := newEnv(t)
	k := newCallKinds(t, e)
	agent, manager := e.login(e.A.Emails[auth.Agent]), e.login(e.A.Emails[auth.DeptManager])
	call := fmt.Sprintf("/tasks/%d", k.Birthday)
	if res := agent.post(call+"/attempts", url.Values{"outcome": {"busy"}}); res.Code != 303 {
		t.Fatalf("attempt: Status=%d, want 303", res.Code)
	}
	for _, when := range []string{"while the agent holds the call", "after the agent's claim lapsed"} {
		if text := script(manager.get(call).Body); !strings.Contains(text, "this is agent a") || strings.Contains(text, "dept_manager a") {
			t.Errorf("%s: the manager's script does not speak as the agent; script:\n%s", when, text)
		}
		e.advance(followups.ClaimTimeout)
	}
}
