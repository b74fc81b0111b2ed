package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// fixture is a dealer group with a Chinese-speaking and an English-speaking user, and a second
// group with one user.
type fixture struct {
	db           *pgtest.DB
	svc          *notify.Service
	tenantID     int64
	wang, smith  int64
	otherTenant  int64
	otherUser    int64
	inactiveUser int64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := pgtest.MustOpenDB(t)
	bundle, err := i18n.New()
	testkit.Must(t, err)
	f := &fixture{db: db, svc: &notify.Service{Bundle: bundle}}
	as := auth.NewService(db.App, time.Hour, time.Hour)
	user := func(tenantID int64, email, locale string) int64 {
		id, err := as.CreateUser(ctx, tenantID, auth.NewUser{Email: email, Name: email, Locale: locale, Password: "correct-horse"})
		testkit.Must(t, err)
		return id
	}
	f.tenantID, err = tenancy.CreateTenant(ctx, db.Owner, "瑞丰")
	testkit.Must(t, err)
	f.wang = user(f.tenantID, "wang@example.com", "zh-CN")
	f.smith = user(f.tenantID, "smith@example.com", "en")
	f.inactiveUser = user(f.tenantID, "gone@example.com", "en")
	testkit.Must(t, as.UpdateUser(ctx, f.tenantID, f.wang, f.inactiveUser,
		auth.UserUpdate{Email: "gone@example.com", Name: "gone", Locale: "en", Active: false}))
	f.otherTenant, err = tenancy.CreateTenant(ctx, db.Owner, "宏达")
	testkit.Must(t, err)
	f.otherUser = user(f.otherTenant, "li@example.com", "zh-CN")
	return f
}

// send sends n to users in one transaction of the fixture's group and commits it.
func (f *fixture) send(t *testing.T, svc *notify.Service, n notify.Notice, users ...int64) error {
	t.Helper()
	ctx := context.Background()
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	if err := svc.Send(ctx, tx, f.tenantID, n, users...); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// outboxRow is an outbox message as stored.
type outboxRow struct {
	ID        int64
	Recipient string
	Subject   string
	Body      string
	Sent      bool
	Attempts  int
	LastError string
}

func (f *fixture) outbox(t *testing.T) []outboxRow {
	t.Helper()
	ctx := context.Background()
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	rows, _ := tx.Query(ctx, `
		SELECT id, recipient, subject, body, sent_at IS NOT NULL, attempts, last_error
		FROM outbox WHERE tenant_id = $1 ORDER BY id`, f.tenantID)
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[outboxRow])
	testkit.Must(t, err)
	return out
}

// overdue is a notice of an overdue step of complaint 0 (none), so that no complaint is needed.
var overdue = notify.Notice{Message: "notice.step_overdue",
	Args: map[string]any{"Step": "派单", "ID": 1234567, "Customer": "张伟"}}

