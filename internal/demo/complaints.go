package demo

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/csidesk/csidesk/internal/calendar"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// draft is a complaint a replayed call opened.
type draft struct {
	ID      int64
	StoreID int64
	Kind    string
	Opened  time.Time
}

// walker takes the demo's complaints through the workflow as the stores' people would have, each
// step on its own clock, through the same service the pages use; the deadline timers go into the
// job queue, so that the server escalates what is overdue when it starts.
type walker struct {
	svc    *complaints.Service
	clock  time.Time
	people map[string]complaints.Actor // by e-mail
	cats   []complaints.Category
	depts  map[int64]map[string]int64 // store → department kind → id
	now    time.Time
}

// seedComplaints walks the complaints of the replayed calls, once: those older than three days
// end closed (one in six not accepted and reopened, one appeal upheld), newer ones stop where the
// clock stands; then a few complaints that came in lately by phone, letter and walk-in wait at
// every step, one of them past its deadline and one paused.
func seedComplaints(ctx context.Context, db *postgres.DB, tenantID int64, now time.Time) error {
	started, err := postgres.One[struct{ Yes bool }](ctx, db, tenantID, "demo.complaints",
		`SELECT EXISTS (SELECT FROM complaint_events WHERE tenant_id = $1)`)
	if err != nil || started.Yes {
		return err
	}
	w, err := newWalker(ctx, db, tenantID, now)
	if err != nil {
		return err
	}
	drafts, err := postgres.List[draft](ctx, db, tenantID, "demo.drafts", `
		SELECT c.id, c.store_id, q.kind, c.opened_at FROM complaints c
		JOIN surveys s ON s.tenant_id = c.tenant_id AND s.id = c.survey_id
		JOIN questionnaires q ON q.tenant_id = c.tenant_id AND q.id = s.questionnaire_id
		WHERE c.tenant_id = $1 AND c.status = 'open' ORDER BY c.opened_at, c.id`)
	if err != nil {
		return err
	}
	for i, d := range drafts {
		if err := w.walk(ctx, tenantID, i, d); err != nil {
			return err
		}
	}
	if err := w.today(ctx, tenantID); err != nil {
		return err
	}
	return readOldNotices(ctx, db, tenantID, now)
}

