// Package complaints keeps complaint tracking forms (SPEC §5): who may take which step when,
// the deadlines of each step by severity and channel, the append-only timeline, the timers that
// escalate an overdue step, and the monthly statistics.
package complaints

import (
	"time"

	"github.com/csidesk/csidesk/internal/complaints/call"
)

// Severity decides who handles a complaint and its deadlines.
type Severity string

// The severities of SPEC §5.
const (
	Grievance Severity = "grievance"
	General   Severity = "general"
	Major     Severity = "major"
)

// Severities lists the severities, mildest first.
var Severities = []Severity{Grievance, General, Major}

// Channels are how a complaint reaches the store.
var Channels = []string{"follow_up", "letter", "sms", "hotline", "walk_in", "web"}

// Status is where a form stands.
type Status string

// The statuses of a form, in the order of the workflow; not accepted and void end it as closed does.
const (
	Open        Status = "open"
	Dispatched  Status = "dispatched"
	Assigned    Status = "assigned"
	Contacted   Status = "contacted"
	Planned     Status = "planned"
	Signed      Status = "signed"
	Instructed  Status = "instructed"
	Accepted    Status = "accepted"
	Closed      Status = "closed"
	NotAccepted Status = "not_accepted"
	Void        Status = "void"
)

// Statuses lists every status.
var Statuses = []Status{Open, Dispatched, Assigned, Contacted, Planned, Signed, Instructed, Accepted, Closed, NotAccepted, Void}

// Ended reports whether nothing more happens on a form.
func (s Status) Ended() bool { return s == Closed || s == NotAccepted || s == Void }

// Step is a deadline-bearing step of the workflow.
type Step string

// The steps: dispatch to the departments (30 min), assignment (grievance), first contact,
// resolution (the plan signed by the department head), the GM's instruction (major), the
// customer-service re-visit, and the GM's final approval.
const (
	Dispatch Step = "dispatch"
	Assign   Step = "assign"
	Contact  Step = "contact"
	Resolve  Step = "resolve"
	Instruct Step = "instruct"
	Revisit  Step = "revisit"
	Approve  Step = "approve"
)

// Steps lists the steps in workflow order.
var Steps = []Step{Dispatch, Assign, Contact, Resolve, Instruct, Revisit, Approve}

// Appeal is where a staff member's appeal stands.
type Appeal string

// The appeal states: none, filed, reviewed by the department head, decided by the GM.
const (
	NoAppeal        Appeal = ""
	AppealPending   Appeal = "pending"
	AppealReviewed  Appeal = "reviewed"
	AppealDismissed Appeal = "dismissed"
	AppealUpheld    Appeal = "upheld"
)

// Department is a department a form goes to.
type Department struct {
	ID   int64
	Kind string
	Name string
}

// StepState is a step of one form: its deadline and how its time counts, when and by whom it
// was done, and its pause: since when, why, and until when (nil: until resumed by hand).
type StepState struct {
	Step       Step
	DueAt      time.Time
	DoneAt     *time.Time
	DoneBy     string
	Escalation int
	Business   bool
	CalendarID int64
	WarnAt     *time.Time
	WarnedAt   *time.Time
	PausedAt   *time.Time
	ResumeAt   *time.Time
	ReasonZH   string
	ReasonEN   string
	Timing     Timing `db:"-"` // by Business and CalendarID, filled in after reading
}

// Overdue reports whether the step is open past its deadline at now; a paused step's time
// does not run.
func (s StepState) Overdue(now time.Time) bool {
	return s.DoneAt == nil && s.PausedAt == nil && now.After(s.DueAt)
}

// Left is the step's time left at now until its deadline, in business time or on the clock as
// it counts; negative, how long it is overdue. A paused step's stands as it was when paused.
func (s StepState) Left(now time.Time) time.Duration {
	if s.PausedAt != nil {
		now = *s.PausedAt
	}
	return s.Timing.Between(now, s.DueAt)
}

// Complaint is a tracking form.
type Complaint struct {
	ID               int64
	StoreID          int64
	StoreName        string
	TimeZone         string // the store's, in which the form shows its times
	CustomerID       int64
	CustomerName     string
	Phone            string
	VehicleID        int64
	ServiceOrderID   int64
	DeliveryID       int64
	SurveyID         int64
	TaskID           int64
	CategoryID       int64
	CategoryZH       string
	CategoryEN       string
	Severity         Severity
	Channel          string
	FaceToFace       bool
	Status           Status
	Description      string
	Plan             string
	ReportedToRegion bool
	Appeal           Appeal
	HandlerID        int64
	HandlerName      string
	ResponsibleID    int64 // the person the complaint is against; 0 until named
	ResponsibleName  string
	ParentID         int64
	ChildID          int64
	CreatedBy        int64 // 0: opened by the customer's own answers through a survey link
	OpenedAt         time.Time
	ClosedAt         *time.Time
	Departments      []Department
	Steps            []StepState
	Call             call.Details // what the follow-up call that opened it said; empty for other forms
}

// DepartmentIDs lists the ids of the form's departments.
func (c Complaint) DepartmentIDs() []int64 {
	ids := make([]int64, len(c.Departments))
	for i, d := range c.Departments {
		ids[i] = d.ID
	}
	return ids
}

// Current is the step the form waits on, and whether it waits on one.
func (c Complaint) Current() (StepState, bool) {
	want, ok := currentStep(c.Status, c.Severity)
	if !ok {
		return StepState{}, false
	}
	for _, s := range c.Steps {
		if s.Step == want {
			return s, true
		}
	}
	return StepState{}, false
}

// Paused reports whether the step the form waits on is paused.
func (c Complaint) Paused() bool {
	cur, ok := c.Current()
	return ok && cur.PausedAt != nil
}

// Next is the action of the workflow the form waits on, and whether it waits on one. It names
// what is to be done now: a form whose first contact is logged waits on a plan, one with a plan
// on the department head's signature, though both count against the one deadline of the
// resolution.
func (c Complaint) Next() (Action, bool) { return nextAction(c.Status, c.Severity) }

// nextAction is the action a form in status st of severity sev waits on.
func nextAction(st Status, sev Severity) (Action, bool) {
	switch st {
	case Open:
		return ActDispatch, true
	case Dispatched:
		if sev == Grievance {
			return ActAssign, true
		}
		return ActContact, true
	case Assigned:
		return ActContact, true
	case Contacted:
		return ActPlan, true
	case Planned:
		return ActSign, true
	case Signed:
		if sev == Major {
			return ActInstruct, true
		}
		return ActRevisit, true
	case Instructed:
		return ActRevisit, true
	case Accepted:
		return ActApprove, true
	}
	return "", false
}

// currentStep is the deadline of the action a form in status st of severity sev waits on: the
// plan and its signature share the resolution's.
func currentStep(st Status, sev Severity) (Step, bool) {
	act, ok := nextAction(st, sev)
	if !ok {
		return "", false
	}
	return stepOf[act], true
}

// stepOf is the deadline each action of the workflow works towards.
var stepOf = map[Action]Step{ActDispatch: Dispatch, ActAssign: Assign, ActContact: Contact, ActPlan: Resolve,
	ActSign: Resolve, ActInstruct: Instruct, ActRevisit: Revisit, ActApprove: Approve}

// Event is one entry of a form's timeline.
type Event struct {
	ID        int64
	Action    string
	ActorName string
	Note      string
	Detail    map[string]any
	At        time.Time
}
