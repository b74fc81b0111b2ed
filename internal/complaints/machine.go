package complaints

import (
	"slices"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/auth"
)

// Action is something a person does on a form.
type Action string

// The actions of the workflow and of an appeal.
const (
	ActDispatch     Action = "dispatch"
	ActAssign       Action = "assign"
	ActContact      Action = "contact"
	ActPlan         Action = "plan"
	ActSign         Action = "sign"
	ActInstruct     Action = "instruct"
	ActRevisit      Action = "revisit"
	ActApprove      Action = "approve"
	ActSendBack     Action = "send_back"
	ActAppeal       Action = "appeal"
	ActReviewAppeal Action = "review_appeal"
	ActDecideAppeal Action = "decide_appeal"
	ActPause        Action = "pause"
	ActResume       Action = "resume"
	ActResponsible  Action = "responsible"
)

// Actions lists every action in workflow order.
var Actions = []Action{ActDispatch, ActAssign, ActContact, ActPlan, ActSign, ActInstruct, ActRevisit, ActApprove,
	ActSendBack, ActAppeal, ActReviewAppeal, ActDecideAppeal, ActPause, ActResume, ActResponsible}

// Actor is who acts: the user and the roles they hold.
type Actor struct {
	UserID      int64
	Memberships []auth.Membership
}

// holds reports whether the actor holds role in the store (or in every store).
func (a Actor) holds(role auth.Role, storeID int64) bool {
	return slices.ContainsFunc(a.Memberships, func(m auth.Membership) bool {
		return m.Role == role && (m.StoreID == 0 || m.StoreID == storeID)
	})
}

// inDepartment reports whether the actor holds role in one of the form's departments.
func (a Actor) inDepartment(role auth.Role, c Complaint) bool {
	return slices.ContainsFunc(a.Memberships, func(m auth.Membership) bool {
		return m.Role == role && slices.Contains(c.DepartmentIDs(), m.DepartmentID)
	})
}

// who may take each action, by their place in the form.
func (a Actor) customerService(c Complaint) bool {
	return a.holds(auth.Agent, c.StoreID) || a.holds(auth.CSManager, c.StoreID)
}
func (a Actor) head(c Complaint) bool    { return a.inDepartment(auth.DeptManager, c) }
func (a Actor) gm(c Complaint) bool      { return a.holds(auth.GM, c.StoreID) }
func (a Actor) handler(c Complaint) bool { return c.HandlerID != 0 && a.UserID == c.HandlerID }
func (a Actor) staff(c Complaint) bool   { return a.handler(c) || a.inDepartment(auth.Staff, c) }

// stepOwner reports whether the actor owns the step the form waits on (its handler or
// department heads the contact and the agreement, customer service the re-visit) or is the
// store's GM, above them all: who may pause and resume it.
func (a Actor) stepOwner(c Complaint) bool {
	cur, _ := c.Current()
	switch cur.Step {
	case Contact, Resolve:
		return a.head(c) || a.handler(c) || a.gm(c)
	case Revisit:
		return a.customerService(c) || a.gm(c)
	}
	return a.gm(c)
}

// rule says in which state an action may be taken, by whom, and the messages when not.
type rule struct {
	at      func(Complaint) bool
	may     func(Actor, Complaint) bool
	roleKey string
}