// readOldNotices marks the notices of earlier days read and their e-mails sent, as the people
// would have seen them then.
func readOldNotices(ctx context.Context, db *postgres.DB, tenantID int64, now time.Time) error {
	tx, err := db.BeginTenant(ctx, tenantID)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	day := now.Add(-24 * time.Hour)
	if _, err := tx.Exec(ctx, `UPDATE notifications SET read_at = `+later("created_at", "1 hour")+`
		WHERE tenant_id = $1 AND created_at < $2`, tenantID, day); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE outbox SET sent_at = created_at, attempts = 1
		WHERE tenant_id = $1 AND created_at < $2`, tenantID, day); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

func newWalker(ctx context.Context, db *postgres.DB, tenantID int64, now time.Time) (*walker, error) {
	bundle, err := i18n.New()
	if err != nil {
		return nil, err
	}
	jobs, err := river.NewClient(riverpgxv5.New(db.Pool), &river.Config{})
	if err != nil {
		return nil, err
	}
	w := &walker{now: now, people: map[string]complaints.Actor{}, depts: map[int64]map[string]int64{}}
	// the deadline timers go to the queue; the demo's past notices stay in the outbox unsent
	w.svc = &complaints.Service{DB: db, Now: func() time.Time { return w.clock }, Jobs: jobs,
		Notify: &notify.Service{Bundle: bundle}}
	if w.cats, err = w.svc.Categories(ctx, tenantID); err != nil {
		return nil, err
	}
	ps, err := people(ctx, db, tenantID)
	if err != nil {
		return nil, err
	}
	for email, p := range ps {
		w.people[email] = complaints.Actor(p)
	}
	type dept struct {
		StoreID, ID int64
		Kind        string
	}
	depts, err := postgres.List[dept](ctx, db, tenantID, "demo.departments",
		`SELECT store_id, id, kind FROM departments WHERE tenant_id = $1`)
	for _, d := range depts {
		if w.depts[d.StoreID] == nil {
			w.depts[d.StoreID] = map[string]int64{}
		}
		w.depts[d.StoreID][d.Kind] = d.ID
	}
	return w, err
}

// step is one action of the walk, taken by whom, how long after the form was opened.
type step struct {
	after time.Duration
	who   string
	act   complaints.Action
	in    complaints.Input
}

// walk takes a replayed call's complaint as far as the clock allows.
func (w *walker) walk(ctx context.Context, tenantID int64, i int, d draft) error {
	w.clock = d.Opened
	if err := w.opened(ctx, tenantID, d); err != nil {
		return err
	}
	sev := complaints.Grievance
	switch {
	case i%11 == 5:
		sev = complaints.Major
	case i%4 == 1:
		sev = complaints.General
	}
	dept := "after_sales"
	if d.Kind == "ssi" {
		dept = "sales"
	}
	if err := w.run(ctx, tenantID, d, w.plan(d, i, sev, dept)); err != nil {
		return err
	}
	// a customer who did not accept: the linked form goes round again, from its assignment
	c, err := w.svc.Get(ctx, tenantID, d.ID)
	if err != nil || c.ChildID == 0 {
		return err
	}
	child := draft{ID: c.ChildID, StoreID: d.StoreID, Kind: d.Kind, Opened: *c.ClosedAt}
	return w.run(ctx, tenantID, child, w.plan(child, i+1, sev, dept)[1:])
}

func (w *walker) opened(ctx context.Context, tenantID int64, d draft) error {
	tx, err := w.svc.DB.BeginTenant(ctx, tenantID)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	var agent int64
	if err := tx.QueryRow(ctx, `SELECT created_by FROM complaints WHERE tenant_id = $1 AND id = $2`, tenantID, d.ID).Scan(&agent); err != nil {
		return err
	}
	if err := w.svc.Opened(ctx, tx, tenantID, d.ID, agent, d.Opened); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// plan is the walk of one form: dispatch, assignment or personal handling, contact (every fifth
// one late), the plan, the signature, the GM's instruction for a major one, the re-visit (one
// in six not accepted), approval; one appeal is upheld instead.
func (w *walker) plan(d draft, i int, sev complaints.Severity, dept string) []step {
	store := 0
	if d.StoreID != w.storeOf(0) {
		store = 1
	}
	agent, head := agents[store], map[string]string{"after_sales": "manager", "sales": "sales"}[dept]
	if store == 1 {
		head += "2"
	}
	head += "@"
	handler := head
	if dept == "after_sales" {
		handler = strings.Replace(head, "manager", "staff", 1)
	}
	form := complaints.Form{Departments: []int64{w.depts[d.StoreID][dept]}, CategoryID: w.cats[i%len(w.cats)].ID,
		Severity: sev, Description: "", FaceToFace: false}
	contactAt := time.Hour
	if i%5 == 0 {
		contactAt = 3 * time.Hour
	}
	steps := []step{{10 * time.Minute, agent, complaints.ActDispatch, complaints.Input{Form: form}}}
	if sev == complaints.Grievance {
		steps = append(steps, step{40 * time.Minute, head, complaints.ActAssign, complaints.Input{HandlerID: w.people[demoEmail(handler)].UserID}})
	} else {
		handler = head
	}
	steps = append(steps,
		step{contactAt, handler, complaints.ActContact, complaints.Input{Note: "已致电客户致歉，了解情况并约定处理时间。"}},
		step{5 * time.Hour, handler, complaints.ActPlan, complaints.Input{Plan: "安排专人复查车辆问题，免费处理并赠送一次保养。"}})
	if i%13 == 4 {
		return append(steps,
			step{6 * time.Hour, handler, complaints.ActAppeal, complaints.Input{Note: "客户反映的问题系第三方改装所致，非本店责任。"}},
			step{8 * time.Hour, head, complaints.ActReviewAppeal, complaints.Input{Note: "经核实情况属实。"}},
			step{20 * time.Hour, "gm@", complaints.ActDecideAppeal, complaints.Input{Yes: true, ConfirmVoid: true, Note: "申诉成立，投诉作废。"}})
	}
	steps = append(steps, step{6 * time.Hour, head, complaints.ActSign, complaints.Input{}})
	if sev == complaints.Major {
		steps = append(steps, step{8 * time.Hour, "gm@", complaints.ActInstruct, complaints.Input{Note: "务必当天联系客户，处理结果报我。", Yes: true}})
	}
	accepted := i%6 != 2
	steps = append(steps, step{24 * time.Hour, agent, complaints.ActRevisit, complaints.Input{Yes: accepted,
		Note: map[bool]string{true: "客户对处理结果表示满意。", false: "客户表示问题仍未解决，要求再次处理。"}[accepted]}})
	if accepted {
		steps = append(steps, step{30 * time.Hour, "gm@", complaints.ActApprove, complaints.Input{Note: "同意结案。"}})
	}
	return steps
}

func demoEmail(prefix string) string { return prefix + "demo.csidesk.cn" }

// agents are the e-mail prefixes of the demo stores' agents, by store index.
var agents = []string{"agent@", "agent2@"}

// storeOf is the id of the demo store of an index: its agent's store.
func (w *walker) storeOf(i int) int64 {
	for _, m := range w.people[demoEmail(agents[i])].Memberships {
		return m.StoreID
	}
	return 0
}

// run takes the steps whose time has come, each on its own clock, and stops at the first in the
// future.
func (w *walker) run(ctx context.Context, tenantID int64, d draft, steps []step) error {
	for _, s := range steps {
		at := d.Opened.Add(s.after)
		if at.After(w.now) {
			return nil
		}
		w.clock = at
		if err := w.svc.Act(ctx, tenantID, w.people[demoEmail(s.who)], d.ID, s.act, s.in); err != nil {
			return err
		}
	}
	return nil
}

// today opens complaints that came in lately by phone, letter, web and walk-in, and leaves them
// at every step of the workflow, each opened so many hours of the store's business time ago, so
// that they stand the same whatever the hour the demo is seeded: the one opened five business
// hours ago still waits on its first contact, three business hours overdue, and the web message
// waits on its first contact paused, the customer having asked to be called next week.
func (w *walker) today(ctx context.Context, tenantID int64) error {
	store := w.storeOf(0)
	cal, err := w.calendar(ctx, tenantID, store)
	if err != nil {
		return err
	}
	type row struct{ ID int64 }
	customers, err := postgres.List[row](ctx, w.svc.DB, tenantID, "demo.customers",
		`SELECT id FROM customers WHERE tenant_id = $1 AND NOT do_not_contact ORDER BY id LIMIT 7`)
	if err != nil {
		return err
	}
	cases := []struct {
		ago     time.Duration
		channel string
		f2f     bool
		sev     complaints.Severity
		text    string
		stop    int // how many steps after dispatch to take
	}{
		{5 * time.Hour, "walk_in", true, complaints.General, "到店投诉：保养等待超过三小时，无人告知进度。", 0},
		{15 * time.Minute, "hotline", false, complaints.Grievance, "热线来电：服务顾问承诺的回电一直没有等到。", 0},
		{90 * time.Minute, "web", false, complaints.Grievance, "网络留言：洗车后车内仍有油污脚印。", 1},
		{3 * time.Hour, "letter", false, complaints.General, "来信：对更换刹车片的报价有疑问。", 1},
		{7 * time.Hour, "walk_in", true, complaints.Grievance, "到店投诉：取车时发现后视镜有划痕。", 3},
		{20 * time.Hour, "hotline", false, complaints.Major, "热线来电：车辆维修后在高速上再次故障，要求赔偿。", 4},
		{26 * time.Hour, "sms", false, complaints.General, "短信：对交车时的讲解不满意。", 4},
	}
	for i, c := range cases {
		opened := businessAgo(cal, w.now, c.ago)
		w.clock = opened
		dept := "after_sales"
		if c.channel == "sms" {
			dept = "sales"
		}
		form := complaints.Form{StoreID: store, CustomerID: customers[i%len(customers)].ID, Departments: []int64{w.depts[store][dept]},
			CategoryID: w.cats[(i+2)%len(w.cats)].ID, Severity: c.sev, Channel: c.channel, FaceToFace: c.f2f, Description: c.text}
		agent := w.people[demoEmail("agent@")]
		if c.ago == 15*time.Minute { // still to dispatch
			if err := w.openOnly(ctx, tenantID, agent, form, opened); err != nil {
				return err
			}
			continue
		}
		id, err := w.svc.Open(ctx, tenantID, agent, form)
		if err != nil {
			return err
		}
		d := draft{ID: id, StoreID: store, Kind: map[string]string{"after_sales": "csi", "sales": "ssi"}[dept], Opened: opened}
		steps := w.plan(d, 100+i, c.sev, dept)[1:] // dispatched when opened
		if err := w.run(ctx, tenantID, d, steps[:min(c.stop, len(steps))]); err != nil {
			return err
		}
		if c.channel == "web" {
			if err := w.pause(ctx, tenantID, id); err != nil {
				return err
			}
		}
	}
	return nil
}

// pause pauses the first contact of a form half an hour ago, at the customer's request, to
// resume by itself in two days.
func (w *walker) pause(ctx context.Context, tenantID, id int64) error {
	reasons, err := w.svc.PauseReasons(ctx, tenantID)
	if err != nil {
		return err
	}
	w.clock = w.now.Add(-30 * time.Minute)
	until := w.now.Add(48 * time.Hour).In(tenancy.Location(tenancy.DefaultTimeZone)).Format(complaints.ResumeLayout)
	return w.svc.Act(ctx, tenantID, w.people[demoEmail("staff@")], id, complaints.ActPause,
		complaints.Input{ReasonID: reasons[0].ID, ResumeAt: until, Note: "客户出差，要求下周回来后再联系。"})
}

// calendar is the store's current calendar.
func (w *walker) calendar(ctx context.Context, tenantID, storeID int64) (cal calendar.Calendar, err error) {
	err = w.svc.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		cal, _, err = calendar.Current(ctx, tx, tenantID, storeID)
		return err
	})
	return cal, err
}

// businessAgo is the instant d of the calendar's business time before now, to the minute.
func businessAgo(cal calendar.Calendar, now time.Time, d time.Duration) time.Time {
	early, late := now.AddDate(0, 0, -30), now
	for late.Sub(early) > time.Minute {
		mid := early.Add(late.Sub(early) / 2)
		if cal.Between(mid, now) >= d {
			early = mid
		} else {
			late = mid
		}
	}
	return early
}

// openOnly records a complaint that came in and waits for customer service to dispatch it.
func (w *walker) openOnly(ctx context.Context, tenantID int64, agent complaints.Actor, f complaints.Form, at time.Time) error {
	tx, err := w.svc.DB.BeginTenant(ctx, tenantID)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO complaints (tenant_id, store_id, customer_id, channel, face_to_face, description,
		created_by, created_at, opened_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
		tenantID, f.StoreID, f.CustomerID, f.Channel, f.FaceToFace, f.Description, agent.UserID, at).Scan(&id)
	if err == nil {
		err = w.svc.Opened(ctx, tx, tenantID, id, agent.UserID, at)
	}
	if err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// later is the SQL of the time a while after the column col, counted in UTC: adding to a time
// with its zone depends on the session's zone, and a distributed engine evaluates no such
// function of a column in a write.
func later(col, while string) string {
	return "((" + col + " AT TIME ZONE 'UTC') + interval '" + while + "') AT TIME ZONE 'UTC'"
}
