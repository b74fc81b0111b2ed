package server_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/links"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/testkit"
)

func init() {
	maps.Copy(routeExpectations, map[string]expect{
		"GET /s/thanks":               everyone(200),
		"GET /s/unsubscribed":         everyone(200),
		"GET /s/{token}":              everyone(404),
		"POST /s/{token}":             everyone(404),
		"GET /s/{token}/unsubscribe":  everyone(404),
		"POST /s/{token}/unsubscribe": everyone(404),
	})
	groupWide["GET /s/thanks"] = true
	groupWide["GET /s/unsubscribed"] = true
}

// surveyLink is a survey link sent to a customer of a group: its token, its task, and the
// questions its page asks.
type surveyLink struct {
	Token  string
	TaskID int64
	Items  []surveys.Item
}

// Path is the link's page, in lang when one is given.
func (l surveyLink) Path(lang string) string {
	if lang == "" {
		return "/s/" + l.Token
	}
	return "/s/" + l.Token + "?lang=" + lang
}

// tokenInMessage finds a link's token in the text of its message.
var tokenInMessage = regexp.MustCompile(`/s/([A-Za-z0-9_-]{43})`)

// sendSurveyLink gives g's store customer number n, speaking lang, whose car left the workshop
// two days ago; generation makes the after-sales survey call due for it, which g's agent sends
// as a link by text message. The token is read from the message in the outbox.
func sendSurveyLink(t *testing.T, e *env, g group, n int, lang string) surveyLink {
	t.Helper()
	ctx := context.Background()
	closed := e.now().Add(-48 * time.Hour)
	phone := fmt.Sprintf("1390000%04d", n)
	rec := orders.Record{OrderNo: fmt.Sprintf("RO-LINK-%d", n), CustomerName: fmt.Sprintf("客户%d", n), Phone: phone,
		VIN: fmt.Sprintf("LBV5S1102NSL%05d", n), Brand: "宝马", Model: "X3", WorkType: "repair", Advisor: "孙亮",
		OpenedAt: closed.Add(-6 * time.Hour), ClosedAt: &closed}
	_, err := (&orders.Service{DB: e.DB.App}).Load(ctx, g.TenantID, g.StoreID, orders.ServiceOrders, "import", []orders.Record{rec}, false)
	testkit.Must(t, err)
	inTenant(t, e, g.TenantID, `UPDATE customers SET language = $2 WHERE tenant_id = $1 AND phone = '`+phone+`'`, lang)
	fs := &followups.Service{DB: e.DB.App, Now: e.now, Cooldown: followups.DefaultCooldown}
	_, err = fs.Generate(ctx, g.TenantID)
	testkit.Must(t, err)
	list, err := fs.Worklist(ctx, g.TenantID, followups.WorkFilter{Tab: followups.DueToday, Limit: 100})
	testkit.Must(t, err)
	var l surveyLink
	for _, it := range list.Items {
		if it.CustomerName == rec.CustomerName && it.Reason == followups.ServiceSurvey {
			l.TaskID = it.ID
		}
	}
	if l.TaskID == 0 {
		t.Fatalf("no after-sales survey due for %s", rec.CustomerName)
	}
	bundle, err := i18n.New()
	testkit.Must(t, err)
	ls := &links.Service{DB: e.DB.App, Now: e.now, Bundle: bundle, Followups: fs, Cooldown: followups.DefaultCooldown}
	testkit.Must(t, ls.Send(ctx, g.TenantID, g.Users[auth.Agent], l.TaskID, followups.BySMS))
	var body string
	testkit.Must(t, e.DB.App.InTenantTx(ctx, g.TenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT body FROM outbox WHERE tenant_id = $1 AND recipient = $2 ORDER BY id DESC LIMIT 1`,
			g.TenantID, phone).Scan(&body)
	}))
	m := tokenInMessage.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("message %q holds no link", body)
	}
	l.Token = m[1]
	sv, err := ls.Open(ctx, "198.51.100.1", l.Token)
	testkit.Must(t, err)
	l.Items = sv.Items
	return l
}

// inTenant runs a statement in the tenant, for the facts a test sets up.
func inTenant(t *testing.T, e *env, tenantID int64, sql string, args ...any) {
	t.Helper()
	ctx := context.Background()
	testkit.Must(t, e.DB.App.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, sql, append([]any{tenantID}, args...)...)
		return err
	}))
}

// answersTo answers every question the best it can be; the words of a text question are left out.
func answersTo(items []surveys.Item) url.Values {
	form := url.Values{}
	for _, it := range items {
		if v, ok := map[surveys.Scale]string{surveys.Five: "5", surveys.Ten: "10", surveys.YesNo: "1"}[it.Scale]; ok {
			form.Set(followups.ItemField(it.ID), v)
		}
	}
	return form
}

// firstOf is the first question on scale sc.
func firstOf(t *testing.T, items []surveys.Item, sc surveys.Scale) surveys.Item {
	t.Helper()
	for _, it := range items {
		if it.Scale == sc {
			return it
		}
	}
	t.Fatalf("no question on the scale %s", sc)
	return surveys.Item{}
}

// customer is a client from its own address, as the customer's phone is.
func (e *env) customer(addr string) *customerClient {
	return &customerClient{c: e.client(), addr: addr}
}

// customerClient asks the pages of survey links from one address (X-Forwarded-For, which the
// harness's proxy range is trusted to set).
type customerClient struct {
	c    *client
	addr string
}

func (cc *customerClient) get(path string, header ...string) response {
	cc.c.e.t.Helper()
	return cc.c.get(path, append(header, "X-Forwarded-For", cc.addr)...)
}

func (cc *customerClient) post(path string, form url.Values, header ...string) response {
	cc.c.e.t.Helper()
	return cc.c.post(path, form, append(header, "X-Forwarded-For", cc.addr)...)
}

// wantGone checks that a link's page is the one page of a link no longer open, in Chinese.
func wantGone(t *testing.T, res response, what string) {
	t.Helper()
	if res.Code != http.StatusNotFound || !strings.Contains(res.Body, "此问卷链接已不再开放") {
		t.Errorf("%s: Status=%d, want 404 with the page of a link no longer open; body: %.300s", what, res.Code, res.Body)
	}
}

// TestSurveyLink_Page: the customer opens the link without logging in and sees the store, the
// questions in the link's language (or the one they switch to), and no way into the
// application; no cookie is set.
func TestSurveyLink_Page(t *testing.T) {
	e := newEnv(t)
	l := sendSurveyLink(t, e, e.A, 1, "en")
	cc := e.customer("198.51.100.10")
	res := cc.get(l.Path(""), "Accept-Language", "en-GB,en;q=0.9")
	if res.Code != http.StatusOK {
		t.Fatalf("Status=%d, want 200; body: %.300s", res.Code, res.Body)
	}
	if !strings.HasPrefix(strings.ToLower(res.Body), "<!doctype html>") {
		t.Errorf("page starts %.20q, want <!doctype html>", res.Body)
	}
	mandatory := firstMandatory(t, l.Items)
	for _, want := range []string{`data-testid="link-store">Store a<`, html.EscapeString(mandatory.TextEN), "Required", "Submit",
		`href="/s/` + l.Token + `/unsubscribe?lang=en"`, `data-testid="link-lang-zh"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, bad := range []string{`href="/login"`, `data-testid="nav"`, `action="/logout"`, "客户1", "13900000001"} {
		if strings.Contains(res.Body, bad) {
			t.Errorf("page shows %q, want no way into the application and no customer data", bad)
		}
	}
	if c := res.Header.Get("Set-Cookie"); c != "" {
		t.Errorf("Set-Cookie=%q, want none", c)
	}
	if res.Header.Get("Content-Security-Policy") == "" || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("headers %v, want the security headers and no-store", res.Header)
	}
	if zh := cc.get(l.Path("zh-CN")); !strings.Contains(zh.Body, html.EscapeString(mandatory.TextZH)) || !strings.Contains(zh.Body, "必答") {
		t.Errorf("?lang=zh-CN: the questions are not in Chinese")
	}
}

func firstMandatory(t *testing.T, items []surveys.Item) surveys.Item {
	t.Helper()
	for _, it := range items {
		if it.Mandatory {
			return it
		}
	}
	t.Fatal("no mandatory question")
	return surveys.Item{}
}

// TestSurveyLink_Gone: an unknown token, and the links expired, submitted and unsubscribed, all
// get the same page with 404, on every route of a link.
func TestSurveyLink_Gone(t *testing.T) {
	e := newEnv(t)
	done, unsubscribed, expired := sendSurveyLink(t, e, e.A, 1, "zh-CN"), sendSurveyLink(t, e, e.A, 2, "zh-CN"), sendSurveyLink(t, e, e.A, 3, "zh-CN")
	cc := e.customer("198.51.100.20")
	complete := answersTo(done.Items)
	complete.Set("complete", "1")
	if res := cc.post(done.Path(""), complete); res.Code != http.StatusSeeOther {
		t.Fatalf("complete: Status=%d, want 303; body: %.500s", res.Code, res.Body)
	}
	if res := cc.post("/s/"+unsubscribed.Token+"/unsubscribe", nil); res.Code != http.StatusSeeOther {
		t.Fatalf("unsubscribe: Status=%d, want 303", res.Code)
	}
	e.advance(8 * 24 * time.Hour) // the store's links stay open 7 days
	var pages []string
	for name, token := range map[string]string{"unknown": randomToken(), "submitted": done.Token,
		"unsubscribed": unsubscribed.Token, "expired": expired.Token} {
		for _, route := range []string{"GET /s/%s", "POST /s/%s", "GET /s/%s/unsubscribe", "POST /s/%s/unsubscribe"} {
			method, p, _ := strings.Cut(fmt.Sprintf(route, token), " ")
			var res response
			if method == http.MethodPost {
				res = cc.post(p, answersTo(expired.Items))
			} else {
				res = cc.get(p)
			}
			wantGone(t, res, name+" "+route)
			pages = append(pages, strings.ReplaceAll(strings.ReplaceAll(res.Body, token, "TOKEN"), "/unsubscribe", ""))
		}
	}
	for _, p := range pages[1:] {
		if p != pages[0] {
			t.Errorf("the pages of links no longer open differ:\n%s\n%s", pages[0], p)
			break
		}
	}
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// TestSurveyLink_Answers: answers saved one by one as given (the page's script) and by the
// save button come back when the customer returns; an answer off the scale is refused at its
// question in the page's language, and so is text the database cannot store; submitting with a mandatory question unanswered marks it;
// the complete survey is thanked for and the link closes.
func TestSurveyLink_Answers(t *testing.T) {
	e := newEnv(t)
	l := sendSurveyLink(t, e, e.A, 1, "zh-CN")
	cc := e.customer("198.51.100.30")
	five := firstOf(t, l.Items, surveys.Five)
	field := followups.ItemField(five.ID)
	t.Run("OffScale", func(t *testing.T) {
		for lang, want := range map[string]string{"zh-CN": "请选择所列的答案。", "en": "Choose one of the answers offered."} {
			res := cc.post(l.Path(lang), url.Values{field: {"7"}})
			if res.Code != http.StatusUnprocessableEntity || !strings.Contains(errorAt(res.Body, field), want) {
				t.Errorf("%s: Status=%d, error at the question %q, want 422 with %q", lang, res.Code, errorAt(res.Body, field), want)
			}
			res = cc.post(l.Path(lang), url.Values{field: {"x"}}, "X-Autosave", "1")
			if res.Code != http.StatusUnprocessableEntity || res.Body != want {
				t.Errorf("%s, as given: Status=%d, body %q, want 422 with %q", lang, res.Code, res.Body, want)
			}
		}
	})
	t.Run("Unstorable", func(t *testing.T) {
		words := followups.ItemField(firstOf(t, l.Items, surveys.Text).ID)
		res := cc.post(l.Path("en"), url.Values{words: {"good\x00"}})
		if res.Code != http.StatusUnprocessableEntity || errorAt(res.Body, words) == "" {
			t.Errorf("Status=%d, error at the question %q, want 422 with a message", res.Code, errorAt(res.Body, words))
		}
	})
	t.Run("MandatoryMissing", func(t *testing.T) {
		mandatory := firstMandatory(t, l.Items)
		form := answersTo(l.Items)
		form.Del(followups.ItemField(mandatory.ID))
		form.Set("complete", "1")
		res := cc.post(l.Path(""), form)
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(errorAt(res.Body, followups.ItemField(mandatory.ID)), "此题必须回答。") {
			t.Errorf("Status=%d, error %q, want 422 with the question marked", res.Code, errorAt(res.Body, followups.ItemField(mandatory.ID)))
		}
	})
	t.Run("Partial", func(t *testing.T) {
		if res := cc.post(l.Path(""), url.Values{field: {"4"}}, "X-Autosave", "1"); res.Code != http.StatusNoContent {
			t.Fatalf("as given: Status=%d, want 204; body: %.300s", res.Code, res.Body)
		}
		yesNo := firstOf(t, l.Items, surveys.YesNo)
		res := cc.post(l.Path("en"), url.Values{followups.ItemField(yesNo.ID): {"0"}})
		if res.Code != http.StatusSeeOther || res.Header.Get("Location") != l.Path("en")+"&saved=1" {
			t.Fatalf("save: Status=%d, Location=%q, want 303 to the page saved", res.Code, res.Header.Get("Location"))
		}
		back := cc.get(res.Header.Get("Location"))
		for _, want := range []string{checked(field, "4"), checked(followups.ItemField(yesNo.ID), "0"), "Your answers are saved."} {
			if !strings.Contains(back.Body, want) {
				t.Errorf("coming back: page lacks %q", want)
			}
		}
	})
	t.Run("Complete", func(t *testing.T) {
		form := answersTo(l.Items)
		form.Set("complete", "1")
		res := cc.post(l.Path(""), form)
		if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/s/thanks?lang=zh-CN" {
			t.Fatalf("Status=%d, Location=%q, want 303 to the thanks", res.Code, res.Header.Get("Location"))
		}
		if thanks := cc.get(res.Header.Get("Location")); thanks.Code != http.StatusOK || !strings.Contains(thanks.Body, "感谢您的反馈") {
			t.Errorf("thanks: Status=%d, want 200 with the thanks", thanks.Code)
		}
		var status, channel string
		testkit.Must(t, e.DB.App.InTenantTx(context.Background(), e.A.TenantID, func(tx pgx.Tx) error {
			return tx.QueryRow(context.Background(), `SELECT status, channel FROM surveys WHERE tenant_id = $1 AND task_id = $2`,
				e.A.TenantID, l.TaskID).Scan(&status, &channel)
		}))
		if status != "completed" || channel != "sms" {
			t.Errorf("survey %s by %s, want completed by sms", status, channel)
		}
		wantGone(t, cc.get(l.Path("")), "the link once submitted")
	})
}

// errorAt is the message shown at a question.
func errorAt(body, field string) string {
	m := regexp.MustCompile(`data-testid="error-` + field + `">([^<]*)<`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(m[1])
}

// checked is how a chosen answer reads in the page.
func checked(field, value string) string {
	return `name="` + field + `" value="` + value + `" checked`
}

// TestSurveyLink_Unsubscribe: the customer confirms and is not to be contacted again, with the
// reason 客户退订; the link closes.
func TestSurveyLink_Unsubscribe(t *testing.T) {
	e := newEnv(t)
	l := sendSurveyLink(t, e, e.A, 1, "en")
	cc := e.customer("198.51.100.40")
	confirm := cc.get("/s/" + l.Token + "/unsubscribe")
	if confirm.Code != http.StatusOK || !strings.Contains(confirm.Body, "Store a will not contact you again") {
		t.Fatalf("confirm: Status=%d, want 200 naming the store; body: %.300s", confirm.Code, confirm.Body)
	}
	res := cc.post("/s/"+l.Token+"/unsubscribe?lang=en", nil)
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/s/unsubscribed?lang=en" {
		t.Fatalf("Status=%d, Location=%q, want 303 to the page unsubscribed", res.Code, res.Header.Get("Location"))
	}
	if done := cc.get(res.Header.Get("Location")); !strings.Contains(done.Body, "You will not be contacted again") {
		t.Errorf("unsubscribed page: %.300s", done.Body)
	}
	var dnc bool
	var reason string
	testkit.Must(t, e.DB.App.InTenantTx(context.Background(), e.A.TenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(context.Background(), `SELECT do_not_contact, dnc_reason FROM customers WHERE tenant_id = $1 AND phone = '13900000001'`,
			e.A.TenantID).Scan(&dnc, &reason)
	}))
	if !dnc || reason != "unsubscribed" {
		t.Errorf("do_not_contact=%v reason=%q, want true, unsubscribed", dnc, reason)
	}
	wantGone(t, cc.get(l.Path("")), "the link once unsubscribed")
}

