package server_test

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/xuri/excelize/v2"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/incentives"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/testkit"
)

func init() {
	// The statements' readers, the fixture's agent among them as a customer-service manager;
	// a staff member is sent to their own lines on the start page.
	readers := expect{def: http.StatusOK, roles: map[auth.Role]int{anonymous: http.StatusSeeOther, auth.Staff: http.StatusSeeOther}}
	maps.Copy(routeExpectations, map[string]expect{
		"GET /incentives":          readers,
		"GET /incentives.xlsx":     readers,
		"POST /incentives/approve": only(http.StatusUnprocessableEntity, auth.GM), // no month
		"GET /incentives/rules":    adminOnly(http.StatusOK),
		"POST /incentives/rules":   adminOnly(http.StatusUnprocessableEntity), // no month
	})
}

// incentiveMonth is the month before the one holding the environment's now, which has ended.
func incentiveMonth(e *env) time.Time { return scores.Month.Add(storeMonth(e), -1) }

// statementPath is the statement of group g's store for the month.
func statementPath(g group, month time.Time) string {
	return "/incentives?" + url.Values{"store": {fmt.Sprint(g.StoreID)}, "month": {month.Format("2006-01")}}.Encode()
}

// seedIncentives gives group g the example rules in force from the month, and the month's facts
// (seedIncentiveFacts). It returns the complaint.
func seedIncentives(t *testing.T, e *env, g group, month time.Time) int64 {
	t.Helper()
	svc := &incentives.Service{DB: e.DB.App, Now: e.now}
	_, err := svc.SaveRules(context.Background(), g.TenantID, g.Users[auth.Admin], month, incentives.ExampleRules(), "")
	testkit.Must(t, err)
	return seedIncentiveFacts(t, e, g, month)
}

// seedIncentiveFacts gives group g facts in the month: its first department at 94.8 over 6
// surveys (below the red line of 95), its spare department, which has no manager, at 90, and a
// complaint against its staff member closed with the general manager's approval; the staff
// member gets an employee number. It returns the complaint.
func seedIncentiveFacts(t *testing.T, e *env, g group, month time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	testkit.Must(t, e.DB.App.InTenantTx(ctx, g.TenantID, func(tx pgx.Tx) error {
		for dept, score := range map[int64]float64{g.DepartmentID: 94.8, g.SpareDepartment: 90} {
			if _, err := tx.Exec(ctx, `
				INSERT INTO score_rollups (tenant_id, store_id, department_id, kind, period, period_start, weight_sum, points_sum, surveys)
				VALUES ($1, $2, $3, 'csi', 'month', $4, 60, $5, 6)`, g.TenantID, g.StoreID, dept, month, score*60); err != nil {
				return err
			}
		}
		closed := month.Add(10*24*time.Hour + 2*time.Hour)
		if err := tx.QueryRow(ctx, `
			INSERT INTO complaints (tenant_id, store_id, customer_id, description, created_by, status, opened_at, closed_at, responsible_id)
			VALUES ($1, $2, $3, '接车态度冷淡', $4, 'closed', $5, $6, $7) RETURNING id`,
			g.TenantID, g.StoreID, g.IDs["{customerID}"], g.Users[auth.GM], closed.Add(-48*time.Hour), closed, g.Users[auth.Staff]).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO complaint_departments (tenant_id, complaint_id, store_id, department_id)
			VALUES ($1, $2, $3, $4)`, g.TenantID, id, g.StoreID, g.DepartmentID); err != nil {
			return err
		}
		if err := complaints.KeepDepartmentIDs(ctx, tx, g.TenantID, id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE users SET employee_no = 'E' || id WHERE tenant_id = $1 AND id = $2`, g.TenantID, g.Users[auth.Staff])
		return err
	}))
	return id
}

// wantBody checks that the response has the status and every text, and none of the texts not
// wanted.
func wantBody(t *testing.T, who string, res response, code int, want []string, not ...string) {
	t.Helper()
	if res.Code != code {
		t.Errorf("%s: Status=%d, want %d", who, res.Code, code)
	}
	for _, w := range want {
		if !strings.Contains(res.Body, w) {
			t.Errorf("%s: the page lacks %q", who, w)
		}
	}
	for _, n := range not {
		if strings.Contains(res.Body, n) {
			t.Errorf("%s: the page shows %q", who, n)
		}
	}
}

