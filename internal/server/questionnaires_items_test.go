package server_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// questionnaire reads a questionnaire version of group A.
func questionnaire(t *testing.T, e *env, id int64) surveys.Questionnaire {
	t.Helper()
	q, _, err := (&surveys.Service{DB: e.DB.App}).Get(context.Background(), e.A.TenantID, id)
	testkit.Must(t, err)
	return q
}

// itemValues is the item form filled in with it as it is.
func itemValues(it surveys.Item) url.Values {
	v := url.Values{"name_zh": {it.NameZH}, "name_en": {it.NameEN}, "text_zh": {it.TextZH}, "text_en": {it.TextEN},
		"scale": {string(it.Scale)}, "weight": {fmt.Sprint(it.Weight)}, "department_id": {fmt.Sprint(it.DepartmentID)},
		"element": {string(it.Element)}, "work_types": it.WorkTypes}
	if it.Mandatory {
		v.Set("mandatory", "true")
	}
	return v
}

// TestQuestionnaires_ItemShortName: an item's short name is required and at most 12 Chinese or
// 24 Latin characters, refused at its field in the user's language; a name that fits is saved
// and the editor lists the item by it.
func TestQuestionnaires_ItemShortName(t *testing.T) {
	e := newEnv(t)
	base := path("/questionnaires/{questionnaireID}", e.A)
	first := questionnaire(t, e, e.A.IDs["{questionnaireID}"]).Items[0]
	for _, lang := range languages {
		c, l := e.loginSpeaking(e.A.Emails[auth.CSManager], lang), catalog(t, lang)
		form := itemValues(first)
		form.Set("name_zh", "  ")
		form.Set("name_en", "Booking, welcome and reception")
		res := c.post(base+"/items/1", form)
		if res.Code != http.StatusUnprocessableEntity {
			t.Fatalf("%s: bad names: Status=%d, want 422", lang, res.Code)
		}
		for field, key := range map[string]string{"name_zh": "validation.required", "name_en": "validation.name_width"} {
			if want := `data-testid="error-` + field + `">` + html.EscapeString(l.T(key)) + "<"; !strings.Contains(res.Body, want) {
				t.Errorf("%s: %s lacks the message %q", lang, field, l.T(key))
			}
		}
		form.Set("name_zh", "预约与接待服务满意度调查") // 12 Chinese characters fit
		form.Set("name_en", "Booking and reception")
		if res := c.post(base+"/items/1", form); res.Code != http.StatusSeeOther {
			t.Fatalf("%s: names that fit: Status=%d, want 303", lang, res.Code)
		}
		want := map[string]string{"zh-CN": "预约与接待服务满意度调查", "en": "Booking and reception"}[lang]
		if page := c.get(base); !strings.Contains(page.Body, `data-testid="item-name">`+want+"<") {
			t.Errorf("%s: the editor does not list item 1 as %q", lang, want)
		}
	}
}

// TestQuestionnaires_StaleTranslation: saving an item with only its Chinese text changed warns
// that the English may now be out of date and marks it so in the editor, in the reader's
// language; saving the English then clears the mark. The same holds the other way round.
func TestQuestionnaires_StaleTranslation(t *testing.T) {
	e := newEnv(t)
	base := path("/questionnaires/{questionnaireID}", e.A)
	// the language is the user's: two editors, one reading Chinese and one English
	zh, en := e.loginSpeaking(e.A.Emails[auth.CSManager], "zh-CN"), e.loginSpeaking(e.A.Emails[auth.Admin], "en")
	lzh, len_ := catalog(t, "zh-CN"), catalog(t, "en")
	it := questionnaire(t, e, e.A.IDs["{questionnaireID}"]).Items[1]

	form := itemValues(it)
	form.Set("text_zh", it.TextZH+"（请客户具体说明）")
	res := zh.post(base+"/items/2", form)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("Chinese alone: Status=%d, want 303", res.Code)
	}
	page := zh.get(res.Header.Get("Location"))
	if want := html.EscapeString(lzh.T("flash.item_saved_en_stale")); !strings.Contains(page.Body, want) {
		t.Errorf("Chinese alone: the flash lacks the warning %q", lzh.T("flash.item_saved_en_stale"))
	}
	if !strings.Contains(page.Body, "只改了中文，英文可能已过时") {
		t.Errorf("Chinese alone: want the warning to say only the Chinese was changed")
	}
	if want := `data-testid="stale">` + lzh.T("surveys.stale_en") + "<"; !strings.Contains(page.Body, want) {
		t.Errorf("Chinese alone: the item lacks the mark %q", lzh.T("surveys.stale_en"))
	}
	if page := en.get(base); !strings.Contains(page.Body, `data-testid="stale">`+len_.T("surveys.stale_en")+"<") {
		t.Errorf("Chinese alone: the English editor lacks the mark %q", len_.T("surveys.stale_en"))
	}
	if edit := en.get(base + "/items/2/edit"); !strings.Contains(edit.Body, `data-testid="stale-note"`) {
		t.Errorf("Chinese alone: the item's form lacks the note above the English")
	}

	form.Set("text_en", it.TextEN+" (Ask the customer for details.)")
	if res := en.post(base+"/items/2", form); res.Code != http.StatusSeeOther {
		t.Fatalf("English saved: Status=%d, want 303", res.Code)
	}
	page = en.get(base)
	if strings.Contains(page.Body, `data-testid="stale"`) || !strings.Contains(page.Body, html.EscapeString(len_.T("flash.item_saved"))) {
		t.Errorf("English saved: want the mark gone and the plain flash")
	}

	form.Set("text_en", it.TextEN)
	en.post(base+"/items/2", form)
	if page := en.get(base); !strings.Contains(page.Body, html.EscapeString(len_.T("flash.item_saved_zh_stale"))) ||
		!strings.Contains(page.Body, `data-testid="stale">`+len_.T("surveys.stale_zh")+"<") {
		t.Errorf("English alone: want the warning and the mark that the Chinese may be out of date")
	}
}

