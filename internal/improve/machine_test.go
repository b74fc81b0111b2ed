package improve

import (
	"fmt"
	"slices"
	"testing"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/auth"
)

// The people of the table test, for an action of store 1 in department 10 owned by user 5.
var testActors = map[string]Actor{
	"agent":      {1, []auth.Membership{{Role: auth.Agent, StoreID: 1}}},
	"cs_manager": {2, []auth.Membership{{Role: auth.CSManager, StoreID: 1}}},
	"other_cs":   {3, []auth.Membership{{Role: auth.CSManager, StoreID: 2}}},
	"head":       {4, []auth.Membership{{Role: auth.DeptManager, StoreID: 1, DepartmentID: 10}}},
	"owner":      {5, []auth.Membership{{Role: auth.Staff, StoreID: 1, DepartmentID: 10}}},
	"staff":      {6, []auth.Membership{{Role: auth.Staff, StoreID: 1, DepartmentID: 10}}},
	"other_head": {7, []auth.Membership{{Role: auth.DeptManager, StoreID: 1, DepartmentID: 20}}},
	"gm":         {8, []auth.Membership{{Role: auth.GM}}},
	"store_gm":   {9, []auth.Membership{{Role: auth.GM, StoreID: 2}}},
	"admin":      {10, []auth.Membership{{Role: auth.Admin}}},
}

// stepTable is the PDCA cycle written out: for each step, the stages it may be taken in and who
// may take it. Managers of the store or of the action's department edit and move it; only the
// department's manager or the general manager signs that it did not work; the owner and the
// managers add evidence.
func stepTable(step Step) (stages []Stage, people []string) {
	managers := []string{"cs_manager", "head", "gm", "admin"}
	open := []Stage{StagePlan, StageDo, StageCheck, StageAct}
	switch step {
	case StepEdit:
		return open, managers
	case StepStart:
		return []Stage{StagePlan}, managers
	case StepCheck:
		return []Stage{StageDo}, managers
	case StepAct:
		return []Stage{StageCheck}, managers
	case StepRedo, StepClose:
		return []Stage{StageAct}, managers
	case StepGiveUp:
		return []Stage{StageAct}, []string{"head", "gm"}
	case StepEvidence:
		return open, append([]string{"owner"}, managers...)
	}
	return nil, nil
}

// TestCheck_EveryStageStepAndPerson: every step in every stage by every person is allowed
// exactly as stepTable says; otherwise a closed action is a conflict, a step out of stage is a
// conflict, and the wrong person is forbidden.
func TestCheck_EveryStageStepAndPerson(t *testing.T) {
	for _, stage := range Stages {
		for _, step := range Steps {
			stages, people := stepTable(step)
			for name, who := range testActors {
				t.Run(fmt.Sprintf("%s/%s/%s", stage, step, name), func(t *testing.T) {
					a := Action{StoreID: 1, DepartmentID: 10, OwnerID: 5, Stage: stage}
					err := Check(a, step, who)
					var want apperr.Code
					switch {
					case stage == StageClosed, !slices.Contains(stages, stage):
						want = apperr.Conflict
					case !slices.Contains(people, name):
						want = apperr.Forbidden
					}
					if got := codeOf(err); got != want {
						t.Errorf("Check=%v, want code %q", err, want)
					}
				})
			}
		}
	}
}

func codeOf(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

// TestCheck_WithoutDepartment: an action of no department is managed by the store's managers
// alone, and only the general manager signs that it did not work.
func TestCheck_WithoutDepartment(t *testing.T) {
	a := Action{StoreID: 1, OwnerID: 5, Stage: StageAct}
	for name, want := range map[string]bool{"cs_manager": true, "head": false, "gm": true, "admin": true} {
		if got := Check(a, StepEdit, testActors[name]) == nil; got != want {
			t.Errorf("%s edits: %v, want %v", name, got, want)
		}
	}
	for name, want := range map[string]bool{"cs_manager": false, "head": false, "gm": true} {
		if got := Check(a, StepGiveUp, testActors[name]) == nil; got != want {
			t.Errorf("%s signs: %v, want %v", name, got, want)
		}
	}
}

// TestCheck_UnknownStep: a step that is none of the machine's is invalid.
func TestCheck_UnknownStep(t *testing.T) {
	if err := Check(Action{Stage: StagePlan}, "approve", testActors["gm"]); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("Check=%v, want invalid", err)
	}
}

// TestAllowed lists what the department's manager may do in each stage.
func TestAllowed(t *testing.T) {
	for stage, want := range map[Stage][]Step{
		StagePlan:   {StepEdit, StepStart, StepEvidence},
		StageDo:     {StepEdit, StepCheck, StepEvidence},
		StageCheck:  {StepEdit, StepAct, StepEvidence},
		StageAct:    {StepEdit, StepRedo, StepClose, StepGiveUp, StepEvidence},
		StageClosed: nil,
	} {
		a := Action{StoreID: 1, DepartmentID: 10, Stage: stage}
		if got := Allowed(a, testActors["head"]); !slices.Equal(got, want) {
			t.Errorf("%s: Allowed=%v, want %v", stage, got, want)
		}
	}
}

// TestMoves: every move leads to the stage of the cycle after it, and act may go back to do.
func TestMoves(t *testing.T) {
	want := map[Step]Stage{StepStart: StageDo, StepCheck: StageCheck, StepAct: StageAct, StepRedo: StageDo,
		StepClose: StageClosed, StepGiveUp: StageClosed}
	for step, to := range want {
		if Moves[step] != to {
			t.Errorf("Moves[%s]=%s, want %s", step, Moves[step], to)
		}
	}
	if len(Moves) != len(want) {
		t.Errorf("Moves=%v, want %v", Moves, want)
	}
}
