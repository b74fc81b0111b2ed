package synthetic_test

import (
	"context"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/synthetic"
	"github.com/csidesk/csidesk/internal/tenancy"
)

var small = synthetic.Options{Surveys: 400, Tenants: 2, Stores: 2, Weeks: 8, Chunk: 100, Parallel: 2,
	Now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}

// TestSeed: a small run makes its groups with every role, the completed surveys asked for and
// a tenth more calls never reached, one answer per scored question, each survey scored as
// internal/scores scores it, and roll-ups that a second rebuild finds nothing to change in;
// a second run is refused.
func TestSeed(t *testing.T) {
	if pgtest.Citus() {
		t.Skip("the seed runs on a single PostgreSQL only: TestSeed_RefusedOnCitus")
	}
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	res, err := synthetic.Seed(ctx, db.Owner, db.App, small, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Groups) != 2 || res.Tally["surveys"].Rows != 400 {
		t.Fatalf("groups=%v surveys=%d, want 2 groups and 400 surveys", res.Groups, res.Tally["surveys"].Rows)
	}
	loc, err := time.LoadLocation(tenancy.DefaultTimeZone)
	if err != nil {
		t.Fatal(err)
	}
	today := small.Now.In(loc).Format(time.DateOnly)
	for i, tenantID := range res.Groups {
		t.Run(synthetic.GroupName(i+1), func(t *testing.T) {
			checkCounts(t, db.App, tenantID, today)
			checkScores(t, db.App, tenantID)
			checkLogin(t, db.App, synthetic.Logins[1].Email(i+1))
			checkComplaints(t, db.App, tenantID)
			r, err := scores.NewService(db.App, nil).Rebuild(ctx, tenantID)
			if err != nil || r.Rows == 0 || r.Different != 0 || r.SamplesDifferent != 0 {
				t.Errorf("second rebuild: %+v %v, want rows and none different", r, err)
			}
		})
	}
	if _, err := synthetic.Seed(ctx, db.Owner, db.App, small, io.Discard); err == nil || !strings.Contains(err.Error(), "already") {
		t.Errorf("second run: err=%v, want a refusal", err)
	}
	var out strings.Builder
	if err := synthetic.SeedComplaints(ctx, db.Owner, small.Now, &out); err != nil || out.Len() != 0 {
		t.Errorf("complaints again: %v %q, want nothing to do", err, out.String())
	}
}

// TestSeed_RefusedOnCitus: on a Citus cluster both seeds refuse before writing anything, and
// say how a large synthetic database gets there.
func TestSeed_RefusedOnCitus(t *testing.T) {
	if !pgtest.Citus() {
		t.Skip("make test-citus runs it; TestSeed runs the seed on a single PostgreSQL")
	}
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	if _, err := synthetic.Seed(ctx, db.Owner, db.App, small, io.Discard); !errors.Is(err, synthetic.ErrCitus) {
		t.Errorf("seed: %v, want ErrCitus", err)
	}
	if err := synthetic.SeedComplaints(ctx, db.Owner, small.Now, io.Discard); !errors.Is(err, synthetic.ErrCitus) {
		t.Errorf("complaints: %v, want ErrCitus", err)
	}
	var n int
	if err := db.Owner.Pool.QueryRow(ctx, `SELECT count(*) FROM tenants`).Scan(&n); err != nil || n != 0 {
		t.Errorf("groups after the refusals: %d %v, want none", n, err)
	}
}

// checkComplaints: one complaint per ComplaintEvery completed surveys, the recent ones open at
// their current step, the older closed, each but the undispatched with its department.
func checkComplaints(t *testing.T, db *postgres.DB, tenantID int64) {
	t.Helper()
	c, err := postgres.One[struct{ Want, Made, Closed, Open, Stepped, Depts int }](context.Background(), db, tenantID, "complaints", `SELECT
		(SELECT count(*) FROM surveys WHERE tenant_id = $1 AND status = 'completed' AND id % $2 = 0)::int,
		(SELECT count(*) FROM complaints WHERE tenant_id = $1)::int,
		(SELECT count(*) FROM complaints WHERE tenant_id = $1 AND status = 'closed' AND closed_at IS NOT NULL)::int,
		(SELECT count(*) FROM complaints WHERE tenant_id = $1 AND status <> 'closed')::int,
		(SELECT count(*) FROM complaints c JOIN complaint_steps cur ON cur.tenant_id = c.tenant_id AND cur.complaint_id = c.id
		   AND cur.step = `+complaints.CurrentStepSQL+` WHERE c.tenant_id = $1)::int,
		(SELECT count(DISTINCT complaint_id) FROM complaint_departments WHERE tenant_id = $1)::int`, synthetic.ComplaintEvery)
	if err != nil {
		t.Fatal(err)
	}
	if c.Want == 0 || c.Made != c.Want || c.Closed == 0 || c.Open == 0 || c.Closed+c.Open != c.Made || c.Stepped != c.Open ||
		c.Depts == 0 || c.Depts > c.Made {
		t.Errorf("complaints %+v: want one per %d surveys, some closed, the open ones at their current step", c, synthetic.ComplaintEvery)
	}
}

// counts are a group's rows, read as the application.
type counts struct {
	Stores, Users, Members, Customers, Vehicles, Orders        int
	Completed, Unreachable, Open, OpenDue, Surveys, Answers    int
	Reached, Failed, Attempted, Scored, WeeksBelow, WeeksAbove int
}

