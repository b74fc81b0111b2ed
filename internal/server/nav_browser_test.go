package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/testkit"
)

// menuLine is how the menu sits in the top bar: the distinct top offsets of its entries and the
// top bar's height, in pixels.
type menuLine struct {
	Tops   []int `json:"tops"`
	Height int   `json:"height"`
}

func measureMenu(t *testing.T, ctx context.Context) menuLine {
	t.Helper()
	m, err := chromedp.Run(ctx, chromedp.Evaluate[menuLine](`(() => ({
		tops: [...new Set([...document.querySelectorAll('[data-testid=nav] > *')].map(el => Math.round(el.getBoundingClientRect().top)))],
		height: Math.round(document.querySelector('.topbar').getBoundingClientRect().height),
	}))()`))
	testkit.Must(t, err)
	return m
}

// TestBrowser_MenuOnOneLine: the demo group administrator's and customer-service manager's
// menus sit on one line at 1280 px (a laptop) in both languages, and their Admin entry opens its list
// without the page's script; at 390 px the ☰ opens the menu with the Admin entry in it.
// Screenshots of each, closed and open, and of the lists with their export button.
func TestBrowser_MenuOnOneLine(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	for _, who := range []struct {
		name string
		user demo.Login
	}{{"admin", demo.Logins[0]}, {"csm", demo.Logins[2]}} {
		for _, size := range []struct {
			name          string
			width, height int64
		}{{"1280", 1280, 800}, {"390", 390, 844}} {
			ctx := newBrowser(t, size.width, size.height)
			browserLogin(t, ctx, e.HTTP.URL, who.user.Email, demo.Password)
			for _, lang := range languages {
				useLanguage(t, ctx, e.HTTP.URL, lang)
				shot := "menu-" + who.name + "-" + lang + "-" + size.name
				do(t, ctx, chromedp.Navigate(e.HTTP.URL+"/worklist"), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
				if size.width > 720 {
					if m := measureMenu(t, ctx); len(m.Tops) != 1 || m.Height > 60 {
						t.Errorf("%s: entries at tops %v in a top bar %d px high, want one line of at most 60 px", shot, m.Tops, m.Height)
					}
				} else {
					do(t, ctx, chromedp.Click(chromedp.CSS(`details.menu > summary`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=nav-admin]`)))
				}
				screenshot(t, ctx, shot)
				do(t, ctx, chromedp.Click(chromedp.CSS(`[data-testid=nav-admin] > summary`)),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid=nav-admin] a[href="/questionnaires"]`)))
				screenshot(t, ctx, shot+"-open")
				if who.name == "admin" {
					for _, p := range []struct{ name, path string }{{"worklist", "/worklist"}, {"complaints", "/complaints?tab=all"},
						{"customers", "/customers"}} {
						do(t, ctx, chromedp.Navigate(e.HTTP.URL+p.path), chromedp.WaitVisible(chromedp.CSS(`[data-testid=export-excel]`)))
						screenshot(t, ctx, "export-"+p.name+"-"+lang+"-"+size.name)
					}
				}
			}
		}
	}
}
