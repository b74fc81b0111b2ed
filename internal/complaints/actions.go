package complaints

import (
	"context"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/postgres"
)

// take checks what an action brings, builds its transition and applies it. A re-visit the
// customer did not accept ends the form and opens a linked one instead; a pause and a resume
// change the step the form waits on, not the form.
func (s *Service) take(ctx context.Context, tx pgx.Tx, r request) error {
	r.in.Note, r.in.Plan = strings.TrimSpace(r.in.Note), strings.TrimSpace(r.in.Plan)
	if err := r.in.validate(r.act); err != nil {
		return err
	}
	switch {
	case r.act == ActRevisit && !r.in.Yes:
		return s.reopen(ctx, tx, r)
	case r.act == ActPause:
		return s.pause(ctx, tx, r)
	case r.act == ActResume:
		return s.resume(ctx, tx, r.tenantID, r.c, r.who.UserID, r.now, r.in.Note)
	}
	t, err := s.transitionOf(ctx, tx, r)
	if err != nil {
		return err
	}
	return s.apply(ctx, tx, r, t)
}

// transitionOf builds the transition of the request's action.
func (s *Service) transitionOf(ctx context.Context, tx pgx.Tx, r request) (transition, error) {
	switch r.act {
	case ActDispatch:
		return r.dispatch()
	case ActAssign:
		return assign(ctx, tx, r)
	case ActContact, ActPlan, ActSign, ActInstruct, ActRevisit, ActApprove:
		return r.step(), nil
	case ActSendBack:
		return r.sendBack(), nil
	case ActDecideAppeal:
		appellant, err := appellantOf(ctx, tx, r)
		return r.decide(appellant), err
	case ActResponsible:
		return responsible(ctx, tx, r)
	}
	return r.appeal(), nil
}

// dispatch sends a form to its departments with its details, and sets the deadlines of the
// steps ahead, from its opening, by the group's policy.
func (r request) dispatch() (transition, error) {
	f := r.in.Form
	if f.Description == "" {
		f.Description = r.c.Description // kept as the call recorded it
	}
	if err := f.validate(false, len(r.c.Call.Low) > 0); err != nil {
		return transition{}, err
	}
	t := transition{action: ActDispatch, status: Dispatched, departments: f.Departments, done: Dispatch, note: r.in.Note,
		set: []column{{"category_id", f.CategoryID}, {"severity", f.Severity}, {"face_to_face", f.FaceToFace},
			{"description", f.Description}},
		deadlines: &deadlines{severity: f.Severity, steps: StepsFor(f.Severity), faceToFace: f.FaceToFace, from: r.c.OpenedAt},
		detail:    map[string]any{"severity": f.Severity, "departments": f.Departments},
		notices:   []notice{{key: "notice.dispatched", to: heads}}}
	if f.Channel != "" {
		t.set = append(t.set, column{"channel", f.Channel})
	}
	return t, nil
}

// assign gives a grievance to a person of one of its departments.
func assign(ctx context.Context, tx pgx.Tx, r request) (transition, error) {
	name, err := memberOf(ctx, tx, r.tenantID, r.in.HandlerID, r.c.DepartmentIDs())
	if err != nil {
		return transition{}, err
	}
	if name == "" {
		return transition{}, apperr.Fields(map[string]string{"handler_id": "validation.complaint_handler"})
	}
	return transition{action: ActAssign, status: Assigned, set: []column{{"handler_id", r.in.HandlerID}}, done: Assign,
		note: r.in.Note, detail: map[string]any{"handler": r.in.HandlerID},
		notices: []notice{{key: "notice.assigned", ids: []int64{r.in.HandlerID}}}}, nil
}

// step builds a step of the workflow after assignment: the status it reaches, the deadline it
// completes, what it sets and whom it tells next.
func (r request) step() transition {
	t := transition{action: r.act, note: noteOf(r.in)}
	switch r.act {
	case ActContact:
		t.status, t.done = Contacted, Contact
		if r.c.HandlerID == 0 {
			t.set = []column{{"handler_id", r.who.UserID}} // who makes contact handles it from then on
		}
	case ActPlan:
		t.status, t.set, t.notices = Planned, []column{{"plan", r.in.Plan}}, tellOne("notice.to_sign", heads)
	case ActSign:
		t.status, t.done, t.notices = Signed, Resolve, tellOne("notice.to_revisit", customerService)
		if r.c.Severity == Major {
			t.notices = tellOne("notice.to_instruct", gms)
		}
	case ActInstruct:
		t.status, t.done, t.set = Instructed, Instruct, []column{{"reported_to_region", r.in.Yes}}
		t.notices = tellOne("notice.to_revisit", customerService)
	case ActRevisit:
		t.status, t.done, t.notices = Accepted, Revisit, tellOne("notice.to_approve", gms)
	case ActApprove:
		t.status, t.done, t.set = Closed, Approve, []column{{"closed_at", r.now}}
	}
	t.detail = map[string]any{"status": t.status}
	if r.act == ActInstruct || r.act == ActRevisit {
		t.detail["yes"] = r.in.Yes
	}
	return t
}

// noteOf is what a step's event records: the plan, else the note.
func noteOf(in Input) string {
	if in.Plan != "" {
		return in.Plan
	}
	return in.Note
}

// tellOne is the notice of a step that hands the form to one audience.
func tellOne(key string, to audience) []notice { return []notice{{key: key, to: to}} }

