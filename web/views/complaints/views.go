// Package complaints renders the complaint tracking forms: the queues, the form with its steps,
// actions and timeline (printable as the paper form), and the new-complaint form.
package complaints

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/complaints/call"
	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/components"
	cviews "github.com/csidesk/csidesk/web/views/customers"
)

// QueuePage is the user's queues with how many forms each holds, and the forms of the chosen one.
type QueuePage struct {
	Tabs    []complaints.Tab
	Counts  map[complaints.Tab]int
	Tab     complaints.Tab
	Items   []complaints.Item
	Now     time.Time
	MayOpen bool
	// Stats and Policy say whether the user may read the statistics and set the deadlines.
	Stats, Policy bool
}

// FormPage is a form as one user sees it: what they may do now, and what went wrong.
type FormPage struct {
	C           complaints.Complaint
	Events      []complaints.Event
	Allowed     []complaints.Action
	Now         time.Time
	Access      cviews.Access
	Categories  []complaints.Category
	Departments []tenancy.Department
	Handlers    []complaints.Person      // the departments' staff and managers: to assign to, or to name responsible
	Reasons     []complaints.PauseReason // offered when the user may pause the step
	Errs        components.Errors
	Acting      complaints.Action
	Sent        Sent // what came with the action being taken, shown again with its errors
	Problem     *apperr.Error
}

// Sent is what a person sent with an action: the note, the outcome they chose ("true",
// "false", or "" for none), a pause's reason and end, and the responsible person chosen.
type Sent struct {
	Note        string
	Choice      string
	ReasonID    string
	ResumeAt    string
	Responsible string
}

// NewPage is the new-complaint form for a customer.
type NewPage struct {
	Form        complaints.Form
	Customer    customers.Customer
	Vehicles    []customers.Vehicle
	Stores      []tenancy.Store
	Departments []tenancy.Department
	Categories  []complaints.Category
	Errs        components.Errors
}

// offered are the actions the page offers: those allowed, but no pause of a step already
// overdue, which the form would refuse.
func (p FormPage) offered() []complaints.Action {
	cur, _ := p.C.Current()
	return slices.DeleteFunc(slices.Clone(p.Allowed), func(a complaints.Action) bool {
		return a == complaints.ActPause && cur.Overdue(p.Now)
	})
}

// sent is what came with the action, when it is the one being taken.
func (p FormPage) sent(a complaints.Action) Sent {
	if p.Acting == a {
		return p.Sent
	}
	return Sent{}
}

// errs are the field errors of the action being taken.
func (p FormPage) errs(a complaints.Action) components.Errors {
	if p.Acting == a {
		return p.Errs
	}
	return nil
}

// timeLeft says how much of a step's time is left until its deadline, or how long it is past
// it, as the step counts it, and names how: business time or the clock.
func timeLeft(ctx context.Context, st complaints.StepState, now time.Time) string {
	if st.Business {
		return leftText(ctx, st, now, "complaints.business_")
	}
	return leftText(ctx, st, now, "complaints.clock_")
}

// shortLeft is timeLeft without naming how the step counts, for a narrow column that says it
// beside.
func shortLeft(ctx context.Context, st complaints.StepState, now time.Time) string {
	return leftText(ctx, st, now, "complaints.")
}

func leftText(ctx context.Context, st complaints.StepState, now time.Time, prefix string) string {
	d, key := st.Left(now), prefix+"left"
	if d < 0 {
		d, key = -d, prefix+"late"
	}
	return i18n.T(ctx, key, "Hours", int(d.Hours()), "Minutes", int(d.Minutes())%60)
}

// countsIn names how a step's time counts.
func countsIn(ctx context.Context, st complaints.StepState) string {
	if st.Business {
		return i18n.T(ctx, "complaints.counts_business")
	}
	return i18n.T(ctx, "complaints.counts_clock")
}

