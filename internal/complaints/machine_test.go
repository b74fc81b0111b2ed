package complaints

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/calendar"
)

// The people of the table test, for a form of store 1 sent to department 10 and handled by
// user 5.
var testActors = map[string]Actor{
	"agent":      {1, []auth.Membership{{Role: auth.Agent, StoreID: 1}}},
	"cs_manager": {2, []auth.Membership{{Role: auth.CSManager, StoreID: 1}}},
	"other_cs":   {3, []auth.Membership{{Role: auth.Agent, StoreID: 2}}},
	"head":       {4, []auth.Membership{{Role: auth.DeptManager, StoreID: 1, DepartmentID: 10}}},
	"handler":    {5, []auth.Membership{{Role: auth.Staff, StoreID: 1, DepartmentID: 10}}},
	"staff":      {6, []auth.Membership{{Role: auth.Staff, StoreID: 1, DepartmentID: 10}}},
	"other_head": {7, []auth.Membership{{Role: auth.DeptManager, StoreID: 1, DepartmentID: 20}}},
	"gm":         {8, []auth.Membership{{Role: auth.GM}}},
	"store_gm":   {9, []auth.Membership{{Role: auth.GM, StoreID: 2}}},
	"admin":      {10, []auth.Membership{{Role: auth.Admin}}},
}

// allowedTable is SPEC §5 written out: for each action, the statuses it may be taken in (by
// severity, and whether the step the form waits on is paused) and who may take it. A step
// waiting on the customer (contact, the agreement, the re-visit) is paused and resumed by its
// owners and the GM; while it is paused, none of its actions is taken. The person the complaint
// is against is named from dispatch on, paused or not, by the heads, customer service and the GM.
func allowedTable(act Action, st Status, sev Severity, appeal Appeal, paused bool) (states bool, people []string) {
	step, _ := currentStep(st, sev)
	switch act {
	case ActPause, ActResume:
		people := []string{"head", "handler", "gm"}
		if step == Revisit {
			people = []string{"agent", "cs_manager", "gm"}
		}
		return Pausable(step) && paused == (act == ActResume), people
	case ActContact, ActPlan, ActSign, ActRevisit:
		if paused {
			return false, nil
		}
	}
	switch act {
	case ActDispatch:
		return st == Open, []string{"agent", "cs_manager"}
	case ActAssign:
		return st == Dispatched && sev == Grievance, []string{"head"}
	case ActContact:
		return st == Assigned || (st == Dispatched && sev != Grievance), []string{"head", "handler"}
	case ActPlan:
		return st == Contacted, []string{"head", "handler"}
	case ActSign:
		return st == Planned, []string{"head"}
	case ActInstruct:
		return st == Signed && sev == Major, []string{"gm"}
	case ActRevisit:
		return st == Instructed || (st == Signed && sev != Major), []string{"agent", "cs_manager"}
	case ActApprove:
		return st == Accepted, []string{"gm"}
	case ActSendBack:
		return st == Accepted || (st == Signed && sev == Major), []string{"gm"}
	case ActAppeal:
		return appeal == NoAppeal, []string{"handler", "staff"}
	case ActReviewAppeal:
		return appeal == AppealPending, []string{"head"}
	case ActDecideAppeal:
		return appeal == AppealReviewed, []string{"gm"}
	case ActResponsible:
		return st != Open, []string{"agent", "cs_manager", "head", "gm"}
	}
	return false, nil
}

// TestCheck_EveryStateActionRole: every (status, severity, appeal, pause, action, person) is
// allowed or refused as the table says; a refusal by state is a conflict, by person forbidden,
// and every action on a void or ended form is refused.
func TestCheck_EveryStateActionRole(t *testing.T) {
	n := 0
	for _, st := range Statuses {
		for _, sev := range Severities {
			for _, appeal := range []Appeal{NoAppeal, AppealPending, AppealReviewed, AppealDismissed} {
				for _, paused := range pauseStates(st, sev) {
					n += checkTable(t, testForm(st, sev, appeal, paused), paused)
				}
			}
		}
	}
	if n < 4000 {
		t.Errorf("checked %d cases, want every combination", n)
	}
}

// pauseStates are whether the step a form waits on may be paused in a status: both for a step
// waiting on the customer, else not paused.
func pauseStates(st Status, sev Severity) []bool {
	if step, ok := currentStep(st, sev); ok && Pausable(step) {
		return []bool{false, true}
	}
	return []bool{false}
}

