package notify

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/csidesk/csidesk/internal/config"
)

// Router sends each message through its channel's sender: e-mail through Mail, text messages
// through SMS, or to Log when no provider is configured.
type Router struct {
	Mail Sender
	SMS  SMS
	Log  LogSender
}

// NewSender is the router of the configured channels: e-mail through the mail server (the log
// without SMTP_HOST), text messages through sms (the log when nil, as NewSMS is without SMS_URL).
func NewSender(c config.SMTP, sms SMS, log *slog.Logger) Sender {
	return Router{Mail: newMailSender(c, log), SMS: sms, Log: LogSender{Log: log}}
}

// Send sends m through its channel's sender and returns the provider's reference of a text
// message.
func (r Router) Send(ctx context.Context, m Message) (string, error) {
	switch {
	case m.Channel == "email":
		return r.Mail.Send(ctx, m)
	case m.Channel == "sms" && r.SMS == nil:
		return r.Log.Send(ctx, m)
	case m.Channel == "sms":
		return r.SMS.Send(ctx, m.Recipient, m.Body)
	}
	return "", fmt.Errorf("notify: no sender of %q messages", m.Channel)
}
