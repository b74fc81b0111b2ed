package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestBrowser_StoreScope: in the demo, 浦东's agent sees 浦东's calls only, with no other store to
// choose, and 浦东's after-sales manager 浦东's scoreboard and complaints only, with statistics
// that say they cover after-sales; in both languages, on a desktop and on a phone, with
// screenshots.
func TestBrowser_StoreScope(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	views := []struct {
		login, name, path, list string
		picker                  bool
	}{
		{"agent@demo.csidesk.cn", "scope-agent-worklist", "/worklist", `[data-testid=tasks]`, true},
		{"manager@demo.csidesk.cn", "scope-manager-scores", "/scores", `[data-testid=scoreboard]`, true},
		{"manager@demo.csidesk.cn", "scope-manager-complaints", "/complaints?tab=all", `[data-testid=complaints]`, false},
		{"manager@demo.csidesk.cn", "scope-manager-stats", "/complaints/stats", `[data-testid=stats-scope]`, true},
	}
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		for _, v := range views {
			ctx := newBrowser(t, size.width, size.height)
			browserLogin(t, ctx, e.HTTP.URL, v.login, demo.Password)
			for _, lang := range []string{"zh-CN", "en"} {
				useLanguage(t, ctx, e.HTTP.URL, lang)
				do(t, ctx, chromedp.Navigate(e.HTTP.URL+v.path), chromedp.WaitVisible(chromedp.CSS(v.list)))
				if v.picker {
					if picker := text(t, ctx, `select[name=store]`); !strings.Contains(picker, "浦东") || strings.Contains(picker, "杭州") {
						t.Errorf("%s (%s): store picker %q, want 浦东 alone", v.name, lang, picker)
					}
				}
				if list := text(t, ctx, v.list); strings.Contains(list, "杭州") || list == "" {
					t.Errorf("%s (%s): want 浦东's rows only", v.name, lang)
				}
				screenshot(t, ctx, v.name+"-"+lang+"-"+size.name)
			}
		}
	}
}
