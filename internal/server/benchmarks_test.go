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
	"github.com/csidesk/csidesk/internal/benchmarks"
	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/internal/testkit"
)

// benchmarkReaders answer code to the roles that read benchmarks: the fixture's agent also
// holds the spare customer-service manager role.
func benchmarkReaders(code int) expect {
	return only(code, auth.Agent, auth.CSManager, auth.DeptManager, auth.GM, auth.Admin)
}

func init() {
	maps.Copy(routeExpectations, map[string]expect{
		"GET /benchmarks":                                      benchmarkReaders(200),
		"GET /benchmarks.xlsx":                                 benchmarkReaders(200),
		"GET /benchmarks/results/{benchmarkResultID}":          benchmarkReaders(200),
		"GET /benchmarks/imports":                              importersOnly(200),
		"POST /benchmarks/imports":                             importersOnly(400), // an empty urlencoded post is no upload
		"GET /benchmarks/imports/{benchmarkImportID}":          importersOnly(200),
		"POST /benchmarks/imports/{benchmarkImportID}/mapping": importersOnly(422),
		"POST /benchmarks/imports/{benchmarkImportID}/commit":  importersOnly(303), // then back: already imported
		"GET /benchmarks/results/new":                          importersOnly(200),
		"POST /benchmarks/results":                             importersOnly(422),
		"POST /benchmarks/results/{benchmarkResultID}":         importersOnly(422),
		"GET /benchmarks/items":                                adminOnly(200), // the group's own administrator
		"POST /benchmarks/items":                               adminOnly(422),
		"GET /benchmarks/items/{benchmarkItemID}":              adminOnly(200),
		"POST /benchmarks/items/{benchmarkItemID}":             adminOnly(422),
	})
	groupSeeds = append(groupSeeds, seedBenchmarks)
}

// lastQuarter is the quarter the fixture's results are for.
var lastQuarter = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)

// seedBenchmarks gives a group's store a catalogue item with a result at its averages, which
// opens no action, and a results file waiting for its commit.
func seedBenchmarks(e *env, g *group) {
	ctx := context.Background()
	svc := &benchmarks.Service{DB: e.DB.App, Now: e.now}
	it := benchmarks.Item{Programme: benchmarks.CSI, Name: "Seeded item " + g.Prefix}
	testkit.Must(e.t, svc.SaveItem(ctx, g.TenantID, &it))
	saved, err := svc.Save(ctx, g.TenantID, g.Users[auth.Admin], benchmarks.Entry{StoreID: g.StoreID, ItemID: it.ID,
		Quarter: lastQuarter, Figures: benchmarks.Figures{Score: 90, National: new(90.0), Regional: new(88.0)}})
	testkit.Must(e.t, err)
	id, err := svc.Create(ctx, g.TenantID, g.Users[auth.Admin], benchmarks.Upload{StoreID: g.StoreID, Encoding: tabular.Auto,
		FileName: "results.csv", Content: []byte("类别,季度,考核项目,本店得分,全国平均,区域平均\nCSI,2026Q3,Seeded item " + g.Prefix + ",90,90,88\n")})
	testkit.Must(e.t, err)
	g.IDs["{benchmarkItemID}"], g.IDs["{benchmarkResultID}"], g.IDs["{benchmarkImportID}"] = it.ID, saved.ResultID, id
}

// uploadResults uploads a results file for group A's store as its customer-service manager and
// returns the import's page address.
func uploadResults(t *testing.T, e *env, c *client, name string, content []byte) string {
	t.Helper()
	res := c.uploadTo("/benchmarks/imports", map[string]string{"store_id": fmt.Sprint(e.A.StoreID), "encoding": "auto"}, name, content)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("upload: Status=%d, want 303; body %.500s", res.Code, res.Body)
	}
	return res.Header.Get("Location")
}

