package notify_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/testkit"
)

func TestParseCursor(t *testing.T) {
	at := time.Date(2026, 12, 6, 9, 30, 0, 123456000, time.UTC)
	tests := []struct {
		in   string
		want notify.Cursor
	}{
		{"u" + strconv.FormatInt(at.UnixMicro(), 10) + "-12", notify.Cursor{At: at, ID: 12}},
		{"r" + strconv.FormatInt(at.UnixMicro(), 10) + "-5", notify.Cursor{Read: true, At: at, ID: 5}},
		{"", notify.Cursor{}},
		{"u12", notify.Cursor{}},
		{"x1-12", notify.Cursor{}},
		{"u1-0", notify.Cursor{}},
		{"u-3-4", notify.Cursor{}},
		{"r1e3-4", notify.Cursor{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := notify.ParseCursor(tt.in)
			if got.Read != tt.want.Read || got.ID != tt.want.ID || !got.At.Equal(tt.want.At) {
				t.Fatalf("ParseCursor(%q)=%+v, want %+v", tt.in, got, tt.want)
			}
			if got.ID != 0 && got.String() != tt.in {
				t.Errorf("String=%q, want %q", got.String(), tt.in)
			}
		})
	}
}

// ids lists the ids of a page's notifications.
func ids(p notify.Page) []int64 {
	out := make([]int64, len(p.Items))
	for i, n := range p.Items {
		out[i] = n.ID
	}
	return out
}

// TestInbox_Page: five notices, the two oldest read; pages of two list the unread ones newest
// first, then the read ones, each exactly once; marking read up to a notice leaves newer ones
// unread.
func TestInbox_Page(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	in := &notify.Inbox{DB: f.db.App}
	for id := range 5 {
		testkit.Must(t, f.send(t, f.svc, notify.Notice{Message: "notice.to_approve", Args: map[string]any{"ID": id}}, f.wang))
	}
	all, err := in.Page(ctx, f.tenantID, f.wang, notify.Cursor{}, 100)
	testkit.Must(t, err)
	n := ids(all) // newest first
	if len(n) != 5 || all.NewestUnread != n[0] || all.Next.ID != 0 {
		t.Fatalf("Page=%v newest unread %d next %+v, want 5 notices, the first the newest unread, no next page", n, all.NewestUnread, all.Next)
	}
	testkit.Must(t, in.MarkAllRead(ctx, f.tenantID, f.wang, n[3], time.Now()))

	var walked []int64
	var reads []bool
	pages := 0
	for after := (notify.Cursor{}); ; pages++ {
		p, err := in.Page(ctx, f.tenantID, f.wang, after, 2)
		testkit.Must(t, err)
		if p.NewestUnread != n[0] {
			t.Errorf("page %d: NewestUnread=%d, want %d", pages, p.NewestUnread, n[0])
		}
		walked = append(walked, ids(p)...)
		for _, it := range p.Items {
			reads = append(reads, it.Read)
		}
		if after = p.Next; after.ID == 0 {
			break
		}
	}
	if want := []int64{n[0], n[1], n[2], n[3], n[4]}; !slices.Equal(walked, want) || pages != 2 {
		t.Errorf("walked=%v in %d pages, want %v in 3 pages of 2", walked, pages+1, want)
	}
	if want := []bool{false, false, false, true, true}; !slices.Equal(reads, want) {
		t.Errorf("read marks=%v, want %v (unread first)", reads, want)
	}

	testkit.Must(t, in.MarkAllRead(ctx, f.tenantID, f.wang, n[1], time.Now()))
	if got, err := in.Unread(ctx, f.tenantID, f.wang); err != nil || got != 1 {
		t.Errorf("Unread after marking up to the second newest=%d, %v, want 1 (the newest), nil", got, err)
	}
	for _, who := range []struct {
		name             string
		tenantID, userID int64
	}{{"another user", f.tenantID, f.smith}, {"another group", f.otherTenant, f.wang}} {
		p, err := in.Page(ctx, who.tenantID, who.userID, notify.Cursor{}, 10)
		if err != nil || len(p.Items) != 0 || p.NewestUnread != 0 {
			t.Errorf("%s: Page=%v newest unread %d, %v; want nothing", who.name, ids(p), p.NewestUnread, err)
		}
	}
}

// TestInbox_UnreadCap: the count stops one past the cap, however many are unread.
func TestInbox_UnreadCap(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	for range notify.UnreadCap + 5 {
		testkit.Must(t, f.svc.Send(ctx, tx, f.tenantID, overdue, f.smith))
	}
	testkit.Must(t, tx.Commit(ctx))
	in := &notify.Inbox{DB: f.db.App}
	if n, err := in.Unread(ctx, f.tenantID, f.smith); err != nil || n != notify.UnreadCap+1 {
		t.Errorf("Unread=%d, %v, want %d, nil", n, err, notify.UnreadCap+1)
	}
	p, err := in.Page(ctx, f.tenantID, f.smith, notify.Cursor{}, 20)
	if err != nil || len(p.Items) != 20 || p.Next.ID != p.Items[19].ID || !p.Next.At.Equal(p.Items[19].CreatedAt) || p.Next.Read {
		t.Errorf("Page: %d items next %+v, %v; want 20 and the 20th, unread, next", len(p.Items), p.Next, err)
	}
}

// TestInbox_PageByTime: a notice given earlier (a step that fell due while the page was away)
// lists below one given later, whatever order they were written in, and paging keeps that order.
func TestInbox_PageByTime(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now().Truncate(time.Second)
	for _, at := range []time.Time{now, now.Add(-2 * time.Hour), now.Add(-time.Hour)} {
		n := notify.Notice{Message: "notice.to_approve", Args: map[string]any{"ID": at.Hour()}, At: at}
		testkit.Must(t, f.send(t, f.svc, n, f.wang))
	}
	in := &notify.Inbox{DB: f.db.App}
	var times []time.Time
	for after := (notify.Cursor{}); ; {
		p, err := in.Page(ctx, f.tenantID, f.wang, after, 1)
		testkit.Must(t, err)
		for _, it := range p.Items {
			times = append(times, it.CreatedAt)
		}
		if after = p.Next; after.ID == 0 {
			break
		}
	}
	want := []time.Time{now, now.Add(-time.Hour), now.Add(-2 * time.Hour)}
	if !slices.EqualFunc(times, want, time.Time.Equal) {
		t.Errorf("times=%v, want %v: newest given first", times, want)
	}
}
