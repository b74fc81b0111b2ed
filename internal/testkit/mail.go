package testkit

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"net"
	"net/mail"
	"strings"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Letter is a message the test SMTP server accepted.
type Letter struct {
	From string
	To   []string
	Data []byte
}

// mailbox is a go-smtp backend that keeps every message it accepts; with a user set, it refuses
// mail from a session that has not logged in as user with password.
type mailbox struct {
	user, password string
	got            chan Letter
}

// SMTPServer runs an SMTP server on 127.0.0.1 for the test, offering AUTH PLAIN without TLS (as
// a local relay does), and returns its address and the messages it accepts.
func SMTPServer(t testing.TB, user, password string) (string, <-chan Letter) {
	t.Helper()
	box := &mailbox{user: user, password: password, got: make(chan Letter, 10)}
	s := smtp.NewServer(box)
	s.Domain, s.AllowInsecureAuth = "localhost", true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	Must(t, err)
	go s.Serve(ln)
	t.Cleanup(func() { s.Close() })
	return ln.Addr().String(), box.got
}

// NewSession begins a session of the client.
func (b *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{box: b}, nil }

// session is one client's conversation with the mailbox.
type session struct {
	box    *mailbox
	authed bool
	l      Letter
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, password string) error {
		if user != s.box.user || password != s.box.password {
			return smtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.box.user != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	s.l.From = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.l.To = append(s.l.To, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.l.Data = data
	s.box.got <- s.l
	return nil
}

func (s *session) Reset()        { s.l = Letter{} }
func (s *session) Logout() error { return nil }

// ReadLetter parses a delivered message: its headers, decoded subject and decoded body.
func ReadLetter(t testing.TB, l Letter) (*mail.Message, string, string) {
	t.Helper()
	msg, err := mail.ReadMessage(bufio.NewReader(bytes.NewReader(l.Data)))
	Must(t, err)
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	Must(t, err)
	var body io.Reader = msg.Body
	if msg.Header.Get("Content-Transfer-Encoding") == "base64" {
		body = base64.NewDecoder(base64.StdEncoding, msg.Body)
	}
	b, err := io.ReadAll(body)
	Must(t, err)
	return msg, subject, strings.TrimRight(string(b), "\r\n")
}