func TestService_Send(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t)
		ctx := context.Background()
		testkit.Must(t, f.send(t, f.svc, overdue, f.wang, f.smith, f.wang, 0, f.inactiveUser))
		for _, u := range []int64{f.wang, f.smith} {
			list, err := (&notify.Inbox{DB: f.db.App}).List(ctx, f.tenantID, u, 10)
			testkit.Must(t, err)
			if len(list) != 1 || list[0].Message != "notice.step_overdue" || list[0].Read || list[0].ComplaintID != 0 {
				t.Fatalf("user %d: List=%+v, want one unread notice.step_overdue", u, list)
			}
			if got := list[0].Args["ID"]; got != json.Number("1234567") {
				t.Errorf("Args[ID]=%#v, want %#v", got, json.Number("1234567"))
			}
			if got := f.svc.Bundle.Localizer("en").T(list[0].Message, notify.Pairs(list[0].Args, func(k string) string { return k })...); !strings.Contains(got, "#1234567 ") {
				t.Errorf("stored notice translates to %q, want the id as written", got)
			}
		}
		if n, err := (&notify.Inbox{DB: f.db.App}).Unread(ctx, f.tenantID, f.inactiveUser); err != nil || n != 0 {
			t.Errorf("inactive user: Unread=%d, %v, want 0, nil", n, err)
		}
		box := f.outbox(t)
		want := []outboxRow{
			{Recipient: "wang@example.com", Subject: "CSI 客服台：您有一条新通知", Body: "客诉 #1234567（张伟）的“派单”环节已超时。"},
			{Recipient: "smith@example.com", Subject: "CSI Desk: you have a new notice", Body: "The 派单 step of complaint #1234567 (张伟) is overdue."},
		}
		if len(box) != len(want) {
			t.Fatalf("outbox=%+v, want %d messages", box, len(want))
		}
		for i, w := range want {
			got := box[i]
			got.ID = 0
			if got != w {
				t.Errorf("outbox[%d]=%+v, want %+v", i, got, w)
			}
		}
	})
	t.Run("ComplaintSubjectAndPath", func(t *testing.T) {
		b := newFixture(t).svc
		m := b.Compose("zh-CN", notify.Notice{ComplaintID: 12, Message: "notice.to_sign", Args: map[string]any{"ID": 12}})
		if m.Subject != "CSI 客服台：客诉 #12 需要处理" || m.Body != "客诉 #12 的处理方案待您签字。\n\n/complaints/12" || m.Channel != "email" {
			t.Errorf("Compose zh-CN=%+v, want the complaint's subject and path", m)
		}
		m = b.Compose("en", notify.Notice{ComplaintID: 12, Message: "notice.to_sign", Args: map[string]any{"ID": 12}})
		if m.Subject != "CSI Desk: complaint #12 needs you" || !strings.HasSuffix(m.Body, "\n\n/complaints/12") {
			t.Errorf("Compose en=%+v, want the complaint's subject and path", m)
		}
	})
	t.Run("EnqueuesDelivery", func(t *testing.T) {
		f := newFixture(t)
		client, err := river.NewClient(riverpgxv5.New(f.db.App.Pool), &river.Config{})
		testkit.Must(t, err)
		svc := &notify.Service{Bundle: f.svc.Bundle, Jobs: client}
		testkit.Must(t, f.send(t, svc, overdue, f.wang, f.smith))
		var ids []int64
		rows, _ := f.db.Owner.Pool.Query(context.Background(), `
			SELECT (args->>'outbox_id')::bigint FROM river_job
			WHERE kind = 'notify.deliver' AND (args->>'tenant_id')::bigint = $1 ORDER BY id`, f.tenantID)
		ids, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		testkit.Must(t, err)
		box := f.outbox(t)
		if len(box) != 2 || !slices.Equal(ids, []int64{box[0].ID, box[1].ID}) {
			t.Errorf("jobs for outbox=%v, want one per message %+v", ids, box)
		}
	})
	t.Run("RolledBack", func(t *testing.T) {
		f := newFixture(t)
		ctx := context.Background()
		tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
		testkit.Must(t, err)
		testkit.Must(t, f.svc.Send(ctx, tx, f.tenantID, overdue, f.wang))
		testkit.Must(t, tx.Rollback(ctx))
		if box := f.outbox(t); len(box) != 0 {
			t.Errorf("outbox=%+v after rollback, want none", box)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		f := newFixture(t)
		if err := f.send(t, f.svc, overdue, f.wang, f.otherUser); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Send to another group's user: err=%v, want NotFound", err)
		}
		if box := f.outbox(t); len(box) != 0 {
			t.Errorf("outbox=%+v, want none", box)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		f := newFixture(t)
		if err := f.send(t, f.svc, notify.Notice{Message: "home.welcome"}, f.wang); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("Send of a non-notice key: err=%v, want Invalid", err)
		}
	})
}

func TestNotifications_ListUnreadMarkAllRead(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, id := range []int{1, 2, 3} {
		n := notify.Notice{Message: "notice.to_approve", Args: map[string]any{"ID": id}}
		testkit.Must(t, f.send(t, f.svc, n, f.wang))
	}
	list, err := (&notify.Inbox{DB: f.db.App}).List(ctx, f.tenantID, f.wang, 2)
	testkit.Must(t, err)
	if len(list) != 2 || list[0].Args["ID"] != json.Number("3") || list[1].Args["ID"] != json.Number("2") {
		t.Fatalf("List=%+v, want the two newest, newest first", list)
	}
	if n, err := (&notify.Inbox{DB: f.db.App}).Unread(ctx, f.tenantID, f.wang); err != nil || n != 3 {
		t.Errorf("Unread=%d, %v, want 3, nil", n, err)
	}
	if n, err := (&notify.Inbox{DB: f.db.App}).Unread(ctx, f.tenantID, f.smith); err != nil || n != 0 {
		t.Errorf("Unread(smith)=%d, %v, want 0, nil", n, err)
	}
	testkit.Must(t, (&notify.Inbox{DB: f.db.App}).MarkAllRead(ctx, f.tenantID, f.wang, 0, time.Now()))
	if n, err := (&notify.Inbox{DB: f.db.App}).Unread(ctx, f.tenantID, f.wang); err != nil || n != 0 {
		t.Errorf("Unread after MarkAllRead=%d, %v, want 0, nil", n, err)
	}
	list, err = (&notify.Inbox{DB: f.db.App}).List(ctx, f.tenantID, f.wang, 100)
	testkit.Must(t, err)
	if len(list) != 3 || slices.ContainsFunc(list, func(n notify.Notification) bool { return !n.Read }) {
		t.Errorf("List after MarkAllRead=%+v, want three read", list)
	}
	other, err := (&notify.Inbox{DB: f.db.App}).List(ctx, f.otherTenant, f.wang, 100)
	if err != nil || len(other) != 0 {
		t.Errorf("List in another group=%+v, %v, want none", other, err)
	}
}

