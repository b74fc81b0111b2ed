package scores_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// addEvent gives the store an event questionnaire of one five-point item of weight 1, scored
// for its after-sales department.
func (f *scoreFixture) addEvent(t *testing.T, st storeFixture) questionnaire {
	t.Helper()
	ctx := context.Background()
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	q := questionnaire{store: st, kind: "event", items: make([]int64, 1)}
	testkit.Must(t, tx.QueryRow(ctx, `INSERT INTO questionnaires (tenant_id, store_id, kind, version) VALUES ($1, $2, 'event', 1)
		RETURNING id`, f.tenantID, st.id).Scan(&q.id))
	testkit.Must(t, tx.QueryRow(ctx, `INSERT INTO questionnaire_items (tenant_id, questionnaire_id, store_id, position, text_zh, text_en,
		scale, weight, mandatory, department_id, name_zh, name_en)
		VALUES ($1, $2, $3, 1, '处理结果满意吗', 'Happy with the outcome?', 'five', 1, true, $4, '处理结果', 'Outcome') RETURNING id`,
		f.tenantID, q.id, st.id, st.after).Scan(&q.items[0]))
	testkit.Must(t, tx.Commit(ctx))
	return q
}

// eventWeek is the week of the event survey tests.
var eventWeek = day("2026-12-07")

// figures reads the whole store's and the after-sales department's week of the kind, and the
// week's completed sample.
func (f *scoreFixture) figures(t *testing.T, kind string) (store, after scores.Figure, completed int) {
	t.Helper()
	b, err := scores.NewService(f.db.App, nil).ReadBoard(context.Background(), f.tenantID,
		scores.Key{StoreID: f.shanghai.id, Kind: kind, Period: scores.Week, Start: eventWeek}, 1)
	testkit.Must(t, err)
	after, _ = figureOf(b, f.shanghai.after)
	return b.Total[0], after, b.Samples[0].Completed
}

// mustEqualRebuild fails the test unless the kept roll-ups equal a recomputation.
func (f *scoreFixture) mustEqualRebuild(t *testing.T, when string) {
	t.Helper()
	r, err := scores.NewService(f.db.App, nil).Rebuild(context.Background(), f.tenantID)
	testkit.Must(t, err)
	if r.Different != 0 || r.SamplesDifferent != 0 {
		t.Errorf("%s: rebuild %+v, want the kept roll-ups equal to a recomputation", when, r)
	}
}

// wantFigure fails the test unless f has the score and surveys (score NaN: no figure).
func wantFigure(t *testing.T, name string, f scores.Figure, score float64, surveys int) {
	t.Helper()
	got, ok := f.Score()
	if math.IsNaN(score) {
		if ok || f.Surveys != 0 {
			t.Errorf("%s: %+v, want no figure", name, f)
		}
		return
	}
	if !ok || math.Abs(got-score) > 1e-6 || f.Surveys != surveys {
		t.Errorf("%s: score %v from %d surveys, want %.4f from %d", name, got, f.Surveys, score, surveys)
	}
}

// TestEventSurvey_ApartOrInCSI: an event survey counts apart, in the event board and sample,
// until the store counts it in its CSI; the change recounts the store in the same transaction,
// an event survey completed afterwards counts in CSI at once, and changing back reverses it.
// After each step the roll-ups equal a rebuild.
func TestEventSurvey_ApartOrInCSI(t *testing.T) {
	f := newScoreFixture(t)
	ctx := context.Background()
	event := f.addEvent(t, f.shanghai)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	at := time.Date(2026, 12, 8, 10, 0, 0, 0, sh)
	f.complete(t, f.shanghai, at, map[int]int{1: 5})                    // CSI: after-sales 2×100
	f.completeOn(t, event, "phone", at, map[int]int{1: 1})              // event: after-sales 1×20
	f.completeOn(t, event, "sms", at.Add(time.Hour), map[int]int{1: 4}) // event by link: 1×80

	apart := func(when string) {
		t.Helper()
		store, after, completed := f.figures(t, "csi")
		wantFigure(t, when+": CSI after-sales", after, 100, 1)
		wantFigure(t, when+": CSI store", store, 100, 1)
		if completed != 1 {
			t.Errorf("%s: CSI sample completed %d, want 1", when, completed)
		}
		store, after, completed = f.figures(t, "event")
		wantFigure(t, when+": event after-sales", after, 50, 2)
		wantFigure(t, when+": event store", store, 50, 2)
		if completed != 2 {
			t.Errorf("%s: event sample completed %d, want 2", when, completed)
		}
		f.mustEqualRebuild(t, when)
	}
	apart("apart")

	ts := &tenancy.Service{DB: f.db.App, OnCounting: tenancy.Hooks{scores.Recount}}
	setEventInCSI := func(on bool) {
		t.Helper()
		st, err := ts.Store(ctx, f.tenantID, f.shanghai.id)
		testkit.Must(t, err)
		st.EventInCSI = on
		testkit.Must(t, ts.UpdateStore(ctx, f.tenantID, &st))
	}
	setEventInCSI(true)
	counted := func(when string, events int, points float64) {
		t.Helper()
		store, after, completed := f.figures(t, "csi")
		wantFigure(t, when+": CSI after-sales", after, (200+points)/float64(2+events), 1+events)
		wantFigure(t, when+": CSI store", store, (200+points)/float64(2+events), 1+events)
		if completed != 1+events {
			t.Errorf("%s: CSI sample completed %d, want %d", when, completed, 1+events)
		}
		store, after, completed = f.figures(t, "event")
		wantFigure(t, when+": event after-sales", after, math.NaN(), 0)
		wantFigure(t, when+": event store", store, math.NaN(), 0)
		if completed != 0 {
			t.Errorf("%s: event sample completed %d, want 0", when, completed)
		}
		f.mustEqualRebuild(t, when)
	}
	counted("counted in CSI", 2, 100)
	d, err := scores.NewService(f.db.App, nil).ReadDrill(ctx, f.tenantID, scores.Key{StoreID: f.shanghai.id, Kind: "csi",
		Period: scores.Week, Start: eventWeek}, 0)
	testkit.Must(t, err)
	if len(d.Surveys) != 3 {
		t.Errorf("CSI drill-down lists %d surveys, want 3: the event surveys count in CSI", len(d.Surveys))
	}

	f.completeOn(t, event, "phone", at.Add(2*time.Hour), map[int]int{1: 5}) // 1×100, straight into CSI
	counted("an event survey completed while counted in CSI", 3, 200)

	setEventInCSI(false)
	store, after, completed := f.figures(t, "event")
	wantFigure(t, "apart again: event after-sales", after, 200.0/3, 3)
	wantFigure(t, "apart again: event store", store, 200.0/3, 3)
	if completed != 3 {
		t.Errorf("apart again: event sample completed %d, want 3", completed)
	}
	store, after, _ = f.figures(t, "csi")
	wantFigure(t, "apart again: CSI after-sales", after, 100, 1)
	wantFigure(t, "apart again: CSI store", store, 100, 1)
	f.mustEqualRebuild(t, "apart again")
	d, err = scores.NewService(f.db.App, nil).ReadDrill(ctx, f.tenantID, scores.Key{StoreID: f.shanghai.id, Kind: "csi",
		Period: scores.Week, Start: eventWeek}, 0)
	testkit.Must(t, err)
	if len(d.Surveys) != 1 {
		t.Errorf("CSI drill-down lists %d surveys, want 1: the event surveys are apart again", len(d.Surveys))
	}
}
