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

// FillScript puts the facts into a script's text, in one pass over it. A fact the DMS left
// empty reads as a dash, so that the sentence around it still reads; braces around anything else
// stay as they are.
func FillScript(text string, f ScriptFacts) string {
	text = legacyTitles.Replace(text)
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		j := strings.IndexByte(text[i+1:], '}')
		if i < 0 || j < 0 {
			break
		}
		v, ok := f.field(text[i+1 : i+1+j])
		if !ok {
			b.WriteString(text[:i+1])
			text = text[i+1:]
			continue
		}
		if strings.TrimSpace(v) == "" {
			v = "—"
		}
		b.WriteString(text[:i])
		b.WriteString(v)
		text = text[i+j+2:]
	}
	if b.Len() == 0 {
		return text
	}
	b.WriteString(text)
	return b.String()
}

// field is the fact a script names {name}, and whether there is one of that name.
func (f ScriptFacts) field(name string) (string, bool) {
	switch name {
	case "customer":
		return f.Customer, true
	case "store":
		return f.Store, true
	case "agent":
		return f.Agent, true
	case "date":
		return f.Date, true
	case "vehicle":
		return f.Vehicle, true
	case "order_no":
		return f.OrderNo, true
	case "work":
		return f.Work, true
	case "advisor":
		return f.Advisor, true
	}
	return "", false
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
