package complaints

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Tab is one of the queues of forms waiting on someone.
type Tab string

// The queues: customer service dispatches and re-visits; department heads assign, handle,
// sign and review appeals; staff work what is assigned to them; general managers instruct,
// approve and decide appeals; everyone sees, apart, the forms they follow whose step is paused
// (a department head every pause of their departments), what is overdue, and every form they may
// follow. A paused form waits in no queue of an action until it is resumed.
const (
	TabDispatch Tab = "to_dispatch"
	TabRevisit  Tab = "to_revisit"
	TabAssign   Tab = "to_assign"
	TabHandle   Tab = "to_handle"
	TabSign     Tab = "to_sign"
	TabMine     Tab = "mine"
	TabInstruct Tab = "to_instruct"
	TabApprove  Tab = "to_approve"
	TabAppeals  Tab = "appeals"
	TabPaused   Tab = "paused"
	TabOverdue  Tab = "overdue"
	TabAll      Tab = "all"
)

// Tabs lists every queue in display order.
var Tabs = []Tab{TabDispatch, TabRevisit, TabAssign, TabHandle, TabSign, TabMine, TabInstruct, TabApprove,
	TabAppeals, TabPaused, TabOverdue, TabAll}

// TabsFor lists the queues of the actor's roles.
func TabsFor(who Actor) []Tab {
	has := func(r auth.Role) bool {
		return slices.ContainsFunc(who.Memberships, func(m auth.Membership) bool { return m.Role == r })
	}
	var tabs []Tab
	if has(auth.Agent) || has(auth.CSManager) {
		tabs = append(tabs, TabDispatch, TabRevisit)
	}
	if has(auth.DeptManager) {
		tabs = append(tabs, TabAssign, TabHandle, TabSign)
	}
	if has(auth.Staff) || has(auth.DeptManager) {
		tabs = append(tabs, TabMine)
	}
	if has(auth.GM) {
		tabs = append(tabs, TabInstruct, TabApprove)
	}
	if has(auth.DeptManager) || has(auth.GM) {
		tabs = append(tabs, TabAppeals)
	}
	return append(tabs, TabPaused, TabOverdue, TabAll)
}

// Item is a form in a queue: who complains about what, where it stands and its next deadline,
// how that counts, and its pause.
type Item struct {
	ID           int64
	StoreID      int64
	StoreName    string
	TimeZone     string // the store's, in which the queue shows the item's times
	CustomerName string
	Severity     Severity
	Status       Status
	Appeal       Appeal
	CategoryZH   string
	CategoryEN   string
	OpenedAt     time.Time
	DueAt        *time.Time
	Business     bool
	CalendarID   int64
	PausedAt     *time.Time
	ResumeAt     *time.Time
	ReasonZH     string
	ReasonEN     string
	Responsible  string // the name of the person the complaint is against, if named
	Timing       Timing `db:"-"` // by Business and CalendarID, filled in after reading
}

// Current is the item's next deadline as a step, and whether it has one.
func (it Item) Current() (StepState, bool) {
	if it.DueAt == nil {
		return StepState{}, false
	}
	return StepState{DueAt: *it.DueAt, Business: it.Business, PausedAt: it.PausedAt, ResumeAt: it.ResumeAt,
		ReasonZH: it.ReasonZH, ReasonEN: it.ReasonEN, Timing: it.Timing}, true
}

// Overdue reports whether the item's next deadline has passed at now.
func (it Item) Overdue(now time.Time) bool {
	cur, ok := it.Current()
	return ok && cur.Overdue(now)
}

// QueueCap bounds a queue's length.
const QueueCap = 200