// pausedText says why a step is paused, since when, and until when.
func pausedText(ctx context.Context, st complaints.StepState, zone string) string {
	text := i18n.T(ctx, "complaints.paused_because", "Reason", components.Local(ctx, st.ReasonZH, st.ReasonEN)) +
		" · " + i18n.T(ctx, "complaints.paused_since", "At", at(*st.PausedAt, zone))
	if st.ResumeAt != nil {
		return text + " · " + i18n.T(ctx, "complaints.resumes_at", "At", at(*st.ResumeAt, zone))
	}
	return text + " · " + i18n.T(ctx, "complaints.resume_by_hand")
}

// at shows a time in the time zone of the form's store.
func at(t time.Time, zone string) string {
	return t.In(tenancy.Location(zone)).Format("2006-01-02 15:04")
}

func categoryName(ctx context.Context, zh, en string) string {
	if zh == "" {
		return "—"
	}
	return components.Local(ctx, zh, en)
}

func departmentNames(ctx context.Context, c complaints.Complaint) string {
	s := ""
	for i, d := range c.Departments {
		if i > 0 {
			s += "、"
		}
		s += components.DepartmentName(ctx, d.Kind, d.Name)
	}
	return s
}

func id(v int64) string { return strconv.FormatInt(v, 10) }

func formURL(c complaints.Complaint, a complaints.Action) string {
	return fmt.Sprintf("/complaints/%d/%s", c.ID, a)
}

// eventText says what an event did, with its detail in words, its times in the store's zone.
func eventText(ctx context.Context, e complaints.Event, zone string) string {
	text := i18n.T(ctx, "complaints.event_"+e.Action)
	switch e.Action {
	case "pause", "resume", "warned":
		return stepEventText(ctx, e, zone)
	case "escalated":
		return i18n.T(ctx, "complaints.event_escalated_to", "Step", i18n.T(ctx, fmt.Sprint("complaints.step_", e.Detail["step"])),
			"Level", fmt.Sprint(e.Detail["level"]))
	case "revisit":
		if e.Detail["yes"] == false {
			return i18n.T(ctx, "complaints.event_not_accepted")
		}
	case "decide_appeal":
		if e.Detail["appeal"] == string(complaints.AppealUpheld) {
			return i18n.T(ctx, "complaints.event_appeal_upheld")
		}
	case "send_back":
		return i18n.T(ctx, "complaints.event_send_back", "At", i18n.T(ctx, fmt.Sprint("complaints.sent_back_at_", e.Detail["from"])))
	case "responsible":
		return i18n.T(ctx, "complaints.event_responsible_change", "From", personOrNone(ctx, e.Detail["from_name"]),
			"To", personOrNone(ctx, e.Detail["to_name"]))
	}
	return text
}

// personOrNone is a person's name, as a form or an event's detail keeps it, or "no one".
func personOrNone(ctx context.Context, name any) string {
	if s, ok := name.(string); ok && s != "" {
		return s
	}
	return i18n.T(ctx, "complaints.responsible_none")
}

// responsibleOptions offers the departments' people to name responsible for the form; once
// someone is named, "no one" clears them.
func responsibleOptions(ctx context.Context, people []complaints.Person, c complaints.Complaint) []components.Option {
	out := handlerOptions(ctx, people)
	if c.ResponsibleID != 0 {
		out = slices.Insert(out, 1, components.Option{Value: "0", Label: i18n.T(ctx, "complaints.responsible_none")})
	}
	return out
}

// responsibleChoice is the person the responsible form shows chosen: the one sent, else the one named.
func (p FormPage) responsibleChoice() string {
	if s := p.sent(complaints.ActResponsible).Responsible; s != "" {
		return s
	}
	if p.C.ResponsibleID == 0 {
		return ""
	}
	return id(p.C.ResponsibleID)
}

