// Package followups turns deliveries and service orders into follow-up calls: per-store rules
// say who is called when, a generator makes the tasks idempotently, and agents work them.
package followups

import (
	"slices"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/surveys"
)

// Reason says why a customer is called.
type Reason string

// The reasons for a call, after SPEC §3.
const (
	ServiceSurvey  Reason = "service_survey"  // CSI survey after a service order closes
	SalesCall      Reason = "sales_call"      // thank-you call after a delivery, no survey
	PurchaseSurvey Reason = "purchase_survey" // SSI survey a month after a delivery
	PeriodicSurvey Reason = "periodic_survey" // CSI survey six months after the last service visit
	BirthdayCare   Reason = "birthday_care"   // birthday greetings, no survey
	// ComplaintSurvey is the event survey after a complaint the GM's approval closed.
	ComplaintSurvey Reason = "complaint_survey"
)

// Channel is how a rule reaches the customer.
type Channel string

// The channels of a rule.
const (
	ByPhone Channel = "phone" // agents call
	ByLink  Channel = "link"  // the survey goes as a link when the task falls due
	// PhoneThenLink: agents call, and the last unanswered attempt sends the link instead of
	// closing the task as unreachable.
	PhoneThenLink Channel = "phone_then_link"
)

// Channels lists the channels in the order the rules page offers them.
var Channels = []Channel{ByPhone, PhoneThenLink, ByLink}

// Via is what a survey link is sent by.
type Via string

// The ways a link is sent.
const (
	BySMS   Via = "sms"
	ByEmail Via = "email"
)

// Vias lists the ways a link is sent.
var Vias = []Via{BySMS, ByEmail}

// DefaultCooldown is the fewest days between two surveys of one customer, unless configured.
const DefaultCooldown = 7

// Reasons lists the reasons in the order the rules page shows them.
var Reasons = []Reason{ServiceSurvey, SalesCall, PurchaseSurvey, PeriodicSurvey, BirthdayCare, ComplaintSurvey}

// Rule says when a store calls customers for one reason: from StartDays to EndDays after the
// event (the order closing, the delivery, the birthday) the call is due; after ExpireDays it is
// dropped, reached or not.
type Rule struct {
	ID         int64
	StoreID    int64
	Reason     Reason
	Survey     surveys.Kind // "" for a call without a survey
	StartDays  int
	EndDays    int
	ExpireDays int
	Attempts   int
	Active     bool
	Channel    Channel
	LinkVia    Via
}

// DefaultRules are the trade's practice (SPEC §3): the after-sales call within 3 days of the
// order closing and dropped by day 15; the sales call 2 to 3 weeks after delivery; the purchase
// survey a month after it; the periodic survey six months after the last visit; birthday calls;
// the event survey three to seven days after a complaint closes. Every rule calls by phone.
func DefaultRules() []Rule {
	rules := []Rule{
		{Reason: ServiceSurvey, Survey: surveys.CSI, StartDays: 1, EndDays: 3, ExpireDays: 15, Attempts: 3, Active: true},
		{Reason: SalesCall, StartDays: 14, EndDays: 21, ExpireDays: 28, Attempts: 3, Active: true},
		{Reason: PurchaseSurvey, Survey: surveys.SSI, StartDays: 30, EndDays: 35, ExpireDays: 45, Attempts: 3, Active: true},
		{Reason: PeriodicSurvey, Survey: surveys.CSI, StartDays: 180, EndDays: 190, ExpireDays: 210, Attempts: 3, Active: true},
		{Reason: BirthdayCare, StartDays: 0, EndDays: 0, ExpireDays: 3, Attempts: 2, Active: true},
		{Reason: ComplaintSurvey, Survey: surveys.Event, StartDays: 3, EndDays: 7, ExpireDays: 14, Attempts: 3, Active: true},
	}
	for i := range rules {
		rules[i].Channel, rules[i].LinkVia = ByPhone, BySMS
	}
	return rules
}

// Validate checks a rule as a manager edited it.
func (r *Rule) Validate() error {
	errs := map[string]string{}
	if !slices.Contains(Reasons, r.Reason) {
		errs["reason"] = "validation.choice"
	}
	if r.Survey != "" && !slices.Contains(surveys.Kinds, r.Survey) {
		errs["survey"] = "validation.choice"
	}
	for field, d := range map[string]int{"start_days": r.StartDays, "end_days": r.EndDays, "expire_days": r.ExpireDays} {
		if d < 0 || d > 400 {
			errs[field] = "validation.days"
		}
	}
	if r.EndDays < r.StartDays {
		errs["end_days"] = "validation.window_order"
	}
	if r.ExpireDays < r.EndDays {
		errs["expire_days"] = "validation.expiry_order"
	}
	if !slices.Contains(Channels, r.Channel) {
		errs["channel"] = "validation.choice"
	}
	if !slices.Contains(Vias, r.LinkVia) {
		errs["link_via"] = "validation.choice"
	}
	if r.Channel != ByPhone && r.Survey == "" {
		errs["channel"] = "validation.link_needs_survey"
	}
	if r.Attempts < 1 || r.Attempts > 10 {
		errs["attempts"] = "validation.attempts"
	}
	if len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return nil
}

// Window is when a task is due: from From to Until, and dropped after Expires (dates in the
// store's calendar, at midnight UTC).
type Window struct {
	From, Until, Expires time.Time
}

// WindowFor is the rule's window for an event on date event.
func (r Rule) WindowFor(event time.Time) Window {
	return Window{From: event.AddDate(0, 0, r.StartDays), Until: event.AddDate(0, 0, r.EndDays),
		Expires: event.AddDate(0, 0, r.ExpireDays)}
}