// TestBenchmarks_ImportExampleFile: the example file's dry run shows what it would add and the
// five actions its gaps would open; the commit opens them and says so; the gap view shows the
// worst item first with its red gap and its action; the same file again changes and opens
// nothing.
func TestBenchmarks_ImportExampleFile(t *testing.T) {
	e := newEnv(t)
	cs := e.login(e.A.Emails[auth.CSManager])
	page := uploadResults(t, e, cs, "benchmarks-example.csv", exampleFile(t, "benchmarks-example.csv"))
	preview := cs.get(page).Body
	for _, want := range []string{`data-testid="count-added">12<`, `data-testid="count-opened">5<`, `data-testid="count-rejected">0<`,
		"维修等待时间", `data-testid="new-item"`} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if n := strings.Count(preview, `data-testid="opens"`); n != 5 {
		t.Errorf("preview marks %d rows as opening an action, want 5", n)
	}
	if res := cs.post(page+"/commit", nil); res.Code != http.StatusSeeOther {
		t.Fatalf("commit: Status=%d, want 303", res.Code)
	}
	done := cs.get(page).Body
	if !strings.Contains(done, `data-testid="count-opened">5<`) || !strings.Contains(done, "Imported") {
		t.Errorf("result page: want 5 actions opened and the file imported")
	}
	if n := countWhere(t, e, e.A, "improvement_actions", "source = 'benchmark'"); n != 5 {
		t.Errorf("actions=%d, want 5", n)
	}
	if res := cs.post(page+"/commit", nil); res.Code != http.StatusSeeOther ||
		!strings.Contains(cs.get(res.Header.Get("Location")).Body, "This file has already been imported.") {
		t.Errorf("second commit: Status=%d, want 303 back with the message", res.Code)
	}
	gap := cs.get(fmt.Sprintf("/benchmarks?store=%d&quarter=2026Q3", e.A.StoreID)).Body
	csi := between(gap, `data-testid="programme-csi"`, `</section>`)
	if first := between(csi, `data-testid="gap-row"`, `</tr>`); !strings.Contains(first, "维修等待时间") ||
		!strings.Contains(first, `class="small fail-text" data-testid="gap-national">−2.6<`) || !strings.Contains(first, `href="/actions/`) {
		t.Errorf("CSI's first row %q, want 维修等待时间 with −2.6 to national in red and its action", first)
	}
	if !strings.Contains(gap, `data-testid="gap-scope">Store a · 2026Q3<`) {
		t.Errorf("gap view: want it to say it covers Store a in 2026Q3")
	}
	again := uploadResults(t, e, cs, "benchmarks-example.csv", exampleFile(t, "benchmarks-example.csv"))
	if p := cs.get(again).Body; !strings.Contains(p, `data-testid="count-unchanged">12<`) || !strings.Contains(p, `data-testid="count-opened">0<`) {
		t.Errorf("re-import preview: want 12 unchanged, none opened")
	}
	cs.post(again+"/commit", nil)
	if n := countWhere(t, e, e.A, "improvement_actions", "source = 'benchmark'"); n != 5 {
		t.Errorf("actions after the re-import=%d, want still 5", n)
	}
}

// TestBenchmarks_Invalid: bad input comes back in the reader's language at its field with 422,
// and nothing is kept.
func TestBenchmarks_Invalid(t *testing.T) {
	e := newEnv(t)
	cs := e.login(e.A.Emails[auth.CSManager])
	store := fmt.Sprint(e.A.StoreID)
	before := fingerprint(t, e, e.A.TenantID)
	tests := []struct {
		name    string
		send    func() response
		message string
	}{
		{"NoFile", func() response {
			return cs.uploadTo("/benchmarks/imports", map[string]string{"store_id": store, "encoding": "auto"}, "", nil)
		}, "Choose a file."},
		{"TooManyRows", func() response {
			rows := "类别,季度,考核项目,本店得分\n" + strings.Repeat("CSI,2026Q3,接待,90\n", benchmarks.MaxRows+1)
			return cs.uploadTo("/benchmarks/imports", map[string]string{"store_id": store, "encoding": "auto"}, "big.csv", []byte(rows))
		}, "more than 1,000 rows"},
		{"MappingWithoutScore", func() response {
			return cs.post(path("/benchmarks/imports/{benchmarkImportID}/mapping", e.A), url.Values{"programme": {"类别"},
				"quarter": {"季度"}, "item": {"考核项目"}})
		}, "Choose the column that holds this."},
		{"Score", func() response {
			return cs.post("/benchmarks/results", url.Values{"store_id": {store}, "item_id": {fmt.Sprint(e.A.IDs["{benchmarkItemID}"])},
				"quarter": {"2026Q3"}, "score": {"1200"}})
		}, "Enter a score from 0 to 1,000"},
		{"Quarter", func() response {
			return cs.post("/benchmarks/results", url.Values{"store_id": {store}, "item_id": {fmt.Sprint(e.A.IDs["{benchmarkItemID}"])},
				"quarter": {"next quarter"}, "score": {"80"}})
		}, "Not a quarter"},
		{"CorrectionWithoutReason", func() response {
			return cs.post(path("/benchmarks/results/{benchmarkResultID}", e.A), url.Values{"score": {"80"}, "national": {"90"}})
		}, "Say why the result is corrected."},
		{"ItemTaken", func() response {
			return e.login(e.A.Emails[auth.Admin]).post("/benchmarks/items", url.Values{"programme": {"csi"}, "name": {"Seeded item a"}})
		}, "The programme already has an item of this name."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.send()
			if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tt.message) {
				t.Errorf("Status=%d, want 422 with %q", res.Code, tt.message)
			}
		})
	}
	if after := fingerprint(t, e, e.A.TenantID); after != before {
		t.Errorf("refused input changed rows:\n%s", diffLines(before, after))
	}
}

