package followups_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/testkit"
)

// secondDueCall gives the call fixture a second after-sales survey due today, for a customer
// whose order closed an hour after the first one's, so that the worklist lists it second.
func secondDueCall(t *testing.T, c *callFixture) int64 {
	t.Helper()
	ctx := context.Background()
	closed := c.now.Add(-16*time.Hour + 30*time.Minute)
	_, err := (&orders.Service{DB: c.db.App}).Load(ctx, c.tenantID, c.storeID, orders.ServiceOrders, "import", []orders.Record{{
		OrderNo: "RO-2", CustomerName: "丁秀英", Phone: "13800000003", VIN: "LSVAG2180E2100003", WorkType: "repair",
		OpenedAt: closed.Add(-3 * time.Hour), ClosedAt: &closed}}, false)
	testkit.Must(t, err)
	_, err = c.svc.Generate(ctx, c.tenantID)
	testkit.Must(t, err)
	list := c.worklist(t, followups.WorkFilter{Tab: followups.DueToday, Kind: "csi", Limit: 5})
	if len(list.Items) != 2 || list.Items[0].ID != c.taskID {
		t.Fatalf("worklist=%+v, want the fixture's call, then the new one", list.Items)
	}
	return list.Items[1].ID
}

func (c *callFixture) worklist(t *testing.T, f followups.WorkFilter) followups.Worklist {
	t.Helper()
	list, err := c.svc.Worklist(context.Background(), c.tenantID, f)
	testkit.Must(t, err)
	return list
}

