package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/benchmarks"
	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/internal/testkit"
)

// demoBenchmarks are the demo group's rows the benchmark screenshots show: the two stores, the
// committed import of the example file in the first, a file whose score column is not
// recognised, a corrected result, and an item.
type demoBenchmarks struct {
	stores   [2]int64
	imported int64
	unmapped int64
	result   int64
	item     int64
}

// seedDemoBenchmarks imports the example file into the demo's first store, enters a few of the
// items it adds for the second, links an item to the first store's questionnaire, and corrects one
// result, as the demo's administrator.
func seedDemoBenchmarks(t *testing.T, e *env) demoBenchmarks {
	t.Helper()
	ctx := context.Background()
	var d demoBenchmarks
	var tenantID, adminID int64
	var short string
	tx, err := e.DB.Owner.Pool.Begin(ctx)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	testkit.Must(t, tx.QueryRow(ctx, `SELECT tenant_id FROM login_emails WHERE email = $1`, demo.Logins[0].Email).Scan(&tenantID))
	testkit.Must(t, postgres.SetTenant(ctx, tx, tenantID))
	testkit.Must(t, tx.QueryRow(ctx, `SELECT (SELECT id FROM users WHERE email = $2), (SELECT min(id) FROM stores WHERE tenant_id = $1),
		(SELECT max(id) FROM stores WHERE tenant_id = $1)`, tenantID, demo.Logins[0].Email).Scan(&adminID, &d.stores[0], &d.stores[1]))
	testkit.Must(t, tx.QueryRow(ctx, `SELECT i.name_zh FROM questionnaire_items i JOIN questionnaires q ON q.tenant_id = i.tenant_id
		AND q.id = i.questionnaire_id WHERE i.tenant_id = $1 AND q.store_id = $2 AND q.kind = 'csi' AND i.scale <> 'text'
		ORDER BY q.version DESC, i.position LIMIT 1`, tenantID, d.stores[0]).Scan(&short))
	testkit.Must(t, tx.Rollback(ctx))
	svc := &benchmarks.Service{DB: e.DB.App, Now: e.now}
	before, err := svc.Items(ctx, tenantID)
	testkit.Must(t, err)
	d.imported, err = svc.Create(ctx, tenantID, adminID, benchmarks.Upload{StoreID: d.stores[0], Encoding: tabular.Auto,
		FileName: "benchmarks-example.csv", Content: exampleFile(t, "benchmarks-example.csv")})
	testkit.Must(t, err)
	_, err = svc.Commit(ctx, tenantID, adminID, d.imported)
	testkit.Must(t, err)
	d.unmapped, err = svc.Create(ctx, tenantID, adminID, benchmarks.Upload{StoreID: d.stores[1], Encoding: tabular.Auto,
		FileName: "2026Q3-厂家成绩.csv", Content: []byte("类别,季度,考核项目,店端成绩,全国平均,区域平均\nCSI,2026Q3,维修等待时间,86,87.2,86.5\n")})
	testkit.Must(t, err)
	items, err := svc.Items(ctx, tenantID)
	testkit.Must(t, err)
	// the example file's items, which the demo's own catalogue does not hold
	items = slices.DeleteFunc(items, func(it benchmarks.Item) bool {
		return slices.ContainsFunc(before, func(b benchmarks.Item) bool { return b.ID == it.ID })
	})
	for i, it := range items[:6] {
		f := benchmarks.Figures{Score: 85 + float64(i), National: new(87.0), Regional: new(86.0)}
		saved, err := svc.Save(ctx, tenantID, adminID, benchmarks.Entry{StoreID: d.stores[1], ItemID: it.ID, Quarter: lastQuarter, Figures: f})
		testkit.Must(t, err)
		if i == 0 {
			d.item = it.ID
			it.ItemShort, it.DepartmentKind = short, "after_sales"
			testkit.Must(t, svc.SaveItem(ctx, tenantID, &it))
			f.Score, f.Rank = 84.5, new(12)
			_, err = svc.Save(ctx, tenantID, adminID, benchmarks.Entry{StoreID: d.stores[1], ItemID: it.ID, Quarter: lastQuarter,
				Figures: f, Reason: "厂家复核后更正了本店得分"})
			testkit.Must(t, err)
			d.result = saved.ResultID
		}
	}
	return d
}

