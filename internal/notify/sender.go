package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/smtp"
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/config"
)

// Message is one message of the outbox: an e-mail ("email") or a text message ("sms").
type Message struct {
	Channel   string
	Recipient string
	Subject   string
	Body      string
}

// Sender delivers messages; the delivery worker calls it. A sender whose provider reports
// delivery later returns the provider's reference of the message, to be asked about (Deliveries);
// the others return "".
type Sender interface {
	Send(ctx context.Context, m Message) (ref string, err error)
}

// LogSender writes each message to the log instead of sending it: the default of a channel
// without configuration, so that development and demo machines send nothing.
type LogSender struct {
	Log *slog.Logger
}

// unconfigured names the setting whose absence leaves a channel's messages in the log.
var unconfigured = map[string]string{"email": "SMTP_HOST", "sms": "SMS_URL"}

// Send logs m.
func (s LogSender) Send(ctx context.Context, m Message) (string, error) {
	s.Log.InfoContext(ctx, "message not sent: no "+unconfigured[m.Channel], "channel", m.Channel, "to", m.Recipient,
		"subject", m.Subject, "body", m.Body)
	return "", nil
}

// SMTPSender sends e-mail through a mail server with net/smtp, upgrading to TLS when the server
// offers STARTTLS (or from the start on port 465), and authenticating with PLAIN when User is set.
type SMTPSender struct {
	// Addr is host:port.
	Addr     string
	User     string
	Password string
	// From is the sender's address.
	From string
}

// newMailSender is the sender through the configured mail server; without a host it is a
// LogSender.
func newMailSender(c config.SMTP, log *slog.Logger) Sender {
	if c.Host == "" {
		return LogSender{Log: log}
	}
	return SMTPSender{Addr: net.JoinHostPort(c.Host, c.Port), User: c.User, Password: c.Password, From: c.From}
}

// Send delivers m, an e-mail, within ctx's deadline (a minute without one).
func (s SMTPSender) Send(ctx context.Context, m Message) (string, error) {
	if m.Channel != "email" {
		return "", fmt.Errorf("smtp: cannot send a %q message", m.Channel)
	}
	c, err := s.dial(ctx)
	if err != nil {
		return "", err
	}
	defer c.Close()
	if err := s.deliver(c, m); err != nil {
		return "", fmt.Errorf("smtp: %w", err)
	}
	return "", c.Quit()
}

// dial connects and greets the server, with TLS and authentication as configured.
func (s SMTPSender) dial(ctx context.Context) (*smtp.Client, error) {
	host, port, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return nil, fmt.Errorf("smtp: address %q: %w", s.Addr, err)
	}
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return nil, fmt.Errorf("smtp: %w", err)
	}
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(time.Minute)
	}
	_ = conn.SetDeadline(deadline)
	if port == "465" {
		conn = tls.Client(conn, &tls.Config{ServerName: host})
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("smtp: %w", err)
	}
	if err := s.hello(c, host); err != nil {
		c.Close()
		return nil, fmt.Errorf("smtp: %w", err)
	}
	return c, nil
}

// hello upgrades to TLS when offered and authenticates when a user is set; PlainAuth itself
// refuses to send a password in clear text to any host but localhost.
func (s SMTPSender) hello(c *smtp.Client, host string) error {
	if err := c.Hello("localhost"); err != nil {
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host}); err != nil {
			return err
		}
	}
	if s.User == "" {
		return nil
	}
	return c.Auth(smtp.PlainAuth("", s.User, s.Password, host))
}

// deliver sends the envelope and the message.
func (s SMTPSender) deliver(c *smtp.Client, m Message) error {
	if err := c.Mail(s.From); err != nil {
		return err
	}
	if err := c.Rcpt(m.Recipient); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(s.compose(m)); err != nil {
		return err
	}
	return w.Close()
}

// compose writes m as a UTF-8 plain-text e-mail, its subject and body encoded so that Chinese
// passes any server.
func (s SMTPSender) compose(m Message) []byte {
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", s.From)
	header("To", oneLine(m.Recipient))
	header("Subject", mime.BEncoding.Encode("utf-8", oneLine(m.Subject)))
	header("Date", time.Now().Format(time.RFC1123Z))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	body := base64.StdEncoding.EncodeToString([]byte(strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")))
	for len(body) > 76 {
		b.WriteString(body[:76] + "\r\n")
		body = body[76:]
	}
	b.WriteString(body + "\r\n")
	return b.Bytes()
}
