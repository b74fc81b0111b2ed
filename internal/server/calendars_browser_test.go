package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/demo"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestBrowser_Calendar: the demo administrator opens a store's business calendar, which shows the
// coming 调休 swap, types overlapping hours and gets the message at Monday's row; in both
// languages, on a desktop and on a phone, with screenshots.
func TestBrowser_Calendar(t *testing.T) {
	e := newEnv(t)
	testkit.Must(t, demo.Seed(context.Background(), e.DB.Owner, "", &strings.Builder{}))
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		ctx := newBrowser(t, size.width, size.height)
		browserLogin(t, ctx, e.HTTP.URL, demo.Logins[0].Email, demo.Password)
		for _, lang := range []string{"zh-CN", "en"} {
			useLanguage(t, ctx, e.HTTP.URL, lang)
			do(t, ctx, chromedp.Navigate(e.HTTP.URL+"/admin/calendars"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=calendar-form]`)))
			if coming := text(t, ctx, `[data-testid=calendar-coming]`); !strings.Contains(coming, "调休上班") || !strings.Contains(coming, "调休休息") {
				t.Errorf("%s %s: the next two weeks %q, want the 调休 swap", lang, size.name, coming)
			}
			screenshot(t, ctx, "calendar-"+lang+"-"+size.name)
			do(t, ctx, chromedp.SetValue(chromedp.CSS(`input[name="week[1]"]`), "08:30-14:00, 13:00-18:00"),
				chromedp.Click(chromedp.CSS(`[data-testid=save-calendar]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="error-week.1"]`)))
			want := map[string]string{"zh-CN": "两段营业时间重叠", "en": "The two openings overlap"}[lang]
			if msg := text(t, ctx, `[data-testid="error-week.1"]`); !strings.Contains(msg, want) {
				t.Errorf("%s %s: error %q, want %q", lang, size.name, msg, want)
			}
			screenshot(t, ctx, "calendar-error-"+lang+"-"+size.name)
		}
	}
}