// CurrentStepSQL is the step the form c waits on (see currentStep), in SQL.
const CurrentStepSQL = `CASE c.status WHEN 'open' THEN 'dispatch'
	WHEN 'dispatched' THEN CASE WHEN c.severity = 'grievance' THEN 'assign' ELSE 'contact' END
	WHEN 'assigned' THEN 'contact' WHEN 'contacted' THEN 'resolve' WHEN 'planned' THEN 'resolve'
	WHEN 'signed' THEN CASE WHEN c.severity = 'major' THEN 'instruct' ELSE 'revisit' END
	WHEN 'instructed' THEN 'revisit' WHEN 'accepted' THEN 'approve' END`

// The parameters of a queue: $2 the user, $3 the departments they head, $4 and $5 the stores
// where they do customer service and where they are GM, $6 now. What the person's roles reach
// is written into the statement as conditions (reach), each true or false where the roles
// decide it alone, so that each kind of person has a statement whose plan fits them and is
// planned once, and no form is checked for a role the person does not hold. A paused step waits
// in no queue of an action.
const (
	open      = `status NOT IN ('closed', 'not_accepted', 'void')`
	notPaused = `cur.paused_at IS NULL AND `
)

// reach is what a person's roles reach, as conditions on a form c: one of the departments they
// head, a store where they do customer service, one where they are GM, and every form they
// follow (the department, the costliest to check, last).
type reach struct{ dept, cs, gm, followed string }

// reach writes the actor's reach.
func (a Actor) reach() reach {
	heads, cs, gm, gmAll, csAll, all := a.scope()
	r := reach{dept: "false", cs: inStores(csAll, cs, "$4"), gm: inStores(gmAll, gm, "$5"), followed: "true"}
	if len(heads) > 0 {
		r.dept = `c.department_ids && $3::bigint[]` // kept with complaint_departments (KeepDepartmentIDs)
	}
	if !all {
		r.followed = `(` + r.cs + ` OR ` + r.gm + ` OR c.handler_id = $2 OR ` + r.dept + `)`
	}
	return r
}

// inStores is the condition that a form is in one of the stores (param) or, with every, in any.
func inStores(every bool, stores []int64, param string) string {
	switch {
	case every:
		return "true"
	case len(stores) > 0:
		return "c.store_id = ANY(" + param + ")"
	}
	return "false"
}

// where is the condition of a tab's forms; every form followed for a tab it does not know.
func (r reach) where(tab Tab) string {
	switch tab {
	case TabDispatch:
		return `c.status = 'open' AND ` + r.cs
	case TabRevisit:
		return notPaused + `(c.status = 'instructed' OR c.status = 'signed' AND c.severity <> 'major') AND ` + r.cs
	case TabAssign:
		return `c.status = 'dispatched' AND c.severity = 'grievance' AND ` + r.dept
	case TabHandle:
		return notPaused + `(c.status = 'dispatched' AND c.severity <> 'grievance' OR c.status IN ('assigned', 'contacted') AND c.handler_id = $2)
		AND ` + r.dept
	case TabSign:
		return notPaused + `c.status = 'planned' AND ` + r.dept
	case TabMine:
		return notPaused + `c.handler_id = $2 AND c.status IN ('assigned', 'contacted')`
	case TabInstruct:
		return `c.status = 'signed' AND c.severity = 'major' AND ` + r.gm
	case TabApprove:
		return `c.status = 'accepted' AND ` + r.gm
	case TabAppeals: // a closed form may still be appealed (AppealsAfterClose)
		return `c.status NOT IN ('not_accepted', 'void') AND (c.appeal = 'pending' AND ` + r.dept +
			` OR c.appeal = 'reviewed' AND ` + r.gm + `)`
	case TabPaused:
		return `cur.paused_at IS NOT NULL AND c.` + open + ` AND ` + r.followed
	case TabOverdue:
		return notPaused + `cur.due_at < $6 AND c.` + open + ` AND ` + r.followed
	}
	return r.followed
}

// dueLater is the condition of the forms the Overdue queue holds once $6 has passed their
// deadline, and not yet.
func (r reach) dueLater() string {
	return notPaused + `cur.due_at >= $6 AND c.` + open + ` AND ` + r.followed
}

