package server_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/testkit"
)

// unstorable is text PostgreSQL refuses to store, by what is wrong with it.
var unstorable = map[string]string{"Nul": "a\x00b", "NotUTF8": "a\xffb"}

// languages are the interface languages, each test of what the user sees runs in.
var languages = []string{"zh-CN", "en"}

// loginSpeaking logs in as email with the interface in lang.
func (e *env) loginSpeaking(email, lang string) *client {
	e.t.Helper()
	c := e.login(email)
	if res := c.post("/locale", url.Values{"lang": {lang}, "return": {"/"}}); res.Code != http.StatusSeeOther {
		e.t.Fatalf("switch to %s: Status=%d, want 303", lang, res.Code)
	}
	return c
}

// TestText_QueryRefused: a search for text the database cannot store answers 422 with the page
// naming the parameter, in the user's language; other text, Chinese included, is searched.
func TestText_QueryRefused(t *testing.T) {
	e := newEnv(t)
	for _, lang := range languages {
		c, l := e.loginSpeaking(e.A.Emails[auth.Admin], lang), catalog(t, lang)
		for page, path := range map[string]string{"Customers": "/customers?page=1&q=", "Users": "/admin/users?q="} {
			for name, text := range unstorable {
				t.Run(lang+"/"+page+"/"+name, func(t *testing.T) {
					res := c.get(path + url.QueryEscape(text))
					if res.Code != http.StatusUnprocessableEntity {
						t.Fatalf("Status=%d, want 422; body %.300s", res.Code, res.Body)
					}
					for _, want := range []string{l.T("status.422.title"), html.EscapeString(l.T("validation.param_invalid", "Name", "q"))} {
						if !strings.Contains(res.Body, want) {
							t.Errorf("page lacks %q", want)
						}
					}
				})
			}
		}
		if res := c.get("/customers?q=" + url.QueryEscape("王")); res.Code != http.StatusOK {
			t.Errorf("%s: search for 王: Status=%d, want 200", lang, res.Code)
		}
	}
}

// TestText_FormRefused: a form with text the database cannot store comes back (422) with the
// message at the field, in the user's language, and nothing is saved.
func TestText_FormRefused(t *testing.T) {
	e := newEnv(t)
	forms := []struct {
		name, path, table string
		role              auth.Role
		form              url.Values
	}{
		{"Customer", "/customers", "customers", auth.Agent, url.Values{"phone": {"13800001111"}, "gender": {"female"},
			"contact_time": {"any"}, "consent": {"true"}}},
		{"Store", "/admin/stores", "stores", auth.Admin, url.Values{"time_zone": {"Asia/Shanghai"},
			"ssi_threshold": {"95"}, "csi_threshold": {"95"}}},
	}
	for _, f := range forms {
		before := countRows(t, e, e.A, f.table)
		for _, lang := range languages {
			c, l := e.loginSpeaking(e.A.Emails[f.role], lang), catalog(t, lang)
			for kind, text := range unstorable {
				t.Run(f.name+"/"+lang+"/"+kind, func(t *testing.T) {
					form := url.Values{"name": {text}}
					for k, v := range f.form {
						form[k] = v
					}
					res := c.post(f.path, form)
					if res.Code != http.StatusUnprocessableEntity {
						t.Fatalf("Status=%d, want 422; body %.300s", res.Code, res.Body)
					}
					want := `data-testid="error-name">` + html.EscapeString(l.T("validation.text_invalid")) + "<"
					if !strings.Contains(res.Body, want) {
						t.Errorf("page lacks the name's message %q", want)
					}
				})
			}
		}
		if after := countRows(t, e, e.A, f.table); after != before {
			t.Errorf("%s: rows=%d, want %d: a refused form was saved", f.table, after, before)
		}
	}
}

// TestText_AnswerRefused: the call screen's script saving a text answer the database cannot
// store gets 422 with the message in the agent's language, and no answer is saved.
func TestText_AnswerRefused(t *testing.T) {
	e := newEnv(t)
	ctx, taskID := context.Background(), e.A.IDs["{taskID}"]
	svc := &followups.Service{DB: e.DB.App, Now: e.now}
	testkit.Must(t, svc.RecordAttempt(ctx, e.A.TenantID, e.A.Users[auth.Agent], taskID, followups.Attempt{Outcome: followups.Reached}))
	sv, err := svc.SurveyOf(ctx, e.A.TenantID, taskID)
	testkit.Must(t, err)
	q, _, err := (&surveys.Service{DB: e.DB.App}).Get(ctx, e.A.TenantID, sv.QuestionnaireID)
	testkit.Must(t, err)
	field := ""
	for _, it := range q.Items {
		if it.Scale == surveys.Text {
			field = followups.ItemField(it.ID)
		}
	}
	if field == "" {
		t.Fatal("the fixture's questionnaire has no text question")
	}
	before := countRows(t, e, e.A, "survey_answers")
	for _, lang := range languages {
		c, l := e.loginSpeaking(e.A.Emails[auth.Agent], lang), catalog(t, lang)
		for kind, text := range unstorable {
			t.Run(lang+"/"+kind, func(t *testing.T) {
				res := c.post("/tasks/"+fmtID(taskID)+"/answers", url.Values{field: {text}}, "X-Autosave", "1")
				if res.Code != http.StatusUnprocessableEntity || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
					t.Fatalf("Status=%d Content-Type=%q, want 422 text/plain; body %.300s", res.Code, res.Header.Get("Content-Type"), res.Body)
				}
				if want := l.T("validation.text_invalid"); res.Body != want {
					t.Errorf("message=%q, want %q", res.Body, want)
				}
			})
		}
	}
	if after := countRows(t, e, e.A, "survey_answers"); after != before {
		t.Errorf("survey_answers=%d, want %d: a refused answer was saved", after, before)
	}
}

