package notify_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/config"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestNewSender: the SMTP and SMS settings of the environment (config.Load) choose the senders.
func TestNewSender(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	logs := notify.LogSender{Log: log}
	sms := map[string]string{"SMS_URL": "https://sms.example.com/send", "SMS_STATUS_URL": "https://sms.example.com/status",
		"SMS_KEY": "LTAI5t", "SMS_SECRET": "s3cret", "SMS_SIGN_NAME": "瑞丰汽车", "SMS_TEMPLATE": "SMS_4815"}
	tests := []struct {
		name string
		vars map[string]string
		want notify.Sender
	}{
		{"NoHost", map[string]string{"SMTP_USER": "desk@example.com", "SMS_KEY": "LTAI5t"}, notify.Router{Mail: logs, Log: logs}},
		{"HostDefaults", map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_USER": "desk@example.com", "SMTP_PASSWORD": "pw"},
			notify.Router{Mail: notify.SMTPSender{Addr: "smtp.example.com:587", User: "desk@example.com", Password: "pw", From: "desk@example.com"}, Log: logs}},
		{"HostAll", map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_PORT": "465", "SMTP_FROM": "noreply@example.com"},
			notify.Router{Mail: notify.SMTPSender{Addr: "smtp.example.com:465", From: "noreply@example.com"}, Log: logs}},
		{"SMS", sms, notify.Router{Mail: logs, Log: logs, SMS: notify.SMSGateway{SMS: config.SMS{URL: sms["SMS_URL"],
			StatusURL: sms["SMS_STATUS_URL"], Key: "LTAI5t", Secret: "s3cret", SignName: "瑞丰汽车", Template: "SMS_4815",
			Signature: "{key}\n{timestamp}\n{nonce}\n{body_sha256}"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("DATABASE_URL", "postgres://localhost/x")
			for _, k := range []string{"SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_FROM", "SMS_URL",
				"SMS_STATUS_URL", "SMS_KEY", "SMS_SECRET", "SMS_SIGN_NAME", "SMS_TEMPLATE", "SMS_SIGNATURE"} {
				t.Setenv(k, tt.vars[k])
			}
			cfg, err := config.Load()
			testkit.Must(t, err)
			if got := notify.NewSender(cfg.SMTP, notify.NewSMS(cfg.SMS), log); got != tt.want {
				t.Errorf("NewSender=%#v, want %#v", got, tt.want)
			}
		})
	}
}

// surveyLink is a survey link's e-mail in each language, with a line that is a lone dot, which
// SMTP must carry through.
var surveyLink = map[string]notify.Message{
	"zh-CN": {Channel: "email", Recipient: "zhang.wei@example.com", Subject: "瑞丰汽车：请评价您本次的保养服务",
		Body: "张先生您好：\n感谢您选择瑞丰汽车。请点击下面的链接完成满意度调查：\nhttps://desk.example.com/s/7Qm2xY\n.\n退订请点击问卷页底部的链接。"},
	"en": {Channel: "email", Recipient: "smith@example.com", Subject: "Ruifeng Motors: how was your service visit?",
		Body: "Dear Mr Smith,\nThank you for choosing Ruifeng Motors. Please rate your visit:\nhttps://desk.example.com/s/9Hk4pL\n.\nTo unsubscribe, use the link at the foot of the survey."},
}

func TestSMTPSender_Send(t *testing.T) {
	for lang, m := range surveyLink {
		t.Run(lang, func(t *testing.T) {
			addr, got := testkit.SMTPServer(t, "", "")
			ref, err := notify.SMTPSender{Addr: addr, From: "desk@example.com"}.Send(context.Background(), m)
			testkit.Must(t, err)
			if ref != "" {
				t.Errorf("ref=%q, want none", ref)
			}
			l := <-got
			if l.From != "desk@example.com" || len(l.To) != 1 || l.To[0] != m.Recipient {
				t.Errorf("envelope from=%q to=%q, want %q %q", l.From, l.To, "desk@example.com", m.Recipient)
			}
			msg, subject, body := testkit.ReadLetter(t, l)
			if subject != m.Subject {
				t.Errorf("Subject=%q, want %q", subject, m.Subject)
			}
			if to := msg.Header.Get("To"); to != m.Recipient {
				t.Errorf("To=%q, want %q", to, m.Recipient)
			}
			if want := strings.ReplaceAll(m.Body, "\n", "\r\n"); body != want {
				t.Errorf("Body=%q, want %q", body, want)
			}
		})
	}
}

func TestSMTPSender_Auth(t *testing.T) {
	addr, got := testkit.SMTPServer(t, "desk@example.com", "correct-horse")
	m := surveyLink["zh-CN"]
	t.Run("OK", func(t *testing.T) {
		s := notify.SMTPSender{Addr: addr, User: "desk@example.com", Password: "correct-horse", From: "desk@example.com"}
		_, err := s.Send(context.Background(), m)
		testkit.Must(t, err)
		if l := <-got; len(l.To) != 1 || l.To[0] != m.Recipient {
			t.Errorf("to=%q, want %q", l.To, m.Recipient)
		}
	})
	t.Run("ErrPassword", func(t *testing.T) {
		s := notify.SMTPSender{Addr: addr, User: "desk@example.com", Password: "wrong", From: "desk@example.com"}
		if _, err := s.Send(context.Background(), m); err == nil || !strings.Contains(err.Error(), "535") {
			t.Errorf("Send with a wrong password err=%v, want the server's 535", err)
		}
	})
	t.Run("ErrNoLogin", func(t *testing.T) {
		s := notify.SMTPSender{Addr: addr, From: "desk@example.com"}
		if _, err := s.Send(context.Background(), m); err == nil || !strings.Contains(err.Error(), "Please authenticate") {
			t.Errorf("Send without a login err=%v, want the server's refusal", err)
		}
	})
	if len(got) != 0 {
		t.Errorf("the server accepted %d more messages, want none", len(got))
	}
}

func TestSMTPSender_SendSMS(t *testing.T) {
	s := notify.SMTPSender{Addr: "127.0.0.1:1", From: "desk@example.com"}
	if _, err := s.Send(context.Background(), notify.Message{Channel: "sms", Recipient: "13800000001", Body: "hi"}); err == nil {
		t.Errorf("Send of an SMS err=nil, want an error")
	}
}
