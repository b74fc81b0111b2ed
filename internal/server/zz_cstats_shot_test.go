package server_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/auth"
)

func TestZZCStatsShots(t *testing.T) {
	e := newEnv(t)
	seedComplaintStats(t, e)
	shot := func(ctx context.Context, name string) {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		must(t, err)
		must(t, os.WriteFile("/tmp/cstats-"+name+".png", png, 0o644))
	}
	for _, w := range []int64{1280, 390} {
		ctx := newBrowser(t, w, 900)
		browserLogin(t, ctx, e.HTTP.URL, e.A.Emails[auth.DeptManager], password)
		do(t, ctx, chromedp.Navigate(e.HTTP.URL+"/complaints/stats?month=2026-10"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=complaint-stats]`)))
		shot(ctx, fmt.Sprint("en-", w))
		if w == 1280 {
			do(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
				return err
			}))
			shot(ctx, "print")
		}
	}
	c := e.login(e.A.Emails[auth.DeptManager])
	c.post("/locale", url.Values{"lang": {"zh-CN"}})
	ctx := newBrowser(t, 1280, 900)
	browserLogin(t, ctx, e.HTTP.URL, e.A.Emails[auth.DeptManager], password)
	do(t, ctx, chromedp.Navigate(e.HTTP.URL+"/complaints/stats?month=2026-10"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=complaint-stats]`)))
	shot(ctx, "zh-1280")
}
