package server_test

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/testkit"
)

// overhaulFile is a GBK file of three service orders closed the day before now, two of them of
// the DMS's work type 大修, which the product does not know; the letter keeps files apart.
func overhaulFile(t *testing.T, now time.Time, letter string) []byte {
	day := now.AddDate(0, 0, -1).Format("2006-01-02")
	rows := []string{"工单号,客户姓名,手机号码,车架号,车牌号,维修类型,开单时间,结算时间,服务顾问,结算金额"}
	for i, wt := range []string{"大修", "保养", "大修"} {
		rows = append(rows, fmt.Sprintf("RO-%s%d,客户%d,1391234%04d,LBVGW7905K%s%06d,沪%s%04d,%s,%s 09:00,%s 16:00,孙浩,%d",
			letter, i+1, i+1, i+1, letter, i+1, letter, i+1, wt, day, day, 500+i))
	}
	return gbkBytes(t, strings.Join(rows, "\n")+"\n")
}

// startImport uploads a file to group g's store and previews it with the columns guessed,
// returning the import's address.
func startImport(t *testing.T, c *client, g group, kind orders.Kind, name string, content []byte) string {
	t.Helper()
	fields := map[string]string{"store_id": fmt.Sprint(g.StoreID), "kind": string(kind), "encoding": "auto"}
	res := c.upload(fields, name, content)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("upload: Status=%d, want 303; body %.500s", res.Code, res.Body)
	}
	at := res.Header.Get("Location")
	if res := c.post(at+"/preview", mappingOf(c.get(at).Body, kind)); res.Code != http.StatusSeeOther {
		t.Fatalf("preview: Status=%d, want 303; body %.500s", res.Code, res.Body)
	}
	return at
}

// mapOverhaul is the value-mapping form choosing value for the work type 大修.
func mapOverhaul(value string) url.Values {
	return url.Values{"field": {"work_type"}, "code": {"大修"}, "value": {value}}
}

// TestImports_ValueMapping: the unknown work type 大修 of a GBK file is listed after the
// columns, with the product's work types; mapped to repair, its rows load as repair, and the
// store's next file applies the choice by itself, showing it to change.
func TestImports_ValueMapping(t *testing.T) {
	e := newEnv(t)
	cs := e.login(e.A.Emails[auth.CSManager])
	at := startImport(t, cs, e.A, orders.ServiceOrders, "工单.csv", overhaulFile(t, e.now(), "A"))
	page := cs.get(at).Body
	for _, want := range []string{`data-testid="values-form"`, `value="大修"`, `data-testid="count-rejected">2<`,
		`<option value="repair">Repair</option>`, `data-testid="unmapped"`} {
		if !strings.Contains(page, want) {
			t.Errorf("preview lacks %s", want)
		}
	}
	if res := cs.post(at+"/values", mapOverhaul("repair")); res.Code != http.StatusSeeOther {
		t.Fatalf("values: Status=%d, want 303; body %.500s", res.Code, res.Body)
	}
	page = cs.get(at).Body
	if !strings.Contains(page, `data-testid="count-rejected">0<`) || !strings.Contains(page, `<option value="repair" selected>`) ||
		strings.Contains(page, `data-testid="unmapped"`) {
		t.Errorf("after mapping: want no rejects and repair chosen; body %.3000s", page[strings.Index(page, "<main>"):])
	}
	commit(t, cs, at)
	if n := countWhere(t, e, e.A, "service_orders", "work_type = 'repair'"); n != 2 {
		t.Errorf("repair orders=%d, want the two of 大修", n)
	}

	next := startImport(t, cs, e.A, orders.ServiceOrders, "工单-2.csv", overhaulFile(t, e.now(), "B"))
	page = cs.get(next).Body
	if !strings.Contains(page, `data-testid="count-rejected">0<`) || !strings.Contains(page, `<option value="repair" selected>`) {
		t.Errorf("next file: want the remembered value applied and shown; body %.3000s", page[strings.Index(page, "<main>"):])
	}
}