// TestBenchmarks_Correction: a correction is kept with its person, reason and figures before
// and after, shown in the result's history; its fall below the average opens the action, which
// the result and the gap view then link to.
func TestBenchmarks_Correction(t *testing.T) {
	e := newEnv(t)
	cs := e.login(e.A.Emails[auth.CSManager])
	result := path("/benchmarks/results/{benchmarkResultID}", e.A)
	res := cs.post(result, url.Values{"score": {"86.5"}, "national": {"90"}, "regional": {"88"}, "reason": {"厂家更正"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("correction: Status=%d, want 303", res.Code)
	}
	page := cs.get(result).Body
	change := between(page, `data-testid="change"`, `</li>`)
	for _, want := range []string{"cs_manager a", "90 · national 90 · regional 88 · rank —", "86.5 · national 90",
		"Reason: 厂家更正"} {
		if !strings.Contains(change, want) {
			t.Errorf("latest change %q lacks %q", change, want)
		}
	}
	if !strings.Contains(page, `data-testid="result-action"`) || !strings.Contains(page, `data-testid="result-score">86.5<`) {
		t.Errorf("result page: want 86.5 with its action")
	}
	if n := countWhere(t, e, e.A, "benchmark_changes", "reason = '厂家更正'"); n != 1 {
		t.Errorf("recorded corrections=%d, want 1", n)
	}
	if gm := e.login(e.A.Emails[auth.GM]).get(result); gm.Code != 200 || strings.Contains(gm.Body, `data-testid="correct-form"`) {
		t.Errorf("GM: Status=%d, want the result without the correction form", gm.Code)
	}
}

// TestBenchmarks_OtherGroupAndStore: another group's, or another store's, results, imports and
// items are not found, and asking changes nothing.
func TestBenchmarks_OtherGroupAndStore(t *testing.T) {
	e := newScopedEnv(t)
	before := fingerprint(t, e, e.A.TenantID)
	for _, c := range []struct {
		who  string
		as   *client
		path string
	}{
		{"B's manager", e.login(e.B.Emails[auth.CSManager]), path("/benchmarks/results/{benchmarkResultID}", e.A)},
		{"B's manager", e.login(e.B.Emails[auth.CSManager]), path("/benchmarks/imports/{benchmarkImportID}", e.A)},
		{"B's administrator", e.login(e.B.Emails[auth.Admin]), path("/benchmarks/items/{benchmarkItemID}", e.A)},
		{"B's GM", e.login(e.B.Emails[auth.GM]), fmt.Sprintf("/benchmarks?store=%d", e.A.StoreID)},
		{"A2's manager", e.login(e.A2.Emails[auth.CSManager]), path("/benchmarks/results/{benchmarkResultID}", e.A)},
		{"A2's manager", e.login(e.A2.Emails[auth.CSManager]), fmt.Sprintf("/benchmarks/imports?store=%d", e.A.StoreID)},
		{"A2's GM", e.login(e.A2.Emails[auth.GM]), fmt.Sprintf("/benchmarks.xlsx?store=%d", e.A.StoreID)},
	} {
		if res := c.as.get(c.path); res.Code != http.StatusNotFound {
			t.Errorf("%s GET %s: Status=%d, want 404", c.who, c.path, res.Code)
		}
	}
	b := e.login(e.B.Emails[auth.CSManager])
	if res := b.post(path("/benchmarks/results/{benchmarkResultID}", e.A), url.Values{"score": {"10"}, "reason": {"x"}}); res.Code != http.StatusNotFound {
		t.Errorf("B's correction of A's result: Status=%d, want 404", res.Code)
	}
	if res := b.post(path("/benchmarks/imports/{benchmarkImportID}/commit", e.A), nil); res.Code != http.StatusNotFound {
		t.Errorf("B's commit of A's file: Status=%d, want 404", res.Code)
	}
	if after := fingerprint(t, e, e.A.TenantID); after != before {
		t.Errorf("other group's and store's people changed rows:\n%s", diffLines(before, after))
	}
}

// TestBenchmarks_StoresSideBySide: the group's administrator sees every store side by side,
// and the workbook has the same figures.
func TestBenchmarks_StoresSideBySide(t *testing.T) {
	e := newScopedEnv(t)
	admin := e.login(e.A.Emails[auth.Admin])
	body := admin.get("/benchmarks?store=0&quarter=2026Q3").Body
	table := between(body, `data-testid="gap-stores"`, `</table>`)
	if !strings.Contains(table, ">Store a<") || !strings.Contains(table, ">Store a2<") || !strings.Contains(body, "All stores held · 2026Q3") {
		t.Errorf("side by side: want both stores' columns and the scope named")
	}
	res := admin.get("/benchmarks.xlsx?store=0&quarter=2026Q3")
	if res.Code != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "csi-desk-benchmarks-2026Q3-store-0.xlsx") {
		t.Fatalf("workbook: Status=%d Content-Disposition=%q", res.Code, res.Header.Get("Content-Disposition"))
	}
	book, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	testkit.Must(t, err)
	rows, err := book.GetRows(book.GetSheetList()[0], excelize.Options{RawCellValue: true})
	testkit.Must(t, err)
	var found bool
	for _, r := range rows {
		if len(r) >= 4 && r[0] == "Seeded item a" && r[1] == "90" && r[2] == "0" && r[3] == "2" {
			found = true
		}
	}
	if !found {
		t.Errorf("workbook rows %v, want Seeded item a at 90, 0 and 2", rows)
	}
}

// TestBenchmarks_OwnFigure: an item linked to a questionnaire item shows the store's own score
// of it in the quarter beside the manufacturer's.
func TestBenchmarks_OwnFigure(t *testing.T) {
	e := newEnv(t)
	completeServiceSurveys(t, e, []string{"王芳", "赵敏"}, func(int, int, int) int { return 4 })
	var short string
	testkit.Must(t, e.DB.App.InTenantTx(context.Background(), e.A.TenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(context.Background(), `SELECT i.name_zh FROM questionnaire_items i
			JOIN questionnaires q ON q.tenant_id = i.tenant_id AND q.id = i.questionnaire_id
			WHERE i.tenant_id = $1 AND q.store_id = $2 AND q.kind = 'csi' AND i.scale = 'five' ORDER BY i.position LIMIT 1`,
			e.A.TenantID, e.A.StoreID).Scan(&short)
	}))
	admin := e.login(e.A.Emails[auth.Admin])
	if res := admin.post(path("/benchmarks/items/{benchmarkItemID}", e.A), url.Values{"programme": {"csi"}, "name": {"Seeded item a"},
		"item_short": {short}}); res.Code != http.StatusSeeOther {
		t.Fatalf("link: Status=%d, want 303", res.Code)
	}
	quarter := benchmarks.QuarterLabel(time.Date(e.now().Year(), e.now().Month()-(e.now().Month()-1)%3, 1, 0, 0, 0, 0, time.UTC))
	cs := e.login(e.A.Emails[auth.CSManager])
	cs.post("/benchmarks/results", url.Values{"store_id": {fmt.Sprint(e.A.StoreID)}, "item_id": {fmt.Sprint(e.A.IDs["{benchmarkItemID}"])},
		"quarter": {quarter}, "score": {"85"}, "national": {"84"}})
	gap := cs.get(fmt.Sprintf("/benchmarks?store=%d&quarter=%s", e.A.StoreID, quarter)).Body
	if own := between(gap, `data-testid="gap-own"`, `</td>`); !strings.Contains(own, ">80.0<") || !strings.Contains(own, "2 answers") {
		t.Errorf("own figure %q, want 80.0 from 2 answers", own)
	}
}