// Queue lists the forms of a queue for the actor, those due soonest first (every form: newest
// first), at most QueueCap.
func (s *Service) Queue(ctx context.Context, tenantID int64, who Actor, tab Tab) ([]Item, error) {
	return s.QueueUpTo(ctx, tenantID, who, tab, QueueCap)
}

// QueueUpTo is Queue with at most limit forms, for an export that holds more than the page.
func (s *Service) QueueUpTo(ctx context.Context, tenantID int64, who Actor, tab Tab, limit int) ([]Item, error) {
	return s.queueAt(ctx, tenantID, who, tab, limit, s.Now())
}

// queueAt is QueueUpTo at the instant now.
func (s *Service) queueAt(ctx context.Context, tenantID int64, who Actor, tab Tab, limit int, now time.Time) ([]Item, error) {
	where := who.reach().where(tab)
	order, forms := `cur.due_at NULLS LAST, c.id`, openForms
	if tab == TabAll {
		order, forms = `c.id DESC`, `complaints`
	}
	var items []Item
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `
			SELECT c.id, c.store_id, st.name, st.time_zone, cu.name, c.severity, c.status, c.appeal, coalesce(cat.name_zh, ''),
			       coalesce(cat.name_en, ''), c.opened_at, cur.due_at, coalesce(cur.business, false), coalesce(cur.calendar_id, 0),
			       cur.paused_at, cur.resume_at, coalesce(r.name_zh, ''), coalesce(r.name_en, ''), coalesce(rp.name, '')
			FROM `+forms+` c
			JOIN stores st ON st.tenant_id = c.tenant_id AND st.id = c.store_id
			JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id
			LEFT JOIN complaint_categories cat ON cat.tenant_id = c.tenant_id AND cat.id = c.category_id
			LEFT JOIN users rp ON rp.tenant_id = c.tenant_id AND rp.id = c.responsible_id
			`+queueFrom+` AND `+where+`
			ORDER BY `+order+` LIMIT `+strconv.Itoa(limit),
			append([]any{tenantID}, queueArgs(who, now)...)...)
		var err error
		if items, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Item]); err != nil {
			return postgres.Err("complaints.Queue", err)
		}
		return timeItems(ctx, newCalendars(tx, tenantID), items)
	})
	return items, err
}

// timeItems gives each item how its deadline counts.
func timeItems(ctx context.Context, cals *calendars, items []Item) error {
	for i, it := range items {
		var err error
		if items[i].Timing, err = cals.timing(ctx, it.StoreID, it.Business, it.CalendarID); err != nil {
			return err
		}
	}
	return nil
}

// openForms are the group's open forms, read from their own index (complaints_open) before
// anything is joined to them (OFFSET 0 keeps the planner from starting at a department's forms,
// most of them closed), which every queue but every form reads.
const openForms = `(SELECT * FROM complaints WHERE tenant_id = $1 AND (` + open + ` OR ` + appealedAfterClose + `) OFFSET 0)`

// appealedAfterClose are the closed forms whose appeal waits on a decision (AppealsAfterClose).
const appealedAfterClose = `status = 'closed' AND appeal IN ('pending', 'reviewed')`

// queueFrom joins each form to its current step and the reason of its pause, in the group, with
// the queue's parameters typed (see the list above), so that every queue reads them alike.
const queueFrom = stepJoin + `
		LEFT JOIN complaint_pause_reasons r ON r.tenant_id = cur.tenant_id AND r.id = cur.pause_reason_id` + inGroup

// countFrom is queueFrom without the reasons of pauses, which a count does not show.
const countFrom = stepJoin + inGroup