// TestIncentives_StatementByRole: the general manager sees the month's draft with every line,
// each naming its rule and version and linking to its cause, the totals and the approval; the
// department manager sees their department's lines alone, without the store's total; a staff
// member is sent to their own lines; another group's manager finds no such store.
func TestIncentives_StatementByRole(t *testing.T) {
	e := newEnv(t)
	month := incentiveMonth(e)
	complaint := seedIncentives(t, e, e.A, month)
	page := statementPath(e.A, month)
	score := fmt.Sprintf(`href="/scores?kind=csi&amp;period=month&amp;start=%s&amp;store=%d"`, month.Format(time.DateOnly), e.A.StoreID)
	wantBody(t, "GM", e.login(e.A.Emails[auth.GM]).get(page), http.StatusOK, []string{
		`data-testid="draft"`, "Version 1, in force from " + month.Format("2006-01"),
		"Month below the red line (rules v1)", "CSI " + month.Format("2006-01") + ": 94.8 (6 surveys), red line 95", score,
		"dept_manager a", "Spare a", "staff a", "No. E" + fmt.Sprint(e.A.Users[auth.Staff]),
		"Substantiated complaint (rules v1)", fmt.Sprintf(`href="/complaints/%d"`, complaint), "−5 % commission",
		`data-testid="store-total"`, "-1,000.00", `data-testid="approve"`})
	wantBody(t, "department manager", e.login(e.A.Emails[auth.DeptManager]).get(page), http.StatusOK,
		[]string{"dept_manager a", "-500.00", "staff a"}, "Spare a", `data-testid="store-total"`, `data-testid="approve"`)
	staff := e.login(e.A.Emails[auth.Staff]).get(page)
	if staff.Code != http.StatusSeeOther || staff.Header.Get("Location") != "/#my-incentives" {
		t.Errorf("staff: Status=%d Location=%q, want 303 to their own lines", staff.Code, staff.Header.Get("Location"))
	}
	if res := e.login(e.B.Emails[auth.GM]).get(page); res.Code != http.StatusNotFound {
		t.Errorf("another group's GM: Status=%d, want 404", res.Code)
	}
	if res := e.login(e.B.Emails[auth.Staff]).get(page); res.Code != http.StatusNotFound {
		t.Errorf("another group's staff member: Status=%d, want 404", res.Code)
	}
}

// TestIncentives_ApproveLocks: the general manager cannot approve a month still running; they
// approve the month that ended, which then shows who approved it, and a second approval is
// refused; rules can no longer take effect in it; each person sees their own line on the start
// page; and a complaint voided afterwards leaves the approved month as it was and gives the
// next month's draft an adjustment line that names the month it corrects.
func TestIncentives_ApproveLocks(t *testing.T) {
	e := newEnv(t)
	month := incentiveMonth(e)
	complaint := seedIncentives(t, e, e.A, month)
	gm := e.login(e.A.Emails[auth.GM])
	approve := func(m time.Time) response {
		return gm.post("/incentives/approve", url.Values{"store_id": {fmt.Sprint(e.A.StoreID)}, "month": {m.Format("2006-01")}})
	}
	wantBody(t, "this month", approve(storeMonth(e)), http.StatusConflict, []string{"The month has not ended yet."})
	res := approve(month)
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != statementPath(e.A, month) {
		t.Fatalf("approve: Status=%d Location=%q, want 303 to the statement", res.Code, res.Header.Get("Location"))
	}
	wantBody(t, "approved", gm.get(res.Header.Get("Location")), http.StatusOK,
		[]string{"Month approved and locked.", `data-testid="approved"`, "by gm a at", "-1,000.00"}, `data-testid="approve"`)
	wantBody(t, "again", approve(month), http.StatusConflict, []string{"This month is already approved."})

	admin := e.login(e.A.Emails[auth.Admin])
	form := url.Values{"effective_month": {month.Format("2006-01")}, "red_line_fine_fen": {"800"}}
	wantBody(t, "rules in a locked month", admin.post("/incentives/rules", form), http.StatusUnprocessableEntity,
		[]string{`data-testid="error-effective_month"`, "This month is already approved for a store"})

	wantBody(t, "staff home", e.login(e.A.Emails[auth.Staff]).get("/"), http.StatusOK,
		[]string{`data-testid="home-incentives"`, "Substantiated complaint (rules v1)", fmt.Sprintf(`href="/complaints/%d"`, complaint),
			"−5 % commission"}, "-500.00")
	wantBody(t, "manager home", e.login(e.A.Emails[auth.DeptManager]).get("/"), http.StatusOK,
		[]string{`data-testid="home-incentives"`, "Month below the red line (rules v1)", "-500.00"}, "−5 % commission")

	testkit.Must(t, e.DB.App.InTenantTx(context.Background(), e.A.TenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `UPDATE complaints SET status = 'void' WHERE tenant_id = $1 AND id = $2`, e.A.TenantID, complaint)
		return err
	}))
	wantBody(t, "approved after the appeal", gm.get(statementPath(e.A, month)), http.StatusOK,
		[]string{`data-testid="approved"`, "−5 % commission", "-1,000.00"}, `data-testid="line-adjusts"`)
	wantBody(t, "next month", gm.get(statementPath(e.A, storeMonth(e))), http.StatusOK,
		[]string{`data-testid="draft"`, `data-testid="line-adjusts"`, "Adjusts " + month.Format("2006-01") + ": no longer applies",
			"+5 % commission"})
}

