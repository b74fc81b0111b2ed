package complaints_test

import (
	"testing"

	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestCatalog_Keys: every message key the complaint pages build from a status, severity,
// channel, step, queue, action or event exists in both languages (the i18n package's catalog
// test cannot import this package).
func TestCatalog_Keys(t *testing.T) {
	bundle, err := i18n.New()
	testkit.Must(t, err)
	prefixes := map[string][]string{
		"complaints.status_":     strs(complaints.Statuses),
		"complaints.severity_":   strs(complaints.Severities),
		"complaints.channel_":    complaints.Channels,
		"complaints.step_":       strs(complaints.Steps),
		"complaints.tab_":        strs(complaints.Tabs),
		"complaints.act_":        strs(complaints.Actions),
		"complaints.do_":         strs(complaints.Actions),
		"flash.complaint_":       strs(complaints.Actions),
		"complaints.event_":      append(strs(complaints.Actions), "opened", "escalated", "reopened", "linked"),
		"complaints.appeal_":     {"pending", "reviewed", "dismissed", "upheld"},
		"complaints.escalation_": {"1", "2"},
	}
	for _, lang := range i18n.Languages {
		l := bundle.Localizer(lang)
		for prefix, codes := range prefixes {
			for _, c := range codes {
				if key := prefix + c; l.T(key) == key {
					t.Errorf("%s: %s missing", lang, key)
				}
			}
		}
	}
}

func strs[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = string(v)
	}
	return out
}
