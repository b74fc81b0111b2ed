package scores_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// scoreFixture is a dealer group with a store in Shanghai and one in New York, each with a sales
// and an after-sales department and one CSI questionnaire of five items:
//
//	1  five-point, weight 2, after-sales
//	2  ten-point,  weight 1, after-sales
//	3  yes/no,     weight 0, after-sales (counts for nothing)
//	4  five-point, weight 1, sales, optional
//	5  free text,  weight 0, after-sales
type scoreFixture struct {
	db                *pgtest.DB
	tenantID, userID  int64
	shanghai, newYork storeFixture
	n                 int
}

type storeFixture struct {
	id, sales, after, questionnaire int64
	items                           [5]int64
}

func newScoreFixture(t *testing.T) *scoreFixture {
	t.Helper()
	ctx := context.Background()
	f := &scoreFixture{db: pgtest.MustOpenDB(t)}
	var err error
	f.tenantID, err = tenancy.CreateTenant(ctx, f.db.Owner, "瑞丰")
	testkit.Must(t, err)
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	q := func(sql string, args ...any) (id int64) {
		t.Helper()
		testkit.Must(t, tx.QueryRow(ctx, sql, args...).Scan(&id))
		return id
	}
	f.userID = q(`INSERT INTO users (tenant_id, email, name, password_hash) VALUES ($1, 'a@example.com', '陈晓燕', 'x') RETURNING id`, f.tenantID)
	for _, s := range []struct {
		st   *storeFixture
		name string
		zone string
	}{{&f.shanghai, "浦东店", "Asia/Shanghai"}, {&f.newYork, "New York", "America/New_York"}} {
		s.st.id = q(`INSERT INTO stores (tenant_id, name, time_zone) VALUES ($1, $2, $3) RETURNING id`, f.tenantID, s.name, s.zone)
		s.st.sales = q(`INSERT INTO departments (tenant_id, store_id, kind) VALUES ($1, $2, 'sales') RETURNING id`, f.tenantID, s.st.id)
		s.st.after = q(`INSERT INTO departments (tenant_id, store_id, kind) VALUES ($1, $2, 'after_sales') RETURNING id`, f.tenantID, s.st.id)
		s.st.questionnaire = q(`INSERT INTO questionnaires (tenant_id, store_id, kind, version) VALUES ($1, $2, 'csi', 1) RETURNING id`, f.tenantID, s.st.id)
		for i, it := range []struct {
			scale     string
			weight    float64
			mandatory bool
			dept      int64
		}{{"five", 2, true, s.st.after}, {"ten", 1, true, s.st.after}, {"yes_no", 0, true, s.st.after},
			{"five", 1, false, s.st.sales}, {"text", 0, false, s.st.after}} {
			s.st.items[i] = q(`INSERT INTO questionnaire_items (tenant_id, questionnaire_id, store_id, position, text_zh, text_en,
				scale, weight, mandatory, department_id, name_zh, name_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
				f.tenantID, s.st.questionnaire, s.st.id, i+1, fmt.Sprintf("问题%d", i+1), fmt.Sprintf("Question %d", i+1),
				it.scale, it.weight, it.mandatory, it.dept, fmt.Sprintf("题%d", i+1), fmt.Sprintf("Item %d", i+1))
		}
	}
	testkit.Must(t, tx.Commit(ctx))
	return f
}

// complete writes a CSI survey of the store completed by phone at `at` with answers by item
// position (1–5; nil: unanswered) and adds it to the roll-ups, as completing a call does. It
// returns the task.
func (f *scoreFixture) complete(t *testing.T, st storeFixture, at time.Time, answers map[int]int) int64 {
	t.Helper()
	return f.completeOn(t, questionnaireOf(st), "phone", at, answers)
}

// questionnaire is a store's questionnaire of one kind and its items by position.
type questionnaire struct {
	store storeFixture
	id    int64
	kind  string
	items []int64
}

// questionnaireOf is the store's CSI questionnaire.
func questionnaireOf(st storeFixture) questionnaire {
	return questionnaire{store: st, id: st.questionnaire, kind: "csi", items: st.items[:]}
}

// completeOn writes a survey on the questionnaire, completed at `at` on the channel: by the
// agent on the phone, or by the customer through a link sent by SMS or e-mail (no agent, answers
// by no one), and counts it as completing it does. It returns the task.
func (f *scoreFixture) completeOn(t *testing.T, q questionnaire, channel string, at time.Time, answers map[int]int) int64 {
	t.Helper()
	ctx := context.Background()
	f.n++
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var agent *int64
	if channel == "phone" {
		agent = &f.userID
	}
	reason := map[string]string{"csi": "service_survey", "ssi": "purchase_survey", "event": "complaint_survey"}[q.kind]
	var customer, task, survey int64
	testkit.Must(t, tx.QueryRow(ctx, `INSERT INTO customers (tenant_id, name, phone, gender, birth_date, city)
		VALUES ($1, '张伟', $2, 'male', '1985-05-01', '上海') RETURNING id`, f.tenantID, fmt.Sprintf("1380000%04d", f.n)).Scan(&customer))
	testkit.Must(t, tx.QueryRow(ctx, `INSERT INTO follow_up_tasks (tenant_id, store_id, customer_id, reason, source_key, survey_kind,
		due_from, due_until, expires_on, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7, 'completed') RETURNING id`,
		f.tenantID, q.store.id, customer, reason, fmt.Sprint(f.n), q.kind, at).Scan(&task))
	testkit.Must(t, tx.QueryRow(ctx, `INSERT INTO surveys (tenant_id, task_id, questionnaire_id, store_id, customer_id, agent_id,
		status, started_at, completed_at, channel) VALUES ($1, $2, $3, $4, $5, $6, 'completed', $7, $7, $8) RETURNING id`,
		f.tenantID, task, q.id, q.store.id, customer, agent, at, channel).Scan(&survey))
	for pos, v := range answers {
		_, err := tx.Exec(ctx, `INSERT INTO survey_answers (tenant_id, survey_id, item_id, value, answered_by)
			VALUES ($1, $2, $3, $4, $5)`, f.tenantID, survey, q.items[pos-1], v, agent)
		testkit.Must(t, err)
	}
	testkit.Must(t, scores.Add(ctx, tx, f.tenantID, survey, 1))
	testkit.Must(t, scores.Count(ctx, tx, f.tenantID, scores.Required, 1, task))
	if agent == nil {
		testkit.Must(t, scores.Count(ctx, tx, f.tenantID, scores.Reached, 1, task)) // the customer opened the link
	}
	testkit.Must(t, scores.Count(ctx, tx, f.tenantID, scores.Completed, 1, task))
	testkit.Must(t, tx.Commit(ctx))
	return task
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestFixtures_HandComputed checks department scores per ISO week and month against figures
// computed by hand: a week spanning New Year (ISO weeks 52, 53 and 1), a survey on Monday 00:30
// in Shanghai (Sunday 16:30 UTC), one on the last evening of a month, unanswered optional items,
// zero-weight and free-text items, a store in another time zone, and a voided survey; the kept
// roll-ups equal a recomputation afterwards.
func TestFixtures_HandComputed(t *testing.T) {
	f := newScoreFixture(t)
	ctx := context.Background()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	// S1: Thursday 31 December 2026, ISO week 53: after-sales (2×80 + 1×90) / 3; the zero-weight
	// no counts for nothing and the optional sales item is unanswered.
	f.complete(t, f.shanghai, time.Date(2026, 12, 31, 12, 0, 0, 0, sh), map[int]int{1: 4, 2: 9, 3: 0})
	// S2: New Year's Day, same ISO week, new month: after-sales (2×100 + 1×100) / 3, sales 40.
	f.complete(t, f.shanghai, time.Date(2027, 1, 1, 9, 0, 0, 0, sh), map[int]int{1: 5, 2: 10, 4: 2})
	// S3: Sunday 27 December 23:00, ISO week 52: after-sales (2×60 + 1×60) / 3.
	f.complete(t, f.shanghai, time.Date(2026, 12, 27, 23, 0, 0, 0, sh), map[int]int{1: 3, 2: 6})
	// S4: Monday 4 January 2027 00:30 in Shanghai, Sunday 16:30 UTC: ISO week 1 of 2027.
	f.complete(t, f.shanghai, time.Date(2027, 1, 3, 16, 30, 0, 0, time.UTC), map[int]int{1: 5})
	// S5: the last evening of November: after-sales (2×20 + 1×100) / 3.
	f.complete(t, f.shanghai, time.Date(2026, 11, 30, 22, 30, 0, 0, sh), map[int]int{1: 1, 2: 10})
	// S6: in ISO week 53, then voided: it must leave every figure.
	voided := f.complete(t, f.shanghai, time.Date(2026, 12, 29, 10, 0, 0, 0, sh), map[int]int{1: 1, 2: 1, 4: 1})
	testkit.Must(t, scores.NewService(f.db.App, nil).Void(ctx, f.tenantID, f.userID, voided, "客户撤回评价", time.Now()))
	// S7: 1 December 03:00 UTC is still 30 November in New York.
	f.complete(t, f.newYork, time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC), map[int]int{1: 4})

	tests := []struct {
		name    string
		store   storeFixture
		dept    func(storeFixture) int64
		period  scores.Period
		start   string
		score   float64
		surveys int
	}{
		{"week 53 spans New Year", f.shanghai, after, scores.Week, "2026-12-28", 550.0 / 6, 2},
		{"week 53, sales: only S2 answered it", f.shanghai, sales, scores.Week, "2026-12-28", 40, 1},
		{"week 52 ends on Sunday 23:00", f.shanghai, after, scores.Week, "2026-12-21", 60, 1},
		{"Monday 00:30 opens week 1", f.shanghai, after, scores.Week, "2027-01-04", 100, 1},
		{"December", f.shanghai, after, scores.Month, "2026-12-01", 430.0 / 6, 2},
		{"January", f.shanghai, after, scores.Month, "2027-01-01", 500.0 / 5, 2},
		{"the last evening of November", f.shanghai, after, scores.Month, "2026-11-01", 140.0 / 3, 1},
		{"New York's November", f.newYork, after, scores.Month, "2026-11-01", 80, 1},
		{"New York's week of 30 November", f.newYork, after, scores.Week, "2026-11-30", 80, 1},
	}
	for _, tt := range tests {
		b, err := scores.NewService(f.db.App, nil).ReadBoard(ctx, f.tenantID, scores.Key{StoreID: tt.store.id, Kind: "csi", Period: tt.period, Start: day(tt.start)}, 1)
		testkit.Must(t, err)
		fig, found := figureOf(b, tt.dept(tt.store))
		score, ok := fig.Score()
		if !found || !ok || math.Abs(score-tt.score) > 1e-6 || fig.Surveys != tt.surveys {
			t.Errorf("%s: figure %+v (score %v), want %.4f from %d surveys", tt.name, fig, score, tt.score, tt.surveys)
		}
	}
	b, err := scores.NewService(f.db.App, nil).ReadBoard(ctx, f.tenantID, scores.Key{StoreID: f.shanghai.id, Kind: "csi", Period: scores.Month, Start: day("2026-12-01")}, 1)
	testkit.Must(t, err)
	if fig, _ := figureOf(b, f.shanghai.sales); fig.Surveys != 0 {
		t.Errorf("December sales %+v, want no figure: its only answer was voided", fig)
	}
	// The whole store's week 53: S1 and S2, which touched two departments, count once each.
	b, err = scores.NewService(f.db.App, nil).ReadBoard(ctx, f.tenantID, scores.Key{StoreID: f.shanghai.id, Kind: "csi", Period: scores.Week, Start: day("2026-12-28")}, 1)
	testkit.Must(t, err)
	if n := b.Total[0].Surveys; n != 2 {
		t.Errorf("whole store's week 53: %d surveys, want 2 (S6 was voided)", n)
	}
	r, err := scores.NewService(f.db.App, nil).Rebuild(ctx, f.tenantID)
	testkit.Must(t, err)
	if r.Different != 0 || r.SamplesDifferent != 0 {
		t.Errorf("rebuild %+v, want the kept roll-ups equal to a recomputation", r)
	}
}

func after(s storeFixture) int64 { return s.after }
func sales(s storeFixture) int64 { return s.sales }

func figureOf(b scores.Board, dept int64) (scores.Figure, bool) {
	for _, d := range b.Departments {
		if d.ID == dept {
			return d.Figures[len(d.Figures)-1], true
		}
	}
	return scores.Figure{}, false
}

// TestRollups_RandomSurveys: over random surveys (random times across two years and both time
// zones, random answers with some optional ones left out, some voided), the roll-ups kept survey
// by survey equal a recomputation from the raw answers, and the board's figures equal sums
// computed here from the same answers.
func TestRollups_RandomSurveys(t *testing.T) {
	f := newScoreFixture(t)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(5, 11))
	type sum struct{ w, p float64 }
	want := map[string]sum{} // store/department/period start → sums
	weights := []float64{2, 1, 0, 1}
	tops := []int{5, 10, 1, 5}
	for range 150 {
		st := f.shanghai
		if r.IntN(3) == 0 {
			st = f.newYork
		}
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(2*365*24*60)) * time.Minute)
		answers := map[int]int{}
		for pos := 1; pos <= 4; pos++ {
			if pos == 4 && r.IntN(3) == 0 {
				continue // the optional sales item left unanswered
			}
			answers[pos] = r.IntN(tops[pos-1]) + 1
			if pos == 3 {
				answers[pos] = r.IntN(2)
			}
		}
		task := f.complete(t, st, at, answers)
		if r.IntN(10) == 0 {
			testkit.Must(t, scores.NewService(f.db.App, nil).Void(ctx, f.tenantID, f.userID, task, "测试作废", at))
			continue
		}
		loc, _ := time.LoadLocation(map[int64]string{f.shanghai.id: "Asia/Shanghai", f.newYork.id: "America/New_York"}[st.id])
		for pos, v := range answers {
			dept := st.after
			if pos == 4 {
				dept = st.sales
			}
			key := fmt.Sprintf("%d/%d/%s", st.id, dept, scores.WeekStart(at, loc).Format(time.DateOnly))
			s := want[key]
			s.w += weights[pos-1]
			s.p += weights[pos-1] * float64(v) * 100 / float64(tops[pos-1])
			want[key] = s
		}
	}
	rb, err := scores.NewService(f.db.App, nil).Rebuild(ctx, f.tenantID)
	testkit.Must(t, err)
	if rb.Different != 0 || rb.SamplesDifferent != 0 {
		t.Fatalf("rebuild %+v, want the kept roll-ups equal to a recomputation", rb)
	}
	checked := 0
	for key, s := range want {
		if s.w == 0 {
			continue
		}
		var store, dept int64
		var start string
		fmt.Sscanf(strings.ReplaceAll(key, "/", " "), "%d %d %s", &store, &dept, &start)
		b, err := scores.NewService(f.db.App, nil).ReadBoard(ctx, f.tenantID, scores.Key{StoreID: store, Kind: "csi", Period: scores.Week, Start: day(start)}, 1)
		testkit.Must(t, err)
		fig, _ := figureOf(b, dept)
		if got, ok := fig.Score(); !ok || math.Abs(got-s.p/s.w) > 1e-6 {
			t.Errorf("%s: score %v, want %v", key, got, s.p/s.w)
		}
		checked++
	}
	if checked < 50 {
		t.Errorf("checked %d figures, want many", checked)
	}
}
