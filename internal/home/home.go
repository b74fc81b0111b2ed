// Package home is the start page's read model: for each role a person holds, the work waiting on
// it today. Every count comes from the service that owns the list the count links to (the
// worklist, the complaint queues, the scoreboards, the follow-up figures), so that the start page
// and the list agree; this package only picks out and arranges what they return.
package home

import (
	"slices"
	"strconv"
	"time"

	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Page is a person's start page: a section for each role they hold that has daily work, nil for
// the others.
type Page struct {
	Name string
	// HasRoles says whether the person holds any role at all.
	HasRoles bool
	// Today is the date the page is about, in the group's default time zone.
	Today   time.Time
	Agent   *Agent
	Manager *Manager
	GM      *GM
	CS      *CustomerService
	Staff   *Staff
	// Actions are the improvement actions the person owns that are still open; nil for none.
	Actions *Actions
	// Incentives are the person's own incentive lines of the last months; nil for none.
	Incentives *Incentives
}

// Empty reports whether no section has anything to show: a role without daily work, such as an
// administrator's, or no role at all.
func (p Page) Empty() bool {
	return p.Agent == nil && p.Manager == nil && p.GM == nil && p.CS == nil && p.Staff == nil && p.Actions == nil &&
		p.Incentives == nil
}

// Actions is the open improvement actions a person owns, soonest due first, as the action list
// filtered on them shows them; Count counts them up to improve.MineCap and one more, which says
// there are more than the section lists.
type Actions struct {
	OwnerID int64
	Items   []improve.Action
	Count   int
	// Now is when the page was read: an action past its due date in its store is overdue.
	Now time.Time
}

// MyActions reads the owner's open actions (improve.Service.Mine, which reads one more than
// improve.MineCap): nil when there are none.
func MyActions(ownerID int64, list []improve.Action, now time.Time) *Actions {
	if len(list) == 0 {
		return nil
	}
	return &Actions{OwnerID: ownerID, Items: list[:min(len(list), improve.MineCap)], Count: len(list), Now: now}
}

// Overdue counts the actions past their due date.
func (a Actions) Overdue() int {
	n := 0
	for _, x := range a.Items {
		if x.Overdue(scores.Date(a.Now, x.Location())) {
			n++
		}
	}
	return n
}

// Place is a store, or one department of a store, that a section's figures cover.
type Place struct {
	Store string
	// DeptKind and DeptName name the department; both are empty for a whole store.
	DeptKind, DeptName string
}

// Cover is what a section's figures cover: every store of the group, or the places listed.
type Cover struct {
	All    bool
	Places []Place
}

// StoresCover is the cover of a list read in a scope: every store when the scope is the whole
// group, else the stores the scope shows.
func StoresCover(all bool, stores []tenancy.Store) Cover {
	if all {
		return Cover{All: true}
	}
	c := Cover{Places: make([]Place, len(stores))}
	for i, st := range stores {
		c.Places[i] = Place{Store: st.Name}
	}
	return c
}

// DepartmentsCover is the cover of the departments held, of those read, each with its store.
func DepartmentsCover(held []int64, departments []tenancy.Department, stores []tenancy.Store) Cover {
	var c Cover
	for _, d := range departments {
		if !slices.Contains(held, d.ID) {
			continue
		}
		p := Place{DeptKind: string(d.Kind), DeptName: d.Name}
		if i := slices.IndexFunc(stores, func(st tenancy.Store) bool { return st.ID == d.StoreID }); i >= 0 {
			p.Store = stores[i].Name
		}
		c.Places = append(c.Places, p)
	}
	return c
}

// Agent is the customer-service agent's section: the worklist's counts and their calls in
// progress.
type Agent struct {
	Cover   Cover
	Counts  map[followups.Tab]int
	Started []followups.Started
}

// AgentTabs are the worklist tabs the agent's section counts, in its order.
var AgentTabs = []followups.Tab{followups.DueToday, followups.Overdue, followups.CallBacks}

// Manager is the department manager's section: their departments' scores this week and last
// week against the line, and the complaints waiting on them.
type Manager struct {
	Cover      Cover
	Scores     []DepartmentScore
	Complaints map[complaints.Tab]int
}

// ManagerTabs are the complaint queues the department manager's section counts.
var ManagerTabs = []complaints.Tab{complaints.TabAssign, complaints.TabHandle, complaints.TabSign, complaints.TabOverdue}

// DepartmentScore is a department's figure for one kind of survey in the week before and this
// week, as the store's scoreboard shows it, judged against the store's line and minimum sample.
type DepartmentScore struct {
	Store      scores.Store
	Department scores.Department
	Kind       string
	// Starts are last week's and this week's first days, as Department.Figures are ordered.
	Starts []time.Time
}

// Verdict is what the department's figure of week i (0 last week, 1 this week) says against
// the store's line, as the scoreboard judges it.
func (d DepartmentScore) Verdict(i int) scores.Verdict {
	return d.Store.JudgeFigure(d.Kind, d.Department.Figures[i])
}

// Text is the department's score in week i with one decimal, as the scoreboard writes it, or a
// dash without one.
func (d DepartmentScore) Text(i int) string {
	if s, ok := d.Department.Figures[i].Score(); ok {
		return strconv.FormatFloat(s, 'f', 1, 64)
	}
	return "—"
}

// DepartmentScores picks the rows of the given departments from scoreboards of two weeks, in the
// boards' order (store by store, each kind as asked).
func DepartmentScores(boards []scores.Board, departments []int64) []DepartmentScore {
	var out []DepartmentScore
	for _, b := range boards {
		for _, d := range b.Departments {
			if slices.Contains(departments, d.ID) {
				out = append(out, DepartmentScore{Store: b.Store, Department: d, Kind: b.Kind, Starts: b.Starts})
			}
		}
	}
	return out
}

// GM is the general manager's section: the complaints waiting on them and the stores below the
// line.
type GM struct {
	Cover      Cover
	Complaints map[complaints.Tab]int
	// Below is, per kind of survey, the stores below the line last week and this week.
	Below []Below
}

// GMTabs are the complaint queues the general manager's section counts.
var GMTabs = []complaints.Tab{complaints.TabInstruct, complaints.TabApprove, complaints.TabAppeals}

// Below is the stores whose score for a kind and week is under their own line, of those ranked.
type Below struct {
	Kind  string
	Start time.Time
	// ThisWeek tells this week's figure from last week's.
	ThisWeek bool
	Stores   []string
	Of       int
}

// BelowLine reads a group ranking of a kind for the week starting on start (scores.ReadGroup)
// as the stores below the line last week (its Prev figures) and this week (its Now figures),
// judged as the ranking of each of those weeks judges them: a store with fewer surveys than its
// minimum sample is not below.
func BelowLine(kind string, start time.Time, ranking []scores.StoreFigure) (last, this Below) {
	last = Below{Kind: kind, Start: scores.Week.Add(start, -1), Of: len(ranking)}
	this = Below{Kind: kind, Start: start, ThisWeek: true, Of: len(ranking)}
	for _, sf := range ranking {
		if sf.Store.JudgeFigure(kind, sf.Prev) == scores.Below {
			last.Stores = append(last.Stores, sf.Store.Name)
		}
		if sf.Store.JudgeFigure(kind, sf.Now) == scores.Below {
			this.Stores = append(this.Stores, sf.Store.Name)
		}
	}
	slices.Sort(last.Stores)
	slices.Sort(this.Stores)
	return last, this
}

// CustomerService is the customer-service manager's section: this month's samples, the calls no
// agent is assigned, and the complaints to dispatch and re-visit.
type CustomerService struct {
	Cover      Cover
	Month      time.Time
	Samples    []scores.Sample
	Unassigned map[followups.Tab]int
	Complaints map[complaints.Tab]int
}

// CSTabs are the complaint queues the customer-service manager's section counts.
var CSTabs = []complaints.Tab{complaints.TabDispatch, complaints.TabRevisit}

// Staff is the responsible staff's section: the complaints assigned to them.
type Staff struct {
	Complaints map[complaints.Tab]int
}

// StaffTabs are the complaint queues the staff section counts.
var StaffTabs = []complaints.Tab{complaints.TabMine}
