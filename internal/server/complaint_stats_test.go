package server_test

import (
	"bytes"
	"context"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/testkit"
)

func init() {
	managers := only(200, auth.CSManager, auth.DeptManager, auth.GM, auth.Admin, auth.Agent)
	maps.Copy(routeExpectations, map[string]expect{
		"GET /complaints/stats":      managers,
		"GET /complaints/stats.xlsx": managers,
	})
}

// seedComplaintStats writes three forms of group A's store in October 2026 (Shanghai) for one
// customer: one closed 48 hours after opening with its first contact on time, one still open
// whose first contact came late, and one voided, which counts only as void.
func seedComplaintStats(t *testing.T, e *env) {
	t.Helper()
	ctx, g := context.Background(), e.A
	tx, err := e.DB.App.BeginTenant(ctx, g.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var customer, category int64
	testkit.Must(t, tx.QueryRow(ctx, `INSERT INTO customers (tenant_id, name, phone) VALUES ($1, '周杰', '13911112222') RETURNING id`,
		g.TenantID).Scan(&customer))
	testkit.Must(t, tx.QueryRow(ctx, `INSERT INTO complaint_categories (tenant_id, name_zh, name_en) VALUES ($1, '保险理赔', 'Insurance claims') RETURNING id`,
		g.TenantID).Scan(&category))
	sh, _ := time.LoadLocation("Asia/Shanghai")
	day := func(d, h int) time.Time { return time.Date(2026, 10, d, h, 0, 0, 0, sh) }
	forms := []struct {
		opened        time.Time
		severity      string
		status        string
		closed        *time.Time
		contact, done time.Time
	}{
		{day(3, 10), "grievance", "closed", new(day(5, 10)), day(3, 12), day(3, 11)},
		{day(20, 15), "major", "contacted", nil, day(20, 17), day(20, 18)},
		{day(25, 9), "grievance", "void", new(day(26, 9)), day(25, 11), day(25, 12)},
	}
	for _, f := range forms {
		var id int64
		testkit.Must(t, tx.QueryRow(ctx, `INSERT INTO complaints (tenant_id, store_id, customer_id, description, created_by, opened_at,
			severity, channel, category_id, status, closed_at) VALUES ($1, $2, $3, '不满意', $4, $5, $6, 'hotline', $7, $8, $9) RETURNING id`,
			g.TenantID, g.StoreID, customer, g.Users[auth.Agent], f.opened, f.severity, category, f.status, f.closed).Scan(&id))
		_, err := tx.Exec(ctx, `INSERT INTO complaint_departments (tenant_id, complaint_id, store_id, department_id) VALUES ($1, $2, $3, $4)`,
			g.TenantID, id, g.StoreID, g.DepartmentID)
		testkit.Must(t, err)
		testkit.Must(t, complaints.KeepDepartmentIDs(ctx, tx, g.TenantID, id))
		_, err = tx.Exec(ctx, `INSERT INTO complaint_steps (tenant_id, complaint_id, step, due_at, done_at) VALUES ($1, $2, 'contact', $3, $4)`,
			g.TenantID, id, f.contact, f.done)
		testkit.Must(t, err)
		_, err = tx.Exec(ctx, `INSERT INTO complaint_events (tenant_id, complaint_id, action, created_at) VALUES ($1, $2, 'opened', $3)`,
			g.TenantID, id, f.opened)
		testkit.Must(t, err)
	}
	testkit.Must(t, tx.Commit(ctx))
}

// TestComplaintStats_Page: October's page shows the figures, in English and in Chinese, with
// its controls kept off paper.
func TestComplaintStats_Page(t *testing.T) {
	e := newEnv(t)
	seedComplaintStats(t, e)
	manager := e.login(e.A.Emails[auth.DeptManager])
	page := manager.get("/complaints/stats?month=2026-10")
	if page.Code != http.StatusOK {
		t.Fatalf("Status=%d, want 200; body %.300s", page.Code, page.Body)
	}
	for _, want := range []string{
		`data-testid="cstats-opened">2<`, `data-testid="cstats-closed">1<`, `data-testid="cstats-void">1<`,
		`data-testid="cstats-median">48.0<`, `data-testid="cstats-p90">48.0<`,
		"Major complaint", "First contact", "50.0%", "周杰", "Insurance claims", `<div class="no-print">`, `value="2026-10"`,
	} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if res := manager.post("/locale", url.Values{"lang": {"zh-CN"}, "return": {"/complaints/stats?month=2026-10"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("switch to Chinese: Status=%d, want 303", res.Code)
	}
	zh := manager.get("/complaints/stats?month=2026-10")
	for _, want := range []string{"顾客投诉统计表", "2026年10月", "重大投诉", "保险理赔", `data-testid="cstats-opened">2<`} {
		if !strings.Contains(zh.Body, want) {
			t.Errorf("Chinese page lacks %q", want)
		}
	}
}

// TestComplaintStats_DefaultMonth: without a month the page shows the current one in the store's
// time zone.
func TestComplaintStats_DefaultMonth(t *testing.T) {
	e := newEnv(t)
	seedComplaintStats(t, e)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	page := e.login(e.A.Emails[auth.GM]).get("/complaints/stats")
	if month := e.now().In(sh).Format("2006-01"); page.Code != http.StatusOK || !strings.Contains(page.Body, `value="`+month+`"`) {
		t.Errorf("Status=%d, want 200 showing %s", page.Code, month)
	}
	if !strings.Contains(page.Body, `data-testid="cstats-opened"`) || strings.Contains(page.Body, "10/2026") {
		t.Errorf("current month: want its figures, not October's")
	}
}

// TestComplaintStats_Workbook: the workbook holds October's figures on one sheet.
func TestComplaintStats_Workbook(t *testing.T) {
	e := newEnv(t)
	seedComplaintStats(t, e)
	res := e.login(e.A.Emails[auth.CSManager]).get("/complaints/stats.xlsx?month=2026-10&store=" + fmtID(e.A.StoreID))
	if res.Code != http.StatusOK || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("Status=%d Content-Type=%q, want 200 and a workbook", res.Code, res.Header.Get("Content-Type"))
	}
	_, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
	if err != nil || params["filename"] != "Store a-2026-10-Monthly complaint statistics.xlsx" {
		t.Errorf("Content-Disposition %q, want the store, the month and the report in its name", res.Header.Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	testkit.Must(t, err)
	sheets := f.GetSheetList()
	if len(sheets) != 1 || sheets[0] != "Monthly complaint statistics" {
		t.Fatalf("sheets %v, want one, Monthly complaint statistics (the report's name)", sheets)
	}
	rows, err := f.GetRows(sheets[0])
	testkit.Must(t, err)
	for _, want := range [][]string{
		{"Monthly complaint statistics"},
		{"Store", "Store a"},
		{"Month", "10/2026"},
		{"Complaints opened", "2"},
		{"of which closed", "1"},
		{"Voided (appeal upheld)", "1"},
		{"Median time to close (hours)", "48.0"},
		{"Major complaint", "1", "50.0"},
		{"Hotline", "2", "100.0"},
		{"First contact", "2", "1", "1", "0", "50.0", "50.0", "0", "0.0"},
		{"周杰", "2", "2026-10-20"},
	} {
		if !slices.ContainsFunc(rows, func(r []string) bool { return slices.Equal(r, want) }) {
			t.Errorf("workbook lacks row %q; rows %q", want, rows)
		}
	}
}

// TestComplaintStats_OtherGroupsStore: another group's store is not found, page or workbook.
func TestComplaintStats_OtherGroupsStore(t *testing.T) {
	e := newEnv(t)
	admin := e.login(e.A.Emails[auth.Admin])
	for _, p := range []string{"/complaints/stats", "/complaints/stats.xlsx"} {
		if res := admin.get(p + "?store=" + fmtID(e.B.StoreID)); res.Code != http.StatusNotFound {
			t.Errorf("%s with B's store: Status=%d, want 404", p, res.Code)
		}
	}
}
