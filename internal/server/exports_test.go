package server_test

import (
	"context"
	"fmt"
	"hash/crc32"
	"html"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/customers"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

func init() {
	maps.Copy(routeExpectations, map[string]expect{
		"GET /worklist.xlsx":   editorsOnly(200),
		"GET /complaints.xlsx": loggedIn(200),
		"GET /customers.xlsx":  loggedIn(200),
	})
	groupWide["GET /complaints.xlsx"] = true
	groupWide["GET /customers.xlsx"] = true
}

// The pages' rows, as the export tests read them.
var (
	callCustomer   = regexp.MustCompile(`data-testid="open-call">([^<]*)<`)
	complaintLink  = regexp.MustCompile(`data-testid="complaint-link">(\d+)<`)
	customerName   = regexp.MustCompile(`<a href="/customers/\d+">([^<]*)</a>`)
	customerPhone  = regexp.MustCompile(`<td class="nowrap">([^<]*)</td>`)
	exportLinkHref = regexp.MustCompile(`href="([^"]*)" data-testid="export-excel"`)
)

// loadExportOrders loads n service orders of g's store, closed two days ago, each of a customer
// of its own named prefix and a number, and generates their after-sales calls.
func loadExportOrders(t *testing.T, e *env, g group, prefix string, n int) {
	t.Helper()
	ctx := context.Background()
	opened := time.Now().Add(-48 * time.Hour)
	closed := opened.Add(5 * time.Hour)
	var recs []orders.Record
	for i := range n {
		recs = append(recs, orders.Record{Line: i + 1, OrderNo: fmt.Sprintf("RO-X%d", i), CustomerName: fmt.Sprintf("%s%03d", prefix, i),
			Phone: fmt.Sprintf("1380000%04d", i), VIN: fmt.Sprintf("LSVAG2180E22%05d", i), Plate: fmt.Sprintf("沪C%05d", i),
			Brand: "宝马", Model: "5系", WorkType: "maintenance", OpenedAt: opened, ClosedAt: &closed})
	}
	_, err := (&orders.Service{DB: e.DB.App}).Load(ctx, g.TenantID, g.StoreID, orders.ServiceOrders, "import", recs, false)
	testkit.Must(t, err)
	_, err = (&followups.Service{DB: e.DB.App, Now: e.now, Cooldown: followups.DefaultCooldown}).Generate(ctx, g.TenantID)
	testkit.Must(t, err)
}

// listedRows reads what re finds on every page of a list, following its pager to the last page.
func listedRows(t *testing.T, c *client, path string, re *regexp.Regexp) []string {
	t.Helper()
	var out []string
	for page := 1; ; page++ {
		res := c.get(fmt.Sprintf("%s&page=%d", path, page))
		if res.Code != http.StatusOK {
			t.Fatalf("%s page %d: Status=%d, want 200", path, page, res.Code)
		}
		for _, m := range re.FindAllStringSubmatch(res.Body, -1) {
			out = append(out, html.UnescapeString(m[1]))
		}
		if !strings.Contains(res.Body, `rel="next"`) {
			return out
		}
	}
}

// exportLink is the page's link to its export.
func exportLink(t *testing.T, c *client, path string) string {
	t.Helper()
	m := exportLinkHref.FindStringSubmatch(c.get(path).Body)
	if m == nil {
		t.Fatalf("%s: no export link", path)
	}
	return html.UnescapeString(m[1])
}

// exportColumn is a column of the data rows of a workbook's first sheet: the cells below the
// header cell named header.
func exportColumn(t *testing.T, f *excelize.File, header string) []string {
	t.Helper()
	sheet := f.GetSheetList()[0]
	col, row := cellAt(t, f, sheet, header)
	rows, err := f.GetRows(sheet)
	testkit.Must(t, err)
	out := []string{}
	for _, r := range rows[row:] {
		if col <= len(r) {
			out = append(out, r[col-1])
		} else {
			out = append(out, "")
		}
	}
	return out
}

// exportFact is the value beside a label of a workbook's heading block.
func exportFact(t *testing.T, f *excelize.File, label string) string {
	t.Helper()
	sheet := f.GetSheetList()[0]
	col, row := cellAt(t, f, sheet, label)
	return lookAt(t, f, sheet, col+1, row).Text
}

// TestExport_WorklistRowsEqualPages: for each tab and filter, the page's link exports the calls
// of every page of the list in the page's order, headed by the tab, the filters, who exported
// it and when in the store's time zone, and named after the tab, store and day.
func TestExport_WorklistRowsEqualPages(t *testing.T) {
	e := newEnv(t)
	loadExportOrders(t, e, e.A, "导出客户", 60)
	c := e.loginSpeaking(e.A.Emails[auth.CSManager], "en")
	for _, q := range []string{"tab=due", "tab=due&kind=csi&department=after_sales", "tab=due&kind=ssi", "tab=overdue",
		fmt.Sprintf("tab=due&assigned=none&store=%d", e.A.StoreID)} {
		t.Run(q, func(t *testing.T) {
			page, link := listedRows(t, c, "/worklist?"+q, callCustomer), "/worklist.xlsx?"+q
			if len(page) > 0 { // an empty tab offers no export
				link = exportLink(t, c, "/worklist?"+q)
			}
			if !strings.HasPrefix(link, "/worklist.xlsx?") || !strings.Contains(link, strings.Split(q, "&")[0]) {
				t.Fatalf("export link %q, want /worklist.xlsx with the page's %s", link, q)
			}
			f, name := workbookOf(t, c.get(link))
			if got := exportColumn(t, f, "Customer"); !slices.Equal(got, page) {
				t.Errorf("exported %d calls %v, want the pages' %d %v", len(got), got, len(page), page)
			}
			if got := exportFact(t, f, "Rows"); got != fmt.Sprint(len(page)) {
				t.Errorf("Rows=%q, want %d", got, len(page))
			}
			if !strings.HasPrefix(name, "Worklist-") || !strings.Contains(name, "Store a") {
				t.Errorf("file name %q, want the worklist's tab and store", name)
			}
		})
	}
	f, _ := workbookOf(t, c.get("/worklist.xlsx?tab=due&kind=csi&department=after_sales"))
	now := e.now().In(shanghai(t)).Format("2006-01-02 15:04")
	for label, want := range map[string]string{"Store": "Store a", "Kind": "CSI surveys", "Department": "After-sales service",
		"Assigned to": "Anyone or no one", "Exported by": "cs_manager a", "Exported at": now, "Rows": "61"} {
		if got := exportFact(t, f, label); got != want {
			t.Errorf("%s=%q, want %q", label, got, want)
		}
	}
	if got := lookAt(t, f, f.GetSheetList()[0], 1, 1); got.Text != "Worklist · Due today" || !got.Bold {
		t.Errorf("A1 %+v, want the tab's title in bold", got)
	}
	if phones := exportColumn(t, f, "Phone"); !slices.Contains(phones, "13800000007") {
		t.Errorf("phones %v, want them in full, as the page shows them to customer service", phones)
	}
}

// TestExport_ComplaintQueueRowsEqualPage: each queue's export holds the page's forms in its
// order, for customer service and for a department head.
func TestExport_ComplaintQueueRowsEqualPage(t *testing.T) {
	e := newEnv(t)
	for i := range 3 {
		openExportComplaint(t, e, e.A, e.A.DepartmentID, fmt.Sprintf("投诉%d", i))
	}
	for _, tc := range []struct {
		role auth.Role
		tabs []string
	}{{auth.CSManager, []string{"all"}}, {auth.DeptManager, []string{"to_assign", "all"}}} {
		c := e.loginSpeaking(e.A.Emails[tc.role], "zh-CN")
		for _, tab := range tc.tabs {
			link := exportLink(t, c, "/complaints?tab="+tab)
			if link != "/complaints.xlsx?tab="+tab {
				t.Errorf("%s %s: export link %q, want the queue's", tc.role, tab, link)
			}
			f, _ := workbookOf(t, c.get(link))
			page := listedRows(t, c, "/complaints?tab="+tab, complaintLink)
			if got := exportColumn(t, f, "#"); len(page) < 4 || !slices.Equal(got, page) {
				t.Errorf("%s %s: exported forms %v, want the page's %v (at least 4)", tc.role, tab, got, page)
			}
		}
	}
}

// openExportComplaint opens a hotline grievance about a new customer of g's store named name,
// sent to department dept, and returns its id.
func openExportComplaint(t *testing.T, e *env, g group, dept int64, name string) int64 {
	t.Helper()
	ctx := context.Background()
	svc := complaintService(e)
	phone := fmt.Sprintf("136%08d", crc32.ChecksumIEEE([]byte(name))%100_000_000) // one per name
	customer := addCustomers(t, e, g.TenantID, 1, func(int) (string, string) { return name, phone })[0]
	cats, err := svc.Categories(ctx, g.TenantID)
	testkit.Must(t, err)
	agent := complaints.Actor{UserID: g.Users[auth.Agent], Memberships: []auth.Membership{{Role: auth.Agent, StoreID: g.StoreID}}}
	id, err := svc.Open(ctx, g.TenantID, agent, complaints.Form{StoreID: g.StoreID, CustomerID: customer,
		Departments: []int64{dept}, CategoryID: cats[0].ID, Severity: complaints.Grievance, Channel: "hotline",
		Description: "等待时间太长"})
	testkit.Must(t, err)
	return id
}

// TestExport_CustomerSearchRowsEqualPages: a search's export holds the customers of every page
// in the page's order, with phones masked for a reader who may not see them, as on the page;
// beyond the search's cap the workbook says it stops.
func TestExport_CustomerSearchRowsEqualPages(t *testing.T) {
	e := newEnv(t)
	loadExportOrders(t, e, e.A, "导出客户", 30)
	for _, role := range []auth.Role{auth.Agent, auth.DeptManager} {
		c := e.loginSpeaking(e.A.Emails[role], "zh-CN")
		link := exportLink(t, c, "/customers?q=导出")
		if link != "/customers.xlsx?q=%E5%AF%BC%E5%87%BA" {
			t.Errorf("%s: export link %q, want the search's", role, link)
		}
		f, _ := workbookOf(t, c.get(link))
		if got, page := exportColumn(t, f, "姓名"), listedRows(t, c, "/customers?q=导出", customerName); len(page) != 30 || !slices.Equal(got, page) {
			t.Errorf("%s: exported %v, want the pages' 30 %v", role, got, page)
		}
		if got, page := exportColumn(t, f, "电话"), listedRows(t, c, "/customers?q=导出", customerPhone); !slices.Equal(got, page) {
			t.Errorf("%s: exported phones %v, want the pages' %v", role, got, page)
		}
		if got := exportFact(t, f, "搜索"); got != "导出" {
			t.Errorf("%s: search %q, want 导出", role, got)
		}
	}
	addCustomers(t, e, e.A.TenantID, 3*customers.SearchCap, func(i int) (string, string) {
		return fmt.Sprintf("批量%04d", i), fmt.Sprintf("135%08d", i)
	})
	l := catalog(t, "en")
	f, _ := workbookOf(t, e.loginSpeaking(e.A.Emails[auth.Agent], "en").get("/customers.xlsx?q=批量"))
	got := exportColumn(t, f, "Name")
	if len(got) != customers.SearchCap || got[0] != "批量0001" || got[len(got)-1] != fmt.Sprintf("批量%04d", customers.SearchCap) {
		t.Errorf("exported %d customers from %v, want the search's cap of %d, the first by name", len(got), got[:min(3, len(got))], customers.SearchCap)
	}
	cellAt(t, f, f.GetSheetList()[0], l.T("field.export_cut", "Count", customers.SearchCap))
}

// TestExport_Scope: a person of one store exports their store's calls and forms only, and is
// refused another store's; a department head exports their department's forms only; another
// group's rows never appear.
func TestExport_Scope(t *testing.T) {
	e := newScopedEnv(t)
	deps, err := (&tenancy.Service{DB: e.DB.App}).Departments(context.Background(), e.A.TenantID, e.A.StoreID)
	testkit.Must(t, err)
	other := openExportComplaint(t, e, e.A, deps[1].ID, "另一部门的客户")
	b := openExportComplaint(t, e, e.B, e.B.DepartmentID, "乙集团的客户")

	cs2 := e.loginSpeaking(e.A2.Emails[auth.CSManager], "en")
	phones := exportColumn(t, exportWorkbook(t, cs2.get("/worklist.xlsx?tab=due")), "Phone")
	if !slices.Equal(phones, []string{"13912345602"}) {
		t.Errorf("A2's worklist export: phones %v, want A2's call alone", phones)
	}
	if res := cs2.get(fmt.Sprintf("/worklist.xlsx?tab=due&store=%d", e.A.StoreID)); res.Code != http.StatusNotFound {
		t.Errorf("A2's manager asking for A's worklist: Status=%d, want 404", res.Code)
	}
	ids := exportColumn(t, exportWorkbook(t, cs2.get("/complaints.xlsx?tab=all")), "#")
	if !slices.Equal(ids, []string{fmt.Sprint(e.A2.IDs["{complaintID}"])}) {
		t.Errorf("A2's queue export: %v, want A2's form alone", ids)
	}

	manager := e.loginSpeaking(e.A.Emails[auth.DeptManager], "en")
	ids = exportColumn(t, exportWorkbook(t, manager.get("/complaints.xlsx?tab=all")), "#")
	if !slices.Contains(ids, fmt.Sprint(e.A.IDs["{complaintID}"])) || slices.Contains(ids, fmt.Sprint(other)) {
		t.Errorf("A's department head's export: %v, want their department's form %d and not %d", ids, e.A.IDs["{complaintID}"], other)
	}

	admin := e.loginSpeaking(e.A.Emails[auth.Admin], "en")
	ids = exportColumn(t, exportWorkbook(t, admin.get("/complaints.xlsx?tab=all")), "#")
	if !slices.Contains(ids, fmt.Sprint(other)) || slices.Contains(ids, fmt.Sprint(b)) {
		t.Errorf("A's administrator's export: %v, want A's forms and not B's %d", ids, b)
	}
	names := exportColumn(t, exportWorkbook(t, admin.get("/customers.xlsx?q=")), "Name")
	if !slices.Contains(names, "另一部门的客户") || slices.Contains(names, "乙集团的客户") {
		t.Errorf("A's administrator's customers: %v, want A's and none of B's", names)
	}
}

// exportWorkbook is the workbook a response carries.
func exportWorkbook(t *testing.T, res response) *excelize.File {
	t.Helper()
	f, _ := workbookOf(t, res)
	return f
}
