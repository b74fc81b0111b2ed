package benchmarks

import (
	"testing"

	"github.com/csidesk/csidesk/internal/benchmarks"
	"github.com/csidesk/csidesk/internal/i18n"
)

// TestKeys_BuiltInCode: the message keys the pages build from codes (programmes, averages,
// import statuses, row outcomes, file columns) are in both catalogs.
func TestKeys_BuiltInCode(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, p := range benchmarks.Programmes {
		keys = append(keys, "benchmarks.programme."+string(p))
	}
	for _, c := range benchmarks.Columns {
		keys = append(keys, "benchmarks.column."+c.Name)
	}
	for _, s := range []benchmarks.Status{benchmarks.Added, benchmarks.Changed, benchmarks.Unchanged} {
		keys = append(keys, "benchmarks.becomes_"+string(s))
	}
	keys = append(keys, "benchmarks.status_"+benchmarks.Mapped, "benchmarks.status_"+benchmarks.Committed,
		"benchmarks.average_"+benchmarks.National, "benchmarks.average_"+benchmarks.Regional)
	for _, lang := range i18n.Languages {
		for _, k := range keys {
			if got := bundle.Localizer(lang).T(k); got == k {
				t.Errorf("%s: %s is missing", lang, k)
			}
		}
	}
}