// recorder is a Sender that keeps what it sends, or fails with err.
type recorder struct {
	sent []notify.Message
	err  error
}

func (r *recorder) Send(_ context.Context, m notify.Message) (string, error) {
	if r.err != nil {
		return "", r.err
	}
	r.sent = append(r.sent, m)
	return "", nil
}

// job wraps args as River hands them to a worker.
func job(args notify.DeliverArgs) *river.Job[notify.DeliverArgs] {
	return &river.Job[notify.DeliverArgs]{JobRow: &rivertype.JobRow{ID: 1, Kind: args.Kind()}, Args: args}
}

func TestDeliverWorker_Work(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t)
		ctx := context.Background()
		testkit.Must(t, f.send(t, f.svc, overdue, f.smith))
		box := f.outbox(t)
		rec := &recorder{}
		w := notify.NewDeliverWorker(f.db.App, rec)
		j := job(notify.DeliverArgs{TenantID: f.tenantID, OutboxID: box[0].ID})
		testkit.Must(t, w.Work(ctx, j))
		testkit.Must(t, w.Work(ctx, j))
		want := notify.Message{Channel: "email", Recipient: "smith@example.com", Subject: box[0].Subject, Body: box[0].Body}
		if len(rec.sent) != 1 || rec.sent[0] != want {
			t.Errorf("sent=%+v, want once %+v", rec.sent, want)
		}
		if got := f.outbox(t)[0]; !got.Sent || got.Attempts != 1 || got.LastError != "" {
			t.Errorf("outbox=%+v, want sent after one attempt", got)
		}
	})
	t.Run("ErrSend", func(t *testing.T) {
		f := newFixture(t)
		ctx := context.Background()
		testkit.Must(t, f.send(t, f.svc, overdue, f.smith))
		id := f.outbox(t)[0].ID
		refused := errors.New("550 mailbox unavailable")
		w := notify.NewDeliverWorker(f.db.App, &recorder{err: refused})
		for range 2 {
			if err := w.Work(ctx, job(notify.DeliverArgs{TenantID: f.tenantID, OutboxID: id})); !errors.Is(err, refused) {
				t.Fatalf("Work err=%v, want %v", err, refused)
			}
		}
		if got := f.outbox(t)[0]; got.Sent || got.Attempts != 2 || got.LastError != refused.Error() {
			t.Errorf("outbox=%+v, want unsent after 2 attempts with the error", got)
		}
		rec := &recorder{}
		testkit.Must(t, notify.NewDeliverWorker(f.db.App, rec).Work(ctx, job(notify.DeliverArgs{TenantID: f.tenantID, OutboxID: id})))
		if got := f.outbox(t)[0]; len(rec.sent) != 1 || !got.Sent || got.Attempts != 3 || got.LastError != "" {
			t.Errorf("retry: sent=%d outbox=%+v, want sent on the third attempt", len(rec.sent), got)
		}
	})
	t.Run("ErrOtherTenant", func(t *testing.T) {
		f := newFixture(t)
		testkit.Must(t, f.send(t, f.svc, overdue, f.smith))
		rec := &recorder{}
		w := notify.NewDeliverWorker(f.db.App, rec)
		err := w.Work(context.Background(), job(notify.DeliverArgs{TenantID: f.otherTenant, OutboxID: f.outbox(t)[0].ID}))
		var cancel *rivertype.JobCancelError
		if !errors.As(err, &cancel) || len(rec.sent) != 0 {
			t.Errorf("Work in another group: err=%v sent=%d, want the job cancelled and nothing sent", err, len(rec.sent))
		}
	})
}