// stepJoin joins each form to its current step; inGroup keeps the group's forms and types the
// queue's parameters.
const (
	stepJoin = `LEFT JOIN complaint_steps cur ON cur.tenant_id = c.tenant_id AND cur.complaint_id = c.id
		     AND cur.step = ` + CurrentStepSQL
	inGroup = `
		WHERE c.tenant_id = $1
		  AND ($2::bigint, $3::bigint[], $4::bigint[], $5::bigint[], $6::timestamptz) IS NOT NULL`
)

// queueArgs are the parameters $2 to $6 of a queue for the actor at now.
func queueArgs(who Actor, now time.Time) []any {
	heads, cs, gm, _, _, _ := who.scope()
	return []any{who.UserID, heads, cs, gm, now}
}

// CountCap bounds the count of every form a person follows (the All tab, which lists as many),
// which would otherwise read each of the group's forms: more show as "200+". The other queues
// hold open forms only, which their counts read through the index of open forms, uncapped.
const CountCap = QueueCap

// Counts counts the forms in each of the actor's queues, in one statement, so that every tab
// shows its count and the page opens on the first that holds something.
func (s *Service) Counts(ctx context.Context, tenantID int64, who Actor) (map[Tab]int, error) {
	counts, _, err := s.countAt(ctx, tenantID, who, s.Now())
	return counts, err
}

// countAt is Counts at the instant now, with the first deadline at or after now of a form the
// Overdue queue would then hold: until it passes, the counts hold unless a form changes.
func (s *Service) countAt(ctx context.Context, tenantID int64, who Actor, now time.Time) (map[Tab]int, *time.Time, error) {
	tabs, r := TabsFor(who), who.reach()
	filters := make([]string, len(tabs))
	for i, t := range tabs {
		filters[i] = `count(*) FILTER (WHERE ` + r.where(t) + `)`
		if t == TabAll {
			filters[i] = `(SELECT count(*) FROM (SELECT FROM complaints c WHERE c.tenant_id = $1 AND ` + r.where(t) +
				` LIMIT ` + strconv.Itoa(CountCap+1) + `) every)`
		}
	}
	row, err := postgres.One[struct {
		Counts []int
		Until  *time.Time
	}](ctx, s.DB, tenantID, "complaints.Counts",
		`SELECT ARRAY[`+strings.Join(filters, ", ")+`]::int[], min(cur.due_at) FILTER (WHERE `+r.dueLater()+`)
		FROM `+openForms+` c `+countFrom,
		queueArgs(who, now)...)
	if err != nil {
		return nil, nil, err
	}
	out := make(map[Tab]int, len(tabs))
	for i, t := range tabs {
		out[t] = row.Counts[i]
	}
	return out, row.Until, nil
}

// FirstHolding is the first of the tabs that holds a form, else the first tab: where a person's
// queues open.
func FirstHolding(tabs []Tab, counts map[Tab]int) Tab {
	for _, t := range tabs {
		if counts[t] > 0 {
			return t
		}
	}
	return tabs[0]
}

// scope is what the actor's roles reach: the departments they head, the stores where they do
// customer service and where they are GM, whether they are GM and whether they do customer
// service of every store, and whether they see every store (GM or admin of every store).
func (a Actor) scope() (heads, cs, gm []int64, gmAll, csAll, all bool) {
	heads, cs, gm = []int64{}, []int64{}, []int64{}
	for _, m := range a.Memberships {
		switch {
		case m.Role == auth.DeptManager:
			heads = append(heads, m.DepartmentID)
		case m.Role == auth.GM && m.StoreID == 0:
			gmAll, all = true, true
		case m.Role == auth.Admin && m.StoreID == 0:
			all = true
		case m.Role == auth.GM:
			gm = append(gm, m.StoreID)
		case (m.Role == auth.Agent || m.Role == auth.CSManager) && m.StoreID == 0:
			csAll = true
		case m.Role == auth.Agent || m.Role == auth.CSManager:
			cs = append(cs, m.StoreID)
		}
	}
	return heads, cs, gm, gmAll, csAll, all
}
