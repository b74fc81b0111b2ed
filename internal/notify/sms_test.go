package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/config"
	"github.com/csidesk/csidesk/internal/notify"
	"github.com/csidesk/csidesk/internal/testkit"
)

// smsRequest is a request to the provider, as its API documents it.
type smsRequest struct {
	Key       string            `json:"key"`
	Phone     string            `json:"phone"`
	SignName  string            `json:"sign_name"`
	Template  string            `json:"template"`
	Params    map[string]string `json:"params"`
	Ref       string            `json:"ref"`
	Timestamp int64             `json:"timestamp"`
	Nonce     string            `json:"nonce"`
}

// report is what the provider says of the messages to a phone: a status and a reason.
type report struct{ status, reason string }

// reports is what the provider says of the messages to four phones: delivered, failed, pending,
// and a status it does not document.
var reports = map[string]report{"13800000001": {"delivered", ""}, "13800000002": {"failed", "用户停机"},
	"13800000003": {"pending", ""}, "13800000004": {"lost", ""}}

// provider plays the SMS provider on a local HTTP server. It refuses a request whose signature
// it cannot recompute from the secret and the body, accepts messages with the references r-1,
// r-2…, and reports their delivery as reports says for their phone.
type provider struct {
	key, secret, signature string
	mu                     sync.Mutex
	// answer, when set, is the answer to every message sent.
	answer string
	// reports says what became of the messages to each phone; phones is each reference's phone.
	reports map[string]report
	phones  map[string]string
	sent    []smsRequest
	asked   []string
}

// newProvider runs a provider for the test and returns it with the gateway to it, signing with
// signature.
func newProvider(t *testing.T, signature string) (*provider, notify.SMSGateway) {
	t.Helper()
	p := &provider{key: "LTAI5tDesk", secret: "s3cret-4815", signature: signature, reports: maps.Clone(reports),
		phones: map[string]string{}}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, notify.SMSGateway{SMS: config.SMS{URL: srv.URL + "/send", StatusURL: srv.URL + "/status", Key: p.key,
		Secret: p.secret, SignName: "瑞丰汽车", Template: "SMS_4815", Signature: signature}}
}

func (p *provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var req smsRequest
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || json.Unmarshal(body, &req) != nil {
		http.Error(w, `{"code":"InvalidRequest","message":"want a JSON POST"}`, http.StatusBadRequest)
		return
	}
	if req.Key != p.key || !hmac.Equal([]byte(r.Header.Get("X-Signature")), []byte(p.sign(req, body))) {
		http.Error(w, `{"code":"SignatureDoesNotMatch","message":"签名不匹配"}`, http.StatusForbidden)
		return
	}
	if age := time.Since(time.Unix(req.Timestamp, 0)); age < -time.Minute || age > time.Minute || req.Nonce == "" {
		http.Error(w, `{"code":"InvalidTimestamp","message":"时间戳或随机数无效"}`, http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch r.URL.Path {
	case "/send":
		fmt.Fprint(w, p.accept(req))
	case "/status":
		p.asked = append(p.asked, req.Ref)
		rep := p.reports[p.phones[req.Ref]]
		_ = json.NewEncoder(w).Encode(map[string]string{"code": "OK", "status": rep.status, "reason": rep.reason})
	default:
		http.NotFound(w, r)
	}
}

// accept keeps a message and answers it.
func (p *provider) accept(req smsRequest) string {
	if p.answer != "" {
		return p.answer
	}
	p.sent = append(p.sent, req)
	ref := "r-" + strconv.Itoa(len(p.sent))
	p.phones[ref] = req.Phone
	return `{"code":"OK","message":"OK","ref":"` + ref + `"}`
}

// sign is the signature the provider expects of a request.
func (p *provider) sign(req smsRequest, body []byte) string {
	sum := sha256.Sum256(body)
	text := strings.NewReplacer("{key}", req.Key, "{timestamp}", strconv.FormatInt(req.Timestamp, 10),
		"{nonce}", req.Nonce, "{body_sha256}", hex.EncodeToString(sum[:])).Replace(p.signature)
	mac := hmac.New(sha256.New, []byte(p.secret))
	mac.Write([]byte(text))
	return hex.EncodeToString(mac.Sum(nil))
}

// answerSends makes the provider answer every message sent with answer ("" accepts them).
func (p *provider) answerSends(answer string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.answer = answer
}

// report makes the provider report the messages to phone as rep says.
func (p *provider) report(phone string, rep report) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reports[phone] = rep
}

// accepted is what the provider accepted so far.
func (p *provider) accepted() []smsRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]smsRequest(nil), p.sent...)
}

