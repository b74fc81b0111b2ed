package improve

import (
	"context"
	"slices"

	"github.com/csidesk/csidesk/internal/postgres"
)

// State is which actions a list shows by where they stand.
type State string

// The states a list filters by: every action, the open ones, those of them past their due date
// in their store's time zone, and the closed ones.
const (
	AllStates    State = ""
	StateOpen    State = "open"
	StateOverdue State = "overdue"
	StateClosed  State = "closed"
)

// States lists the states a list offers.
var States = []State{StateOpen, StateOverdue, StateClosed}

// Filter chooses the actions of a list; zero fields choose every one.
type Filter struct {
	StoreID      int64
	DepartmentID int64
	OwnerID      int64
	Stage        Stage
	State        State
	Limit        int
	Offset       int
}

// Clean drops the choices that are none of the stages or states.
func (f *Filter) Clean() {
	if !slices.Contains(Stages, f.Stage) {
		f.Stage = ""
	}
	if !slices.Contains(States, f.State) {
		f.State = AllStates
	}
}

// listWhere chooses the actions of a filter: $2 store, $3 department, $4 owner, $5 stage,
// $6 state, $7 the time, whose date in each store's time zone decides what is overdue.
const listWhere = `($2 = 0 OR a.store_id = $2) AND ($3 = 0 OR a.department_id = $3) AND ($4 = 0 OR a.owner_id = $4)
	AND ($5 = '' OR a.stage = $5)
	AND CASE $6 WHEN 'open' THEN a.stage <> 'closed' WHEN 'closed' THEN a.stage = 'closed'
	            WHEN 'overdue' THEN a.stage <> 'closed' AND a.due_on < ($7::timestamptz AT TIME ZONE st.time_zone)::date
	            ELSE true END`

// List reads a page of the actions the filter chooses, soonest due first (the open ones before
// the closed), with how many it chooses in all.
func (s *Service) List(ctx context.Context, tenantID int64, f Filter) ([]Action, int, error) {
	f.Clean()
	args := []any{f.StoreID, f.DepartmentID, f.OwnerID, f.Stage, f.State, s.Now()}
	var list []Action
	var total struct{ N int }
	var r postgres.Reads
	postgres.Add(&r, &list, "improve.List", query(listWhere,
		`ORDER BY a.stage = 'closed', a.due_on NULLS LAST, a.id LIMIT $8 OFFSET $9`), append(args, f.Limit, f.Offset)...)
	postgres.AddOne(&r, &total, "improve.List: count", `SELECT count(*)::int FROM improvement_actions a
		JOIN stores st ON st.tenant_id = a.tenant_id AND st.id = a.store_id WHERE a.tenant_id = $1 AND `+listWhere, args...)
	if err := s.DB.Run(ctx, tenantID, &r); err != nil {
		return nil, 0, err
	}
	return list, total.N, nil
}

// Person is someone who owns actions, or may.
type Person struct {
	ID   int64
	Name string
}

// Owners lists the people who own the actions the reader sees, for a list's filter.
func (s *Service) Owners(ctx context.Context, tenantID int64) ([]Person, error) {
	return postgres.List[Person](ctx, s.DB, tenantID, "improve.Owners", `
		SELECT DISTINCT u.id, u.name FROM improvement_actions a JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.owner_id
		WHERE a.tenant_id = $1 ORDER BY u.name, u.id`)
}

// People lists who may own an action of the store: the active users holding a role in it.
func (s *Service) People(ctx context.Context, tenantID, storeID int64) ([]Person, error) {
	return postgres.List[Person](ctx, s.DB, tenantID, "improve.People", `
		SELECT DISTINCT u.id, u.name FROM memberships m JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
		WHERE m.tenant_id = $1 AND u.active AND (m.store_id IS NULL OR m.store_id = $2)
		ORDER BY u.name, u.id`, storeID)
}

// MineCap bounds the open actions the home page lists for their owner.
const MineCap = 20

// Mine reads the open actions the user owns, soonest due first, up to MineCap and one more, so
// that the page can say there are more.
func (s *Service) Mine(ctx context.Context, tenantID, userID int64) ([]Action, error) {
	return postgres.List[Action](ctx, s.DB, tenantID, "improve.Mine",
		query("a.owner_id = $2 AND a.stage <> 'closed'", "ORDER BY a.due_on NULLS LAST, a.id LIMIT $3"), userID, MineCap+1)
}
