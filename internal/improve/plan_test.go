package improve_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestCreate_Refused: what is wrong comes back at its field and opens nothing: no weakness, a
// due date before today, an owner without a role in the store, another store's department, a
// department manager opening for another department, and a figure a person cannot open from.
func TestCreate_Refused(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ts := &tenancy.Service{DB: f.db.App}
	other := tenancy.NewStore()
	other.Name = "杭州店"
	testkit.Must(t, ts.CreateStore(ctx, f.tenantID, &other))
	otherDeps, err := ts.Departments(ctx, f.tenantID, other.ID)
	testkit.Must(t, err)
	as := auth.NewService(f.db.App, time.Hour, time.Hour)
	stranger, err := as.CreateUser(ctx, f.tenantID, auth.NewUser{Email: "hz@example.com", Name: "杭州顾问", Locale: "zh-CN", Password: "correct-horse"})
	testkit.Must(t, err)
	testkit.Must(t, as.AddMembership(ctx, f.tenantID, &auth.Membership{UserID: stranger, Role: auth.Agent, StoreID: other.ID}))
	tests := []struct {
		name  string
		who   string
		cause func(*improve.Cause)
		plan  func(*improve.Plan)
		field string
	}{
		{"no weakness", "cs", nil, func(p *improve.Plan) { p.Weakness = " " }, "weakness"},
		{"due yesterday", "cs", nil, func(p *improve.Plan) { p.DueOn = time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC) }, "due_on"},
		{"owner of another store", "cs", nil, func(p *improve.Plan) { p.OwnerID = stranger }, "owner_id"},
		{"another store's department", "cs", nil, func(p *improve.Plan) { p.DepartmentID = otherDeps[0].ID }, "department_id"},
		{"another department", "head", nil, func(p *improve.Plan) { p.DepartmentID = f.sales }, "department_id"},
		{"no department", "head", nil, func(p *improve.Plan) { p.DepartmentID = 0 }, "department_id"},
		{"target out of range", "cs", nil, func(p *improve.Plan) { v := -1.0; p.Target = &v }, "target"},
		{"a red line", "cs", func(c *improve.Cause) { c.Source = improve.FromRedLine }, nil, "source"},
		{"a score without its period", "cs", func(c *improve.Cause) { c.Period = "" }, nil, "source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, p := f.scoreCause(), f.plan()
			if tt.cause != nil {
				tt.cause(&c)
			}
			if tt.plan != nil {
				tt.plan(&p)
			}
			_, err := f.svc.Create(ctx, f.tenantID, f.actor(tt.who), c, p, f.today())
			if got := fieldsOf(err); !slices.Equal(got, []string{tt.field}) {
				t.Errorf("err=%v, want it at %s", err, tt.field)
			}
		})
	}
	if n := f.count(`SELECT count(*) FROM improvement_actions WHERE tenant_id = $1`); n != 0 {
		t.Errorf("actions=%d, want none", n)
	}
}

// TestEdit_EveryChangeIsAnEvent: editing the plan writes an event per field it changes, with the
// value before and after (names for the owner and the department); a due date already past
// may stay, but none may be set in the past.
func TestEdit_EveryChangeIsAnEvent(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.create("cs")
	p := f.plan()
	p.OwnerID, p.DueOn, p.Measure = f.users["head"], time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC), "增开快保工位"
	testkit.Must(t, f.svc.Edit(ctx, f.tenantID, f.actor("head"), id, p))
	want := []string{"opened →score", "action 高峰期增开快保工位，预约分流→增开快保工位", "owner_id owner→head", "due_on 2026-12-16→2026-12-20"}
	if got := f.events(id); !slices.Equal(got, want) {
		t.Errorf("events=%v\nwant %v", got, want)
	}
	f.exec(`UPDATE improvement_actions SET due_on = '2026-12-01' WHERE tenant_id = $1 AND id = $2`, f.tenantID, id)
	p.DueOn, p.Weakness = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), "保养等待超过一小时"
	testkit.Must(t, f.svc.Edit(ctx, f.tenantID, f.actor("head"), id, p))
	p.DueOn = time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	if err := f.svc.Edit(ctx, f.tenantID, f.actor("head"), id, p); !slices.Equal(fieldsOf(err), []string{"due_on"}) {
		t.Errorf("a new due date in the past: err=%v, want it at due_on", err)
	}
	p.DueOn, p.DepartmentID = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), f.sales
	if err := f.svc.Edit(ctx, f.tenantID, f.actor("head"), id, p); !slices.Equal(fieldsOf(err), []string{"department_id"}) {
		t.Errorf("the head moving it to sales: err=%v, want it at department_id", err)
	}
	if err := f.svc.Edit(ctx, f.tenantID, f.actor("owner"), id, f.plan()); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("the owner editing: err=%v, want forbidden", err)
	}
	testkit.Must(t, f.svc.Edit(ctx, f.tenantID, f.actor("cs"), id, p))
	if got := f.events(id); got[len(got)-1] != "department_id after_sales:→sales:" {
		t.Errorf("last event=%q, want the department moved to sales", got[len(got)-1])
	}
}
