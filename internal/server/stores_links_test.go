package server_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/auth"
)

// storeSettings is group A's store form as its administrator posts it, with the link settings
// and the event survey's counting given.
func storeSettings(name, expiry, reminder string, eventInCSI bool) url.Values {
	form := url.Values{"name": {name}, "time_zone": {"Asia/Shanghai"}, "ssi_threshold": {"95"}, "csi_threshold": {"95"},
		"min_sample": {"5"}, "link_expiry_days": {expiry}, "link_reminder_days": {reminder}}
	if eventInCSI {
		form.Set("event_in_csi", "true")
	}
	return form
}

// TestStores_LinkSettings: a store's settings page shows its link settings and whether it
// counts the event survey in CSI, the defaults first; its form refuses a link open for 0 or 31
// days, a blank one, and a reminder after 15 days or -1, each at its field in the reader's
// language, saving nothing of the form; a valid form saves them all.
func TestStores_LinkSettings(t *testing.T) {
	e := newEnv(t)
	page := fmt.Sprintf("/admin/stores/%d", e.A.StoreID)
	for _, lang := range languages {
		l := catalog(t, lang)
		admin := e.loginSpeaking(e.A.Emails[auth.Admin], lang)
		if lang == languages[0] {
			body := admin.get(page).Body
			for testid, want := range map[string]string{"link-expiry": l.T("channels.days", "Count", 7),
				"link-reminder": l.T("channels.reminder_after", "Count", 2), "event-in-csi": l.T("channels.event_apart")} {
				if !strings.Contains(body, `data-testid="`+testid+`">`+html.EscapeString(want)+`<`) {
					t.Errorf("%s: %s, want %q by default", lang, testid, want)
				}
			}
			form := admin.get(page + "/edit").Body
			for _, want := range []string{`name="link_expiry_days" type="number" value="7"`, `name="link_reminder_days" type="number" value="2"`,
				`name="event_in_csi" value="true">`} {
				if !strings.Contains(form, want) {
					t.Errorf("%s: edit form lacks %s", lang, want)
				}
			}
		}
		for _, tt := range []struct {
			expiry, reminder, field, key string
		}{
			{"0", "2", "link_expiry_days", "channels.link_expiry_range"},
			{"31", "2", "link_expiry_days", "channels.link_expiry_range"},
			{" ", "2", "link_expiry_days", "channels.link_expiry_range"},
			{"7", "15", "link_reminder_days", "channels.link_reminder_range"},
			{"7", "-1", "link_reminder_days", "channels.link_reminder_range"},
		} {
			res := admin.post(page, storeSettings("Store renamed", tt.expiry, tt.reminder, true))
			want := `data-testid="error-` + tt.field + `">` + html.EscapeString(l.T(tt.key)) + `<`
			if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, want) {
				t.Errorf("%s: expiry %q, reminder %q: Status=%d, want 422 with %s", lang, tt.expiry, tt.reminder, res.Code, want)
			}
		}
		if body := admin.get(page).Body; !strings.Contains(body, `data-testid="store-name">Store a<`) ||
			!strings.Contains(body, `data-testid="event-in-csi">`+html.EscapeString(l.T("channels.event_apart"))+`<`) {
			t.Errorf("%s: a refused form changed the store", lang)
		}
	}
	admin := e.loginSpeaking(e.A.Emails[auth.Admin], "en")
	if res := admin.post(page, storeSettings("Store a", "10", "0", true)); res.Code != http.StatusSeeOther {
		t.Fatalf("valid settings: Status=%d, want 303", res.Code)
	}
	l := catalog(t, "en")
	body := admin.get(page).Body
	for testid, want := range map[string]string{"link-expiry": l.T("channels.days", "Count", 10),
		"link-reminder": l.T("channels.no_reminder"), "event-in-csi": l.T("channels.event_counted")} {
		if !strings.Contains(body, `data-testid="`+testid+`">`+html.EscapeString(want)+`<`) {
			t.Errorf("saved: %s, want %q", testid, want)
		}
	}
	if form := admin.get(page + "/edit").Body; !strings.Contains(form, `name="event_in_csi" value="true" checked>`) {
		t.Errorf("edit form: want the event survey's box ticked")
	}
}