// stepEventText says what a pause, a resume or a warning did to which step.
func stepEventText(ctx context.Context, e complaints.Event, zone string) string {
	stepName := i18n.T(ctx, fmt.Sprint("complaints.step_", e.Detail["step"]))
	detailTime := func(key string) string {
		t, err := time.Parse(time.RFC3339Nano, fmt.Sprint(e.Detail[key]))
		if err != nil {
			return ""
		}
		return at(t, zone)
	}
	switch e.Action {
	case "pause":
		reason := components.Local(ctx, fmt.Sprint(e.Detail["reason_zh"]), fmt.Sprint(e.Detail["reason_en"]))
		if _, ok := e.Detail["until"]; ok {
			return i18n.T(ctx, "complaints.event_paused_until", "Step", stepName, "Reason", reason, "At", detailTime("until"))
		}
		return i18n.T(ctx, "complaints.event_paused_for", "Step", stepName, "Reason", reason)
	case "resume":
		minutes, _ := e.Detail["minutes"].(float64)
		return i18n.T(ctx, "complaints.event_resumed_to", "Step", stepName, "Hours", int(minutes)/60,
			"Minutes", int(minutes)%60, "At", detailTime("due"))
	}
	return i18n.T(ctx, "complaints.event_warned_of", "Step", stepName)
}

// waitingOn says what the form waits on now: the action to be taken, so that a form whose plan
// is still to be written does not read as waiting on its signature.
func waitingOn(ctx context.Context, c complaints.Complaint) string {
	act, _ := c.Next()
	return i18n.T(ctx, "complaints.waiting_on", "Step", i18n.T(ctx, "complaints.act_"+string(act)))
}

// lowAnswer is one low answer of the call in the reader's language: the item's short name and
// the answer's label ("服务态度：1 分 · 非常不满意").
func lowAnswer(ctx context.Context, it call.LowAnswer) string {
	return i18n.T(ctx, "complaints.low_answer", "Name", components.Local(ctx, it.NameZH, it.NameEN), "Answer", answerLabel(ctx, it))
}

// answerLabel names an answer on its scale: a point of five with its word, a point of ten, or no
// (or yes).
func answerLabel(ctx context.Context, it call.LowAnswer) string {
	if it.Scale == surveys.Ten {
		return i18n.T(ctx, "complaints.answer_ten", "Value", it.Value)
	}
	return i18n.T(ctx, fmt.Sprintf("complaints.answer_%s_%d", it.Scale, it.Value))
}

func checked(list []int64, v int64) bool { return slices.Contains(list, v) }

func handlerOptions(ctx context.Context, people []complaints.Person) []components.Option {
	out := []components.Option{{Value: "", Label: i18n.T(ctx, "complaints.choose")}}
	for _, p := range people {
		out = append(out, components.Option{Value: id(p.ID), Label: p.Name})
	}
	return out
}

func categoryOptions(ctx context.Context, cats []complaints.Category) []components.Option {
	out := []components.Option{{Value: "", Label: i18n.T(ctx, "complaints.choose")}}
	for _, c := range cats {
		out = append(out, components.Option{Value: id(c.ID), Label: components.Local(ctx, c.NameZH, c.NameEN)})
	}
	return out
}

// noteLabel is what the note of an action is called.
func noteLabel(a complaints.Action) string {
	switch a {
	case complaints.ActContact:
		return "complaints.note_contact"
	case complaints.ActRevisit:
		return "complaints.note_revisit"
	case complaints.ActInstruct:
		return "complaints.note_instruct"
	case complaints.ActAppeal, complaints.ActReviewAppeal, complaints.ActDecideAppeal:
		return "complaints.note_appeal"
	case complaints.ActSendBack:
		return "complaints.note_send_back"
	}
	return "complaints.note"
}

// PolicyValues are a policy's minutes, and whether each step counts business time ("true"),
// as the form shows them, by field name.
func PolicyValues(p complaints.Policy) map[string]string {
	values := map[string]string{}
	for sev, steps := range p {
		for st, m := range steps {
			key := string(sev) + "_" + string(st)
			values[key+"_f2f"], values[key+"_remote"] = strconv.Itoa(m.FaceToFace), strconv.Itoa(m.Remote)
			values[key+"_business"] = strconv.FormatBool(m.Business)
		}
	}
	return values
}

// reasonOptions offers the group's pause reasons in the reader's language.
func reasonOptions(ctx context.Context, reasons []complaints.PauseReason) []components.Option {
	out := []components.Option{{Value: "", Label: i18n.T(ctx, "complaints.choose")}}
	for _, r := range reasons {
		out = append(out, components.Option{Value: id(r.ID), Label: components.Local(ctx, r.NameZH, r.NameEN)})
	}
	return out
}