// TestText_FieldsReadOneByOne: the forms whose handlers read their fields one by one (the call
// script, the score tiers, the void of a survey) refuse text the database cannot store with
// 422 and the message in the user's language, and change nothing.
func TestText_FieldsReadOneByOne(t *testing.T) {
	e := newEnv(t)
	forms := []struct {
		name, path, table, want string
		form                    url.Values
	}{
		{"Script", fmt.Sprintf("/questionnaires/%d/script", e.A.IDs["{questionnaireID}"]), "script_sections",
			"validation.text_invalid", url.Values{"greeting_zh": {"您好\x00"}, "greeting_en": {"Hello"}}},
		{"Tiers", "/scores/tiers", "score_tiers", "validation.text_invalid",
			url.Values{"min_0": {"90"}, "zh_0": {"优秀\x00"}, "en_0": {"Excellent"}}},
		{"Void", fmt.Sprintf("/tasks/%d/void", e.A.IDs["{taskID}"]), "surveys", "status.422.title",
			url.Values{"reason": {"录入错误\xff"}}},
	}
	for _, f := range forms {
		before := tableFingerprint(t, e, f.table)
		for _, lang := range languages {
			c, l := e.loginSpeaking(e.A.Emails[auth.Admin], lang), catalog(t, lang)
			t.Run(f.name+"/"+lang, func(t *testing.T) {
				res := c.post(f.path, f.form)
				if res.Code != http.StatusUnprocessableEntity {
					t.Fatalf("Status=%d, want 422; body %.300s", res.Code, res.Body)
				}
				if want := html.EscapeString(l.T(f.want)); !strings.Contains(res.Body, want) {
					t.Errorf("page lacks %q", want)
				}
			})
		}
		if after := tableFingerprint(t, e, f.table); after != before {
			t.Errorf("%s changed: a refused form was saved", f.table)
		}
	}
}

// tableFingerprint is every row of a table of group A, in one string.
func tableFingerprint(t *testing.T, e *env, table string) string {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var s string
	testkit.Must(t, tx.QueryRow(ctx, `SELECT count(*) || ':' || coalesce(string_agg(x::text, '|' ORDER BY x::text), '')
		FROM `+table+` x WHERE tenant_id = $1`, e.A.TenantID).Scan(&s))
	return s
}

// TestText_CallNotesRefused: the notes of a try to reach the customer and the note of a
// completed call, holding text the database cannot store, bring the call screen back (422) with
// the message at the field, in the agent's language, and nothing is written.
func TestText_CallNotesRefused(t *testing.T) {
	e := newEnv(t)
	task := e.A.IDs["{taskID}"]
	reached := func() {
		svc := &followups.Service{DB: e.DB.App, Now: e.now}
		testkit.Must(t, svc.RecordAttempt(context.Background(), e.A.TenantID, e.A.Users[auth.Agent], task,
			followups.Attempt{Outcome: followups.Reached}))
	}
	forms := []struct {
		action, field, table string
		before               func()
	}{
		{"attempts", "notes", "call_attempts", func() {}},
		{"complete", "note", "complaints", reached}, // the survey's form shows once the customer is reached
	}
	for _, f := range forms {
		f.before()
		before := tableFingerprint(t, e, f.table)
		for _, lang := range languages {
			c, l := e.loginSpeaking(e.A.Emails[auth.Agent], lang), catalog(t, lang)
			t.Run(f.action+"/"+lang, func(t *testing.T) {
				res := c.post(fmt.Sprintf("/tasks/%d/%s", task, f.action), url.Values{
					"outcome": {string(followups.NoAnswer)}, "flagged": {"true"}, f.field: {"客户说\x00"}})
				if res.Code != http.StatusUnprocessableEntity {
					t.Fatalf("Status=%d, want 422; body %.300s", res.Code, res.Body)
				}
				want := `data-testid="error-` + f.field + `">` + html.EscapeString(l.T("validation.text_invalid")) + "<"
				if !strings.Contains(res.Body, want) {
					t.Errorf("page lacks the %s's message %q", f.field, want)
				}
			})
		}
		if after := tableFingerprint(t, e, f.table); after != before {
			t.Errorf("%s changed: a refused form was saved", f.table)
		}
	}
}
