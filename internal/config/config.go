// Package config loads the application's settings from environment variables, with defaults.
package config

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
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
	// SecureCookies marks session cookies Secure; set it when the app is served over TLS.
	SecureCookies bool
	// SessionIdle ends a session after this long without a request.
	SessionIdle time.Duration
	// SessionMax ends a session this long after login, however active.
	SessionMax time.Duration
	// LogFormat is "text" or "json".
	LogFormat string
	// SMTP is the mail server notices are sent through.
	SMTP SMTP
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
