package followups

import (
	"sort"
	"time"

	"github.com/csidesk/csidesk/internal/surveys"
)

// Candidate is an event that may call for a follow-up: a delivery, a closed service order, a
// birthday or a complaint the GM's approval closed, with what the decision needs to know about
// the customer.
type Candidate struct {
	Reason     Reason
	SourceKey  string
	StoreID    int64
	CustomerID int64
	VehicleID  int64
	// DeliveryID or ServiceOrderID name the source, when it is one.
	DeliveryID     int64
	ServiceOrderID int64
	// Event is the date the rule counts from, and Today the date of the run, both in the
	// store's calendar.
	Event        time.Time
	Today        time.Time
	Consent      bool
	DoNotContact bool
	// Surveys are the due dates of the customer's other survey tasks, for the cooldown.
	Surveys []time.Time
}

// Task is a follow-up to make: a call, or a survey link when its rule's channel says so.
type Task struct {
	Candidate
	Survey   surveys.Kind
	Window   Window
	Attempts int
	Channel  Channel
}

// Skip says why a candidate got no task; "" when it got one.
type Skip string

// Why candidates are passed over.
const (
	Taken      Skip = ""
	NoRule     Skip = "no_rule"    // the store has no active rule for the reason
	NoConsent  Skip = "no_consent" // the customer must not be called
	Expired    Skip = "expired"    // the window closed before the task could be made
	InCooldown Skip = "cooldown"   // another survey of the customer is too close
)

// Plan decides the candidates of one run, in order of their events: each gets a task when its store has an active rule for its reason, its
// customer consents and may be called, the task's window has not expired, and, for a survey, no
// other survey of the customer (planned before, or in this run) is due within cooldown days.
func Plan(rules []Rule, cands []Candidate, cooldown int) ([]Task, map[Skip]int) {
	byStore := map[int64]map[Reason]Rule{}
	for _, r := range rules {
		if r.Active {
			if byStore[r.StoreID] == nil {
				byStore[r.StoreID] = map[Reason]Rule{}
			}
			byStore[r.StoreID][r.Reason] = r
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Event.Before(cands[j].Event) })
	planned := map[int64][]time.Time{}
	skips := map[Skip]int{}
	var tasks []Task
	for _, c := range cands {
		r, ok := byStore[c.StoreID][c.Reason]
		t := Task{Candidate: c, Survey: r.Survey, Window: r.WindowFor(c.Event), Attempts: r.Attempts, Channel: r.Channel}
		why := decide(ok, t, cooldown, append(c.Surveys, planned[c.CustomerID]...))
		skips[why]++
		if why == Taken {
			tasks = append(tasks, t)
			if t.Survey != "" {
				planned[c.CustomerID] = append(planned[c.CustomerID], t.Window.From)
			}
		}
	}
	return tasks, skips
}

func decide(hasRule bool, t Task, cooldown int, others []time.Time) Skip {
	switch {
	case !hasRule:
		return NoRule
	case !t.Consent || t.DoNotContact:
		return NoConsent
	case t.Today.After(t.Window.Expires):
		return Expired
	case t.Survey != "" && tooClose(t.Window.From, others, cooldown):
		return InCooldown
	}
	return Taken
}

func tooClose(due time.Time, others []time.Time, days int) bool {
	for _, o := range others {
		if d := due.Sub(o); d < time.Duration(days)*24*time.Hour && d > -time.Duration(days)*24*time.Hour {
			return true
		}
	}
	return false
}
