package benchmarks_test

import (
	"testing"

	"github.com/csidesk/csidesk/internal/benchmarks"
)

func num(v float64) *float64 { return &v }

// TestFigures_Below: a score under either average is below the one it falls short of by more
// (national on a tie); a score equal to an average, or without one, is not below it.
func TestFigures_Below(t *testing.T) {
	tests := []struct {
		name     string
		f        benchmarks.Figures
		compared string
		target   float64
	}{
		{"AboveBoth", benchmarks.Figures{Score: 90, National: num(85), Regional: num(86)}, "", 0},
		{"EqualBoth", benchmarks.Figures{Score: 85, National: num(85), Regional: num(85)}, "", 0},
		{"BelowNationalMore", benchmarks.Figures{Score: 80, National: num(85), Regional: num(82)}, "national", 85},
		{"BelowRegionalOnly", benchmarks.Figures{Score: 84, National: num(83), Regional: num(86)}, "regional", 86},
		{"BelowRegionalMore", benchmarks.Figures{Score: 78, National: num(80), Regional: num(85)}, "regional", 85},
		{"TieIsNational", benchmarks.Figures{Score: 80, National: num(82), Regional: num(82)}, "national", 82},
		{"NoNational", benchmarks.Figures{Score: 88, Regional: num(90)}, "regional", 90},
		{"NoAverages", benchmarks.Figures{Score: 10}, "", 0},
		{"HundredthBelow", benchmarks.Figures{Score: 92.49, National: num(92.5)}, "national", 92.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			compared, target := tt.f.Below()
			if compared != tt.compared || target != tt.target {
				t.Errorf("Below()=%q, %v, want %q, %v", compared, target, tt.compared, tt.target)
			}
		})
	}
}

func TestFiguresText_Parse(t *testing.T) {
	f, errs := benchmarks.FiguresText{Score: " 86.456 ", National: "88分", Regional: "", Rank: "第3名"}.Parse()
	if len(errs) != 0 || f.Score != 86.46 || *f.National != 88 || f.Regional != nil || *f.Rank != 3 {
		t.Errorf("Parse=%+v, %v, want 86.46, 88, none, 3", f, errs)
	}
	if f, _ := (benchmarks.FiguresText{Score: "950", Rank: "12/45"}).Parse(); f.Score != 950 || *f.Rank != 12 {
		t.Errorf("Parse SSI=%+v, want 950 ranked 12", f)
	}
	_, errs = benchmarks.FiguresText{Score: "1200", National: "abc", Regional: "-1", Rank: "0"}.Parse()
	want := map[string]string{"score": "benchmarks.error.score", "national": "benchmarks.error.average",
		"regional": "benchmarks.error.average", "rank": "benchmarks.error.rank"}
	for field, key := range want {
		if errs[field] != key {
			t.Errorf("errs[%s]=%q, want %q", field, errs[field], key)
		}
	}
	if _, errs := (benchmarks.FiguresText{}).Parse(); errs["score"] != "benchmarks.error.score_required" {
		t.Errorf("blank score: errs=%v, want score required", errs)
	}
}