// checkCounts counts a group's rows of every kind; today is the last day of the data.
func checkCounts(t *testing.T, db *postgres.DB, tenantID int64, today string) {
	t.Helper()
	c, err := postgres.One[counts](context.Background(), db, tenantID, "counts", `SELECT
		(SELECT count(*) FROM stores WHERE tenant_id = $1)::int,
		(SELECT count(*) FROM users WHERE tenant_id = $1)::int,
		(SELECT count(*) FROM memberships WHERE tenant_id = $1)::int,
		(SELECT count(*) FROM customers WHERE tenant_id = $1)::int,
		(SELECT count(*) FROM vehicles WHERE tenant_id = $1)::int,
		(SELECT count(*) FROM deliveries WHERE tenant_id = $1)::int + (SELECT count(*) FROM service_orders WHERE tenant_id = $1)::int,
		(SELECT count(*) FROM follow_up_tasks WHERE tenant_id = $1 AND status = 'completed')::int,
		(SELECT count(*) FROM follow_up_tasks WHERE tenant_id = $1 AND status = 'unreachable')::int,
		(SELECT count(*) FROM follow_up_tasks WHERE tenant_id = $1 AND status = 'open')::int,
		(SELECT count(*) FROM follow_up_tasks WHERE tenant_id = $1 AND status = 'open'
		   AND due_from BETWEEN $2::date - 2 AND $2::date AND attempts = 0)::int,
		(SELECT count(*) FROM surveys WHERE tenant_id = $1 AND status = 'completed' AND score IS NOT NULL)::int,
		(SELECT count(*) FROM survey_answers WHERE tenant_id = $1)::int,
		(SELECT count(*) FROM call_attempts WHERE tenant_id = $1 AND outcome = 'reached')::int,
		(SELECT count(*) FROM call_attempts WHERE tenant_id = $1 AND outcome <> 'reached')::int,
		(SELECT count(DISTINCT task_id) FROM call_attempts WHERE tenant_id = $1)::int,
		(SELECT count(*) FROM questionnaire_items i JOIN surveys s ON s.tenant_id = $1 AND s.questionnaire_id = i.questionnaire_id
		  WHERE i.tenant_id = $1 AND i.scale <> 'text')::int,
		(SELECT count(*) FROM score_rollups WHERE tenant_id = $1 AND period = 'week' AND points_sum / weight_sum < 95)::int,
		(SELECT count(*) FROM score_rollups WHERE tenant_id = $1 AND period = 'week' AND points_sum / weight_sum >= 95)::int`,
		today)
	if err != nil {
		t.Fatal(err)
	}
	// per group: 200 completed, 20 unreachable (three failed calls each), a few open; 12 scored questions
	if c.Stores != 1 || c.Users != len(synthetic.Logins) || c.Members != len(synthetic.Logins) ||
		c.Completed != 200 || c.Unreachable != 20 || c.Surveys != 200 || c.Reached != 200 || c.Attempted != 220 ||
		c.Failed < 60 || c.Scored != 2400 || c.Answers != c.Scored {
		t.Errorf("counts=%+v, want 1 store, a membership per role, 200 surveys with 12 answers each after 220 calls", c)
	}
	if c.Open == 0 || c.OpenDue != c.Open || c.Orders != 220+c.Open {
		t.Errorf("open=%d (%d due in the last three days), orders=%d: want some open calls due lately, an order behind every call",
			c.Open, c.OpenDue, c.Orders)
	}
	if c.Vehicles != c.Customers || 2*c.Customers < c.Orders || c.Customers >= c.Orders {
		t.Errorf("customers=%d vehicles=%d orders=%d: want each customer a car and some more than one order", c.Customers, c.Vehicles, c.Orders)
	}
	if c.WeeksBelow == 0 || c.WeeksAbove <= c.WeeksBelow {
		t.Errorf("weekly department scores: %d below 95 and %d above, want mostly above and some below", c.WeeksBelow, c.WeeksAbove)
	}
}

// answer is one answer of a survey with its question's scale and weight.
type answer struct {
	SurveyID int64
	Score    float64
	Scale    surveys.Scale
	Weight   float64
	Value    int
}

// checkScores recomputes every survey's score from its answers with internal/scores.
func checkScores(t *testing.T, db *postgres.DB, tenantID int64) {
	t.Helper()
	rows, err := postgres.List[answer](context.Background(), db, tenantID, "answers", `
		SELECT s.id, s.score::float8, i.scale, i.weight::float8, a.value
		FROM surveys s JOIN survey_answers a ON a.tenant_id = $1 AND a.survey_id = s.id
		JOIN questionnaire_items i ON i.tenant_id = $1 AND i.id = a.item_id
		WHERE s.tenant_id = $1 ORDER BY s.id`)
	if err != nil {
		t.Fatal(err)
	}
	bySurvey := map[int64][]scores.Scored{}
	stored := map[int64]float64{}
	for _, a := range rows {
		p, ok := scores.Points(a.Scale, &a.Value)
		if !ok {
			t.Fatalf("survey %d: value %d off the %s scale", a.SurveyID, a.Value, a.Scale)
		}
		bySurvey[a.SurveyID] = append(bySurvey[a.SurveyID], scores.Scored{Weight: a.Weight, Points: p})
		stored[a.SurveyID] = a.Score
	}
	for id, scored := range bySurvey {
		want, _ := scores.Weighted(scored)
		if got := stored[id]; math.Abs(got-math.Round(want*100)/100) > 1e-9 {
			t.Fatalf("survey %d: Score=%v, want %v", id, got, want)
		}
	}
	if len(bySurvey) != 200 {
		t.Errorf("surveys with answers=%d, want 200", len(bySurvey))
	}
}

// checkLogin: a synthetic user logs in with the documented password.
func checkLogin(t *testing.T, db *postgres.DB, email string) {
	t.Helper()
	as := auth.NewService(db, time.Hour, time.Hour)
	if _, err := as.Login(context.Background(), email, synthetic.Password, "test", ""); err != nil {
		t.Errorf("%s: Login: %v, want a session", email, err)
	}
}
