package complaints_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/testkit"
)

// step finds a step of a form.
func step(t *testing.T, c complaints.Complaint, s complaints.Step) complaints.StepState {
	t.Helper()
	for _, st := range c.Steps {
		if st.Step == s {
			return st
		}
	}
	t.Fatalf("form %d has no %s step", c.ID, s)
	return complaints.StepState{}
}

// TestWorkflow_SendBack: the GM sends a major complaint's plan back at the instruction, with a
// reason, and again at the final approval: each time the form waits on a new plan from the
// department head, who is told; the steps from the resolution on are to be done again by new
// deadlines counted from the send-back, each with its own timer; the old deadline's timer does
// nothing, the new one's escalates. A send-back without a reason is refused at its field.
func TestWorkflow_SendBack(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.open(t, complaints.Major)
	f.act(t, "head", id, complaints.ActContact, complaints.Input{Note: "已联系客户"})
	f.act(t, "head", id, complaints.ActPlan, complaints.Input{Plan: "退还维修费"})
	f.act(t, "head", id, complaints.ActSign, complaints.Input{})
	err := f.svc.Act(ctx, f.tenantID, f.people["gm"], id, complaints.ActSendBack, complaints.Input{})
	if testkit.Fields(t, err)["note"] != "validation.required" {
		t.Errorf("send back without a reason: err=%v, want the reason required", err)
	}
	oldDue := step(t, f.get(t, id), complaints.Resolve).DueAt
	f.now = f.now.Add(time.Hour)
	f.act(t, "gm", id, complaints.ActSendBack, complaints.Input{From: complaints.Signed, Note: "方案未说明赔偿金额"})
	c := f.get(t, id)
	resolve := step(t, c, complaints.Resolve)
	if c.Status != complaints.Contacted || resolve.DoneAt != nil || !resolve.DueAt.Equal(f.now.Add(48*time.Hour)) {
		t.Fatalf("sent back at the instruction: status %s, resolve done %v due %v; want contacted, to be done by %v",
			c.Status, resolve.DoneAt, resolve.DueAt, f.now.Add(48*time.Hour))
	}
	if act, _ := c.Next(); act != complaints.ActPlan || c.Plan != "退还维修费" {
		t.Errorf("waits on %s with plan %q, want a new plan, the old one kept to revise", act, c.Plan)
	}
	if f.notices(t, "head", id, "notice.sent_back") != 1 {
		t.Errorf("want the department head told the plan came back")
	}
	f.now = oldDue.Add(time.Minute) // the old deadline's timer fires
	testkit.Must(t, f.svc.Escalate(ctx, complaints.DeadlineArgs{TenantID: f.tenantID, ComplaintID: id,
		Step: complaints.Resolve, Level: 1, DueAt: oldDue}))
	if got := f.escalation(t, id, complaints.Resolve); got != 0 {
		t.Errorf("the old deadline's timer escalated the new one to %d, want nothing", got)
	}
	var timers int
	testkit.Must(t, f.db.Owner.Pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'complaints.deadline'
		AND args->>'step' = 'resolve' AND args->>'level' = '1' AND (args->>'complaint_id')::bigint = $1`, id).Scan(&timers))
	if timers != 2 {
		t.Errorf("%d timers of the resolution, want the old one and one for the new deadline", timers)
	}
	f.now = resolve.DueAt.Add(time.Minute) // the new deadline's timer fires
	testkit.Must(t, f.svc.Escalate(ctx, complaints.DeadlineArgs{TenantID: f.tenantID, ComplaintID: id,
		Step: complaints.Resolve, Level: 1, DueAt: resolve.DueAt}))
	if got := f.escalation(t, id, complaints.Resolve); got != 1 {
		t.Errorf("the new deadline's timer escalated to %d, want 1", got)
	}

	f.act(t, "head", id, complaints.ActPlan, complaints.Input{Plan: "退还维修费并补偿 500 元"})
	f.act(t, "head", id, complaints.ActSign, complaints.Input{})
	f.act(t, "gm", id, complaints.ActInstruct, complaints.Input{Note: "同意"})
	f.act(t, "agent", id, complaints.ActRevisit, complaints.Input{Yes: true, Note: "客户认可"})
	f.act(t, "gm", id, complaints.ActSendBack, complaints.Input{From: complaints.Accepted, Note: "补偿未走审批"})
	c = f.get(t, id)
	if c.Status != complaints.Contacted || step(t, c, complaints.Revisit).DoneAt != nil || step(t, c, complaints.Instruct).DoneAt != nil {
		t.Errorf("sent back at the approval: status %s, want contacted with the instruction and re-visit to do again", c.Status)
	}
	events, err := f.svc.Timeline(ctx, f.tenantID, id)
	testkit.Must(t, err)
	var reasons []string
	for _, e := range events {
		if e.Action == string(complaints.ActSendBack) {
			reasons = append(reasons, e.Note)
		}
	}
	if strings.Join(reasons, "|") != "方案未说明赔偿金额|补偿未走审批" {
		t.Errorf("send-backs on the timeline %q, want both with their reasons", reasons)
	}
}

// TestWorkflow_AppealOutcome: the staff member who appealed is told the GM's decision with its
// outcome, and so is the department head; upholding without the GM's confirmation of the void is
// refused at the confirmation and changes nothing.
func TestWorkflow_AppealOutcome(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	appeal := func(id int64) {
		f.act(t, "staff", id, complaints.ActAppeal, complaints.Input{Note: "异响系客户自行加装配件所致"})
		f.act(t, "head", id, complaints.ActReviewAppeal, complaints.Input{Note: "情况属实"})
	}
	dismissed := f.open(t, complaints.General)
	appeal(dismissed)
	f.act(t, "gm", dismissed, complaints.ActDecideAppeal, complaints.Input{Note: "证据不足"})
	if f.notices(t, "staff", dismissed, "notice.your_appeal") != 1 || f.notices(t, "head", dismissed, "notice.appeal_outcome") != 1 {
		t.Errorf("dismissed: want the appellant and the head told the outcome")
	}
	list, err := (&notify.Inbox{DB: f.db.App}).List(ctx, f.tenantID, f.people["staff"].UserID, 1)
	testkit.Must(t, err)
	en := f.svc.Notify.Bundle.Localizer("en")
	if got := en.T(list[0].Message, notify.Pairs(list[0].Args, func(k string) string { return en.T(k) })...); !strings.Contains(got, "was decided: Appeal dismissed") {
		t.Errorf("the appellant's notice %q, want the outcome", got)
	}

	upheld := f.open(t, complaints.General)
	appeal(upheld)
	err = f.svc.Act(ctx, f.tenantID, f.people["gm"], upheld, complaints.ActDecideAppeal, complaints.Input{Yes: true, Note: "申诉成立"})
	if testkit.Fields(t, err)["confirm_void"] == "" || f.get(t, upheld).Status != complaints.Dispatched {
		t.Fatalf("uphold unconfirmed: err=%v, want refused at the confirmation with the form unchanged", err)
	}
	f.act(t, "gm", upheld, complaints.ActDecideAppeal, complaints.Input{Yes: true, ConfirmVoid: true, Note: "申诉成立"})
	if c := f.get(t, upheld); c.Status != complaints.Void || f.notices(t, "staff", upheld, "notice.your_appeal") != 1 {
		t.Errorf("upheld: status %s, want void and the appellant told", c.Status)
	}
}

// TestQueue_Counts: every queue of a person is counted, and the page opens on the first that
// holds something: the department head's to-assign, the staff member's own once assigned.
func TestQueue_Counts(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.open(t, complaints.Grievance)
	counts := func(who string) map[complaints.Tab]int {
		t.Helper()
		c, err := f.svc.Counts(ctx, f.tenantID, f.people[who])
		testkit.Must(t, err)
		for _, tab := range complaints.TabsFor(f.people[who]) {
			items, err := f.svc.Queue(ctx, f.tenantID, f.people[who], tab)
			testkit.Must(t, err)
			if c[tab] != len(items) {
				t.Errorf("%s %s: count %d, queue %d", who, tab, c[tab], len(items))
			}
		}
		return c
	}
	head := counts("head")
	if head[complaints.TabAssign] != 1 || complaints.FirstHolding(complaints.TabsFor(f.people["head"]), head) != complaints.TabAssign {
		t.Errorf("head: counts %v, want to open on to-assign with 1", head)
	}
	staffTabs := complaints.TabsFor(f.people["staff"])
	if got := complaints.FirstHolding(staffTabs, counts("staff")); got != staffTabs[0] {
		t.Errorf("staff with nothing: opens on %s, want the first tab %s", got, staffTabs[0])
	}
	f.act(t, "head", id, complaints.ActAssign, complaints.Input{HandlerID: f.people["staff"].UserID})
	if c := counts("staff"); c[complaints.TabMine] != 1 || complaints.FirstHolding(staffTabs, c) != complaints.TabMine {
		t.Errorf("staff assigned: counts %v, want to open on their own queue", c)
	}
	if err := f.svc.Act(ctx, f.tenantID, f.people["staff"], id, complaints.ActSendBack, complaints.Input{Note: "x"}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("send back a form not at the GM: err=%v, want a conflict", err)
	}
}

// TestQueue_CountsCapEvery: the count of every form a person follows stops past CountCap, while
// the queues of open forms still count each one; below the cap the count is exact.
func TestQueue_CountsCapEvery(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.open(t, complaints.Grievance)
	gm := f.people["gm"]
	c, err := f.svc.Counts(ctx, f.tenantID, gm)
	testkit.Must(t, err)
	if c[complaints.TabAll] != 1 {
		t.Errorf("one form: every form counted %d, want 1", c[complaints.TabAll])
	}
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	// closed copies of the form, with ids taken first: Citus copies an INSERT … SELECT that
	// takes them from the sequence through the coordinator, which row-level security refuses
	var ids []int64
	testkit.Must(t, tx.QueryRow(ctx, `SELECT array_agg(nextval(pg_get_serial_sequence('complaints', 'id')))
		FROM generate_series(1, $1)`, complaints.CountCap+5).Scan(&ids))
	_, err = tx.Exec(ctx, `INSERT INTO complaints (tenant_id, id, store_id, customer_id, description, created_by, created_at,
		                        opened_at, severity, channel, department_ids, status) OVERRIDING SYSTEM VALUE
		SELECT c.tenant_id, i, c.store_id, c.customer_id, c.description, c.created_by, c.created_at, c.opened_at, c.severity,
		       c.channel, c.department_ids, 'closed'
		FROM complaints c, unnest($3::bigint[]) i WHERE c.tenant_id = $1 AND c.id = $2`, f.tenantID, id, ids)
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
	c, err = f.svc.Counts(ctx, f.tenantID, gm)
	testkit.Must(t, err)
	if c[complaints.TabAll] != complaints.CountCap+1 || c[complaints.TabInstruct] != 0 {
		t.Errorf("%d forms: every form counted %d, want the cap passed (%d); counts %v", complaints.CountCap+6,
			c[complaints.TabAll], complaints.CountCap+1, c)
	}
	head, err := f.svc.Counts(ctx, f.tenantID, f.people["head"])
	testkit.Must(t, err)
	if head[complaints.TabAssign] != 1 {
		t.Errorf("head: to assign %d, want the one open form among the closed ones", head[complaints.TabAssign])
	}
}
