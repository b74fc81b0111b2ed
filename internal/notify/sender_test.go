package notify_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/config"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestNewSender: the SMTP settings of the environment (config.Load) choose the sender.
func TestNewSender(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	tests := []struct {
		name string
		vars map[string]string
		want notify.Sender
	}{
		{"NoHost", map[string]string{"SMTP_USER": "desk@example.com"}, notify.LogSender{Log: log}},
		{"HostDefaults", map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_USER": "desk@example.com", "SMTP_PASSWORD": "pw"},
			notify.SMTPSender{Addr: "smtp.example.com:587", User: "desk@example.com", Password: "pw", From: "desk@example.com"}},
		{"HostAll", map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_PORT": "465", "SMTP_FROM": "noreply@example.com"},
			notify.SMTPSender{Addr: "smtp.example.com:465", From: "noreply@example.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("DATABASE_URL", "postgres://localhost/x")
			for _, k := range []string{"SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_FROM"} {
				t.Setenv(k, tt.vars[k])
			}
			cfg, err := config.Load()
			if err != nil {
				t.Fatal(err)
			}
			if got := notify.NewSender(cfg.SMTP, log); got != tt.want {
				t.Errorf("NewSender=%#v, want %#v", got, tt.want)
			}
		})
	}
}

// received is what the test SMTP server was given.
type received struct {
	from, to string
	data     []byte
}

// smtpServer answers one SMTP session on 127.0.0.1 with just enough of the protocol, and sends
// what it received on the channel when the client quits.
func smtpServer(t *testing.T) (string, <-chan received) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	testkit.Must(t, err)
	t.Cleanup(func() { ln.Close() })
	got := make(chan received, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		tp := textproto.NewConn(conn)
		var r received
		reply := func(s string) { _ = tp.PrintfLine("%s", s) }
		reply("220 test ESMTP")
		for {
			line, err := tp.ReadLine()
			if err != nil {
				return
			}
			verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
			switch {
			case verb == "EHLO" || verb == "HELO":
				reply("250 test")
			case strings.HasPrefix(strings.ToUpper(line), "MAIL FROM:"):
				r.from = strings.Trim(line[len("MAIL FROM:"):], "<> ")
				reply("250 ok")
			case strings.HasPrefix(strings.ToUpper(line), "RCPT TO:"):
				r.to = strings.Trim(line[len("RCPT TO:"):], "<> ")
				reply("250 ok")
			case verb == "DATA":
				reply("354 go ahead")
				if r.data, err = tp.ReadDotBytes(); err != nil {
					return
				}
				reply("250 queued")
			case verb == "QUIT":
				reply("221 bye")
				got <- r
				return
			default:
				reply("502 not implemented")
			}
		}
	}()
	return ln.Addr().String(), got
}

func TestSMTPSender_Send(t *testing.T) {
	addr, got := smtpServer(t)
	s := notify.SMTPSender{Addr: addr, From: "desk@example.com"}
	m := notify.Message{Channel: "email", Recipient: "wang@example.com", Subject: "CSI 客服台：客诉 #12 需要处理",
		Body: "客诉 #12 的处理方案待您签字。\n\n/complaints/12\n.\nend"}
	testkit.Must(t, s.Send(context.Background(), m))
	r := <-got
	if r.from != "desk@example.com" || r.to != "wang@example.com" {
		t.Errorf("envelope from=%q to=%q, want %q %q", r.from, r.to, "desk@example.com", "wang@example.com")
	}
	msg, err := mail.ReadMessage(bufio.NewReader(strings.NewReader(string(r.data))))
	testkit.Must(t, err)
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	testkit.Must(t, err)
	if subject != m.Subject {
		t.Errorf("Subject=%q, want %q", subject, m.Subject)
	}
	if to := msg.Header.Get("To"); to != "wang@example.com" {
		t.Errorf("To=%q, want %q", to, "wang@example.com")
	}
	body, err := io.ReadAll(decodeBody(msg))
	testkit.Must(t, err)
	if want := strings.ReplaceAll(m.Body, "\n", "\r\n"); strings.TrimRight(string(body), "\r\n") != want {
		t.Errorf("Body=%q, want %q", body, want)
	}
}

// decodeBody reads a base64 message body.
func decodeBody(msg *mail.Message) io.Reader {
	if msg.Header.Get("Content-Transfer-Encoding") != "base64" {
		return msg.Body
	}
	return base64.NewDecoder(base64.StdEncoding, msg.Body)
}

func TestSMTPSender_SendSMS(t *testing.T) {
	s := notify.SMTPSender{Addr: "127.0.0.1:1", From: "desk@example.com"}
	if err := s.Send(context.Background(), notify.Message{Channel: "sms", Recipient: "13800000001", Body: "hi"}); err == nil {
		t.Errorf("Send of an SMS err=nil, want an error")
	}
}