// TestIncentives_RulesForm: the form starts from the example rules; text that is no amount,
// overlapping bands, a negative amount and a cut over 100 % come back at their fields in the
// user's language with nothing saved; good rules are saved as version 1, in force.
func TestIncentives_RulesForm(t *testing.T) {
	e := newEnv(t)
	admin := e.login(e.A.Emails[auth.Admin])
	wantBody(t, "new", admin.get("/incentives/rules"), http.StatusOK, []string{`data-testid="no-rules"`,
		`name="red_line_fine_fen" type="text" value="500.00"`, `name="below_national.2.from" value="10.01"`,
		`name="complaint_cuts.2" value="50"`})
	month := storeMonth(e).Format("2006-01")
	good := url.Values{"effective_month": {month}, "red_line_fine_fen": {"500"},
		"below_national.0.from": {"0"}, "below_national.0.to": {"4.99"}, "below_national.0.manager_fen": {"300"}, "below_national.0.owner_fen": {"300"},
		"below_national.1.from": {"5"}, "below_national.1.to": {""}, "below_national.1.manager_fen": {"500.5"}, "below_national.1.owner_fen": {"500"},
		"below_national.2.from": {""}, "below_national.2.to": {""}, "below_national.2.manager_fen": {""}, "below_national.2.owner_fen": {""},
		"above_national.0.from": {"5"}, "above_national.0.to": {""}, "above_national.0.reward_fen": {"1000"},
		"complaint_cuts.0": {"5"}, "complaint_cuts.1": {"20"}, "complaint_cuts.2": {""}}
	with := func(changes ...string) url.Values {
		f := maps.Clone(good)
		for i := 0; i < len(changes); i += 2 {
			f.Set(changes[i], changes[i+1])
		}
		return f
	}
	for _, c := range []struct {
		name  string
		form  url.Values
		field string
		en    string
	}{
		{"not an amount", with("below_national.0.manager_fen", "三百"), "below_national.0.manager_fen", "Enter an amount in yuan"},
		{"overlap", with("below_national.1.from", "4"), "below_national.1.from", "This band overlaps an earlier one."},
		{"negative", with("above_national.0.reward_fen", "-1"), "above_national.0.reward_fen", "Enter an amount of 0 or more."},
		{"over 100 %", with("complaint_cuts.1", "120"), "complaint_cuts.1", "Enter a percentage from 0 to 100."},
		{"no month", with("effective_month", ""), "effective_month", "Choose a month."},
	} {
		wantBody(t, c.name, admin.post("/incentives/rules", c.form), http.StatusUnprocessableEntity,
			[]string{`data-testid="error-` + c.field + `"`, c.en})
	}
	admin.post("/locale", url.Values{"lang": {"zh-CN"}})
	wantBody(t, "overlap in Chinese", admin.post("/incentives/rules", with("below_national.1.from", "4")), http.StatusUnprocessableEntity,
		[]string{`data-testid="error-below_national.1.from"`, "此区间与前面的区间重叠"})
	sets, err := (&incentives.Service{DB: e.DB.App, Now: e.now}).RuleSets(context.Background(), e.A.TenantID)
	testkit.Must(t, err)
	if len(sets) != 0 {
		t.Fatalf("refused forms saved %d rule sets", len(sets))
	}
	admin.post("/locale", url.Values{"lang": {"en"}})
	if res := admin.post("/incentives/rules", good); res.Code != http.StatusSeeOther {
		t.Fatalf("save: Status=%d, want 303; body %.600s", res.Code, res.Body)
	}
	wantBody(t, "saved", admin.get("/incentives/rules"), http.StatusOK, []string{"Incentive rules saved as a new version.",
		"Version 1, in force from " + month, "5+: 500.50 / 500.00", `name="below_national.1.manager_fen" value="500.50"`})
}