// TestBrowser_Benchmarks: the demo administrator sees a store's gaps and every store side by
// side, uploads a results file and reads its dry run, opens a corrected result with its history,
// is refused a correction without a reason at the field, and opens the entry form, the
// catalogue and an item; in both languages, on a desktop and on a phone, with screenshots.
func TestBrowser_Benchmarks(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	d := seedDemoBenchmarks(t, e)
	// the dry run is of the example file's items a quarter earlier in the second store: all new there
	earlier := filepath.Join(t.TempDir(), "benchmarks-2026Q2.csv")
	testkit.Must(t, os.WriteFile(earlier, []byte(strings.ReplaceAll(string(exampleFile(t, "benchmarks-example.csv")), "2026Q3", "2026Q2")), 0o644))
	pages := []struct{ name, path, wait string }{
		{"gap", fmt.Sprintf("/benchmarks?store=%d&quarter=2026Q3", d.stores[0]), "gap-table"},
		{"stores", "/benchmarks?store=0&quarter=2026Q3", "gap-stores"},
		{"imports", fmt.Sprintf("/benchmarks/imports?store=%d", d.stores[1]), "upload-form"},
		{"imported", fmt.Sprintf("/benchmarks/imports/%d", d.imported), "import-counts"},
		{"mapping", fmt.Sprintf("/benchmarks/imports/%d", d.unmapped), "error-score"},
		{"result", fmt.Sprintf("/benchmarks/results/%d", d.result), "changes"},
		{"result-new", fmt.Sprintf("/benchmarks/results/new?store=%d&item=%d&quarter=2026Q3", d.stores[1], d.item), "result-form"},
		{"items", "/benchmarks/items", "item-form"},
		{"item", fmt.Sprintf("/benchmarks/items/%d", d.item), "item-form"},
	}
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		ctx := newBrowser(t, size.width, size.height)
		browserLogin(t, ctx, e.HTTP.URL, demo.Logins[0].Email, demo.Password)
		for _, lang := range languages {
			useLanguage(t, ctx, e.HTTP.URL, lang)
			for _, p := range pages {
				do(t, ctx, chromedp.Navigate(e.HTTP.URL+p.path), chromedp.WaitVisible(chromedp.CSS(`[data-testid=`+p.wait+`]`)))
				screenshot(t, ctx, "benchmarks-"+p.name+"-"+lang+"-"+size.name)
			}
			do(t, ctx, chromedp.Navigate(e.HTTP.URL+fmt.Sprintf("/benchmarks/results/%d", d.result)),
				chromedp.SetValue(chromedp.CSS(`[data-testid=correct-form] input[name=score]`), "80"),
				chromedp.Click(chromedp.CSS(`[data-testid=save-correction]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=error-reason]`)))
			want := map[string]string{"zh-CN": "请填写更正原因", "en": "Say why the result is corrected"}[lang]
			if msg := text(t, ctx, `[data-testid=error-reason]`); !strings.Contains(msg, want) {
				t.Errorf("%s %s: error %q, want %q", lang, size.name, msg, want)
			}
			screenshot(t, ctx, "benchmarks-result-error-"+lang+"-"+size.name)
			do(t, ctx, chromedp.Navigate(e.HTTP.URL+fmt.Sprintf("/benchmarks/imports?store=%d", d.stores[1])),
				chromedp.SetUploadFiles(chromedp.CSS(`[data-testid=file]`), []string{earlier}),
				chromedp.Click(chromedp.CSS(`[data-testid=upload]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=preview]`)))
			if added, opens := text(t, ctx, `[data-testid=count-added]`), text(t, ctx, `[data-testid=count-opened]`); added != "12" || opens != "5" {
				t.Errorf("%s %s: the dry run adds %q and opens %q actions, want 12 and 5", lang, size.name, added, opens)
			}
			screenshot(t, ctx, "benchmarks-preview-"+lang+"-"+size.name)
		}
	}
}
