package scores

import "testing"

func TestStore_Judge(t *testing.T) {
	st := Store{SSILine: 90, CSILine: 95, MinSample: 5}
	for _, tc := range []struct {
		name string
		kind string
		f    Figure
		want Verdict
	}{
		{"NoAnswer", "csi", Figure{}, NoScore},
		{"FourSurveysLow", "csi", Figure{Weight: 1, Points: 40, Surveys: 4}, TooFew},
		{"FourSurveysHigh", "csi", Figure{Weight: 1, Points: 100, Surveys: 4}, TooFew},
		{"FiveBelow", "csi", Figure{Weight: 1, Points: 94.9, Surveys: 5}, Below},
		{"FiveOnTheLine", "csi", Figure{Weight: 1, Points: 95, Surveys: 5}, OnTarget},
		{"SSILine", "ssi", Figure{Weight: 1, Points: 92, Surveys: 5}, OnTarget},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := st.JudgeFigure(tc.kind, tc.f); got != tc.want {
				t.Errorf("JudgeFigure=%v, want %v", got, tc.want)
			}
		})
	}
}

func TestStore_SampleState(t *testing.T) {
	st := Store{MinSample: 5}
	for _, tc := range []struct {
		name    string
		sm      Sample
		running bool
		want    SampleState
	}{
		{"NothingDue", Sample{}, false, NothingDue},
		{"TwoOfTwoRunning", Sample{Required: 2, Reached: 2, Completed: 2}, true, Running},
		{"TwoOfTwoComplete", Sample{Required: 2, Reached: 2, Completed: 2}, false, FewCompleted},
		{"Valid", Sample{Required: 8, Reached: 6, Completed: 5}, false, ValidSample},
		{"TooFewReached", Sample{Required: 20, Reached: 9, Completed: 9}, false, InvalidSample},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := st.SampleState(tc.sm, tc.running); got != tc.want {
				t.Errorf("SampleState=%v, want %v", got, tc.want)
			}
		})
	}
}
