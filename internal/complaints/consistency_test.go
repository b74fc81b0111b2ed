package complaints

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// The rules of the workflow are written twice: in Go (machine.go, currentStep) for the actions a
// person may take on one form, and in SQL (tabWhere, CurrentStepSQL) for the queues that find
// the forms waiting on a person. TestQueues_AgreeWithRules ties the two together.

// consPeople are the kinds of people the queues tell apart, each with their memberships in a
// group of two stores: store A with its after-sales and sales departments, store B with its
// after-sales department. Every form of the test is in store A.
var consPeople = []string{
	"agent_a",      // customer service of store A
	"csm_a",        // customer-service manager of store A
	"csm_all",      // customer-service manager of the whole group (集团客服经理)
	"agent_b",      // customer service of another store
	"head_after",   // head of the form's (first) department
	"head_sales",   // head of another department of the store, or of the form's second
	"head_b",       // head of a department of another store
	"handler",      // after-sales staff member, the handler of the staff-handled forms
	"staff_after",  // after-sales staff member, not the handler
	"staff_sales",  // sales staff member
	"gm_all",       // GM of the whole group
	"gm_a",         // GM of store A
	"gm_b",         // GM of another store
	"admin_all",    // administrator of the whole group
	"admin_a",      // administrator of store A
	"head_and_gm",  // head of after-sales and GM of store A
	"agent_and_st", // agent of store A and after-sales staff member
}

// consGroup is one dealer group of the test: its stores, departments, people and forms.
type consGroup struct {
	tenantID                   int64
	storeA, storeB             int64
	afterA, salesA, afterB     int64
	people                     map[string]Actor
	forms                      []consForm
	stepDue                    map[int64]map[time.Time]Step // the due time of each step of each form
	customer, createdBy, catID int64
}

// consForm is one form as the test writes it.
type consForm struct {
	id      int64
	status  Status
	sev     Severity
	appeal  Appeal
	f2f     bool
	depts   string // "", "after" or "after+sales"
	handler string // one of consPeople, or "" for none
	paused  bool   // the step it waits on is paused
}

func (f consForm) String() string {
	h := f.handler
	if h == "" {
		h = "-"
	}
	d := f.depts
	if d == "" {
		d = "-"
	}
	return fmt.Sprintf("#%d %s/%s/appeal=%q/f2f=%v/depts=%s/handler=%s/paused=%v", f.id, f.status, f.sev, f.appeal, f.f2f, d, h, f.paused)
}

// consVariants lists the forms worth writing for a status: every severity, face to face or not,
// each appeal state the status may have (an upheld appeal is what voids a form, so void goes
// with upheld only), the departments, and the handlers it may have (none before assignment or
// contact; the staff member, the after-sales head, or with two departments the sales head); and
// without an appeal and with its deadline ahead, the step it waits on paused, where it may be.
func consVariants(st Status) []consForm {
	var out []consForm
	for _, f := range consUnpaused(st) {
		out = append(out, f)
		if step, ok := currentStep(f.status, f.sev); ok && Pausable(step) && f.appeal == NoAppeal && !f.f2f {
			f.paused = true
			out = append(out, f)
		}
	}
	return out
}

// consUnpaused lists the forms of consVariants whose step is not paused.
func consUnpaused(st Status) []consForm {
	appeals := []Appeal{NoAppeal, AppealPending, AppealReviewed, AppealDismissed}
	if st == Void {
		appeals = []Appeal{AppealUpheld}
	}
	depts := []string{"after", "after+sales"}
	if st == Open {
		depts = []string{"", "after", "after+sales"} // a follow-up call's draft has no departments yet
	}
	handlers := func(d string) []string {
		switch st {
		case Open, Dispatched:
			return []string{""}
		}
		hs := []string{"handler", "head_after"}
		if d == "after+sales" {
			hs = append(hs, "head_sales")
		}
		if st == Void { // voided at any step, before anyone handled it too
			hs = append([]string{""}, hs...)
		}
		return hs
	}
	var out []consForm
	for _, sev := range Severities {
		for _, appeal := range appeals {
			for _, f2f := range []bool{false, true} {
				for _, d := range depts {
					for _, h := range handlers(d) {
						out = append(out, consForm{status: st, sev: sev, appeal: appeal, f2f: f2f, depts: d, handler: h})
					}
				}
			}
		}
	}
	return out
}

// consDue is when a step of a form is due: every step at its own hour, all past for a form made
// face to face and all ahead for the others, so that the overdue queue has both.
func consDue(now time.Time, f consForm, st Step) time.Time {
	h := time.Duration(slices.Index(Steps, st)+1) * time.Hour
	if f.f2f {
		return now.Add(-h)
	}
	return now.Add(h)
}

