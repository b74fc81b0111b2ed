package notify_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river/rivertype"

	"github.com/csidesk/csidesk/internal/config"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// outbox is a dealer group's outbox on a fresh database.
type outbox struct {
	db       *pgtest.DB
	tenantID int64
}

func newOutbox(t *testing.T) outbox {
	t.Helper()
	db := pgtest.MustOpenDB(t)
	tenantID, err := tenancy.CreateTenant(context.Background(), db.Owner, "瑞丰")
	testkit.Must(t, err)
	return outbox{db: db, tenantID: tenantID}
}

// queue writes m to the outbox, committed, and returns its id.
func (o outbox) queue(t *testing.T, m notify.Message) int64 {
	t.Helper()
	var id int64
	testkit.Must(t, o.db.App.InTenantTx(context.Background(), o.tenantID, func(tx pgx.Tx) (err error) {
		id, err = notify.Queue(context.Background(), tx, nil, o.tenantID, m, nil)
		return err
	}))
	return id
}

// deliver runs the delivery job of message id through s.
func (o outbox) deliver(s notify.Sender, id int64) error {
	return notify.NewDeliverWorker(o.db.App, s).Work(context.Background(), job(notify.DeliverArgs{TenantID: o.tenantID, OutboxID: id}))
}

// sent is an outbox message's sending as stored.
type sent struct {
	Sent      bool
	Attempts  int
	LastError string
	Ref       string
	Delivery  string
}

func (o outbox) sent(t *testing.T, id int64) sent {
	t.Helper()
	s, err := postgres.One[sent](context.Background(), o.db.App, o.tenantID, "test: outbox", `
		SELECT sent_at IS NOT NULL, attempts, last_error, provider_ref, delivery
		FROM outbox WHERE tenant_id = $1 AND id = $2`, id)
	testkit.Must(t, err)
	return s
}

// text is a survey link by text message.
var text = notify.Message{Channel: "sms", Recipient: "13800000001", Body: linkText}

func TestDeliverWorker_Router(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		o := newOutbox(t)
		addr, letters := testkit.SMTPServer(t, "", "")
		p, g := newProvider(t, config.DefaultSMSSignature)
		r := notify.Router{Mail: notify.SMTPSender{Addr: addr, From: "desk@example.com"}, SMS: g}
		email := surveyLink["en"]
		emailID, textID := o.queue(t, email), o.queue(t, text)
		testkit.Must(t, o.deliver(r, emailID))
		testkit.Must(t, o.deliver(r, textID))
		if _, subject, body := testkit.ReadLetter(t, <-letters); subject != email.Subject || !strings.Contains(body, "https://desk.example.com/s/9Hk4pL") {
			t.Errorf("letter Subject=%q body=%q, want %q with the link", subject, body, email.Subject)
		}
		if got := p.accepted(); len(got) != 1 || got[0].Phone != text.Recipient || got[0].Params["text"] != linkText {
			t.Errorf("provider accepted %+v, want the text to %s", got, text.Recipient)
		}
		if got, want := o.sent(t, emailID), (sent{Sent: true, Attempts: 1}); got != want {
			t.Errorf("e-mail=%+v, want %+v", got, want)
		}
		if got, want := o.sent(t, textID), (sent{Sent: true, Attempts: 1, Ref: "r-1", Delivery: "pending"}); got != want {
			t.Errorf("text=%+v, want %+v", got, want)
		}
	})
	t.Run("ErrProvider", func(t *testing.T) {
		o := newOutbox(t)
		p, g := newProvider(t, config.DefaultSMSSignature)
		r := notify.Router{SMS: g}
		id := o.queue(t, text)
		p.answerSends(`{"code":"isv.BUSINESS_LIMIT_CONTROL","message":"触发号码天级流控"}`)
		err := o.deliver(r, id)
		var cancel *rivertype.JobCancelError
		if err == nil || errors.As(err, &cancel) {
			t.Fatalf("Work err=%v, want an error River retries", err)
		}
		if got := o.sent(t, id); got.Sent || got.Attempts != 1 || !strings.Contains(got.LastError, "触发号码天级流控") || got.Delivery != "" {
			t.Errorf("text=%+v, want unsent after one attempt with the provider's message", got)
		}
		p.answerSends("")
		testkit.Must(t, o.deliver(r, id))
		if got, want := o.sent(t, id), (sent{Sent: true, Attempts: 2, Ref: "r-1", Delivery: "pending"}); got != want {
			t.Errorf("retry: text=%+v, want %+v", got, want)
		}
	})
	t.Run("NoProvider", func(t *testing.T) {
		o := newOutbox(t)
		var log bytes.Buffer
		r := notify.NewSender(config.SMTP{}, nil, slog.New(slog.NewTextHandler(&log, nil)))
		id := o.queue(t, text)
		testkit.Must(t, o.deliver(r, id))
		if !strings.Contains(log.String(), "no SMS_URL") || !strings.Contains(log.String(), "https://desk.example.com/s/7Qm2xY") {
			t.Errorf("log=%q, want the text and the missing SMS_URL", log.String())
		}
		if got, want := o.sent(t, id), (sent{Sent: true, Attempts: 1}); got != want {
			t.Errorf("text=%+v, want %+v", got, want)
		}
	})
}

func TestRouter_SendErrChannel(t *testing.T) {
	if _, err := (notify.Router{}).Send(context.Background(), notify.Message{Channel: "fax", Recipient: "010-1234"}); err == nil {
		t.Errorf("Send of a fax err=nil, want an error")
	}
}
