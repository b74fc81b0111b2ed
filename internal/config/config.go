// Package config loads the application's settings from environment variables, with defaults.
// Messages leave through the mail server (SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD,
// SMTP_FROM) and the SMS provider's signed HTTP API (SMS_URL, SMS_STATUS_URL, SMS_KEY,
// SMS_SECRET, SMS_SIGN_NAME, SMS_TEMPLATE, SMS_SIGNATURE); without SMTP_HOST or SMS_URL, the
// messages of that channel are written to the log.
package config

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Config holds every setting of the application. Load fills it from the environment.
type Config struct {
	// DatabaseURL is the application's connection: a role that is neither superuser,
	// table owner, nor BYPASSRLS.
	DatabaseURL string
	// OwnerDatabaseURL is the schema owner's connection, used by migrations, seeding and
	// the user command.
	OwnerDatabaseURL string
	// ListenAddr is where the HTTP server listens.
	ListenAddr string
	// PublicURL is where customers reach the application, the start of the survey links sent
	// to them (PUBLIC_URL, default http:// and ListenAddr): "https://csi.example.com".
	PublicURL string
	// SecureCookies marks session cookies Secure; set it when the app is served over TLS.
	SecureCookies bool
	// SessionIdle ends a session after this long without a request.
	SessionIdle time.Duration
	// SessionMax ends a session this long after login, however active.
	SessionMax time.Duration
	// LogFormat is "text" or "json".
	LogFormat string
	// SMTP is the mail server notices and survey links are sent through.
	SMTP SMTP
	// SMS is the provider text messages (survey links) are sent through.
	SMS SMS
	// MetricsAddr is where the Prometheus metrics are served, apart from the application's
	// pages (METRICS_ADDR, for example 127.0.0.1:9091), with the Go profiles at /debug/pprof/;
	// empty serves none.
	MetricsAddr string
	// TrustedProxies are the addresses (IPs or CIDR ranges, TRUSTED_PROXIES, comma-separated)
	// of the reverse proxies in front of the app, whose X-Forwarded-For header names the client.
	TrustedProxies []netip.Prefix
	// JobRescueAfter is how long a background job may stay running before it is taken to have
	// died with its process and is run again (JOB_RESCUE_AFTER, default 2m); a job may run for
	// half of it.
	JobRescueAfter time.Duration
}

// SMTP is a mail server: SMTP_HOST, SMTP_PORT (default 587), SMTP_USER, SMTP_PASSWORD and
// SMTP_FROM (default SMTP_USER). Without a host, notices are written to the log instead.
type SMTP struct {
	Host, Port, User, Password, From string
}

// DefaultSMSSignature is the text signed for the SMS provider unless SMS_SIGNATURE says otherwise.
const DefaultSMSSignature = "{key}\n{timestamp}\n{nonce}\n{body_sha256}"

// SMS is a text-message provider's signed HTTP API. Each request is a JSON POST carrying the
// key, a timestamp (Unix seconds) and a nonce, and a header X-Signature: the hex HMAC-SHA256,
// keyed by Secret, of Signature with {key}, {timestamp}, {nonce} and {body_sha256} (the hex
// SHA-256 of the body) filled in. Without a URL, text messages are written to the log instead.
type SMS struct {
	// URL is where messages are sent (SMS_URL); StatusURL where their delivery is asked
	// (SMS_STATUS_URL).
	URL, StatusURL string
	// Key and Secret are the provider's access key id and secret (SMS_KEY, SMS_SECRET).
	Key, Secret string
	// SignName is the sender's signature registered with the provider, shown as 【SignName】
	// before the text (SMS_SIGN_NAME).
	SignName string
	// Template is the provider's code of the approved message template (SMS_TEMPLATE), whose
	// one parameter, text, is the message.
	Template string
	// Signature is the text to sign (SMS_SIGNATURE, default DefaultSMSSignature; \n in the
	// variable is a line break).
	Signature string
}

