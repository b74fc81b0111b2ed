package followups

import (
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/surveys"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func storeRules(storeID int64) []Rule {
	rules := DefaultRules()
	for i := range rules {
		rules[i].StoreID = storeID
	}
	return rules
}

func TestPlan(t *testing.T) {
	closed := day("2026-11-01")
	service := Candidate{Reason: ServiceSurvey, SourceKey: "so:1", StoreID: 1, CustomerID: 7, Event: closed, Consent: true}
	tests := []struct {
		name  string
		cand  func(c *Candidate)
		rules func([]Rule) []Rule
		today string
		want  Skip
	}{
		{"OK on the day it closed", nil, nil, "2026-11-01", Taken},
		{"OK while overdue", nil, nil, "2026-11-10", Taken},
		{"OK on its last day", nil, nil, "2026-11-16", Taken},
		{"Expired the day after", nil, nil, "2026-11-17", Expired},
		{"NoConsent", func(c *Candidate) { c.Consent = false }, nil, "2026-11-02", NoConsent},
		{"DoNotContact", func(c *Candidate) { c.DoNotContact = true }, nil, "2026-11-02", NoConsent},
		{"Cooldown: a survey due 3 days before", func(c *Candidate) { c.Surveys = []time.Time{day("2026-10-30")} }, nil, "2026-11-02", InCooldown},
		{"Cooldown: a survey due 6 days after", func(c *Candidate) { c.Surveys = []time.Time{day("2026-11-08")} }, nil, "2026-11-02", InCooldown},
		{"No cooldown: a survey 7 days away", func(c *Candidate) { c.Surveys = []time.Time{day("2026-11-09")} }, nil, "2026-11-02", Taken},
		{"No cooldown for a call without survey", func(c *Candidate) {
			c.Reason, c.Surveys = SalesCall, []time.Time{day("2026-11-15")}
		}, nil, "2026-11-02", Taken},
		{"NoRule: inactive", nil, func(rs []Rule) []Rule { rs[0].Active = false; return rs }, "2026-11-02", NoRule},
		{"NoRule: another store's", func(c *Candidate) { c.StoreID = 2 }, nil, "2026-11-02", NoRule},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := service
			if tt.cand != nil {
				tt.cand(&c)
			}
			rules := storeRules(1)
			if tt.rules != nil {
				rules = tt.rules(rules)
			}
			c.Today = day(tt.today)
			tasks, skips := Plan(rules, []Candidate{c}, 7)
			if skips[tt.want] != 1 {
				t.Fatalf("skips=%v, want one %q", skips, tt.want)
			}
			if (tt.want == Taken) != (len(tasks) == 1) {
				t.Fatalf("tasks=%d, want %v", len(tasks), tt.want == Taken)
			}
		})
	}
}

func TestPlan_Window(t *testing.T) {
	tasks, _ := Plan(storeRules(1), []Candidate{
		{Reason: ServiceSurvey, StoreID: 1, CustomerID: 1, Event: day("2026-11-01"), Today: day("2026-11-01"), Consent: true},
		{Reason: PurchaseSurvey, StoreID: 1, CustomerID: 2, Event: day("2026-10-20"), Today: day("2026-11-01"), Consent: true},
	}, 7)
	want := []Window{
		{From: day("2026-11-02"), Until: day("2026-11-04"), Expires: day("2026-11-16")},
		{From: day("2026-11-19"), Until: day("2026-11-24"), Expires: day("2026-12-04")},
	}
	if len(tasks) != 2 {
		t.Fatalf("tasks=%d, want 2", len(tasks))
	}
	for i, w := range want {
		// tasks come in the order of their events: the delivery of 20 October first
		if got := tasks[1-i].Window; got != w {
			t.Errorf("task %d window=%+v, want %+v", i, got, w)
		}
	}
	if tasks[0].Survey != surveys.SSI || tasks[1].Survey != surveys.CSI || tasks[1].Attempts != 3 {
		t.Errorf("surveys=%v,%v attempts=%d, want SSI, CSI and 3 attempts", tasks[0].Survey, tasks[1].Survey, tasks[1].Attempts)
	}
}

// TestPlan_CooldownWithinARun: a customer with a service survey and a purchase survey due the
// same week gets only the earlier one.
func TestPlan_CooldownWithinARun(t *testing.T) {
	tasks, skips := Plan(storeRules(1), []Candidate{
		{Reason: ServiceSurvey, SourceKey: "so:9", StoreID: 1, CustomerID: 5, Event: day("2026-11-20"), Today: day("2026-11-20"), Consent: true},
		{Reason: PurchaseSurvey, SourceKey: "d:3", StoreID: 1, CustomerID: 5, Event: day("2026-10-20"), Today: day("2026-11-20"), Consent: true},
	}, 7)
	if len(tasks) != 1 || tasks[0].Reason != PurchaseSurvey || skips[InCooldown] != 1 {
		t.Errorf("tasks=%+v skips=%v, want the purchase survey only", tasks, skips)
	}
}

func TestRule_Validate(t *testing.T) {
	r := DefaultRules()[0]
	if err := r.Validate(); err != nil {
		t.Fatalf("default rule: %v", err)
	}
	r.EndDays, r.ExpireDays, r.Attempts = 0, 0, 0
	r.StartDays = 2
	if err := r.Validate(); err == nil {
		t.Errorf("a window ending before it starts, no attempts: accepted, want refused")
	}
}
