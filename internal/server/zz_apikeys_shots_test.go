package server_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/demo"
)

// Temporary: screenshots of the API key pages. Removed before hand-over.
func TestZZAPIKeyShots(t *testing.T) {
	if os.Getenv("APIKEYS_SHOTS") == "" {
		t.Skip()
	}
	e := newEnv(t)
	must(t, demo.Seed(context.Background(), e.DB.Owner, &strings.Builder{}))
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		ctx := newBrowser(t, size.width, size.height)
		browserLogin(t, ctx, e.HTTP.URL, demo.Logins[0].Email, demo.Password)
		for _, lang := range []string{"zh-CN", "en"} {
			do(t, ctx, chromedp.Navigate(e.HTTP.URL+"/"))
			if lang == "en" {
				do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid=lang-en]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=lang-zh]`)))
			}
			do(t, ctx, chromedp.Navigate(e.HTTP.URL+"/admin/api-keys"), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
			screenshot(t, ctx, "apikeys-"+lang+"-"+size.name)
			do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid=api-key-submit]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=error-name]`)))
			screenshot(t, ctx, "apikeys-error-"+lang+"-"+size.name)
			do(t, ctx,
				chromedp.SetValue(chromedp.CSS(`select[name=store_id]`), storeIDOf(t, e)),
				chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "售后 DMS "+lang),
				chromedp.Click(chromedp.CSS(`[data-testid=api-key-submit]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=api-key-secret]`)))
			screenshot(t, ctx, "apikey-created-"+lang+"-"+size.name)
			secret, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`[data-testid=api-key-secret]`)))
			must(t, err)
			e.push("/api/v1/service-orders", secret, batch(serviceOrder(1)))
			do(t, ctx, chromedp.Navigate(e.HTTP.URL+"/admin/api-keys"), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
			screenshot(t, ctx, "apikeys-used-"+lang+"-"+size.name)
		}
	}
}

func storeIDOf(t *testing.T, e *env) string {
	s, _ := demoIDs(t, e)
	return s
}
