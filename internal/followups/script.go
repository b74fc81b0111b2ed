package followups

import (
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/surveys"
)

// Script is the script an agent reads on a call: a survey's comes with its questionnaire, and a
// call without a survey has the care script of its occasion.
func Script(t TaskView, q surveys.Questionnaire) []surveys.Section {
	if t.Survey != "" {
		return q.Sections
	}
	return surveys.CareScript(OccasionOf(t.Reason))
}

// OccasionOf is the occasion of a call without a survey: a birthday, a delivery's thank-you
// (also a purchase survey a store turned into a plain call), or a check after a service visit.
func OccasionOf(r Reason) surveys.Occasion {
	switch r {
	case BirthdayCare:
		return surveys.Birthday
	case SalesCall, PurchaseSurvey:
		return surveys.ThankYou
	}
	return surveys.ServiceCare
}

// ScriptFacts are what a call's script names, each already in the reader's language.
type ScriptFacts struct {
	Customer string // how the customer is addressed (Salutation)
	Store    string
	Agent    string
	Date     string // of the order or delivery the call is about
	Vehicle  string
	OrderNo  string
	Work     string // what the workshop did
	Advisor  string // the service advisor, or the sales consultant of a delivery
}

// legacyTitles are the forms of address that scripts written before {customer} carried the
// customer's title wrap around it. Such scripts are kept as they were used (a frozen version
// never changes), so they are read with the title the customer's gender gives.
var legacyTitles = strings.NewReplacer("{customer}先生/女士", "{customer}", "Mr/Ms {customer}", "{customer}")

// FillScript puts the facts into a script's text. A fact the DMS left empty reads as a dash, so
// that the sentence around it still reads.
func FillScript(text string, f ScriptFacts) string {
	pairs := []string{"{customer}", f.Customer, "{store}", f.Store, "{agent}", f.Agent, "{date}", f.Date,
		"{vehicle}", f.Vehicle, "{order_no}", f.OrderNo, "{work}", f.Work, "{advisor}", f.Advisor}
	for i := 1; i < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i]) == "" {
			pairs[i] = "—"
		}
	}
	return strings.NewReplacer(pairs...).Replace(legacyTitles.Replace(text))
}

// ScriptAgent is the agent the script speaks as: the one who took the survey, else the one who
// holds the call, else (on an open call) the reader when they are about to make it, else the
// one who made its last attempt, else the one it is assigned to; "" when none is known.
func ScriptAgent(t TaskView, sv *Survey, attempts []Attempt, reader string, readerCalls bool, now time.Time) string {
	switch {
	case sv != nil && sv.AgentName != "":
		return sv.AgentName
	case t.Holder(now) != 0:
		return t.ClaimedName
	case t.Status == TaskOpen && readerCalls:
		return reader
	case len(attempts) > 0:
		return attempts[len(attempts)-1].AgentName
	}
	return t.AssignedName
}