// Load reads the configuration from the environment and validates it.
func Load() (Config, error) {
	c := Config{
		DatabaseURL:      os.Getenv("DATABASE_URL"),
		OwnerDatabaseURL: os.Getenv("DATABASE_OWNER_URL"),
		ListenAddr:       env("LISTEN_ADDR", "127.0.0.1:8080"),
		MetricsAddr:      os.Getenv("METRICS_ADDR"),
		LogFormat:        env("LOG_FORMAT", "text"),
		SMTP: SMTP{Host: os.Getenv("SMTP_HOST"), Port: env("SMTP_PORT", "587"), User: os.Getenv("SMTP_USER"),
			Password: os.Getenv("SMTP_PASSWORD"), From: env("SMTP_FROM", os.Getenv("SMTP_USER"))},
	}
	var errs []error
	c.SMS, errs = loadSMS(errs)
	c.PublicURL, errs = parsePublicURL(env("PUBLIC_URL", "http://"+c.ListenAddr), errs)
	c.SecureCookies, errs = parseBool("SECURE_COOKIES", false, errs)
	c.SessionIdle, errs = parseDuration("SESSION_IDLE_TIMEOUT", 2*time.Hour, errs)
	c.SessionMax, errs = parseDuration("SESSION_MAX_AGE", 12*time.Hour, errs)
	c.JobRescueAfter, errs = parseDuration("JOB_RESCUE_AFTER", 2*time.Minute, errs)
	c.TrustedProxies, errs = parsePrefixes("TRUSTED_PROXIES", errs)
	if c.OwnerDatabaseURL == "" {
		c.OwnerDatabaseURL = c.DatabaseURL
	}
	if c.DatabaseURL == "" {
		errs = append(errs, errors.New("DATABASE_URL is required (make run sets it for the private cluster)"))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("LOG_FORMAT=%q: want text or json", c.LogFormat))
	}
	return c, errors.Join(errs...)
}

// loadSMS reads the SMS provider's settings; with a URL, every one is required and both URLs
// must be absolute http(s) addresses.
func loadSMS(errs []error) (SMS, []error) {
	s := SMS{URL: os.Getenv("SMS_URL"), StatusURL: os.Getenv("SMS_STATUS_URL"), Key: os.Getenv("SMS_KEY"),
		Secret: os.Getenv("SMS_SECRET"), SignName: os.Getenv("SMS_SIGN_NAME"), Template: os.Getenv("SMS_TEMPLATE"),
		Signature: strings.ReplaceAll(env("SMS_SIGNATURE", DefaultSMSSignature), `\n`, "\n")}
	if s.URL == "" {
		return s, errs
	}
	for _, v := range [][2]string{{"SMS_STATUS_URL", s.StatusURL}, {"SMS_KEY", s.Key}, {"SMS_SECRET", s.Secret},
		{"SMS_SIGN_NAME", s.SignName}, {"SMS_TEMPLATE", s.Template}} {
		if v[1] == "" {
			errs = append(errs, fmt.Errorf("%s is required with SMS_URL", v[0]))
		}
	}
	errs = checkURL("SMS_URL", s.URL, errs)
	if s.StatusURL != "" {
		errs = checkURL("SMS_STATUS_URL", s.StatusURL, errs)
	}
	for _, p := range placeholder.FindAllString(s.Signature, -1) {
		if !slices.Contains(smsPlaceholders, p) {
			errs = append(errs, fmt.Errorf("SMS_SIGNATURE: unknown %s, want one of %s", p, strings.Join(smsPlaceholders, " ")))
		}
	}
	return s, errs
}

// placeholder is a name in braces in SMS_SIGNATURE; smsPlaceholders are those filled in.
var (
	placeholder     = regexp.MustCompile(`\{[^{}]*\}`)
	smsPlaceholders = []string{"{key}", "{timestamp}", "{nonce}", "{body_sha256}"}
)

// checkURL requires an absolute http or https address.
func checkURL(key, v string, errs []error) []error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return append(errs, fmt.Errorf("%s=%q: want an http or https address such as https://sms.example.com/send", key, v))
	}
	return errs
}

// parsePrefixes reads a comma-separated list of IP addresses and CIDR ranges.
func parsePrefixes(key string, errs []error) ([]netip.Prefix, []error) {
	var out []netip.Prefix
	for _, f := range strings.Split(os.Getenv(key), ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				errs = append(errs, fmt.Errorf("%s: %q is neither an IP address nor a CIDR range", key, f))
				continue
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, errs
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func parseBool(key string, def bool, errs []error) (bool, []error) {
	v := os.Getenv(key)
	if v == "" {
		return def, errs
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def, append(errs, fmt.Errorf("%s=%q: want true or false", key, v))
	}
	return b, errs
}

func parseDuration(key string, def time.Duration, errs []error) (time.Duration, []error) {
	v := os.Getenv(key)
	if v == "" {
		return def, errs
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return def, append(errs, fmt.Errorf("%s=%q: want a positive duration such as 2h", key, v))
	}
	return d, errs
}

// parsePublicURL checks the application's public address: an http or https URL with a host and
// no path beyond "/", kept without its trailing slash.
func parsePublicURL(v string, errs []error) (string, []error) {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" {
		return "", append(errs, fmt.Errorf("PUBLIC_URL=%q: want an http or https address such as https://csi.example.com", v))
	}
	return strings.TrimRight(v, "/"), errs
}
