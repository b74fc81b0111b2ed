package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/csidesk/csidesk/internal/auth"
)

// TestBrowser_QuestionnaireEditor: the customer-service manager's questionnaire editor, with an
// item whose English is out of date after its Chinese changed alone and the body and paint
// item limited to that work, and the item's form; then the agent's call screen after a
// maintenance order, which leaves that item out. Both languages, on a desktop and a phone.
func TestBrowser_QuestionnaireEditor(t *testing.T) {
	e := newEnv(t)
	base := path("/questionnaires/{questionnaireID}", e.A)
	it := questionnaire(t, e, e.A.IDs["{questionnaireID}"]).Items[1]
	form := itemValues(it)
	form.Set("text_zh", it.TextZH+"（请客户具体说明）")
	if res := e.login(e.A.Emails[auth.CSManager]).post(base+"/items/2", form); res.Code != 303 {
		t.Fatalf("Chinese alone: Status=%d, want 303", res.Code)
	}
	task := workCalls(t, e)["maintenance"]
	reach(t, e, e.login(e.A.Emails[auth.Agent]), task)
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		for _, who := range []auth.Role{auth.CSManager, auth.Agent} {
			ctx := newBrowser(t, size.width, size.height)
			browserLogin(t, ctx, e.HTTP.URL, e.A.Emails[who], password)
			for _, lang := range languages {
				useLanguage(t, ctx, e.HTTP.URL, lang)
				shots := map[string]string{"questionnaire-stale": base, "questionnaire-item-stale": base + "/items/2/edit"}
				if who == auth.Agent {
					shots = map[string]string{"call-skipped": fmt.Sprintf("/tasks/%d", task)}
				}
				for name, page := range shots {
					do(t, ctx, chromedp.Navigate(e.HTTP.URL+page), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
					if name == "call-skipped" && !strings.Contains(text(t, ctx, `[data-testid=skipped-items]`), map[string]string{"zh-CN": "钣喷质量", "en": "Body and paint quality"}[lang]) {
						t.Errorf("%s %s: the call screen does not name the item left out", lang, size.name)
					}
					screenshot(t, ctx, name+"-"+lang+"-"+size.name)
				}
			}
		}
	}
}