// askedAbout is the references the provider was asked about so far.
func (p *provider) askedAbout() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.asked...)
}

const linkText = "瑞丰汽车邀您评价本次保养服务：https://desk.example.com/s/7Qm2xY 退订回T"

func TestSMSGateway_Send(t *testing.T) {
	ctx := context.Background()
	for name, sig := range map[string]string{"OK": config.DefaultSMSSignature, "OwnSignature": "{timestamp}|{nonce}|{body_sha256}"} {
		t.Run(name, func(t *testing.T) {
			p, g := newProvider(t, sig)
			ref, err := g.Send(ctx, "13800000001", linkText)
			testkit.Must(t, err)
			if ref != "r-1" {
				t.Errorf("ref=%q, want r-1", ref)
			}
			got := p.accepted()
			if len(got) != 1 || got[0].Phone != "13800000001" || got[0].SignName != "瑞丰汽车" || got[0].Template != "SMS_4815" ||
				len(got[0].Params) != 1 || got[0].Params["text"] != linkText {
				t.Errorf("accepted=%+v, want the text to 13800000001 with the sign name and template", got)
			}
		})
	}
	t.Run("ErrRefused", func(t *testing.T) {
		p, g := newProvider(t, config.DefaultSMSSignature)
		p.answerSends(`{"code":"isv.MOBILE_NUMBER_ILLEGAL","message":"手机号码格式错误"}`)
		if _, err := g.Send(ctx, "1380000", linkText); err == nil || !strings.Contains(err.Error(), "手机号码格式错误") ||
			!strings.Contains(err.Error(), "isv.MOBILE_NUMBER_ILLEGAL") {
			t.Errorf("Send err=%v, want the provider's code and message", err)
		}
	})
	t.Run("ErrSecret", func(t *testing.T) {
		p, g := newProvider(t, config.DefaultSMSSignature)
		g.Secret = "guess"
		if _, err := g.Send(ctx, "13800000001", linkText); err == nil || !strings.Contains(err.Error(), "签名不匹配") {
			t.Errorf("Send with another secret err=%v, want the provider's refusal", err)
		}
		if got := p.accepted(); len(got) != 0 {
			t.Errorf("accepted=%+v, want none", got)
		}
	})
	t.Run("ErrNoRef", func(t *testing.T) {
		p, g := newProvider(t, config.DefaultSMSSignature)
		p.answerSends(`{"code":"OK"}`)
		if _, err := g.Send(ctx, "13800000001", linkText); err == nil {
			t.Errorf("Send answered without a reference err=nil, want an error")
		}
	})
	t.Run("ErrNotJSON", func(t *testing.T) {
		p, g := newProvider(t, config.DefaultSMSSignature)
		p.answerSends(strings.Repeat("<html>busy</html>", 10000))
		if _, err := g.Send(ctx, "13800000001", linkText); err == nil || len(err.Error()) > 400 {
			t.Errorf("Send answered with a page err=%.500v, want a short error", err)
		}
	})
}

func TestSMSGateway_Status(t *testing.T) {
	ctx := context.Background()
	_, g := newProvider(t, config.DefaultSMSSignature)
	tests := []struct {
		phone  string
		want   notify.Delivery
		reason string
		err    bool
	}{
		{"13800000001", notify.Delivered, "", false},
		{"13800000002", notify.Failed, "用户停机", false},
		{"13800000003", notify.Pending, "", false},
		{"13800000004", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.phone, func(t *testing.T) {
			ref, err := g.Send(ctx, tt.phone, linkText)
			testkit.Must(t, err)
			d, reason, err := g.Status(ctx, ref)
			if d != tt.want || reason != tt.reason || (err != nil) != tt.err {
				t.Errorf("Status=%q, %q, %v, want %q, %q, error %v", d, reason, err, tt.want, tt.reason, tt.err)
			}
		})
	}
	t.Run("ErrSecret", func(t *testing.T) {
		g := g
		g.Secret = "guess"
		if _, _, err := g.Status(ctx, "r-1"); err == nil {
			t.Errorf("Status with another secret err=nil, want the provider's refusal")
		}
	})
}
