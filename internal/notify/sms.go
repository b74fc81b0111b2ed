package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/config"
)

// SMS is a text-message provider: it accepts a message for a phone and later says what became
// of it.
type SMS interface {
	// Send hands text to the provider for phone and returns the provider's reference of it.
	Send(ctx context.Context, phone, text string) (ref string, err error)
	// Status asks what became of the message ref; a failed one comes with the provider's reason.
	Status(ctx context.Context, ref string) (d Delivery, reason string, err error)
}

// Delivery is what a provider last said of a text message it accepted; the database's CHECK on
// outbox.delivery allows these and "" (not a provider's message, or not accepted yet).
type Delivery string

const (
	// Pending is a message accepted and not yet reported delivered or failed.
	Pending Delivery = "pending"
	// Delivered is a message the provider reports on the phone.
	Delivered Delivery = "delivered"
	// Failed is a message the provider reports it could not deliver.
	Failed Delivery = "failed"
)

// SMSGateway is the provider's signed HTTP API, as config.SMS describes it. A message is sent as
//
//	POST URL {"key", "phone", "sign_name", "template", "params": {"text"}, "timestamp", "nonce"}
//
// answered {"code": "OK", "ref": "…"}, and its delivery is asked as
//
//	POST StatusURL {"key", "ref", "timestamp", "nonce"}
//
// answered {"code": "OK", "status": "pending" | "delivered" | "failed", "reason": "…"}. Any other
// answer is an error carrying the provider's code and message.
type SMSGateway struct {
	config.SMS
}

// NewSMS is the provider configured by c; without a URL there is none (nil).
func NewSMS(c config.SMS) SMS {
	if c.URL == "" {
		return nil
	}
	return SMSGateway{SMS: c}
}

// smsClient gives up on a provider that has not answered within 10 s; the delivery job then
// fails and River tries again.
var smsClient = &http.Client{Timeout: 10 * time.Second}

// maxAnswer bounds what is read of a provider's answer.
const maxAnswer = 64 << 10

// maxRef is the longest reference outbox.provider_ref holds.
const maxRef = 100

// smsAnswer is a provider's answer to a send or a status request.
type smsAnswer struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Ref     string `json:"ref"`
	Status  string `json:"status"`
	Reason  string `json:"reason"`
}

// Send posts text for phone with the configured signature name and template.
func (g SMSGateway) Send(ctx context.Context, phone, text string) (string, error) {
	a, err := g.post(ctx, g.URL, map[string]any{"phone": phone, "sign_name": g.SignName,
		"template": g.Template, "params": map[string]string{"text": text}})
	if err != nil {
		return "", err
	}
	if a.Ref == "" || len(a.Ref) > maxRef {
		return "", fmt.Errorf("sms: the provider accepted the message with the reference %.120q, want 1 to %d bytes", a.Ref, maxRef)
	}
	return a.Ref, nil
}

// Status asks the provider about ref.
func (g SMSGateway) Status(ctx context.Context, ref string) (Delivery, string, error) {
	a, err := g.post(ctx, g.StatusURL, map[string]any{"ref": ref})
	if err != nil {
		return "", "", err
	}
	switch d := Delivery(a.Status); d {
	case Pending, Delivered:
		return d, "", nil
	case Failed:
		if a.Reason == "" {
			a.Reason = "the provider reports the message undelivered"
		}
		return d, a.Reason, nil
	}
	return "", "", fmt.Errorf("sms: the provider reports the status %.40q of %s", a.Status, ref)
}

// post sends fields with the key, a timestamp and a nonce, signed, and reads the answer; an
// answer that is not {"code": "OK", …} with status 200 is an error.
func (g SMSGateway) post(ctx context.Context, url string, fields map[string]any) (smsAnswer, error) {
	// The provider checks the timestamp against its own clock, so it is the machine's time.
	timestamp, nonce := time.Now().Unix(), rand.Text()
	fields["key"], fields["timestamp"], fields["nonce"] = g.Key, timestamp, nonce
	body, err := json.Marshal(fields)
	if err != nil {
		return smsAnswer{}, fmt.Errorf("sms: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return smsAnswer{}, fmt.Errorf("sms: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature", g.sign(strconv.FormatInt(timestamp, 10), nonce, body))
	resp, err := smsClient.Do(req)
	if err != nil {
		return smsAnswer{}, fmt.Errorf("sms: %w", err)
	}
	defer resp.Body.Close()
	return readAnswer(resp)
}

// readAnswer reads at most maxAnswer bytes of the provider's answer.
func readAnswer(resp *http.Response) (smsAnswer, error) {
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return smsAnswer{}, fmt.Errorf("sms: reading the provider's answer: %w", err)
	}
	var a smsAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		return a, fmt.Errorf("sms: the provider answered %s: %.200q", resp.Status, raw)
	}
	if resp.StatusCode != http.StatusOK || a.Code != "OK" {
		return a, fmt.Errorf("sms: the provider answered %s, code %.40q: %.500s", resp.Status, a.Code, a.Message)
	}
	return a, nil
}

// sign is the hex HMAC-SHA256, keyed by the secret, of the signature template filled in.
func (g SMSGateway) sign(timestamp, nonce string, body []byte) string {
	sum := sha256.Sum256(body)
	text := strings.NewReplacer("{key}", g.Key, "{timestamp}", timestamp, "{nonce}", nonce,
		"{body_sha256}", hex.EncodeToString(sum[:])).Replace(g.Signature)
	mac := hmac.New(sha256.New, []byte(g.Secret))
	mac.Write([]byte(text))
	return hex.EncodeToString(mac.Sum(nil))
}