// newConsGroup writes a group with the forms of one status, directly as the schema owner.
func newConsGroup(t *testing.T, db *pgtest.DB, st Status, now time.Time) *consGroup {
	t.Helper()
	ctx := context.Background()
	g := &consGroup{people: map[string]Actor{}, stepDue: map[int64]map[time.Time]Step{}}
	var err error
	if g.tenantID, err = tenancy.CreateTenant(ctx, db.Owner, "集团 "+string(st)); err != nil {
		t.Fatal(err)
	}
	tx, err := db.Owner.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if err := postgres.SetTenant(ctx, tx, g.tenantID); err != nil {
		t.Fatal(err)
	}
	id := func(sql string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := tx.QueryRow(ctx, sql, args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return id
	}
	g.storeA = id(`INSERT INTO stores (tenant_id, name) VALUES ($1, '一店') RETURNING id`, g.tenantID)
	g.storeB = id(`INSERT INTO stores (tenant_id, name) VALUES ($1, '二店') RETURNING id`, g.tenantID)
	dept := func(store int64, kind string) int64 {
		return id(`INSERT INTO departments (tenant_id, store_id, kind) VALUES ($1, $2, $3) RETURNING id`, g.tenantID, store, kind)
	}
	g.afterA, g.salesA, g.afterB = dept(g.storeA, "after_sales"), dept(g.storeA, "sales"), dept(g.storeB, "after_sales")
	g.customer = id(`INSERT INTO customers (tenant_id, name, phone) VALUES ($1, '张伟', '13800000001') RETURNING id`, g.tenantID)
	g.catID = id(`INSERT INTO complaint_categories (tenant_id, name_zh, name_en) VALUES ($1, '维修质量', 'Repair quality') RETURNING id`, g.tenantID)
	reason := id(`INSERT INTO complaint_pause_reasons (tenant_id, name_zh, name_en) VALUES ($1, '等待配件到货', 'Waiting for parts') RETURNING id`, g.tenantID)
	ms := map[string][]auth.Membership{
		"agent_a":      {{Role: auth.Agent, StoreID: g.storeA}},
		"csm_a":        {{Role: auth.CSManager, StoreID: g.storeA}},
		"csm_all":      {{Role: auth.CSManager}},
		"agent_b":      {{Role: auth.Agent, StoreID: g.storeB}},
		"head_after":   {{Role: auth.DeptManager, StoreID: g.storeA, DepartmentID: g.afterA}},
		"head_sales":   {{Role: auth.DeptManager, StoreID: g.storeA, DepartmentID: g.salesA}},
		"head_b":       {{Role: auth.DeptManager, StoreID: g.storeB, DepartmentID: g.afterB}},
		"handler":      {{Role: auth.Staff, StoreID: g.storeA, DepartmentID: g.afterA}},
		"staff_after":  {{Role: auth.Staff, StoreID: g.storeA, DepartmentID: g.afterA}},
		"staff_sales":  {{Role: auth.Staff, StoreID: g.storeA, DepartmentID: g.salesA}},
		"gm_all":       {{Role: auth.GM}},
		"gm_a":         {{Role: auth.GM, StoreID: g.storeA}},
		"gm_b":         {{Role: auth.GM, StoreID: g.storeB}},
		"admin_all":    {{Role: auth.Admin}},
		"admin_a":      {{Role: auth.Admin, StoreID: g.storeA}},
		"head_and_gm":  {{Role: auth.DeptManager, StoreID: g.storeA, DepartmentID: g.afterA}, {Role: auth.GM, StoreID: g.storeA}},
		"agent_and_st": {{Role: auth.Agent, StoreID: g.storeA}, {Role: auth.Staff, StoreID: g.storeA, DepartmentID: g.afterA}},
	}
	for _, name := range consPeople {
		uid := id(`INSERT INTO users (tenant_id, email, name, password_hash) VALUES ($1, $2, $3, 'x') RETURNING id`,
			g.tenantID, strings.ReplaceAll(name, "_", "-")+"@example.com", name)
		m := ms[name]
		for i := range m {
			m[i].UserID = uid
		}
		g.people[name] = Actor{UserID: uid, Memberships: m}
	}
	g.createdBy = g.people["agent_a"].UserID
	opened := now.Add(-24 * time.Hour)
	for _, f := range consVariants(st) {
		var handler *int64
		if f.handler != "" {
			h := g.people[f.handler].UserID
			handler = &h
		}
		var closed *time.Time
		if st.Ended() {
			closed = &now
		}
		f.id = id(`INSERT INTO complaints (tenant_id, store_id, customer_id, description, created_by, created_at, opened_at,
			category_id, severity, channel, face_to_face, status, appeal, handler_id, closed_at)
			VALUES ($1, $2, $3, '保养后发动机异响', $4, $5, $5, $6, $7, 'hotline', $8, $9, $10, $11, $12) RETURNING id`,
			g.tenantID, g.storeA, g.customer, g.createdBy, opened, g.catID, f.sev, f.f2f, f.status, f.appeal, handler, closed)
		var depts []int64
		switch f.depts {
		case "after":
			depts = []int64{g.afterA}
		case "after+sales":
			depts = []int64{g.afterA, g.salesA}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO complaint_departments (tenant_id, complaint_id, store_id, department_id)
			SELECT d.tenant_id, $2, d.store_id, d.id FROM departments d WHERE d.tenant_id = $1 AND d.id = ANY ($3)`,
			g.tenantID, f.id, depts); err != nil {
			t.Fatal(err)
		}
		if err := KeepDepartmentIDs(ctx, tx, g.tenantID, f.id); err != nil {
			t.Fatal(err)
		}
		g.stepDue[f.id] = map[time.Time]Step{}
		for _, s := range Steps {
			due := consDue(now, f, s)
			g.stepDue[f.id][due] = s
			if _, err := tx.Exec(ctx, `INSERT INTO complaint_steps (tenant_id, complaint_id, step, due_at) VALUES ($1, $2, $3, $4)`,
				g.tenantID, f.id, s, due); err != nil {
				t.Fatal(err)
			}
		}
		if step, _ := currentStep(f.status, f.sev); f.paused {
			if _, err := tx.Exec(ctx, `UPDATE complaint_steps SET paused_at = $3, pause_reason_id = $4
				WHERE tenant_id = $1 AND complaint_id = $2 AND step = $5`, g.tenantID, f.id, now.Add(-time.Hour), reason, step); err != nil {
				t.Fatal(err)
			}
		}
		g.forms = append(g.forms, f)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	return g
}

// goTabs are the queues the Go rules put a form in for a person. The queue of an action holds
// the forms on which Check allows the person that action now: to dispatch, to re-visit, to
// assign, to sign, to instruct and to approve; appeals to review or decide. A department head
// handles (contacts or plans) what is not handed to someone else; the handler's own queue holds
// what they may contact or plan as its handler. Every form is followed by those who have a place
// in it (customer service and the GM of its store, the heads of its departments, its handler)
// and by those who see every store; the paused ones are those followed, not ended, whose
// current step is paused; the overdue ones are those followed, not ended, whose current step is
// past due and not paused. A paused step is in no queue of its actions, since Check refuses them.
func goTabs(c Complaint, who Actor, now time.Time) map[Tab]bool {
	may := func(act Action, a Actor) bool { return Check(c, act, a) == nil }
	asHead := Actor{} // the person's place as a department head only
	for _, m := range who.Memberships {
		if m.Role == auth.DeptManager {
			asHead.Memberships = append(asHead.Memberships, m)
		}
	}
	asHandler := Actor{UserID: who.UserID} // the person's place as the form's handler only
	wholeGroup := slices.ContainsFunc(who.Memberships, func(m auth.Membership) bool {
		return m.StoreID == 0 && (m.Role == auth.GM || m.Role == auth.Admin)
	})
	follows := wholeGroup || who.customerService(c) || who.head(c) || who.gm(c) || who.handler(c)
	cur, waits := c.Current()
	return map[Tab]bool{
		TabDispatch: may(ActDispatch, who),
		TabRevisit:  may(ActRevisit, who),
		TabAssign:   may(ActAssign, who),
		TabHandle: (may(ActContact, asHead) || may(ActPlan, asHead)) &&
			(c.HandlerID == 0 || c.HandlerID == who.UserID),
		TabSign:     may(ActSign, who),
		TabMine:     may(ActContact, asHandler) || may(ActPlan, asHandler),
		TabInstruct: may(ActInstruct, who),
		TabApprove:  may(ActApprove, who),
		TabAppeals:  may(ActReviewAppeal, who) || may(ActDecideAppeal, who),
		TabPaused:   follows && !c.Status.Ended() && waits && cur.PausedAt != nil,
		TabOverdue:  follows && !c.Status.Ended() && waits && cur.Overdue(now),
		TabAll:      follows,
	}
}

// TestQueues_AgreeWithRules writes every status × severity × appeal state × face to face ×
// departments × handler a form may have, and for every kind of person and every queue checks
// that the SQL puts each form in exactly the queues the Go rules say, that each tab's count is
// its queue's length, that a form the person may send back waits in their queue to instruct or
// approve, and that the step the SQL takes as current (by its deadline) is currentStep's.
func TestQueues_AgreeWithRules(t *testing.T) {
	ctx := context.Background()
	db := pgtest.MustOpenDB(t)
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	svc := &Service{DB: db.App, Now: func() time.Time { return now }}
	forms, checks := 0, 0
	// a disagreement is reported once per kind (status, person, queue, which side has the form),
	// with its first form and how many forms share it
	var kinds []string
	first, count := map[string]string{}, map[string]int{}
	fail := func(kind, format string, args ...any) {
		if count[kind]++; count[kind] == 1 {
			kinds = append(kinds, kind)
			first[kind] = fmt.Sprintf(format, args...)
		}
	}
	for _, st := range Statuses {
		g := newConsGroup(t, db, st, now)
		loaded := map[int64]Complaint{}
		for _, f := range g.forms {
			c, err := svc.Get(ctx, g.tenantID, f.id)
			if err != nil {
				t.Fatal(err)
			}
			loaded[f.id] = c
		}
		for _, name := range consPeople {
			who := g.people[name]
			sqlTabs := map[Tab]map[int64]Item{}
			for _, tab := range Tabs {
				items, err := svc.Queue(ctx, g.tenantID, who, tab)
				if err != nil {
					t.Fatalf("%s %s: %v", name, tab, err)
				}
				if len(items) >= QueueCap {
					t.Fatalf("%s %s: %d forms, the queue's cap: write fewer forms per group", name, tab, len(items))
				}
				sqlTabs[tab] = map[int64]Item{}
				for _, it := range items {
					sqlTabs[tab][it.ID] = it
				}
			}
			offered := TabsFor(who)
			counts, err := svc.Counts(ctx, g.tenantID, who)
			if err != nil {
				t.Fatalf("%s counts: %v", name, err)
			}
			for _, tab := range offered {
				if counts[tab] != len(sqlTabs[tab]) {
					fail(fmt.Sprintf("count %s %s %s", st, name, tab), "%s, queue %s: count %d, queue %d", name, tab, counts[tab], len(sqlTabs[tab]))
				}
			}
			for _, f := range g.forms {
				c := loaded[f.id]
				want := goTabs(c, who, now)
				for _, tab := range Tabs {
					checks++
					_, got := sqlTabs[tab][f.id]
					if got != want[tab] {
						fail(fmt.Sprintf("%s %s %s %v", st, name, tab, got), "%s, %s, queue %s: SQL %v, Go rules %v",
							f, name, tab, got, want[tab])
					}
					if want[tab] && !slices.Contains(offered, tab) {
						fail("offered "+name+string(tab), "%s, %s: the Go rules put it in %s, which TabsFor does not offer them", f, name, tab)
					}
					if want[tab] && !want[TabAll] {
						fail("follows "+name+string(tab), "%s, %s: in %s but not among the forms they follow", f, name, tab)
					}
				}
				// a plan is sent back from where the GM instructs or approves: the form waits
				// in one of those queues whenever the rules let the person send it back
				_, instruct := sqlTabs[TabInstruct][f.id]
				_, approve := sqlTabs[TabApprove][f.id]
				if Check(c, ActSendBack, who) == nil && !instruct && !approve {
					fail("send back "+name+string(st), "%s, %s: may send the plan back, but it is in neither %s nor %s", f, name, TabInstruct, TabApprove)
				}
			}
		}
		// the current step: the SQL's is the step whose deadline the queue shows
		every, err := svc.Queue(ctx, g.tenantID, g.people["gm_all"], TabAll)
		if err != nil {
			t.Fatal(err)
		}
		items := map[int64]Item{}
		for _, it := range every {
			items[it.ID] = it
		}
		for _, f := range g.forms {
			forms++
			it, ok := items[f.id]
			if !ok {
				fail("every", "%s: not in the GM's queue of every form", f)
				continue
			}
			want, waits := currentStep(f.status, f.sev)
			var got Step
			if it.DueAt != nil {
				got = g.stepDue[f.id][it.DueAt.UTC()]
				if got == "" {
					fail("due", "%s: SQL due %v is no step's deadline", f, it.DueAt)
				}
			}
			if waits != (it.DueAt != nil) || got != want {
				fail("step "+string(st), "%s: current step SQL %q, Go %q (waits %v)", f, got, want, waits)
			}
			if cur, ok := loaded[f.id].Current(); ok != waits || ok && (it.DueAt == nil || !cur.DueAt.Equal(*it.DueAt)) {
				fail("current "+string(st), "%s: Current() %+v (%v), queue due %v", f, cur, ok, it.DueAt)
			}
			if it.Status != f.status || it.Severity != f.sev || it.Appeal != f.appeal {
				fail("item", "%s: queue item %+v", f, it)
			}
		}
	}
	for _, k := range kinds {
		t.Errorf("%s (%d forms like it)", first[k], count[k])
	}
	t.Logf("%d forms, %d people, %d (form, person, queue) checks, %d current steps", forms, len(consPeople), checks, forms)
	if forms < 900 || checks < forms*len(consPeople)*len(Tabs) {
		t.Errorf("checked %d forms and %d cases, want every combination", forms, checks)
	}
}
