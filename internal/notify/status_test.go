package notify_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/config"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

func TestDeliveries_Check(t *testing.T) {
	ctx := context.Background()
	o := newOutbox(t)
	otherTenant, err := tenancy.CreateTenant(ctx, o.db.Owner, "宏达")
	testkit.Must(t, err)
	p, g := newProvider(t, config.DefaultSMSSignature)
	var ids []int64
	for _, phone := range []string{"13800000001", "13800000002", "13800000003", "13800000004"} {
		id := o.queue(t, notify.Message{Channel: "sms", Recipient: phone, Body: linkText})
		testkit.Must(t, o.deliver(notify.Router{SMS: g}, id))
		ids = append(ids, id)
	}
	d := notify.Deliveries{DB: o.db.App, Now: time.Now, SMS: g}

	n, err := d.Check(ctx, o.tenantID)
	if n != 2 || err == nil || !strings.Contains(err.Error(), "lost") {
		t.Errorf("Check=%d, %v, want 2 recorded and the unknown status of r-4", n, err)
	}
	want := []sent{
		{Sent: true, Attempts: 1, Ref: "r-1", Delivery: "delivered"},
		{Sent: true, Attempts: 1, Ref: "r-2", Delivery: "failed", LastError: "用户停机"},
		{Sent: true, Attempts: 1, Ref: "r-3", Delivery: "pending"},
		{Sent: true, Attempts: 1, Ref: "r-4", Delivery: "pending"},
	}
	for i, id := range ids {
		if got := o.sent(t, id); got != want[i] {
			t.Errorf("outbox %s=%+v, want %+v", want[i].Ref, got, want[i])
		}
	}

	p.report("13800000004", report{"delivered", ""})
	if n, err := d.Check(ctx, o.tenantID); n != 1 || err != nil {
		t.Errorf("second Check=%d, %v, want r-4 recorded", n, err)
	}
	if got, want := p.askedAbout(), []string{"r-1", "r-2", "r-3", "r-4", "r-3", "r-4"}; !slices.Equal(got, want) {
		t.Errorf("asked about %q, want %q", got, want)
	}
	if n, err := d.Check(ctx, otherTenant); n != 0 || err != nil || len(p.askedAbout()) != 6 {
		t.Errorf("Check of another group=%d, %v, asked %q, want nothing asked", n, err, p.askedAbout())
	}
	d.Now = func() time.Time { return time.Now().Add(notify.DeliveryWindow + time.Minute) }
	if n, err := d.Check(ctx, o.tenantID); n != 0 || err != nil || len(p.askedAbout()) != 6 {
		t.Errorf("Check a day later=%d, %v, asked %q, want nothing asked", n, err, p.askedAbout())
	}
}

func TestNewDeliveries(t *testing.T) {
	if d := notify.NewDeliveries(nil, time.Now, nil); d != nil {
		t.Errorf("NewDeliveries without a provider=%+v, want none", d)
	}
}