// TestIncentives_Workbook: the statement's workbook has the lines sheet and a payroll sheet with
// one row per person: employee number, name, department, total in yuan and commission cut.
func TestIncentives_Workbook(t *testing.T) {
	e := newEnv(t)
	month := incentiveMonth(e)
	seedIncentives(t, e, e.A, month)
	res := e.login(e.A.Emails[auth.GM]).get("/incentives.xlsx?" + strings.SplitN(statementPath(e.A, month), "?", 2)[1])
	if res.Code != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), "incentives-"+month.Format("2006-01")) {
		t.Fatalf("Status=%d Content-Disposition=%q, want 200 with the month", res.Code, res.Header.Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	testkit.Must(t, err)
	if got := strings.Join(f.GetSheetList(), ","); got != "Incentive statement,Payroll" {
		t.Errorf("sheets %q, want the statement and the payroll", got)
	}
	rows, err := f.GetRows("Payroll")
	testkit.Must(t, err)
	var people []string
	for _, r := range rows[5:] {
		people = append(people, strings.Join(r, "|"))
	}
	staffNo := fmt.Sprintf("E%d", e.A.Users[auth.Staff])
	want := []string{"|dept_manager a|Sales|-500.00", staffNo + "|staff a|Sales|0.00|5.0"}
	if strings.Join(people, "\n") != strings.Join(want, "\n") {
		t.Errorf("payroll rows:\n%s\nwant:\n%s", strings.Join(people, "\n"), strings.Join(want, "\n"))
	}
}

// TestIncentives_GMsEditWhereAllowed: the group's general manager edits the rules only once an
// administrator has allowed it in the rules in force, and cannot take the permission away; a
// general manager of one store never does.
func TestIncentives_GMsEditWhereAllowed(t *testing.T) {
	e := newScopedEnv(t)
	ctx := context.Background()
	as := auth.NewService(e.DB.App, time.Hour, time.Hour)
	whole := auth.Membership{UserID: e.A.Users[auth.GM], Role: auth.GM} // held for the whole group
	testkit.Must(t, as.AddMembership(ctx, e.A.TenantID, &whole))
	gm, storeGM, admin := e.login(e.A.Emails[auth.GM]), e.login(e.A2.Emails[auth.GM]), e.login(e.A.Emails[auth.Admin])
	month := storeMonth(e).Format("2006-01")
	rules := url.Values{"effective_month": {month}, "red_line_fine_fen": {"500"}, "complaint_cuts.0": {"5"}}
	if res := gm.get("/incentives/rules"); res.Code != http.StatusForbidden {
		t.Fatalf("before it is allowed: Status=%d, want 403", res.Code)
	}
	allowed := maps.Clone(rules)
	allowed.Set("gms_may_edit", "true")
	if res := admin.post("/incentives/rules", allowed); res.Code != http.StatusSeeOther {
		t.Fatalf("the administrator allows it: Status=%d, want 303", res.Code)
	}
	if res := gm.get("/incentives/rules"); res.Code != http.StatusOK || strings.Contains(res.Body, `name="gms_may_edit"`) {
		t.Fatalf("once allowed: Status=%d, want 200 without the permission's checkbox", res.Code)
	}
	if res := gm.post("/incentives/rules", rules); res.Code != http.StatusSeeOther {
		t.Fatalf("the GM saves a version: Status=%d, want 303", res.Code)
	}
	sets, err := (&incentives.Service{DB: e.DB.App, Now: e.now}).RuleSets(ctx, e.A.TenantID)
	testkit.Must(t, err)
	if len(sets) != 2 || !sets[0].Rules.GMsMayEdit {
		t.Errorf("versions %d, newest allows GMs %v; want 2, still allowing them", len(sets), len(sets) > 0 && sets[0].Rules.GMsMayEdit)
	}
	if res := storeGM.get("/incentives/rules"); res.Code != http.StatusForbidden {
		t.Errorf("a store's GM: Status=%d, want 403", res.Code)
	}
}