// TestImports_ValueMappingBadInput: a value the field does not have comes back at its row in the
// user's language, and nothing is saved; another store's or group's import is not there.
func TestImports_ValueMappingBadInput(t *testing.T) {
	e := newScopedEnv(t)
	cs := e.login(e.A.Emails[auth.CSManager])
	at := startImport(t, cs, e.A, orders.ServiceOrders, "工单.csv", overhaulFile(t, e.now(), "A"))
	for lang, want := range map[string]string{"en": "Choose one of the values listed", "zh-CN": "请从所列的值中选择"} {
		t.Run("UnknownValue/"+lang, func(t *testing.T) {
			if res := cs.post("/locale", url.Values{"lang": {lang}, "return": {"/"}}); res.Code != http.StatusSeeOther {
				t.Fatalf("locale: Status=%d", res.Code)
			}
			res := cs.post(at+"/values", mapOverhaul("overhaul"))
			if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="error-value-0"`) ||
				!strings.Contains(res.Body, want) {
				t.Errorf("Status=%d, want 422 saying %q at the row; body %.1000s", res.Code, want, res.Body)
			}
		})
	}
	if n := countRows(t, e, e.A, "import_values"); n != 0 {
		t.Errorf("import values=%d, want none saved", n)
	}
	t.Run("OtherStore", func(t *testing.T) {
		other := e.login(e.A2.Emails[auth.CSManager])
		if res := other.post(at+"/values", mapOverhaul("repair")); res.Code != http.StatusNotFound {
			t.Errorf("Status=%d, want 404: the import is another store's", res.Code)
		}
	})
	t.Run("OtherGroup", func(t *testing.T) {
		other := e.login(e.B.Emails[auth.CSManager])
		if res := other.post(at+"/values", mapOverhaul("repair")); res.Code != http.StatusNotFound {
			t.Errorf("Status=%d, want 404: the import is another group's", res.Code)
		}
	})
	if n := countRows(t, e, e.A, "import_values"); n != 0 {
		t.Errorf("import values=%d, want none saved", n)
	}
}

// TestImports_ValuesPerStore: one store's values are never used for another store's file.
func TestImports_ValuesPerStore(t *testing.T) {
	e := newScopedEnv(t)
	cs := e.login(e.A.Emails[auth.CSManager])
	at := startImport(t, cs, e.A, orders.ServiceOrders, "工单.csv", overhaulFile(t, e.now(), "A"))
	if res := cs.post(at+"/values", mapOverhaul("repair")); res.Code != http.StatusSeeOther {
		t.Fatalf("values: Status=%d, want 303", res.Code)
	}
	other := e.login(e.A2.Emails[auth.CSManager])
	theirs := startImport(t, other, e.A2, orders.ServiceOrders, "工单.csv", overhaulFile(t, e.now(), "A"))
	if page := other.get(theirs).Body; !strings.Contains(page, `data-testid="count-rejected">2<`) ||
		strings.Contains(page, `<option value="repair" selected>`) {
		t.Errorf("the second store's file: want 大修 unmapped there; body %.3000s", page[strings.Index(page, "<main>"):])
	}
}

// TestImports_SampleValues: the column-mapping page shows each column's first values.
func TestImports_SampleValues(t *testing.T) {
	e := newEnv(t)
	cs := e.login(e.A.Emails[auth.CSManager])
	fields := map[string]string{"store_id": fmt.Sprint(e.A.StoreID), "kind": "service_orders", "encoding": "auto"}
	res := cs.upload(fields, "工单.csv", overhaulFile(t, e.now(), "A"))
	page := cs.get(res.Header.Get("Location")).Body
	for _, want := range []string{">维修类型 (e.g. 大修, 保养)<", ">工单号 (e.g. RO-A1, RO-A2, RO-A3)<"} {
		if !strings.Contains(page, want) {
			t.Errorf("mapping page lacks %q", want)
		}
	}
}

// TestImports_TaskCounts: the result of an import says how many follow-up tasks of each reason
// its orders called for, as many as were made.
func TestImports_TaskCounts(t *testing.T) {
	e := newEnv(t)
	cs := e.login(e.A.Emails[auth.CSManager])
	at := startImport(t, cs, e.A, orders.ServiceOrders, "工单.csv", overhaulFile(t, e.now(), "A"))
	if page := cs.get(at).Body; taskCount(page, "service_survey") != "1" {
		t.Errorf("preview: service surveys=%q, want 1: the 大修 rows are rejected", taskCount(page, "service_survey"))
	}
	if made := countWhere(t, e, e.A, "follow_up_tasks", ofOrders("RO-A%")); made != 0 {
		t.Errorf("tasks after the preview=%d, want none made", made)
	}
	commit(t, cs, at)
	checkTasks(t, e, cs.get(at).Body, "RO-A%", map[string]string{"service_survey": "1", "periodic_survey": "1"})

	day := e.now().AddDate(0, 0, -20).Format("2006-01-02")
	file := "交车单号,客户姓名,手机号码,车架号,车牌号,交车日期,销售顾问\n" +
		"JC-1,赵娜,13971026618,LSVAG2180P2700001,粤BD9774," + day + ",刘洋\n" +
		"JC-2,周平,13605877134,LSVAG2180P2700002,粤BJ8282," + day + ",周杰\n"
	at = startImport(t, cs, e.A, orders.Deliveries, "交车.csv", []byte(file))
	commit(t, cs, at)
	checkTasks(t, e, cs.get(at).Body, "JC-%", map[string]string{"sales_call": "2", "purchase_survey": "2"})
}

// checkTasks checks that an import's page shows the tasks of each reason that want gives, and
// that as many were made for the orders numbered LIKE pattern.
func checkTasks(t *testing.T, e *env, page, pattern string, want map[string]string) {
	t.Helper()
	for _, r := range followups.Reasons {
		made := countWhere(t, e, e.A, "follow_up_tasks", ofOrders(pattern)+" AND reason = '"+string(r)+"'")
		if got := taskCount(page, string(r)); got != want[string(r)] || fmt.Sprint(made) != cmp.Or(want[string(r)], "0") {
			t.Errorf("%s tasks: shown %q, made %d, want %q", r, got, made, want[string(r)])
		}
	}
}

// TestImports_RejectNamesFieldOnce: a rejected row's problem names its field once, in either
// language.
func TestImports_RejectNamesFieldOnce(t *testing.T) {
	e := newEnv(t)
	cs := e.login(e.A.Emails[auth.CSManager])
	content := "工单号,客户姓名,手机号码,车架号,维修类型,开单时间\nRO-1,张伟,13800000001,LSVAG2180E210000I,保养,2026-05-01 09:00\n"
	at := startImport(t, cs, e.A, orders.ServiceOrders, "工单.csv", []byte(content))
	for lang, want := range map[string]string{"en": "A VIN has 17 letters", "zh-CN": "车架号（VIN）应为 17 位"} {
		if res := cs.post("/locale", url.Values{"lang": {lang}, "return": {"/"}}); res.Code != http.StatusSeeOther {
			t.Fatalf("locale: Status=%d", res.Code)
		}
		row := strings.Split(cs.get(at+"/rejects").Body, "\n")[1]
		if !strings.Contains(row, want) || strings.Count(row, "VIN") != 1 {
			t.Errorf("%s rejected row in the download=%q, want %q naming the VIN once", lang, row, want)
		}
		page := cs.get(at).Body
		table := page[strings.Index(page, `data-testid="rejects"`):]
		table = table[:strings.Index(table, "</table>")]
		if !strings.Contains(table, want) || strings.Count(table, "VIN") != 1 {
			t.Errorf("%s rejects on the page=%q, want %q naming the VIN once", lang, table, want)
		}
	}
}

// TestImports_GBKExample: the GBK example downloads as the GBK bytes it is, saying so.
func TestImports_GBKExample(t *testing.T) {
	e := newEnv(t)
	res := e.client().get("/static/examples/service-orders-gbk.csv")
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=GB18030" {
		t.Errorf("Content-Type=%q, want text/csv; charset=GB18030", ct)
	}
	if res.Body != string(exampleFile(t, "service-orders-gbk.csv")) {
		t.Errorf("body differs from the example file's bytes")
	}
	text, err := simplifiedchinese.GB18030.NewDecoder().String(res.Body)
	if err != nil || !strings.HasPrefix(text, "工单号,客户姓名") {
		t.Errorf("body decoded as GB18030=%.40q (%v), want the Chinese header", text, err)
	}
	if ct := e.client().get("/static/examples/deliveries.csv").Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("deliveries example Content-Type=%q, want UTF-8", ct)
	}
}

// commit commits a previewed import and fails the test unless it is done.
func commit(t *testing.T, c *client, at string) {
	t.Helper()
	if res := c.post(at+"/commit", nil); res.Code != http.StatusSeeOther {
		t.Fatalf("commit: Status=%d, want 303", res.Code)
	}
	if page := c.get(at).Body; !strings.Contains(page, `data-testid="import-done"`) {
		t.Fatalf("commit: want the import done; body %.1000s", page)
	}
}

// ofOrders is true of the follow-up tasks of the orders whose number is LIKE pattern, the group
// being $1 (countWhere).
func ofOrders(pattern string) string {
	return `(service_order_id IN (SELECT id FROM service_orders WHERE tenant_id = $1 AND order_no LIKE '` + pattern + `')
		OR delivery_id IN (SELECT id FROM deliveries WHERE tenant_id = $1 AND order_no LIKE '` + pattern + `'))`
}

var taskCountRE = regexp.MustCompile(`data-testid="tasks-([a-z_]+)">(\d+)<`)

// taskCount reads the number of tasks of a reason an import's page shows, "" when none.
func taskCount(page, reason string) string {
	for _, m := range taskCountRE.FindAllStringSubmatch(page, -1) {
		if m[1] == reason {
			return m[2]
		}
	}
	return ""
}

// sumTasks adds up the tasks of every reason an import's page shows.
func sumTasks(page string) int {
	n := 0
	for _, m := range taskCountRE.FindAllStringSubmatch(page, -1) {
		var k int
		fmt.Sscan(m[2], &k)
		n += k
	}
	return n
}

// countWhere counts the rows of a group's table that match cond.
func countWhere(t *testing.T, e *env, g group, table, cond string) int {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, g.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var n int
	testkit.Must(t, tx.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE tenant_id = $1 AND `+cond, g.TenantID).Scan(&n))
	return n
}
