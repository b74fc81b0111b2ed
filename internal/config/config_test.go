package config_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/config"
)

// smsVars are the SMS provider's settings, complete.
var smsVars = map[string]string{"SMS_URL": "https://sms.example.com/v1/send", "SMS_STATUS_URL": "https://sms.example.com/v1/status",
	"SMS_KEY": "LTAI5tDesk", "SMS_SECRET": "s3cret-4815", "SMS_SIGN_NAME": "瑞丰汽车", "SMS_TEMPLATE": "SMS_4815"}

// with is smsVars with the changes of change.
func with(change map[string]string) map[string]string {
	out := maps.Clone(smsVars)
	maps.Copy(out, change)
	return out
}

func TestLoad_SMS(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want config.SMS
		// errs are what the error must name; none for a valid configuration.
		errs []string
	}{
		{"None", map[string]string{"SMS_KEY": "LTAI5tDesk"}, config.SMS{Key: "LTAI5tDesk", Signature: config.DefaultSMSSignature}, nil},
		{"OK", smsVars, config.SMS{URL: smsVars["SMS_URL"], StatusURL: smsVars["SMS_STATUS_URL"], Key: "LTAI5tDesk",
			Secret: "s3cret-4815", SignName: "瑞丰汽车", Template: "SMS_4815", Signature: config.DefaultSMSSignature}, nil},
		{"OwnSignature", with(map[string]string{"SMS_SIGNATURE": `POST\n{timestamp}{nonce}\n{body_sha256}`}),
			config.SMS{URL: smsVars["SMS_URL"], StatusURL: smsVars["SMS_STATUS_URL"], Key: "LTAI5tDesk", Secret: "s3cret-4815",
				SignName: "瑞丰汽车", Template: "SMS_4815", Signature: "POST\n{timestamp}{nonce}\n{body_sha256}"}, nil},
		{"ErrURL", with(map[string]string{"SMS_URL": "sms.example.com/send", "SMS_STATUS_URL": "ftp://sms.example.com/status"}),
			config.SMS{}, []string{"SMS_URL=", "SMS_STATUS_URL="}},
		{"ErrMissing", map[string]string{"SMS_URL": "https://sms.example.com/v1/send"},
			config.SMS{}, []string{"SMS_STATUS_URL is required", "SMS_KEY is required", "SMS_SECRET is required",
				"SMS_SIGN_NAME is required", "SMS_TEMPLATE is required"}},
		{"ErrPlaceholder", with(map[string]string{"SMS_SIGNATURE": "{key}{secret}{body_sha256}"}), config.SMS{}, []string{"{secret}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("DATABASE_URL", "postgres://localhost/x")
			for _, k := range []string{"SMS_URL", "SMS_STATUS_URL", "SMS_KEY", "SMS_SECRET", "SMS_SIGN_NAME", "SMS_TEMPLATE", "SMS_SIGNATURE"} {
				t.Setenv(k, tt.vars[k])
			}
			c, err := config.Load()
			if tt.errs == nil {
				if err != nil || c.SMS != tt.want {
					t.Errorf("Load SMS=%+v, %v, want %+v", c.SMS, err, tt.want)
				}
				return
			}
			for _, e := range tt.errs {
				if err == nil || !strings.Contains(err.Error(), e) {
					t.Errorf("Load err=%v, want it to name %q", err, e)
				}
			}
			if err != nil && strings.Contains(err.Error(), "s3cret") {
				t.Errorf("Load err=%v, want the secret left out", err)
			}
		})
	}
}
