package tenancy

import (
	"maps"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/testkit"
)

func validStore() Store {
	st := NewStore()
	st.Name = "上海浦东4S店"
	st.Brand = "Volkswagen"
	st.Region = "华东"
	return st
}

func TestNewStore(t *testing.T) {
	st := NewStore()
	if st.TimeZone != DefaultTimeZone {
		t.Errorf("TimeZone=%v, want %v", st.TimeZone, DefaultTimeZone)
	}
	if st.SSIThreshold != DefaultThreshold {
		t.Errorf("SSIThreshold=%v, want %v", st.SSIThreshold, DefaultThreshold)
	}
	if st.CSIThreshold != DefaultThreshold {
		t.Errorf("CSIThreshold=%v, want %v", st.CSIThreshold, DefaultThreshold)
	}
	if st.MinSample != DefaultMinSample {
		t.Errorf("MinSample=%v, want %v", st.MinSample, DefaultMinSample)
	}
	if st.LinkExpiryDays != DefaultLinkExpiry || st.LinkReminderDays != DefaultLinkReminder || st.EventInCSI {
		t.Errorf("links %v/%v, event in CSI %v, want %v/%v, false", st.LinkExpiryDays, st.LinkReminderDays, st.EventInCSI,
			DefaultLinkExpiry, DefaultLinkReminder)
	}
}

func TestStore_Validate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Store)
		want   map[string]string
	}{
		{"ok", func(*Store) {}, nil},
		{"ok without brand and region", func(s *Store) { s.Brand, s.Region = "", "" }, nil},
		{"empty name", func(s *Store) { s.Name = "" }, map[string]string{"name": "validation.required"}},
		{"name 100 Chinese runes", func(s *Store) { s.Name = strings.Repeat("店", 100) }, nil},
		{"name 101 Chinese runes", func(s *Store) { s.Name = strings.Repeat("店", 101) },
			map[string]string{"name": "validation.too_long"}},
		{"name 101 ASCII", func(s *Store) { s.Name = strings.Repeat("a", 101) },
			map[string]string{"name": "validation.too_long"}},
		{"brand 100 Chinese runes", func(s *Store) { s.Brand = strings.Repeat("大", 100) }, nil},
		{"brand 101 Chinese runes", func(s *Store) { s.Brand = strings.Repeat("大", 101) },
			map[string]string{"brand": "validation.too_long"}},
		{"region 100 Chinese runes", func(s *Store) { s.Region = strings.Repeat("东", 100) }, nil},
		{"region 101 Chinese runes", func(s *Store) { s.Region = strings.Repeat("东", 101) },
			map[string]string{"region": "validation.too_long"}},
		{"time zone Asia/Shanghai", func(s *Store) { s.TimeZone = "Asia/Shanghai" }, nil},
		{"time zone America/New_York", func(s *Store) { s.TimeZone = "America/New_York" }, nil},
		{"time zone empty", func(s *Store) { s.TimeZone = "" },
			map[string]string{"time_zone": "validation.required"}},
		{"time zone unknown", func(s *Store) { s.TimeZone = "Mars/Base" },
			map[string]string{"time_zone": "validation.time_zone"}},
		{"time zone UTC without area", func(s *Store) { s.TimeZone = "UTC" },
			map[string]string{"time_zone": "validation.time_zone"}},
		{"time zone GMT without area", func(s *Store) { s.TimeZone = "GMT" },
			map[string]string{"time_zone": "validation.time_zone"}},
		{"time zone Local", func(s *Store) { s.TimeZone = "Local" },
			map[string]string{"time_zone": "validation.time_zone"}},
		{"time zone path escape", func(s *Store) { s.TimeZone = "../zoneinfo/Asia/Shanghai" },
			map[string]string{"time_zone": "validation.time_zone"}},
		{"thresholds 0", func(s *Store) { s.SSIThreshold, s.CSIThreshold = 0, 0 }, nil},
		{"thresholds 100", func(s *Store) { s.SSIThreshold, s.CSIThreshold = 100, 100 }, nil},
		{"thresholds 99.5", func(s *Store) { s.SSIThreshold, s.CSIThreshold = 99.5, 99.5 }, nil},
		{"ssi -1", func(s *Store) { s.SSIThreshold = -1 },
			map[string]string{"ssi_threshold": "validation.threshold"}},
		{"csi -1", func(s *Store) { s.CSIThreshold = -1 },
			map[string]string{"csi_threshold": "validation.threshold"}},
		{"ssi 100.5", func(s *Store) { s.SSIThreshold = 100.5 },
			map[string]string{"ssi_threshold": "validation.threshold"}},
		{"csi 100.5", func(s *Store) { s.CSIThreshold = 100.5 },
			map[string]string{"csi_threshold": "validation.threshold"}},
		{"min sample 1", func(s *Store) { s.MinSample = 1 }, nil},
		{"min sample 1000", func(s *Store) { s.MinSample = 1000 }, nil},
		{"min sample 0: not given", func(s *Store) { s.MinSample = 0 }, nil},
		{"min sample -1", func(s *Store) { s.MinSample = -1 },
			map[string]string{"min_sample": "validation.min_sample"}},
		{"min sample 1001", func(s *Store) { s.MinSample = 1001 },
			map[string]string{"min_sample": "validation.min_sample"}},
		{"link expiry 1, reminder 0: none", func(s *Store) { s.LinkExpiryDays, s.LinkReminderDays = 1, 0 }, nil},
		{"link expiry 30, reminder 14", func(s *Store) { s.LinkExpiryDays, s.LinkReminderDays = 30, 14 }, nil},
		{"link expiry 0: not given", func(s *Store) { s.LinkExpiryDays = 0 }, nil},
		{"link expiry -1", func(s *Store) { s.LinkExpiryDays = -1 },
			map[string]string{"link_expiry_days": "channels.link_expiry_range"}},
		{"link expiry 31", func(s *Store) { s.LinkExpiryDays = 31 },
			map[string]string{"link_expiry_days": "channels.link_expiry_range"}},
		{"link reminder -1", func(s *Store) { s.LinkReminderDays = -1 },
			map[string]string{"link_reminder_days": "channels.link_reminder_range"}},
		{"link reminder 15", func(s *Store) { s.LinkReminderDays = 15 },
			map[string]string{"link_reminder_days": "channels.link_reminder_range"}},
		{"every field wrong", func(s *Store) {
			*s = Store{Brand: strings.Repeat("大", 101), Region: strings.Repeat("东", 101),
				TimeZone: "Mars/Base", SSIThreshold: -1, CSIThreshold: 100.5, MinSample: 1001, LinkExpiryDays: 31, LinkReminderDays: -1}
		}, map[string]string{
			"link_expiry_days":   "channels.link_expiry_range",
			"link_reminder_days": "channels.link_reminder_range",
			"name":               "validation.required",
			"brand":              "validation.too_long",
			"region":             "validation.too_long",
			"time_zone":          "validation.time_zone",
			"ssi_threshold":      "validation.threshold",
			"csi_threshold":      "validation.threshold",
			"min_sample":         "validation.min_sample",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := validStore()
			tt.change(&st)
			got := testkit.Fields(t, st.Validate())
			if !maps.Equal(got, tt.want) {
				t.Errorf("Fields=%v, want %v", got, tt.want)
			}
		})
	}
}

