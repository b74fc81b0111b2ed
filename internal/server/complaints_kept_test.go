package server_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/testkit"
)

// renameCustomer renames the customer of group g's seeded form past the application's writers,
// which announce what they write: unannounced, so a queue kept in memory keeps the old name.
func renameCustomer(t *testing.T, e *env, g group, name string) {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, g.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `UPDATE customers SET name = $3
		WHERE tenant_id = $1 AND id = (SELECT customer_id FROM complaints WHERE tenant_id = $1 AND id = $2)`,
		g.TenantID, g.IDs["{complaintID}"], name)
	testkit.Must(t, err)
	if tag.RowsAffected() != 1 {
		t.Fatalf("rename: %d customers renamed, want 1", tag.RowsAffected())
	}
	testkit.Must(t, tx.Commit(ctx))
}

// assignSeeded assigns group g's seeded grievance to its staff member through the service, as
// another process of the application would: only the database's notice tells this one.
func assignSeeded(t *testing.T, e *env, g group) {
	t.Helper()
	testkit.Must(t, complaintService(e).Act(context.Background(), g.TenantID, actorOf(g, auth.DeptManager), g.IDs["{complaintID}"],
		complaints.ActAssign, complaints.Input{HandlerID: g.Users[auth.Staff]}))
}

// eventually asks for the page until it holds want, for up to 5 s: a notice takes a moment.
func eventually(t *testing.T, c *client, page, want string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(c.get(page).Body, want); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: want %q within 5 s", page, want)
		}
	}
}

// TestComplaintQueues_KeptUntilAFormChanges: a person's queues are kept in memory, so a change
// written past the application stays unseen; a step on a form of another store leaves them
// kept; a step on a form of their own store, taken by another process, shows on the next page
// once its notice is heard, and a step they take themselves on the very next page.
func TestComplaintQueues_KeptUntilAFormChanges(t *testing.T) {
	e := newScopedEnv(t)
	manager, other := e.login(e.A.Emails[auth.DeptManager]), e.login(e.A2.Emails[auth.DeptManager])
	if page := manager.get("/complaints?tab=all"); !strings.Contains(page.Body, "黄蓉") || tabCount(page.Body, "to_assign") != "1" {
		t.Fatalf("queues: want the seeded grievance of 黄蓉 to assign; body %.400s", page.Body)
	}
	if n := tabCount(other.get("/complaints?tab=to_assign").Body, "to_assign"); n != "1" {
		t.Fatalf("the other store's queue: to_assign %q, want 1", n)
	}
	renameCustomer(t, e, e.A, "郭靖")
	if page := manager.get("/complaints?tab=all"); !strings.Contains(page.Body, "黄蓉") {
		t.Fatalf("queues after an unannounced change: want them kept, with 黄蓉")
	}
	assignSeeded(t, e, e.A2)
	eventually(t, other, "/complaints?tab=to_assign", `data-testid="no-complaints"`)
	if page := manager.get("/complaints?tab=all"); !strings.Contains(page.Body, "黄蓉") || tabCount(page.Body, "to_assign") != "1" {
		t.Fatalf("queues after a step in another store: want them kept, with 黄蓉 to assign")
	}
	assignSeeded(t, e, e.A)
	eventually(t, manager, "/complaints?tab=all", "郭靖")
	if n := tabCount(manager.get("/complaints?tab=all").Body, "to_assign"); n != "0" {
		t.Errorf("queues after the step: to_assign %q, want 0", n)
	}
	staff := e.login(e.A.Emails[auth.Staff])
	if n := tabCount(staff.get("/complaints").Body, "mine"); n != "1" {
		t.Fatalf("staff's queue: mine %q, want 1", n)
	}
	form := path("/complaints/{complaintID}", e.A)
	if res := staff.post(form+"/contact", url.Values{"from": {"assigned"}, "note": {"已致电"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("contact: Status=%d, want 303; body %.300s", res.Code, res.Body)
	}
	if page := staff.get("/complaints?tab=mine"); !strings.Contains(page.Body, "Customer contacted") {
		t.Errorf("staff's queue right after their step: want the form contacted; body %.400s", page.Body)
	}
}

// TestComplaintQueues_OverdueBoundary: the kept queues hold until the clock reaches the next
// deadline of a form they follow, and not a moment longer: then the form counts as overdue
// without any change to it.
func TestComplaintQueues_OverdueBoundary(t *testing.T) {
	e := newEnv(t)
	c, err := complaintService(e).Get(context.Background(), e.A.TenantID, e.A.IDs["{complaintID}"])
	testkit.Must(t, err)
	i := slices.IndexFunc(c.Steps, func(s complaints.StepState) bool { return s.Step == complaints.Assign })
	if i < 0 {
		t.Fatalf("the seeded grievance has no deadline to assign it")
	}
	due := c.Steps[i].DueAt
	manager := e.login(e.A.Emails[auth.DeptManager])
	for _, tab := range []string{"overdue", "all"} {
		if n := tabCount(manager.get("/complaints?tab="+tab).Body, "overdue"); n != "0" {
			t.Fatalf("overdue before the deadline: %q, want 0", n)
		}
	}
	renameCustomer(t, e, e.A, "郭靖")
	e.clock = due.Add(-time.Minute)
	manager = e.login(e.A.Emails[auth.DeptManager]) // the deadline may lie past the session's idle time
	if page := manager.get("/complaints?tab=overdue"); tabCount(page.Body, "overdue") != "0" || !strings.Contains(page.Body, `data-testid="no-complaints"`) {
		t.Errorf("a minute before the deadline: want nothing overdue")
	}
	if page := manager.get("/complaints?tab=all"); !strings.Contains(page.Body, "黄蓉") {
		t.Errorf("a minute before the deadline: want the queues kept, with 黄蓉")
	}
	e.clock = due.Add(time.Second)
	page := manager.get("/complaints?tab=overdue")
	if tabCount(page.Body, "overdue") != "1" || !strings.Contains(page.Body, "郭靖") {
		t.Errorf("a second past the deadline: want the form of 郭靖 overdue; body %.400s", page.Body)
	}
}

// TestComplaintQueues_KeptPerPerson: people of different reach are never shown each other's
// kept queues: each general manager sees the forms of their own store, before and after their
// queues are kept, and the group's administrator those of both.
func TestComplaintQueues_KeptPerPerson(t *testing.T) {
	e := newScopedEnv(t)
	a, a2 := fmtID(e.A.IDs["{complaintID}"]), fmtID(e.A2.IDs["{complaintID}"])
	for range 2 {
		for _, p := range []struct {
			email string
			want  []string
		}{{e.A.Emails[auth.GM], []string{a}}, {e.A2.Emails[auth.GM], []string{a2}}, {e.A.Emails[auth.Admin], []string{a, a2}}} {
			var got []string
			for _, m := range complaintLink.FindAllStringSubmatch(e.login(p.email).get("/complaints?tab=all").Body, -1) {
				got = append(got, m[1])
			}
			slices.Sort(got)
			if !slices.Equal(got, p.want) {
				t.Errorf("%s sees forms %v, want %v", p.email, got, p.want)
			}
		}
	}
}