// testForm is a form of store 1 sent to department 10, handled by user 5, with the step it waits
// on due and, if asked, paused.
func testForm(st Status, sev Severity, appeal Appeal, paused bool) Complaint {
	c := Complaint{StoreID: 1, Status: st, Severity: sev, Appeal: appeal, HandlerID: 5, Departments: []Department{{ID: 10}}}
	if step, ok := currentStep(st, sev); ok {
		cur := StepState{Step: step, DueAt: time.Now().Add(time.Hour)}
		if paused {
			at := time.Now()
			cur.PausedAt = &at
		}
		c.Steps = []StepState{cur}
	}
	return c
}

// checkTable checks every action and person on one form against the table, and counts the cases.
func checkTable(t *testing.T, c Complaint, paused bool) int {
	t.Helper()
	n := 0
	for _, act := range Actions {
		states, people := allowedTable(act, c.Status, c.Severity, c.Appeal, paused)
		for person, who := range testActors {
			n++
			err := Check(c, act, who)
			name := fmt.Sprintf("%s/%s/%q/paused=%v/%s/%s", c.Status, c.Severity, c.Appeal, paused, act, person)
			switch {
			case c.Status.Ended() && !AppealsAfterClose(c, act):
				if !apperr.Is(err, apperr.Conflict) {
					t.Errorf("%s: err=%v, want a conflict (the form has ended)", name, err)
				}
			case !states:
				if !apperr.Is(err, apperr.Conflict) {
					t.Errorf("%s: err=%v, want a conflict (not at this step)", name, err)
				}
			case !slices.Contains(people, person):
				if !apperr.Is(err, apperr.Forbidden) {
					t.Errorf("%s: err=%v, want forbidden", name, err)
				}
			case err != nil:
				t.Errorf("%s: err=%v, want allowed", name, err)
			}
		}
	}
	return n
}

func TestCheck_Messages(t *testing.T) {
	c := Complaint{StoreID: 1, Status: Void, Severity: Major, Departments: []Department{{ID: 10}}}
	if e, _ := apperr.As(Check(c, ActApprove, testActors["gm"])); e == nil || e.Key != "error.complaint_void" {
		t.Errorf("approve a void form: %v, want error.complaint_void", e)
	}
	c.Status = Planned
	if e, _ := apperr.As(Check(c, ActSign, testActors["other_head"])); e == nil || e.Key != "error.complaint_head_only" {
		t.Errorf("signature by another department's head: %v, want error.complaint_head_only", e)
	}
	c.Status = Contacted
	if e, _ := apperr.As(Check(c, ActApprove, testActors["gm"])); e == nil || e.Key != "error.complaint_not_now" {
		t.Errorf("approval before the plan is signed: %v, want error.complaint_not_now", e)
	}
	paused := testForm(Contacted, General, NoAppeal, true)
	for _, tt := range []struct {
		c    Complaint
		act  Action
		want string
	}{
		{paused, ActPlan, "error.complaint_paused"},
		{paused, ActPause, "error.complaint_already_paused"},
		{testForm(Contacted, General, NoAppeal, false), ActResume, "error.complaint_not_paused"},
		{testForm(Accepted, General, NoAppeal, false), ActPause, "error.complaint_not_pausable"},
		{testForm(Contacted, General, NoAppeal, false), ActPause, ""},
	} {
		e, _ := apperr.As(Check(tt.c, tt.act, testActors["head"]))
		if key := ""; e != nil && e.Key != tt.want || e == nil && tt.want != key {
			t.Errorf("%s on %s (paused %v): %v, want %q", tt.act, tt.c.Status, tt.c.Paused(), e, tt.want)
		}
	}
}

// TestNext_AgreesWithTable: for every status and severity, the action a form is said to wait on
// is one the table allows in that state, its deadline is the form's current step, and an ended
// form waits on nothing; a form whose first contact is logged waits on a plan, not on a
// signature.
func TestNext_AgreesWithTable(t *testing.T) {
	for _, st := range Statuses {
		for _, sev := range Severities {
			c := Complaint{StoreID: 1, Status: st, Severity: sev}
			act, waits := c.Next()
			step, hasStep := currentStep(st, sev)
			switch {
			case waits == st.Ended():
				t.Errorf("%s/%s: waits %v on %q, want a wait exactly when not ended", st, sev, waits, act)
			case waits && !rules[act].at(c):
				t.Errorf("%s/%s: waits on %s, which the table does not allow then", st, sev, act)
			case hasStep != waits || waits && stepOf[act] != step:
				t.Errorf("%s/%s: waits on %s (deadline %s), current step %q", st, sev, act, stepOf[act], step)
			}
		}
	}
	if act, _ := (Complaint{Status: Contacted}).Next(); act != ActPlan {
		t.Errorf("contacted: waits on %s, want %s", act, ActPlan)
	}
	if act, _ := (Complaint{Status: Planned}).Next(); act != ActSign {
		t.Errorf("planned: waits on %s, want %s", act, ActSign)
	}
}