func TestStore_Normalize(t *testing.T) {
	tests := []struct {
		name string
		in   Store
		want Store
	}{
		{"trims every text field",
			Store{Name: "  上海店 \t", Brand: " VW ", Region: "\n华东 ", TimeZone: " Asia/Shanghai\n", SSIThreshold: 90, CSIThreshold: 80},
			Store{Name: "上海店", Brand: "VW", Region: "华东", TimeZone: "Asia/Shanghai", SSIThreshold: 90, CSIThreshold: 80}},
		{"keeps inner spaces",
			Store{Name: "Shanghai  East", TimeZone: "America/New_York"},
			Store{Name: "Shanghai  East", TimeZone: "America/New_York"}},
		{"blank name becomes empty",
			Store{Name: "   ", TimeZone: "Asia/Shanghai"},
			Store{Name: "", TimeZone: "Asia/Shanghai"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.in
			st.Normalize()
			if st != tt.want {
				t.Errorf("Store=%+v, want %+v", st, tt.want)
			}
		})
	}
}

func TestStore_NormalizeThenValidate(t *testing.T) {
	tests := []struct {
		name string
		in   Store
		want map[string]string
	}{
		{"padded values pass", Store{Name: " 上海店 ", TimeZone: " Asia/Shanghai ", SSIThreshold: 95, CSIThreshold: 95, MinSample: 5}, nil},
		{"blank name is required", Store{Name: " \t ", TimeZone: "Asia/Shanghai", SSIThreshold: 95, CSIThreshold: 95, MinSample: 5},
			map[string]string{"name": "validation.required"}},
		{"blank time zone is required", Store{Name: "上海店", TimeZone: "  ", SSIThreshold: 95, CSIThreshold: 95, MinSample: 5},
			map[string]string{"time_zone": "validation.required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.in
			st.Normalize()
			got := testkit.Fields(t, st.Validate())
			if !maps.Equal(got, tt.want) {
				t.Errorf("Fields=%v, want %v", got, tt.want)
			}
		})
	}
}
