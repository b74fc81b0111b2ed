package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/incentives"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// grievance is a complaint of last month against one person, walked to the GM's final approval
// within the month, so that it is substantiated.
type grievance struct {
	store   int    // index of the store in the demo stores
	against string // the e-mail prefix of the person it is against
	day     int    // the day of last month it came in, at ten in the morning
	walk    int    // the variant of the walk (see plan): accepted at the re-visit, not appealed
	text    string
}

// grievances are last month's substantiated complaints: two against 张伟, whose first one an
// appeal voids after the month is approved, and one against 唐凯.
var grievances = []grievance{
	{0, "staff@", 5, 300, "来电投诉：保养后发动机故障灯仍亮，服务顾问未说明原因。"},
	{0, "staff@", 14, 301, "来电投诉：维修报价与结算金额不一致，服务顾问未提前告知。"},
	{1, "staff2@", 9, 305, "来电投诉：约定的交车时间一再推迟，服务顾问未主动告知进度。"},
}

// seedIncentives gives the demo group, once, SPEC §6's example rules from three months back,
// its people employee numbers and last month's substantiated complaints; each store's general
// manager approves last month, and then the first complaint against 张伟 is voided by an
// upheld appeal, which this month's draft gives back as an adjustment line.
func seedIncentives(ctx context.Context, db *postgres.DB, tenantID int64, now time.Time) error {
	loc := tenancy.Location(tenancy.DefaultTimeZone)
	local := now.In(loc)
	thisMonth := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, loc)
	lastMonth := thisMonth.AddDate(0, -1, 0)
	approvedAt := thisMonth.Add(now.Sub(thisMonth) / 2) // after the month ended, before now
	svc := &incentives.Service{DB: db, Now: func() time.Time { return approvedAt }}
	if sets, err := svc.RuleSets(ctx, tenantID); err != nil || len(sets) > 0 {
		return err
	}
	w, err := newWalker(ctx, db, tenantID, now)
	if err != nil {
		return err
	}
	if err := numberEmployees(ctx, w, tenantID); err != nil {
		return err
	}
	var ids []int64
	for _, g := range grievances {
		id, err := w.substantiate(ctx, tenantID, g, lastMonth.AddDate(0, 0, g.day-1).Add(10*time.Hour))
		if err != nil {
			return err
		}
		ids = append(ids, id)
	}
	effective := incentives.MonthOf(lastMonth.AddDate(0, -2, 0))
	if _, err := svc.SaveRules(ctx, tenantID, w.people[Logins[0].Email].UserID, effective, incentives.ExampleRules(),
		"SPEC §6 示例规则"); err != nil {
		return err
	}
	for i, gm := range []string{"gm1@", "gm2@"} {
		if err := svc.Approve(ctx, tenantID, w.people[demoEmail(gm)].UserID, w.storeOf(i), lastMonth); err != nil {
			return err
		}
	}
	if err := w.upholdAppeal(ctx, tenantID, ids[0], approvedAt); err != nil {
		return err
	}
	return readOldNotices(ctx, db, tenantID, now)
}

// numberEmployees gives every demo user without an employee number one, RF-0001 on, in the
// order of the logins.
func numberEmployees(ctx context.Context, w *walker, tenantID int64) error {
	as := auth.NewService(w.svc.DB, time.Hour, time.Hour)
	admin := w.people[Logins[0].Email].UserID
	for i, l := range Logins {
		id := w.people[l.Email].UserID
		u, _, err := as.User(ctx, tenantID, id)
		if err != nil || u.EmployeeNo != "" {
			if err != nil {
				return err
			}
			continue
		}
		upd := auth.UserUpdate{Email: u.Email, Name: u.Name, Locale: u.Locale, Active: u.Active, EmployeeNo: fmt.Sprintf("RF-%04d", i+1)}
		if err := as.UpdateUser(ctx, tenantID, admin, id, upd); err != nil {
			return err
		}
	}
	return nil
}

// substantiate takes a grievance of after-sales from its coming in to the GM's final approval,
// its department head naming the person it is against once first contact is made, and returns
// its id.
func (w *walker) substantiate(ctx context.Context, tenantID int64, g grievance, opened time.Time) (int64, error) {
	customer, err := postgres.One[struct{ ID int64 }](ctx, w.svc.DB, tenantID, "demo.customer",
		`SELECT id FROM customers WHERE tenant_id = $1 AND NOT do_not_contact ORDER BY id OFFSET $2 LIMIT 1`, g.day)
	if err != nil {
		return 0, err
	}
	store := w.storeOf(g.store)
	form := complaints.Form{StoreID: store, CustomerID: customer.ID, Departments: []int64{w.depts[store]["after_sales"]},
		CategoryID: w.cats[g.walk%len(w.cats)].ID, Severity: complaints.General, Channel: "hotline", Description: g.text}
	w.clock = opened
	id, err := w.svc.Open(ctx, tenantID, w.people[demoEmail(agents[g.store])], form)
	if err != nil {
		return 0, err
	}
	d := draft{ID: id, StoreID: store, Kind: "csi", Opened: opened}
	steps := w.plan(d, g.walk, complaints.General, "after_sales")[1:] // dispatched when opened
	named := step{steps[0].after + 30*time.Minute, steps[0].who, complaints.ActResponsible,
		complaints.Input{ResponsibleID: w.people[demoEmail(g.against)].UserID, Note: "经核实，由该服务顾问负责。"}}
	steps = append(steps[:1], append([]step{named}, steps[1:]...)...)
	return id, w.run(ctx, tenantID, d, steps)
}

// upholdAppeal has the person a closed complaint was against appeal it after the month was
// approved, their department head support the appeal and the GM uphold it, which voids the
// complaint, each step a while after the one before and all before now.
func (w *walker) upholdAppeal(ctx context.Context, tenantID, id int64, approvedAt time.Time) error {
	gap := w.now.Sub(approvedAt) / 4
	steps := []step{
		{gap, "staff@", complaints.ActAppeal, complaints.Input{Note: "故障灯系客户自行加装的行车记录仪所致，已有检测报告为证。"}},
		{2 * gap, "manager@", complaints.ActReviewAppeal, complaints.Input{Note: "检测报告属实，支持申诉。"}},
		{3 * gap, "gm@", complaints.ActDecideAppeal, complaints.Input{Yes: true, ConfirmVoid: true,
			Note: "申诉成立，投诉作废，退还扣减的提成。"}},
	}
	return w.run(ctx, tenantID, draft{ID: id, Opened: approvedAt}, steps)
}