func TestDue(t *testing.T) {
	opened := mustTime("2026-11-24T09:00:00+08:00")
	tests := []struct {
		sev  Severity
		f2f  bool
		step Step
		want string
	}{
		{Grievance, true, Dispatch, "2026-11-24T09:30:00+08:00"},
		{Grievance, true, Contact, "2026-11-24T11:00:00+08:00"},
		{Grievance, true, Resolve, "2026-11-25T09:00:00+08:00"},
		{Grievance, true, Revisit, "2026-11-26T09:00:00+08:00"},
		{General, true, Resolve, "2026-11-25T09:00:00+08:00"},
		{General, false, Resolve, "2026-11-26T09:00:00+08:00"},
		{Major, true, Contact, "2026-11-25T09:00:00+08:00"},
		{Major, false, Contact, "2026-11-24T11:00:00+08:00"},
		{Major, true, Resolve, "2026-11-26T09:00:00+08:00"},
		{Major, true, Revisit, "2026-11-27T09:00:00+08:00"},
		{Major, false, Dispatch, "2026-11-24T09:30:00+08:00"},
	}
	always := calendar.Calendar{AlwaysOpen: true}
	for _, tt := range tests {
		if got := DefaultPolicy.Due(tt.sev, tt.f2f, tt.step, opened, always).Due; !got.Equal(mustTime(tt.want)) {
			t.Errorf("Due(%s, face to face %v, %s)=%v, want %s", tt.sev, tt.f2f, tt.step, got, tt.want)
		}
	}
}

// TestDue_BusinessTime: a store open Monday to Friday 09:00–18:00 in Shanghai; a complaint
// opened on Friday at 17:30 counts its steps in business time over the weekend (dispatch falls
// on the closing time and stays there), except a major complaint's first contact,
// which counts on the clock; the warning comes when 75 % of the business time is used, and the
// clock deadline is kept beside it.
func TestDue_BusinessTime(t *testing.T) {
	cal := weekdays(t)
	opened := mustTime("2026-11-27T17:30:00+08:00") // a Friday
	tests := []struct {
		sev                Severity
		f2f                bool
		step               Step
		due, warn, onClock string
	}{
		{Grievance, true, Dispatch, "2026-11-27T18:00:00+08:00", "2026-11-27T17:52:30+08:00", "2026-11-27T18:00:00+08:00"},
		{Grievance, true, Contact, "2026-11-30T10:30:00+08:00", "2026-11-30T10:00:00+08:00", "2026-11-27T19:30:00+08:00"},
		{Grievance, true, Resolve, "2026-12-02T14:30:00+08:00", "2026-12-01T17:30:00+08:00", "2026-11-28T17:30:00+08:00"},
		{Major, true, Contact, "2026-11-28T17:30:00+08:00", "2026-11-28T11:30:00+08:00", "2026-11-28T17:30:00+08:00"},
		{Major, false, Contact, "2026-11-27T19:30:00+08:00", "2026-11-27T19:00:00+08:00", "2026-11-27T19:30:00+08:00"},
		{General, false, Contact, "2026-11-30T10:30:00+08:00", "2026-11-30T10:00:00+08:00", "2026-11-27T19:30:00+08:00"},
	}
	for _, tt := range tests {
		d := DefaultPolicy.Due(tt.sev, tt.f2f, tt.step, opened, cal)
		if !d.Due.Equal(mustTime(tt.due)) || !d.Warn.Equal(mustTime(tt.warn)) || !d.OnClock.Equal(mustTime(tt.onClock)) {
			t.Errorf("Due(%s, face to face %v, %s)=%v, warn %v, on the clock %v; want %s, %s, %s", tt.sev, tt.f2f, tt.step,
				d.Due, d.Warn, d.OnClock, tt.due, tt.warn, tt.onClock)
		}
	}
}

// weekdays is a calendar open Monday to Friday 09:00–18:00 in Shanghai.
func weekdays(t *testing.T) calendar.Calendar {
	t.Helper()
	zone, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	c := calendar.Calendar{Zone: zone}
	for d := time.Monday; d <= time.Friday; d++ {
		c.Week[d] = []calendar.Range{{Start: 9 * 60, End: 18 * 60}}
	}
	return c
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}