// sendBack returns the plan to the department head with the GM's reason: the form waits on a new
// plan again, and the steps from the resolution on get new deadlines, counted from now as a
// linked form's are, which also clears what was done of them.
func (r request) sendBack() transition {
	return transition{action: ActSendBack, status: Contacted, note: r.in.Note,
		deadlines: &deadlines{severity: r.c.Severity, steps: stepsFrom(r.c.Severity, Resolve), faceToFace: r.c.FaceToFace, from: r.now},
		detail:    map[string]any{"status": Contacted, "from": r.c.Status},
		notices:   tellOne("notice.sent_back", handlerAndHeads)}
}

// stepsFrom lists the steps a form of the severity goes through from step on.
func stepsFrom(sev Severity, step Step) []Step {
	steps := StepsFor(sev)
	return steps[slices.Index(steps, step):]
}

// appeal files or reviews a staff member's appeal, and tells who decides next.
func (r request) appeal() transition {
	t := transition{action: r.act, note: r.in.Note, notices: tellOne("notice.appeal", heads)}
	state := AppealPending
	if r.act == ActReviewAppeal {
		state, t.notices = AppealReviewed, tellOne("notice.appeal", gms)
	}
	t.set = []column{{"appeal", state}}
	t.detail = map[string]any{"appeal": state}
	return t
}

// decide records the GM's decision of an appeal: upheld voids the form. The appellant is told
// the outcome, and so are the person handling the form and the department heads.
func (r request) decide(appellant int64) transition {
	state, t := AppealDismissed, transition{action: ActDecideAppeal, note: r.in.Note}
	if r.in.Yes {
		state, t.status, t.set = AppealUpheld, Void, []column{{"closed_at", r.now}}
	}
	t.set = append(t.set, column{"appeal", state})
	outcome := map[string]any{"OutcomeKey": "complaints.appeal_" + string(state)}
	t.notices = []notice{{key: "notice.your_appeal", ids: []int64{appellant}, args: outcome},
		{key: "notice.appeal_outcome", to: handlerAndHeads, args: outcome}}
	t.detail = map[string]any{"appeal": state}
	return t
}

// appellantOf is who filed the form's appeal: the actor of its appeal event (a form is appealed
// once).
func appellantOf(ctx context.Context, tx pgx.Tx, r request) (int64, error) {
	var id *int64
	err := tx.QueryRow(ctx, `SELECT actor_id FROM complaint_events WHERE tenant_id = $1 AND complaint_id = $2 AND action = 'appeal'
		ORDER BY id DESC LIMIT 1`, r.tenantID, r.c.ID).Scan(&id)
	if err != nil || id == nil {
		return 0, postgres.Err("complaints.Appellant", err)
	}
	return *id, nil
}

// reopen records that the customer did not accept the result: the form ends, and a new form
// linked to it goes back to the department manager with the customer's words.
func (s *Service) reopen(ctx context.Context, tx pgx.Tx, r request) error {
	c, in := r.c, r.in
	ended := transition{action: ActRevisit, status: NotAccepted, done: Revisit, set: []column{{"closed_at", r.now}},
		note: noteOf(in), detail: map[string]any{"status": NotAccepted, "yes": in.Yes}}
	if err := s.apply(ctx, tx, r, ended); err != nil {
		return err
	}
	child, err := insertChild(ctx, tx, r)
	if err != nil {
		return err
	}
	opened := transition{action: "reopened", departments: c.DepartmentIDs(), note: in.Note,
		deadlines: &deadlines{severity: c.Severity, steps: StepsFor(c.Severity), faceToFace: c.FaceToFace, from: r.now},
		detail:    map[string]any{"parent": c.ID}}
	childReq := r
	childReq.c = Complaint{ID: child, StoreID: c.StoreID, Departments: c.Departments}
	if err := s.apply(ctx, tx, childReq, opened); err != nil {
		return err
	}
	if err := event(ctx, tx, r.tenantID, c.ID, "linked", r.who.UserID, "", map[string]any{"child": child}, r.now); err != nil {
		return err
	}
	ids, err := recipients(ctx, tx, r.tenantID, childReq.c, heads)
	if err != nil {
		return err
	}
	return s.Notify.Send(ctx, tx, r.tenantID, notify.Notice{ComplaintID: child, Message: "notice.reopened",
		Args: map[string]any{"ID": child, "Parent": c.ID}, At: s.Now()}, ids...)
}

// insertChild writes the form linked to one the customer did not accept: its details as
// loaded, the customer's words, and straight back to its departments. The details are values,
// not an INSERT … SELECT: a new form's id comes from the coordinator, and Citus would copy
// such a SELECT's rows through it, which row-level security refuses.
func insertChild(ctx context.Context, tx pgx.Tx, r request) (int64, error) {
	var child int64
	c := r.c
	err := tx.QueryRow(ctx, `
		INSERT INTO complaints (tenant_id, store_id, customer_id, vehicle_id, service_order_id, delivery_id, category_id,
		                        severity, channel, face_to_face, description, created_by, created_at, opened_at, parent_id, status)
		VALUES ($1, $2, $3, nullif($4::bigint, 0), nullif($5::bigint, 0), nullif($6::bigint, 0), nullif($7::bigint, 0),
		        $8, $9, $10, $11, $12, $13, $13, $14, 'dispatched')
		RETURNING id`, r.tenantID, c.StoreID, c.CustomerID, c.VehicleID, c.ServiceOrderID, c.DeliveryID, c.CategoryID,
		c.Severity, c.Channel, c.FaceToFace, r.in.Note, r.who.UserID, r.now, c.ID).Scan(&child)
	return child, postgres.Err("complaints.Reopen", err)
}