// ids lists the tasks of a worklist page in its order.
func ids(items []followups.WorkItem) []int64 {
	var out []int64
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

// TestWorklist_TriedTodayLast: a call tried today without reaching the customer is marked and
// listed after the calls not yet tried, on every page; the next day it is back in its place.
func TestWorklist_TriedTodayLast(t *testing.T) {
	c := newCallFixture(t)
	ctx := context.Background()
	second := secondDueCall(t, c)
	testkit.Must(t, c.svc.RecordAttempt(ctx, c.tenantID, c.agent, c.taskID, followups.Attempt{Outcome: followups.NoAnswer}))
	f := followups.WorkFilter{Tab: followups.DueToday, Kind: "csi", Limit: 5}
	list := c.worklist(t, f)
	if got := ids(list.Items); len(got) != 2 || got[0] != second || got[1] != c.taskID || list.Total != 2 {
		t.Fatalf("worklist %v (total %d), want [%d %d]: the untried call first", got, list.Total, second, c.taskID)
	}
	if list.Items[0].TriedToday || !list.Items[1].TriedToday {
		t.Errorf("tried today: %v, %v; want false, true", list.Items[0].TriedToday, list.Items[1].TriedToday)
	}
	for offset, want := range []int64{second, c.taskID} {
		page := c.worklist(t, followups.WorkFilter{Tab: followups.DueToday, Kind: "csi", Limit: 1, Offset: offset})
		if got := ids(page.Items); len(got) != 1 || got[0] != want {
			t.Errorf("page at offset %d: %v, want [%d]", offset, got, want)
		}
	}
	c.now = c.now.AddDate(0, 0, 1)
	if got := ids(c.worklist(t, f).Items); len(got) != 2 || got[0] != c.taskID {
		t.Errorf("the next day: %v, want the first call first again", got)
	}
}

// TestWorklist_Holder: the worklist names the agent who holds a call only while their claim
// lasts.
func TestWorklist_Holder(t *testing.T) {
	c := newCallFixture(t)
	testkit.Must(t, c.svc.Claim(context.Background(), c.tenantID, c.other, c.taskID))
	f := followups.WorkFilter{Tab: followups.DueToday, Limit: 5}
	if it := c.worklist(t, f).Items[0]; it.HolderID != c.other || it.HolderName != "a2@example.com" {
		t.Errorf("holder %d %q, want the other agent", it.HolderID, it.HolderName)
	}
	c.now = c.now.Add(followups.ClaimTimeout)
	if it := c.worklist(t, f).Items[0]; it.HolderID != 0 || it.HolderName != "" {
		t.Errorf("holder after the claim timed out: %d %q, want none", it.HolderID, it.HolderName)
	}
}

// TestNextCall: after a call, the next is the tab's first call that is not the one just done,
// not tried today, and not held by another agent while their claim lasts.
func TestNextCall(t *testing.T) {
	c := newCallFixture(t)
	ctx := context.Background()
	second := secondDueCall(t, c)
	f := followups.WorkFilter{Tab: followups.DueToday}
	next := func(agent, done int64) int64 {
		t.Helper()
		it, err := c.svc.NextCall(ctx, c.tenantID, agent, f, done)
		testkit.Must(t, err)
		if it == nil {
			return 0
		}
		return it.ID
	}
	if got := next(c.agent, c.taskID); got != second {
		t.Errorf("after the first call: next %d, want %d", got, second)
	}
	testkit.Must(t, c.svc.RecordAttempt(ctx, c.tenantID, c.agent, c.taskID, followups.Attempt{Outcome: followups.Busy}))
	if got := next(c.agent, second); got != 0 {
		t.Errorf("after the second call, the first tried today: next %d, want none", got)
	}
	testkit.Must(t, c.svc.Claim(ctx, c.tenantID, c.other, second))
	if got, own := next(c.agent, 0), next(c.other, 0); got != 0 || own != second {
		t.Errorf("a call another holds: next %d for the agent, %d for its holder; want 0, %d", got, own, second)
	}
	c.now = c.now.Add(followups.ClaimTimeout)
	if got := next(c.agent, 0); got != second {
		t.Errorf("after the claim timed out: next %d, want %d", got, second)
	}
}

// TestTask_WhatTheCallIsAbout: a task names its service order or delivery, the agent it is
// assigned to, and its holder until the claim times out.
func TestTask_WhatTheCallIsAbout(t *testing.T) {
	c := newCallFixture(t)
	ctx := context.Background()
	testkit.Must(t, c.svc.Assign(ctx, c.tenantID, c.taskID, 0))
	tv := c.task(t)
	if tv.ServiceOrderID == 0 || tv.DeliveryID != 0 || tv.AssignedName != "" || tv.Holder(c.now) != 0 {
		t.Errorf("after-sales call: order %d delivery %d assigned %q holder %d; want an order only",
			tv.ServiceOrderID, tv.DeliveryID, tv.AssignedName, tv.Holder(c.now))
	}
	testkit.Must(t, c.svc.Claim(ctx, c.tenantID, c.agent, c.taskID))
	if tv := c.task(t); tv.Holder(c.now) != c.agent || tv.Holder(c.now.Add(followups.ClaimTimeout)) != 0 {
		t.Errorf("holder %d, and %d after the timeout; want the agent, then none", tv.Holder(c.now), tv.Holder(c.now.Add(followups.ClaimTimeout)))
	}
	c.now = c.now.AddDate(0, 0, 1)
	list := c.worklist(t, followups.WorkFilter{Tab: followups.DueToday, Kind: "call", Limit: 5})
	if len(list.Items) != 1 || list.Items[0].Reason != followups.SalesCall {
		t.Fatalf("calls without a survey: %+v, want the sales call", list.Items)
	}
	sales, err := c.svc.Task(ctx, c.tenantID, list.Items[0].ID)
	testkit.Must(t, err)
	if sales.DeliveryID == 0 || sales.ServiceOrderID != 0 {
		t.Errorf("sales call: delivery %d order %d, want a delivery only", sales.DeliveryID, sales.ServiceOrderID)
	}
}

// TestWorklist_CountsKept: the tab counts are kept, not read again, until a notice says that a
// call of the store changed (or anything of the group did); a notice about another store's
// calls keeps them, and so does one of the store in another area.
func TestWorklist_CountsKept(t *testing.T) {
	c := newCallFixture(t)
	tr := changes.NewTracker()
	tr.Listening(true)
	c.svc.KeptCounts = changes.NewMemoIn[[]int](tr, changes.Tasks)
	f := followups.WorkFilter{Tab: followups.DueToday, Kind: "csi", Limit: 5}
	if n := c.worklist(t, f).Counts[followups.DueToday]; n != 1 {
		t.Fatalf("due=%d, want the fixture's call", n)
	}
	secondDueCall(t, c) // its own list shows the new call: the notices are not heard in this test
	for _, heard := range []string{"", fmt.Sprintf("%d/%d/other", c.tenantID, c.storeID), fmt.Sprintf("%d/%d/%s", c.tenantID, c.storeID+1, changes.Tasks)} {
		if heard != "" {
			tr.Notified(heard)
		}
		if list := c.worklist(t, f); list.Counts[followups.DueToday] != 1 || len(list.Items) != 2 {
			t.Errorf("after notice %q: due=%d with %d calls listed, want the count kept at 1 and the page read afresh",
				heard, list.Counts[followups.DueToday], len(list.Items))
		}
	}
	tr.Notified(fmt.Sprintf("%d/%d/%s", c.tenantID, c.storeID, changes.Tasks))
	if n := c.worklist(t, f).Counts[followups.DueToday]; n != 2 {
		t.Errorf("after the store's calls changed: due=%d, want 2", n)
	}
	c.now = c.now.AddDate(0, 0, 3) // another day counts afresh
	if n := c.worklist(t, f).Counts[followups.Overdue]; n != 2 {
		t.Errorf("three days on: overdue=%d, want 2", n)
	}
}
