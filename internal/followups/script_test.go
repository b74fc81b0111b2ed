package followups_test

import (
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/surveys"
)

func TestSalutation(t *testing.T) {
	tests := []struct {
		name, customer, gender, zh, en string
	}{
		{"Female", "丁秀英", "female", "丁女士", "Ms Ding"},
		{"Male", "王建国", "male", "王先生", "Mr Wang"},
		{"ReadAsSurname", "曾小贤", "male", "曾先生", "Mr Zeng"},
		{"Compound", "欧阳娜娜", "female", "欧阳女士", "Ms Ouyang"},
		{"TwoCharacters", "欧阳", "male", "欧先生", "Mr Ou"},
		{"Unknown", "丁秀英", "unknown", "丁秀英先生/女士", "Mr/Ms Ding"},
		{"RareSurname", "鄢明", "male", "鄢先生", "Mr 鄢"},
		{"Latin", "Anna Weber", "female", "Weber女士", "Ms Weber"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			zh, en := followups.Salutation(tt.customer, tt.gender)
			if zh != tt.zh || en != tt.en {
				t.Errorf("Salutation(%q, %q)=%q, %q; want %q, %q", tt.customer, tt.gender, zh, en, tt.zh, tt.en)
			}
		})
	}
}

func TestFillScript(t *testing.T) {
	f := followups.ScriptFacts{Customer: "丁女士", Store: "瑞丰宝马浦东", Agent: "陈晓燕", Date: "2026年10月30日",
		Vehicle: "宝马 X3 沪A12345", OrderNo: "RO-1030", Work: "保养"}
	t.Run("EveryPlaceholder", func(t *testing.T) {
		got := followups.FillScript(strings.Join(surveys.Placeholders, " "), f)
		want := "丁女士 瑞丰宝马浦东 陈晓燕 2026年10月30日 宝马 X3 沪A12345 RO-1030 保养 —"
		if got != want {
			t.Errorf("FillScript=%q, want %q (the missing advisor as a dash)", got, want)
		}
	})
	t.Run("LegacyTitles", func(t *testing.T) {
		got := followups.FillScript("请问您是{customer}先生/女士吗？", f)
		en := followups.FillScript("Am I speaking with Mr/Ms {customer}?", followups.ScriptFacts{Customer: "Ms Ding"})
		if got != "请问您是丁女士吗？" || en != "Am I speaking with Ms Ding?" {
			t.Errorf("FillScript=%q, %q; want the customer's own title once", got, en)
		}
	})
	t.Run("OtherBraces", func(t *testing.T) {
		for text, want := range map[string]string{
			"{{customer}}":          "{丁女士}",
			"{name} {store":         "{name} {store",
			"{ {agent}":             "{ 陈晓燕",
			"}{work}{":              "}保养{",
			"no fields":             "no fields",
			"{advisor}{customer}{}": "—丁女士{}",
		} {
			if got := followups.FillScript(text, f); got != want {
				t.Errorf("FillScript(%q)=%q, want %q", text, got, want)
			}
		}
	})
}

func TestScript(t *testing.T) {
	q := surveys.Questionnaire{Sections: []surveys.Section{{Kind: surveys.Greeting, TextZH: "售后问卷"}}}
	tests := []struct {
		name   string
		task   followups.TaskView
		wantZH string
	}{
		{"Survey", followups.TaskView{Reason: followups.ServiceSurvey, Survey: "csi"}, "售后问卷"},
		{"Birthday", followups.TaskView{Reason: followups.BirthdayCare}, surveys.CareScript(surveys.Birthday)[0].TextZH},
		{"ThankYou", followups.TaskView{Reason: followups.SalesCall}, surveys.CareScript(surveys.ThankYou)[0].TextZH},
		{"ServiceWithoutSurvey", followups.TaskView{Reason: followups.PeriodicSurvey}, surveys.CareScript(surveys.ServiceCare)[0].TextZH},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := followups.Script(tt.task, q); len(got) == 0 || got[0].TextZH != tt.wantZH {
				t.Errorf("Script greeting=%v, want %q", got, tt.wantZH)
			}
		})
	}
}

func TestScriptAgent(t *testing.T) {
	now := time.Date(2026, 12, 2, 13, 35, 0, 0, time.UTC)
	recent, stale := now.Add(-time.Minute), now.Add(-time.Hour)
	open := followups.TaskView{Status: followups.TaskOpen, AssignedName: "周婷"}
	held := open
	held.ClaimedBy, held.ClaimedName, held.ClaimedAt = 7, "陈晓燕", &recent
	lapsed := held
	lapsed.ClaimedAt = &stale
	done := followups.TaskView{Status: followups.TaskCompleted}
	tried := []followups.Attempt{{AgentName: "刘备"}, {AgentName: "陈晓燕"}}
	tests := []struct {
		name        string
		task        followups.TaskView
		survey      *followups.Survey
		attempts    []followups.Attempt
		readerCalls bool
		want        string
	}{
		{"TookTheSurvey", held, &followups.Survey{AgentName: "周婷"}, nil, true, "周婷"},
		{"HoldsTheCall", held, nil, nil, true, "陈晓燕"},
		{"ReaderAboutToCall", lapsed, nil, tried, true, "刘强"},
		{"ManagerReadsAClosedCall", done, nil, tried, false, "陈晓燕"},
		{"ManagerReadsAnOpenCall", open, nil, nil, false, "周婷"},
		{"Nobody", followups.TaskView{Status: followups.TaskOpen}, nil, nil, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := followups.ScriptAgent(tt.task, tt.survey, tt.attempts, "刘强", tt.readerCalls, now); got != tt.want {
				t.Errorf("ScriptAgent=%q, want %q", got, tt.want)
			}
		})
	}
}

func TestTaskView_DoneForNow(t *testing.T) {
	at := time.Now()
	tests := []struct {
		name string
		task followups.TaskView
		want bool
	}{
		{"Open", followups.TaskView{Status: followups.TaskOpen}, false},
		{"TriedToday", followups.TaskView{Status: followups.TaskOpen, TriedToday: true}, true},
		{"CallBack", followups.TaskView{Status: followups.TaskOpen, CallBackAt: &at}, true},
		{"Closed", followups.TaskView{Status: followups.TaskUnreachable}, true},
	}
	for _, tt := range tests {
		if got := tt.task.DoneForNow(); got != tt.want {
			t.Errorf("%s: DoneForNow=%v, want %v", tt.name, got, tt.want)
		}
	}
}
