package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestBrowser_ImportWithBadRow: the demo customer-service manager uploads a GBK file of four
// service orders, one with a bad VIN and one of the DMS's work type 大修; the preview names the
// bad row and its problem and asks what 大修 means; mapped to 维修, the import loads the other
// three, says which follow-up tasks it made (orders of a month ago: the six-month surveys),
// and the imported customer is found by plate.
func TestBrowser_ImportWithBadRow(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	file := filepath.Join(t.TempDir(), "工单导出.csv")
	content := "工单号,客户姓名,手机号码,车架号,车牌号,维修类型,开单时间,结算时间,服务顾问,结算金额\n" +
		"RO-9001,欧阳娜娜,13912340001,LBVGW7905K0009001,沪A90001,保养,2026-11-02 09:00,2026-11-02 11:30,孙浩,680\n" +
		"RO-9002,司马光,13912340002,LBVGW7905K000900O,沪A90002,维修,2026-11-03 10:00,2026-11-03 16:00,周敏,2300\n" +
		"RO-9003,诸葛亮,13912340003,LBVGW7905K0009003,沪A90003,钣喷,2026-11-04 08:30,2026-11-05 17:00,吴磊,5120.5\n" +
		"RO-9004,上官婉,13912340004,LBVGW7905K0009004,沪A90004,大修,2026-11-05 08:30,2026-11-06 17:00,吴磊,9800\n"
	testkit.Must(t, os.WriteFile(file, gbkBytes(t, content), 0o644))

	ctx := newBrowser(t, 1280, 900)
	browserLogin(t, ctx, e.HTTP.URL, demo.Logins[2].Email, demo.Password)
	do(t, ctx,
		chromedp.Navigate(e.HTTP.URL+"/imports"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=upload-form]`)),
		chromedp.SetUploadFiles(chromedp.CSS(`[data-testid=file]`), []string{file}),
		chromedp.Click(chromedp.CSS(`[data-testid=upload]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=mapping-form]`)))
	screenshot(t, ctx, "import-flow-mapping-zh-CN")
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`[data-testid=preview]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=values-form]`)))
	if got := text(t, ctx, `[data-testid=count-rejected]`); got != "2" {
		t.Errorf("rejected=%q, want 2: the bad VIN and 大修", got)
	}
	screenshot(t, ctx, "import-flow-values-zh-CN")
	do(t, ctx,
		chromedp.SetValue(chromedp.CSS(`[data-testid=value-0]`), "repair"),
		chromedp.Click(chromedp.CSS(`[data-testid=map-values]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`[data-testid=unmapped]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=rejects]`)))
	if got := text(t, ctx, `[data-testid=count-rejected]`); got != "1" {
		t.Errorf("rejected=%q, want 1", got)
	}
	if got := text(t, ctx, `[data-testid=rejects]`); !strings.Contains(got, "3") || !strings.Contains(got, "车架号") ||
		!strings.Contains(got, "LBVGW7905K000900O") || !strings.Contains(got, "不含 I、O、Q") {
		t.Errorf("rejects=%q, want line 3's VIN with its message in Chinese", got)
	}
	screenshot(t, ctx, "import-flow-preview-zh-CN")
	do(t, ctx,
		chromedp.Evaluate[chromedp.Void](`window.confirm = function () { return true; }`),
		chromedp.Click(chromedp.CSS(`[data-testid=commit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=import-done]`)))
	if got := text(t, ctx, `[data-testid=import-status]`); !strings.Contains(got, "已导入") {
		t.Errorf("status=%q, want imported", got)
	}
	if got := text(t, ctx, `[data-testid=count-created]`); got != "3" {
		t.Errorf("created=%q, want 3", got)
	}
	if got := text(t, ctx, `[data-testid=import-tasks]`); !strings.Contains(got, "半年定期回访\n3") {
		t.Errorf("tasks=%q, want three six-month surveys: the after-sales survey's window has passed", got)
	}
	screenshot(t, ctx, "import-flow-done-zh-CN")
	do(t, ctx,
		chromedp.Navigate(e.HTTP.URL+"/customers?q=A90003"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=customers-table]`)))
	if got := text(t, ctx, `[data-testid=customers-table]`); !strings.Contains(got, "诸葛亮") || strings.Contains(got, "司马光") {
		t.Errorf("search by plate=%q, want the imported customer only", got)
	}
}

// TestBrowser_ImportSteps: the column and value mapping in English, and both languages at
// phone width.
func TestBrowser_ImportSteps(t *testing.T) {
	e := newEnv(t)
	for _, v := range []struct {
		lang, size string
		width      int64
	}{{"en", "desktop", 1280}, {"zh-CN", "phone", 390}, {"en", "phone", 390}} {
		t.Run(v.lang+"-"+v.size, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "工单导出.csv")
			testkit.Must(t, os.WriteFile(file, overhaulFile(t, e.now(), "A"), 0o644))
			ctx := newBrowser(t, v.width, 900)
			browserLogin(t, ctx, e.HTTP.URL, e.A.Emails[auth.CSManager], password)
			useLanguage(t, ctx, e.HTTP.URL, v.lang)
			name := "import-steps-%s-" + v.lang + "-" + v.size
			do(t, ctx,
				chromedp.Navigate(e.HTTP.URL+"/imports"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=upload-form]`)),
				chromedp.SetUploadFiles(chromedp.CSS(`[data-testid=file]`), []string{file}),
				chromedp.Click(chromedp.CSS(`[data-testid=upload]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=mapping-form]`)))
			screenshot(t, ctx, fmt.Sprintf(name, "mapping"))
			do(t, ctx,
				chromedp.Click(chromedp.CSS(`[data-testid=preview]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=values-form]`)))
			screenshot(t, ctx, fmt.Sprintf(name, "values"))
		})
	}
}

func gbkBytes(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	testkit.Must(t, err)
	return b
}