var rules = map[Action]rule{
	ActDispatch: {func(c Complaint) bool { return c.Status == Open }, Actor.customerService, "error.complaint_cs_only"},
	ActAssign: {func(c Complaint) bool { return c.Status == Dispatched && c.Severity == Grievance },
		Actor.head, "error.complaint_head_only"},
	ActContact: {func(c Complaint) bool {
		return c.Status == Assigned || c.Status == Dispatched && c.Severity != Grievance
	}, func(a Actor, c Complaint) bool { return a.head(c) || a.handler(c) }, "error.complaint_handler_only"},
	ActPlan: {func(c Complaint) bool { return c.Status == Contacted },
		func(a Actor, c Complaint) bool { return a.head(c) || a.handler(c) }, "error.complaint_handler_only"},
	ActSign:     {func(c Complaint) bool { return c.Status == Planned }, Actor.head, "error.complaint_head_only"},
	ActInstruct: {func(c Complaint) bool { return c.Status == Signed && c.Severity == Major }, Actor.gm, "error.complaint_gm_only"},
	ActRevisit: {func(c Complaint) bool {
		return c.Status == Instructed || c.Status == Signed && c.Severity != Major
	}, Actor.customerService, "error.complaint_cs_only"},
	ActApprove: {func(c Complaint) bool { return c.Status == Accepted }, Actor.gm, "error.complaint_gm_only"},
	// the GM may send the plan back to the department head wherever they judge it: at the
	// instruction of a major complaint and at the final approval
	ActSendBack: {func(c Complaint) bool { return c.Status == Accepted || c.Status == Signed && c.Severity == Major },
		Actor.gm, "error.complaint_gm_only"},
	ActAppeal:       {func(c Complaint) bool { return c.Appeal == NoAppeal }, Actor.staff, "error.complaint_staff_only"},
	ActReviewAppeal: {func(c Complaint) bool { return c.Appeal == AppealPending }, Actor.head, "error.complaint_head_only"},
	ActDecideAppeal: {func(c Complaint) bool { return c.Appeal == AppealReviewed }, Actor.gm, "error.complaint_gm_only"},
	// a step waiting on the customer is paused, and resumed, by its owner or the GM
	ActPause: {func(c Complaint) bool {
		cur, ok := c.Current()
		return ok && Pausable(cur.Step) && cur.PausedAt == nil
	}, Actor.stepOwner, "error.complaint_owner_only"},
	ActResume: {func(c Complaint) bool { return c.Paused() }, Actor.stepOwner, "error.complaint_owner_only"},
	// the person the complaint is against is named, and changed, from dispatch until the form
	// ends, by a head of its departments, customer service or the GM
	ActResponsible: {func(c Complaint) bool { return c.Status != Open }, func(a Actor, c Complaint) bool {
		return a.head(c) || a.customerService(c) || a.gm(c)
	}, "error.complaint_responsible_only"},
}

// AppealsAfterClose reports whether the action is a step of an appeal on a form closed with the
// GM's final approval: the person it was against may still appeal it, and an upheld appeal
// voids it (its month's incentives are adjusted in the next open month).
func AppealsAfterClose(c Complaint, act Action) bool {
	return c.Status == Closed && (act == ActAppeal || act == ActReviewAppeal || act == ActDecideAppeal)
}

// Check refuses an action the form's state or the actor's place does not allow, with a message
// that says why; nil when it is allowed.
func Check(c Complaint, act Action, who Actor) error {
	r, ok := rules[act]
	switch {
	case !ok:
		return apperr.New(apperr.Invalid, "error.invalid")
	case c.Status == Void:
		return apperr.New(apperr.Conflict, "error.complaint_void")
	case c.Status.Ended() && !AppealsAfterClose(c, act):
		return apperr.New(apperr.Conflict, "error.complaint_ended")
	case !r.at(c):
		return notNow(c, act)
	case stepOf[act] != "" && c.Paused():
		return apperr.New(apperr.Conflict, "error.complaint_paused")
	case !r.may(who, c):
		return apperr.New(apperr.Forbidden, r.roleKey)
	}
	return nil
}

// notNow says why an action cannot be taken in the form's state.
func notNow(c Complaint, act Action) error {
	switch {
	case act == ActPause && c.Paused():
		return apperr.New(apperr.Conflict, "error.complaint_already_paused")
	case act == ActPause:
		return apperr.New(apperr.Conflict, "error.complaint_not_pausable")
	case act == ActResume:
		return apperr.New(apperr.Conflict, "error.complaint_not_paused")
	}
	return apperr.WithArgs(apperr.Conflict, "error.complaint_not_now", "Status", string(c.Status))
}

// Allowed lists the actions the actor may take on the form now.
func Allowed(c Complaint, who Actor) []Action {
	var out []Action
	for _, a := range Actions {
		if Check(c, a, who) == nil {
			out = append(out, a)
		}
	}
	return out
}