// TestSurveyLink_Guessing: an address that guessed too many tokens is refused with 429, even
// with a good link, while the customer's own address still opens it.
func TestSurveyLink_Guessing(t *testing.T) {
	e := newEnv(t)
	l := sendSurveyLink(t, e, e.A, 1, "zh-CN")
	guesser := e.customer("203.0.113.9")
	for range links.GuessLimit {
		wantGone(t, guesser.get("/s/"+randomToken()), "a guess")
	}
	for _, p := range []string{"/s/" + randomToken(), l.Path("")} {
		if res := guesser.get(p); res.Code != http.StatusTooManyRequests || !strings.Contains(res.Body, "请稍后再试") {
			t.Errorf("%s after %d guesses: Status=%d, want 429 with the friendly text", p, links.GuessLimit, res.Code)
		}
	}
	if res := e.customer("198.51.100.50").get(l.Path("")); res.Code != http.StatusOK {
		t.Errorf("the customer's own address: Status=%d, want 200", res.Code)
	}
}

// TestSurveyLink_Groups: a link of group A shows A's store and writes A's survey only; what it
// sends of group B's questions is not taken, and B's link shows B's store.
func TestSurveyLink_Groups(t *testing.T) {
	e := newEnv(t)
	a, b := sendSurveyLink(t, e, e.A, 1, "en"), sendSurveyLink(t, e, e.B, 1, "en")
	cc := e.customer("198.51.100.60")
	for _, c := range []struct {
		l          surveyLink
		own, other string
	}{{a, "Store a", "Store b"}, {b, "Store b", "Store a"}} {
		res := cc.get(c.l.Path(""))
		if !strings.Contains(res.Body, `data-testid="link-store">`+c.own+`<`) || strings.Contains(res.Body, c.other) {
			t.Errorf("link of %s: the page does not show its own store alone", c.own)
		}
	}
	if res := cc.post(a.Path(""), answersTo(b.Items), "X-Autosave", "1"); res.Code != http.StatusNoContent {
		t.Fatalf("B's questions by A's link: Status=%d, want 204 (nothing taken)", res.Code)
	}
	for _, g := range []group{e.A, e.B} {
		var n int
		testkit.Must(t, e.DB.App.InTenantTx(context.Background(), g.TenantID, func(tx pgx.Tx) error {
			return tx.QueryRow(context.Background(), `SELECT count(*) FROM survey_answers WHERE tenant_id = $1`, g.TenantID).Scan(&n)
		}))
		if n != 0 {
			t.Errorf("group %s: %d answers, want none", g.Prefix, n)
		}
	}
}

// TestSurveyLink_Outage: while the database is away the link's page answers 503 with
// Retry-After and its own friendly text, in the browser's language since the link's is not
// known then, and opens again once the database is back.
func TestSurveyLink_Outage(t *testing.T) {
	e, proxy := newOutageEnv(t)
	l := sendSurveyLink(t, e, e.A, 1, "en")
	cc := e.customer("198.51.100.70")
	proxy.Cut()
	res := cc.get(l.Path(""), "Accept-Language", "en-GB,en;q=0.9")
	if res.Code != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" ||
		!strings.Contains(res.Body, "The survey cannot be opened just now") {
		t.Errorf("Status=%d, Retry-After=%q, want 503 with the link's own page; body: %.300s", res.Code, res.Header.Get("Retry-After"), res.Body)
	}
	proxy.Restore()
	if res := untilUp(func() response { return cc.get(l.Path("")) }); res.Code != http.StatusOK {
		t.Errorf("after the outage: Status=%d, want 200", res.Code)
	}
}
