package server_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/testkit"
)

// actionRow is an action's row of the list, by its id.
var actionRow = regexp.MustCompile(`href="/actions/(\d+)" data-testid="action-link"`)

// seedPlanSheet gives group A, besides its seeded action, one overdue action owned by the
// department manager and one closed as met.
func seedPlanSheet(t *testing.T, e *env) (overdue, closed int64) {
	t.Helper()
	ctx, g := context.Background(), e.A
	testkit.Must(t, e.DB.App.InTenantTx(ctx, g.TenantID, func(tx pgx.Tx) error {
		open := func(weakness string, owner int64, due int) (int64, error) {
			id, _, err := improve.Open(ctx, tx, g.TenantID, 0, e.now(), improve.Cause{Source: improve.ByHand, StoreID: g.StoreID,
				DepartmentID: g.DepartmentID, Weakness: weakness, OwnerID: owner, DueOn: e.now().AddDate(0, 0, due)})
			return id, err
		}
		var err error
		if overdue, err = open("维修后未主动回访", g.Users[auth.DeptManager], -3); err != nil {
			return err
		}
		if closed, err = open("洗车不干净", g.Users[auth.Staff], 5); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE improvement_actions SET stage = 'closed', closed_at = now(), outcome = 'met'
			WHERE tenant_id = $1 AND id = $2`, g.TenantID, closed)
		return err
	}))
	return overdue, closed
}

// TestActions_ListFilters: the list shows the actions its filters choose, soonest due first
// and the closed ones last, each with its stage and status.
func TestActions_ListFilters(t *testing.T) {
	e := newEnv(t)
	overdue, closed := seedPlanSheet(t, e)
	c := e.login(e.A.Emails[auth.CSManager])
	rows := func(q url.Values) []string {
		body := c.get("/actions?" + q.Encode()).Body
		var out []string
		for _, m := range actionRow.FindAllStringSubmatch(body, -1) {
			out = append(out, m[1])
		}
		return out
	}
	id := func(n int64) string { return fmt.Sprint(n) }
	seeded := id(e.A.IDs["{actionID}"])
	for _, tt := range []struct {
		q    url.Values
		want []string
	}{
		{url.Values{}, []string{id(overdue), seeded, id(closed)}},
		{url.Values{"state": {"open"}}, []string{id(overdue), seeded}},
		{url.Values{"state": {"overdue"}}, []string{id(overdue)}},
		{url.Values{"state": {"closed"}}, []string{id(closed)}},
		{url.Values{"owner": {id(e.A.Users[auth.Staff])}}, []string{seeded, id(closed)}},
		{url.Values{"stage": {"plan"}, "department": {id(e.A.DepartmentID)}}, []string{id(overdue), seeded}},
		{url.Values{"department": {id(e.A.SpareDepartment)}}, nil},
	} {
		if got := rows(tt.q); !slices.Equal(got, tt.want) {
			t.Errorf("%v: rows=%v, want %v", tt.q, got, tt.want)
		}
	}
	body := c.get("/actions?state=overdue").Body
	if !strings.Contains(body, `<td data-testid="row-status">Overdue</td>`) || !strings.Contains(body, `class="overdue"`) {
		t.Errorf("the overdue action is not marked")
	}
	staff := e.login(e.A.Emails[auth.Staff])
	if body := staff.get("/actions").Body; strings.Contains(body, `data-testid="new-action"`) || !strings.Contains(body, "维修后未主动回访") {
		t.Errorf("staff: want their department's actions without the new-action button")
	}
}

// TestActions_PlanSheetExcel: the workbook holds the actions the page's filters choose in the
// plan sheet's columns and order, headed by the filters, in the reader's language.
func TestActions_PlanSheetExcel(t *testing.T) {
	e := newEnv(t)
	seedPlanSheet(t, e)
	c := e.login(e.A.Emails[auth.CSManager])
	f := exportWorkbook(t, c.get("/actions.xlsx?state=open"))
	sheet := f.GetSheetList()[0]
	_, row := cellAt(t, f, sheet, "No.")
	all, err := f.GetRows(sheet)
	testkit.Must(t, err)
	want := []string{"No.", "Store", "Department", "Weakness", "Baseline", "Target", "Cause analysis", "Action", "Owner", "Due",
		"Stage", "Evidence of effect", "Status"}
	if got := all[row-1]; !slices.Equal(got, want) {
		t.Errorf("header=%q\nwant %q", got, want)
	}
	if got := exportColumn(t, f, "Weakness"); !slices.Equal(got, []string{"维修后未主动回访", "交车流程讲解不充分 a"}) {
		t.Errorf("weaknesses=%q, want the two open actions, soonest due first", got)
	}
	if got := exportColumn(t, f, "Evidence of effect"); got[1] != "签到表" {
		t.Errorf("evidence=%q, want the seeded note", got)
	}
	if got := exportFact(t, f, "Status"); got != "Open" {
		t.Errorf("the status filter in the heading=%q, want Open", got)
	}
	c.post("/locale", url.Values{"lang": {"zh-CN"}})
	f = exportWorkbook(t, c.get("/actions.xlsx"))
	sheet = f.GetSheetList()[0]
	_, row = cellAt(t, f, sheet, "序号")
	all, err = f.GetRows(sheet)
	testkit.Must(t, err)
	want = []string{"序号", "门店", "部门", "弱项", "基线", "目标", "原因分析", "改善措施", "责任人", "完成时间", "PDCA阶段", "效果", "状态"}
	if got := all[row-1]; !slices.Equal(got, want) {
		t.Errorf("Chinese header=%q\nwant %q", got, want)
	}
}