// itemNames lists the editor's items by their short names, in order.
var itemNames = regexp.MustCompile(`data-testid="item-name">([^<]+)<`)

func namesOn(body string) []string {
	var out []string
	for _, m := range itemNames.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestQuestionnaires_Reorder: the editor's ↑ and ↓ buttons (plain forms) swap an item with its
// neighbour; on a version surveys have used, the move makes the next version; the first item
// cannot move up.
func TestQuestionnaires_Reorder(t *testing.T) {
	e := newEnv(t)
	c := e.loginSpeaking(e.A.Emails[auth.CSManager], "zh-CN")
	base := path("/questionnaires/{questionnaireID}", e.A)
	before := namesOn(c.get(base).Body)
	if len(before) < 3 || !strings.Contains(c.get(base).Body, `data-testid="move-1-down"`) {
		t.Fatalf("editor: items %v, want the default items with move buttons", before)
	}
	res := c.post(base+"/items/1/move", url.Values{"by": {"1"}})
	if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), base+"#item-2") {
		t.Fatalf("move down: Status=%d Location=%q, want 303 to the item's new place", res.Code, res.Header.Get("Location"))
	}
	after := namesOn(c.get(base).Body)
	if after[0] != before[1] || after[1] != before[0] || after[2] != before[2] {
		t.Errorf("after moving item 1 down: %v, want the first two swapped in %v", after[:3], before[:3])
	}
	if res := c.post(base+"/items/1/move", url.Values{"by": {"-1"}}); res.Code != http.StatusBadRequest {
		t.Errorf("move the first item up: Status=%d, want 400", res.Code)
	}

	freeze(t, e, e.A.TenantID, e.A.IDs["{questionnaireID}"])
	res = c.post(base+"/items/3/move", url.Values{"by": {"-1"}})
	next, _, _ := strings.Cut(res.Header.Get("Location"), "#")
	if res.Code != http.StatusSeeOther || next == base {
		t.Fatalf("move on a used version: Status=%d Location=%q, want 303 to the next version", res.Code, next)
	}
	if got := namesOn(c.get(next).Body); got[1] != after[2] || got[2] != after[1] {
		t.Errorf("next version: %v, want items 2 and 3 swapped in %v", got[:3], after[:3])
	}
	if old := namesOn(c.get(base).Body); old[1] != after[1] {
		t.Errorf("the used version changed: %v, want %v", old[:3], after[:3])
	}
}

// TestQuestionnaires_NewItemDepartment: the form that adds a CSI item picks the after-sales
// department, and the SSI one the sales department.
func TestQuestionnaires_NewItemDepartment(t *testing.T) {
	e := newEnv(t)
	c := e.login(e.A.Emails[auth.CSManager])
	depts, err := (&tenancy.Service{DB: e.DB.App}).Departments(context.Background(), e.A.TenantID, e.A.StoreID)
	testkit.Must(t, err)
	for _, sum := range overview(t, e) {
		if sum.StoreID != e.A.StoreID {
			continue
		}
		want := sum.Kind.HomeDepartment()
		page := c.get(fmt.Sprintf("/questionnaires/%d", sum.ID)).Body
		for _, d := range depts {
			selected := strings.Contains(page, fmt.Sprintf(`<option value="%d" selected>`, d.ID))
			if selected != (d.Kind == want) {
				t.Errorf("%s add form: department %s (%s) selected=%v, want %v", sum.Kind, d.Name, d.Kind, selected, d.Kind == want)
			}
		}
	}
}

// TestQuestionnaires_WorkTypes: a CSI item may be limited to some work types, shown as a badge;
// an SSI item may not, refused at the field in the user's language.
func TestQuestionnaires_WorkTypes(t *testing.T) {
	e := newEnv(t)
	base := path("/questionnaires/{questionnaireID}", e.A)
	c := e.loginSpeaking(e.A.Emails[auth.CSManager], "zh-CN")
	form := itemValues(questionnaire(t, e, e.A.IDs["{questionnaireID}"]).Items[0])
	form["work_types"] = []string{"repair", "body_paint"}
	if res := c.post(base+"/items/1", form); res.Code != http.StatusSeeOther {
		t.Fatalf("CSI work types: Status=%d, want 303", res.Code)
	}
	if page := c.get(base); !strings.Contains(page.Body, "仅限：维修、钣喷") {
		t.Errorf("the editor lacks the badge 仅限：维修、钣喷")
	}
	if got := questionnaire(t, e, e.A.IDs["{questionnaireID}"]).Items[0].WorkTypes; len(got) != 2 {
		t.Errorf("work types=%v, want repair and body_paint", got)
	}
	for _, sum := range overview(t, e) {
		if sum.StoreID == e.A.StoreID && sum.Kind == surveys.SSI {
			ssi := questionnaire(t, e, sum.ID)
			form := itemValues(ssi.Items[0])
			form["work_types"] = []string{"maintenance"}
			res := c.post(fmt.Sprintf("/questionnaires/%d/items/1", sum.ID), form)
			if want := `data-testid="error-work_types">` + catalog(t, "zh-CN").T("validation.work_types_csi") + "<"; res.Code != 422 || !strings.Contains(res.Body, want) {
				t.Errorf("SSI work types: Status=%d, want 422 with %q", res.Code, want)
			}
		}
	}
}

func overview(t *testing.T, e *env) []surveys.Summary {
	t.Helper()
	list, err := (&surveys.Service{DB: e.DB.App}).Overview(context.Background(), e.A.TenantID)
	testkit.Must(t, err)
	return list
}
