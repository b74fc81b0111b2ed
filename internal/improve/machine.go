package improve

import (
	"slices"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/auth"
)

// Step is something a person does to an action.
type Step string

// The steps: editing the plan, the moves of the PDCA cycle, and adding evidence.
const (
	StepEdit     Step = "edit"     // the plan's fields, while the action is open
	StepStart    Step = "start"    // plan → do, once the plan is complete
	StepCheck    Step = "check"    // do → check: the figures after the start are looked at
	StepAct      Step = "act"      // check → act
	StepRedo     Step = "redo"     // act → do: the measures were not enough
	StepClose    Step = "close"    // act → closed, the target met (or, without a figure, judged met)
	StepGiveUp   Step = "give_up"  // act → closed on a signed note that it did not work; a new action follows
	StepEvidence Step = "evidence" // a note or file showing the effect
)

// Steps lists every step in order.
var Steps = []Step{StepEdit, StepStart, StepCheck, StepAct, StepRedo, StepClose, StepGiveUp, StepEvidence}

// Moves are the steps that change the stage, with the stage each leads to.
var Moves = map[Step]Stage{StepStart: StageDo, StepCheck: StageCheck, StepAct: StageAct, StepRedo: StageDo,
	StepClose: StageClosed, StepGiveUp: StageClosed}

// Actor is who acts: the user and the roles they hold.
type Actor struct {
	UserID      int64
	Memberships []auth.Membership
}

// holds reports whether the actor holds one of the roles in the store (or in every store).
func (w Actor) holds(storeID int64, roles ...auth.Role) bool {
	return slices.ContainsFunc(w.Memberships, func(m auth.Membership) bool {
		return slices.Contains(roles, m.Role) && (m.StoreID == 0 || m.StoreID == storeID)
	})
}

// heads reports whether the actor is a manager of the department.
func (w Actor) heads(departmentID int64) bool {
	return departmentID != 0 && slices.ContainsFunc(w.Memberships, func(m auth.Membership) bool {
		return m.Role == auth.DeptManager && m.DepartmentID == departmentID
	})
}

// ManagesStore reports whether the actor manages every action of the store: its customer-service
// manager, general manager or administrator.
func (w Actor) ManagesStore(storeID int64) bool {
	return w.holds(storeID, auth.CSManager, auth.GM, auth.Admin)
}

// Manages reports whether the actor may edit the action and move its stages: a manager of its
// store, or of its department.
func (w Actor) Manages(a Action) bool { return w.ManagesStore(a.StoreID) || w.heads(a.DepartmentID) }

// Signs reports whether the actor may sign that an action did not work: its department's
// manager or the store's general manager.
func (w Actor) Signs(a Action) bool { return w.heads(a.DepartmentID) || w.holds(a.StoreID, auth.GM) }

// Owns reports whether the actor is the action's owner.
func (w Actor) Owns(a Action) bool { return a.OwnerID != 0 && a.OwnerID == w.UserID }

// rule says in which stage a step may be taken, by whom, and the message when not by them.
type rule struct {
	at      func(Stage) bool
	may     func(Actor, Action) bool
	roleKey string
}

func in(stages ...Stage) func(Stage) bool {
	return func(s Stage) bool { return slices.Contains(stages, s) }
}

var open = in(StagePlan, StageDo, StageCheck, StageAct)

var rules = map[Step]rule{
	StepEdit:     {open, Actor.Manages, "improve.error.managers_only"},
	StepStart:    {in(StagePlan), Actor.Manages, "improve.error.managers_only"},
	StepCheck:    {in(StageDo), Actor.Manages, "improve.error.managers_only"},
	StepAct:      {in(StageCheck), Actor.Manages, "improve.error.managers_only"},
	StepRedo:     {in(StageAct), Actor.Manages, "improve.error.managers_only"},
	StepClose:    {in(StageAct), Actor.Manages, "improve.error.managers_only"},
	StepGiveUp:   {in(StageAct), Actor.Signs, "improve.error.signers_only"},
	StepEvidence: {open, func(w Actor, a Action) bool { return w.Owns(a) || w.Manages(a) }, "improve.error.owner_only"},
}

// Check refuses a step the action's stage or the actor's place does not allow, with a message
// that says why; nil when it is allowed.
func Check(a Action, step Step, who Actor) error {
	r, ok := rules[step]
	switch {
	case !ok:
		return apperr.New(apperr.Invalid, "error.invalid")
	case a.Stage == StageClosed:
		return apperr.New(apperr.Conflict, "improve.error.closed")
	case !r.at(a.Stage):
		return apperr.New(apperr.Conflict, "improve.error.not_now")
	case !r.may(who, a):
		return apperr.New(apperr.Forbidden, r.roleKey)
	}
	return nil
}

// Allowed lists the steps the actor may take on the action now.
func Allowed(a Action, who Actor) []Step {
	var out []Step
	for _, s := range Steps {
		if Check(a, s, who) == nil {
			out = append(out, s)
		}
	}
	return out
}
