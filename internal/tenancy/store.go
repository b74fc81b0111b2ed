// Package tenancy holds a dealer group's stores and their departments.
package tenancy

import (
	"math"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/csidesk/csidesk/internal/apperr"
)

// DefaultTimeZone is the time zone of a new store.
const DefaultTimeZone = "Asia/Shanghai"

// DefaultThreshold is the red line a department must reach, in points out of 100.
const DefaultThreshold = 95.0

// DefaultMinSample is how many surveys a department's week or month needs before its score is
// judged against the red line; fewer say too little about the department.
const DefaultMinSample = 5

// MaxMinSample bounds the minimum sample a store may set.
const MaxMinSample = 1000

// A survey link stays open DefaultLinkExpiry days (1 to MaxLinkExpiry), and one reminder goes
// to a customer who has not answered after DefaultLinkReminder days (0, none, to
// MaxLinkReminder).
const (
	DefaultLinkExpiry   = 7
	MaxLinkExpiry       = 30
	DefaultLinkReminder = 2
	MaxLinkReminder     = 14
)

// Store is one 4S store of a dealer group.
type Store struct {
	ID           int64
	Name         string
	Brand        string
	Region       string
	TimeZone     string
	SSIThreshold float64
	CSIThreshold float64
	// MinSample is the fewest surveys behind a figure that gets a red-line verdict and a tier;
	// 0 when not given: a new store takes the default, a store saved again keeps its own.
	MinSample int
	CreatedAt time.Time
	// WeeklyActions says that a department's week closing below the red line opens an
	// improvement action too, besides its month, which always does.
	WeeklyActions bool
	// LinkExpiryDays is how many days a survey link stays open; 0 when the link settings are
	// not given: a new store takes the defaults, a store saved again keeps its own.
	LinkExpiryDays int
	// LinkReminderDays is after how many days unanswered a link's one reminder goes; 0: none.
	LinkReminderDays int
	// EventInCSI says that the event survey after a complaint counts in the store's CSI
	// instead of apart.
	EventInCSI bool
}

// NewStore returns a store with the defaults filled in.
func NewStore() Store {
	return Store{TimeZone: DefaultTimeZone, SSIThreshold: DefaultThreshold, CSIThreshold: DefaultThreshold,
		MinSample: DefaultMinSample, LinkExpiryDays: DefaultLinkExpiry, LinkReminderDays: DefaultLinkReminder}
}

// Normalize trims the text fields.
func (s *Store) Normalize() {
	s.Name = strings.TrimSpace(s.Name)
	s.Brand = strings.TrimSpace(s.Brand)
	s.Region = strings.TrimSpace(s.Region)
	s.TimeZone = strings.TrimSpace(s.TimeZone)
}

// Validate reports every invalid field with a message key.
func (s *Store) Validate() error {
	f := map[string]string{}
	checkText(f, "name", s.Name, true, 100)
	checkText(f, "brand", s.Brand, false, 100)
	checkText(f, "region", s.Region, false, 100)
	if s.TimeZone == "" {
		f["time_zone"] = "validation.required"
	} else if _, err := time.LoadLocation(s.TimeZone); err != nil || !strings.Contains(s.TimeZone, "/") {
		f["time_zone"] = "validation.time_zone"
	}
	checkThreshold(f, "ssi_threshold", s.SSIThreshold)
	checkThreshold(f, "csi_threshold", s.CSIThreshold)
	if s.MinSample < 0 || s.MinSample > MaxMinSample {
		f["min_sample"] = "validation.min_sample"
	}
	if s.LinkExpiryDays < 0 || s.LinkExpiryDays > MaxLinkExpiry {
		f["link_expiry_days"] = "channels.link_expiry_range"
	}
	if s.LinkReminderDays < 0 || s.LinkReminderDays > MaxLinkReminder {
		f["link_reminder_days"] = "channels.link_reminder_range"
	}
	if len(f) > 0 {
		return apperr.Fields(f)
	}
	return nil
}

func checkText(f map[string]string, field, v string, required bool, max int) {
	switch {
	case required && v == "":
		f[field] = "validation.required"
	case utf8.RuneCountInString(v) > max:
		f[field] = "validation.too_long"
	}
}

func checkThreshold(f map[string]string, field string, v float64) {
	if math.IsNaN(v) || v < 0 || v > 100 {
		f[field] = "validation.threshold"
	}
}

// zones holds the time zones Location has loaded, by name: loading one reads the zone database.
var zones sync.Map

// Location is the time zone named zone, loaded once; an unknown zone is UTC.
func Location(zone string) *time.Location {
	if loc, ok := zones.Load(zone); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return time.UTC
	}
	zones.Store(zone, loc)
	return loc
}
