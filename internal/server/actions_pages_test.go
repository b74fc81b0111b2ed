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

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestActions_MyActionsAtHome: the owner's start page lists their open action, marked overdue
// once its due date has passed, with counts leading to the list of their actions; a person
// owning none sees no such section.
func TestActions_MyActionsAtHome(t *testing.T) {
	e := newEnv(t)
	owner := e.login(e.A.Emails[auth.Staff])
	body := owner.get("/").Body
	mine := fmt.Sprintf(`href="/actions?owner=%d&amp;state=open"`, e.A.Users[auth.Staff])
	for _, want := range []string{`data-testid="home-actions"`, "交车流程讲解不充分 a", mine} {
		if !strings.Contains(body, want) {
			t.Errorf("the owner's home lacks %q", want)
		}
	}
	if strings.Contains(body, `data-testid="action-overdue"`) {
		t.Errorf("an action due in ten days is marked overdue")
	}
	testkit.Must(t, e.DB.App.InTenantTx(context.Background(), e.A.TenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `UPDATE improvement_actions SET due_on = current_date - 2 WHERE tenant_id = $1`, e.A.TenantID)
		return err
	}))
	body = owner.get("/").Body
	if !strings.Contains(body, `data-testid="action-overdue"`) || !strings.Contains(between(body, `data-testid="count-actions-overdue"`, "</a>"), ">1<") {
		t.Errorf("the overdue action is not marked on the owner's home")
	}
	if strings.Contains(e.login(e.A.Emails[auth.GM]).get("/").Body, `data-testid="home-actions"`) {
		t.Errorf("the GM, who owns no action, has a my-actions section")
	}
}

// TestActions_FromComplaintCategory: the month's complaint statistics offer, per category, to
// open an improvement action from it, which the form names.
func TestActions_FromComplaintCategory(t *testing.T) {
	e := newEnv(t)
	c := e.login(e.A.Emails[auth.CSManager])
	m := regexp.MustCompile(`href="(/actions/new\?[^"]*)" data-testid="open-action"`).FindStringSubmatch(c.get("/complaints/stats").Body)
	if m == nil {
		t.Fatalf("the statistics offer no action from a category")
	}
	link := html.UnescapeString(m[1])
	q, _ := url.ParseQuery(strings.TrimPrefix(link, "/actions/new?"))
	if q.Get("source") != "complaint" || q.Get("store") != fmt.Sprint(e.A.StoreID) || q.Get("category") == "" || q.Get("month") == "" {
		t.Errorf("link=%q, want the store, the category and the month", link)
	}
	res := c.get(link)
	if res.Code != http.StatusOK || !strings.Contains(res.Body, "Complaints about “Staff attitude”") ||
		!strings.Contains(res.Body, `href="/complaints/stats?month=`) {
		t.Errorf("the form from the category: Status=%d, want the category named and linked", res.Code)
	}
}

// TestActions_StoreAsksForWeeks: the administrator asks a store for actions of weeks below the
// line too; the store's page says so.
func TestActions_StoreAsksForWeeks(t *testing.T) {
	e := newEnv(t)
	admin := e.login(e.A.Emails[auth.Admin])
	page := fmt.Sprintf("/admin/stores/%d", e.A.StoreID)
	form := url.Values{"name": {"Store a"}, "time_zone": {"Asia/Shanghai"}, "ssi_threshold": {"95"}, "csi_threshold": {"95"},
		"min_sample": {"5"}, "action_week": {"true"}}
	if res := admin.post(page, form); res.Code != http.StatusSeeOther {
		t.Fatalf("save: Status=%d, want 303", res.Code)
	}
	if body := admin.get(page).Body; !strings.Contains(body, `data-testid="action-periods">months, weeks<`) {
		t.Errorf("the store's page does not say weeks open actions too")
	}
	if body := admin.get(page + "/edit").Body; !strings.Contains(body, `name="action_week" value="true" checked`) {
		t.Errorf("the form does not show weeks chosen")
	}
	form.Del("action_week")
	admin.post(page, form)
	if body := admin.get(page).Body; !strings.Contains(body, `data-testid="action-periods">months<`) {
		t.Errorf("after unchecking: want months alone")
	}
}
