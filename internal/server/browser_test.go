package server_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/imports"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/internal/testkit"
)

// newBrowser starts Debian's headless Chromium; make test installs it.
func newBrowser(t *testing.T, width, height int64) context.Context {
	t.Helper()
	execPath, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is not installed: run the tests with `make test`, which installs it")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(execPath), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("lang", "en-US"), chromedp.WindowSize(int(width), int(height)))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height)); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// screenshotDir is where browser tests leave their screenshots: tmp/screenshots in the module.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir, _ := filepath.Abs("../../tmp/screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(screenshotDir(t), name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// useLanguage switches the logged-in browser to lang ("zh-CN" or "en") with the page's switch,
// whichever language it is in now.
func useLanguage(t *testing.T, ctx context.Context, base, lang string) {
	t.Helper()
	to, back := "zh", "en"
	if lang == "en" {
		to, back = "en", "zh"
	}
	do(t, ctx, chromedp.Navigate(base+"/"),
		chromedp.Evaluate[chromedp.Void](`void document.querySelector('[data-testid=lang-`+to+`]')?.click()`),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=lang-`+back+`]`)))
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func browserLogin(t *testing.T, ctx context.Context, base, email, pw string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), email),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), pw),
		chromedp.Click(chromedp.CSS(`[data-testid=login-submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=welcome]`)))
}

// TestBrowser_AdminCreatesStore: the demo admin logs in (Chinese, their saved language),
// switches to English, creates a store with a bad time zone first, then a good one.
func TestBrowser_AdminCreatesStore(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	ctx := newBrowser(t, 1280, 900)
	browserLogin(t, ctx, e.HTTP.URL, demo.Logins[0].Email, demo.Password)
	if got := text(t, ctx, `[data-testid=welcome]`); got != "欢迎，"+demo.Logins[0].Name {
		t.Errorf("welcome=%q, want the Chinese greeting", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid=lang-en]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=lang-zh]`)))
	if got := text(t, ctx, `[data-testid=welcome]`); got != "Welcome, "+demo.Logins[0].Name {
		t.Errorf("welcome=%q, want the English greeting", got)
	}
	do(t, ctx,
		chromedp.Navigate(e.HTTP.URL+"/admin/stores"),
		chromedp.Click(chromedp.CSS(`[data-testid=new-store]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=store-form]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "瑞丰奥迪宁波 4S 店"),
		chromedp.SendKeys(chromedp.CSS(`input[name=brand]`), "Audi 奥迪"),
		chromedp.SetValue(chromedp.CSS(`input[name=time_zone]`), "Mars/Base"),
		chromedp.Click(chromedp.CSS(`[data-testid=store-submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=error-time_zone]`)))
	if got := text(t, ctx, `[data-testid=error-time_zone]`); !strings.Contains(got, "Unknown time zone") {
		t.Errorf("time zone error=%q, want the English message", got)
	}
	screenshot(t, ctx, "store-form-error-en")
	do(t, ctx,
		chromedp.SetValue(chromedp.CSS(`input[name=time_zone]`), "Asia/Shanghai"),
		chromedp.Click(chromedp.CSS(`[data-testid=store-submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=store-name]`)))
	if got := text(t, ctx, `[data-testid=store-name]`); got != "瑞丰奥迪宁波 4S 店" {
		t.Errorf("store name=%q, want the new store", got)
	}
	if got := text(t, ctx, `[data-testid=flash]`); !strings.Contains(got, "Store created") {
		t.Errorf("flash=%q, want the created message", got)
	}
	if got := text(t, ctx, `[data-testid=departments]`); !strings.Contains(got, "Body & paint") {
		t.Errorf("departments=%q, want the standard departments", got)
	}
	screenshot(t, ctx, "store-created-en")
}

// pageStatus is the HTTP status the page the browser shows was answered with, as its navigation
// entry records it; 0 when the browser cannot say, which no page is taken to pass with.
func pageStatus(t *testing.T, ctx context.Context) int {
	t.Helper()
	code, err := chromedp.Run(ctx, chromedp.Evaluate[int](`performance.getEntriesByType("navigation")[0]?.responseStatus ?? 0`))
	if err != nil {
		t.Fatalf("status of the page: %v", err)
	}
	return code
}

// TestBrowser_Screens visits every page as the demo admin in both languages, on a desktop and on
// a phone, checks that each answers its status (200, the not-found page 404) and renders its
// heading, and leaves a screenshot of each.
func TestBrowser_Screens(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	// notFound is the one page the list expects an error status from.
	const notFound = "not-found"
	pages := []struct{ name, path string }{
		{"home", "/"}, {"account", "/account"}, {"stores", "/admin/stores"}, {"store-new", "/admin/stores/new"},
		{"store", "/admin/stores/{store}"}, {"users", "/admin/users"}, {"user", "/admin/users/{user}"},
		{notFound, "/admin/stores/999999"}, {"customers", "/customers"}, {"customer-search", "/customers?q=13"},
		{"customer", "/customers/{customer}"}, {"customer-edit", "/customers/{customer}/edit"},
		{"customer-new", "/customers/new"}, {"vehicle-new", "/customers/{customer}/vehicles/new"},
		{"delivery-new", "/customers/{customer}/deliveries/new"},
		{"service-order-edit", "/customers/{customer}/service-orders/{order}/edit"},
		{"imports", "/imports"}, {"import-mapping", "/imports/{upload}"}, {"import-preview", "/imports/{preview}"},
		{"api-keys", "/admin/api-keys"}, {"questionnaires", "/questionnaires"},
		{"questionnaire", "/questionnaires/{questionnaire}"}, {"questionnaire-preview", "/questionnaires/{questionnaire}/preview"},
		{"questionnaire-item", "/questionnaires/{questionnaire}/items/2/edit"},
		{"questionnaire-script", "/questionnaires/{questionnaire}/script/edit"},
		{"worklist", "/worklist"}, {"worklist-overdue", "/worklist?tab=overdue"}, {"rules", "/rules"},
		{"call", "/tasks/{task}"}, {"call-linked", "/tasks/{linked}"}, {"samples", "/followups/samples"},
		{"scores", "/scores"}, {"scores-month", "/scores?period=month"}, {"scores-channels", "/scores?period=month&split=channel"},
		{"scores-event", "/scores?kind=event&period=month"}, {"trends", "/scores/trends"},
		{"drill", "/scores/drill?start={lastweek}"}, {"report", "/scores/report?start={lastweek}"},
		{"report-month", "/scores/report?period=month"}, {"group", "/scores/group?start={lastweek}"},
		{"tiers", "/scores/tiers"}, {"complaints", "/complaints?tab=all"}, {"complaints-overdue", "/complaints?tab=overdue"},
		{"complaint", "/complaints/{complaint}"}, {"complaint-closed", "/complaints/{closed}"},
		{"complaint-stats", "/complaints/stats?month={lastmonth}"}, {"notifications", "/notifications"},
		{"complaint-policy", "/complaints/policy"},
	}
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		ctx := newBrowser(t, size.width, size.height)
		do(t, ctx, chromedp.Navigate(e.HTTP.URL+"/login"), chromedp.WaitVisible(chromedp.CSS(`h1`)))
		screenshot(t, ctx, "login-en-"+size.name)
		browserLogin(t, ctx, e.HTTP.URL, demo.Logins[0].Email, demo.Password)
		ids := demoIDs(t, e)
		for _, lang := range []string{"zh-CN", "en"} {
			useLanguage(t, ctx, e.HTTP.URL, lang)
			for _, p := range pages {
				url := e.HTTP.URL + ids.Replace(p.path)
				do(t, ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
				want := http.StatusOK
				if p.name == notFound {
					want = http.StatusNotFound
				}
				if code := pageStatus(t, ctx); code != want {
					t.Errorf("%s (%s, %s): Status=%d, want %d", p.name, lang, size.name, code, want)
				}
				if h1 := text(t, ctx, `main h1`); h1 == "" {
					t.Errorf("%s (%s, %s): empty heading", p.name, lang, size.name)
				}
				screenshot(t, ctx, p.name+"-"+lang+"-"+size.name)
			}
		}
	}
}

// demoIDs fills the placeholders of the screenshot paths with demo rows: the first store, the
// agent, a customer with service orders and one of their orders, and two imports of the
// example file, one waiting for its columns and one previewed.
func demoIDs(t *testing.T, e *env) *strings.Replacer {
	t.Helper()
	ctx := context.Background()
	var tenantID, storeID, adminID int64
	var userID, customerID, orderID, questionnaireID, taskID, linkedID, complaintID, closedID string
	tx, err := e.DB.Owner.Pool.Begin(ctx)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	testkit.Must(t, tx.QueryRow(ctx, `SELECT tenant_id FROM login_emails WHERE email = $1`, demo.Logins[3].Email).Scan(&tenantID))
	testkit.Must(t, postgres.SetTenant(ctx, tx, tenantID))
	testkit.Must(t, tx.QueryRow(ctx, `
		SELECT (SELECT min(id) FROM stores WHERE tenant_id = $3), (SELECT id FROM users WHERE email = $1)::text,
		       (SELECT id FROM users WHERE email = $2),
		       o.customer_id::text, o.id::text
		FROM service_orders o WHERE o.tenant_id = $3 ORDER BY o.id LIMIT 1`,
		demo.Logins[3].Email, demo.Logins[0].Email, tenantID).Scan(&storeID, &userID, &adminID, &customerID, &orderID))
	testkit.Must(t, tx.QueryRow(ctx, `SELECT id::text FROM questionnaires WHERE tenant_id = $1 AND store_id = $2 AND kind = 'csi'`,
		tenantID, storeID).Scan(&questionnaireID))
	testkit.Must(t, tx.QueryRow(ctx, `SELECT id::text FROM follow_up_tasks WHERE tenant_id = $1 AND survey_kind = 'csi'
		ORDER BY due_from DESC, id LIMIT 1`, tenantID).Scan(&taskID))
	testkit.Must(t, tx.QueryRow(ctx, `SELECT task_id::text FROM survey_links WHERE tenant_id = $1 AND reminder_id IS NOT NULL
		ORDER BY id LIMIT 1`, tenantID).Scan(&linkedID))
	testkit.Must(t, tx.QueryRow(ctx, `SELECT (SELECT id::text FROM complaints WHERE tenant_id = $1 AND status = 'planned' ORDER BY id DESC LIMIT 1),
		(SELECT id::text FROM complaints WHERE tenant_id = $1 AND status = 'closed' ORDER BY id LIMIT 1)`, tenantID).Scan(&complaintID, &closedID))
	svc := &imports.Service{DB: e.DB.App, Now: e.now}
	up := imports.Upload{StoreID: storeID, Kind: orders.ServiceOrders, Encoding: tabular.Auto,
		FileName: "service-orders-gbk.csv", Content: exampleFile(t, "service-orders-gbk.csv")}
	uploaded, err := svc.Create(ctx, tenantID, adminID, up)
	testkit.Must(t, err)
	previewed, err := svc.Create(ctx, tenantID, adminID, up)
	testkit.Must(t, err)
	im, err := svc.Get(ctx, tenantID, previewed)
	testkit.Must(t, err)
	testkit.Must(t, svc.Preview(ctx, tenantID, previewed, im.Mapping))
	testkit.Must(t, svc.Run(ctx, tenantID, previewed))
	return strings.NewReplacer("{store}", fmt.Sprint(storeID), "{user}", userID, "{customer}", customerID,
		"{order}", orderID, "{upload}", fmt.Sprint(uploaded), "{preview}", fmt.Sprint(previewed),
		"{questionnaire}", questionnaireID, "{task}", taskID, "{linked}", linkedID, "{lastweek}", e.now().AddDate(0, 0, -7).Format(time.DateOnly),
		"{complaint}", complaintID, "{closed}", closedID, "{lastmonth}", e.now().AddDate(0, -1, 0).Format("2006-01"))
}
