package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/config"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/server"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/synthetic"
)

// benchGroups is how many synthetic groups the score benchmarks log in to.
const benchGroups = 10

// scoreBench is a server over the synthetic database (`make bench-scores` prepares it) with a
// logged-in general manager of each group and the stores each one sees.
type scoreBench struct {
	e      *env
	db     *postgres.DB
	gms    []*client
	stores [][]string
}

var storeOption = regexp.MustCompile(`<option value="(\d+)"`)

func newScoreBench(b *testing.B) *scoreBench {
	b.Helper()
	dsn := os.Getenv("SCORES_BENCH_DATABASE_URL")
	if dsn == "" {
		b.Skip("SCORES_BENCH_DATABASE_URL is not set: run `make bench-scores`")
	}
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(db.Close)
	srv, err := server.New(config.Config{SessionIdle: 2 * time.Hour, SessionMax: 12 * time.Hour}, db,
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	e := &env{t: b, Srv: srv, HTTP: httptest.NewServer(srv), clock: time.Now()}
	b.Cleanup(e.HTTP.Close)
	watch(b, srv)
	sb := &scoreBench{e: e, db: db}
	for g := 1; g <= benchGroups; g++ {
		c := e.client()
		form := url.Values{"email": {synthetic.Logins[1].Email(g)}, "password": {synthetic.Password}}
		if res := c.post("/login", form); res.Code != http.StatusSeeOther {
			b.Fatalf("login to synthetic group %d: Status=%d", g, res.Code)
		}
		var ids []string
		for _, m := range storeOption.FindAllStringSubmatch(c.get("/scores").Body, -1) {
			ids = append(ids, m[1])
		}
		if len(ids) == 0 {
			b.Fatalf("synthetic group %d has no stores", g)
		}
		sb.gms, sb.stores = append(sb.gms, c), append(sb.stores, ids)
	}
	return sb
}

// BenchmarkScorePages measures the scoreboard and the trend page over the synthetic database
// at 32 concurrent clients, each request for a random group, store, kind and period.
func BenchmarkScorePages(b *testing.B) {
	sb := newScoreBench(b)
	kinds, periods := []string{"csi", "ssi"}, []string{"week", "month"}
	for _, page := range []string{"/scores", "/scores/trends"} {
		b.Run(page, func(b *testing.B) {
			var mu sync.Mutex
			var times []time.Duration
			b.SetParallelism(16) // 16 × GOMAXPROCS (2) = 32 clients
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				r := rand.New(rand.NewPCG(rand.Uint64(), 1))
				var mine []time.Duration
				for pb.Next() {
					g := r.IntN(len(sb.gms))
					path := fmt.Sprintf("%s?store=%s&kind=%s&period=%s", page, sb.stores[g][r.IntN(len(sb.stores[g]))],
						kinds[r.IntN(2)], periods[r.IntN(2)])
					start := time.Now()
					res := sb.gms[g].get(path)
					mine = append(mine, time.Since(start))
					if res.Code != http.StatusOK {
						b.Errorf("%s: Status=%d", path, res.Code)
						return
					}
				}
				mu.Lock()
				times = append(times, mine...)
				mu.Unlock()
			})
			reportTimes(b, times)
		})
	}
}

// reportTimes reports the median and 99th-percentile of the measured times.
func reportTimes(b *testing.B, times []time.Duration) {
	if len(times) == 0 {
		return
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkCompleteSurvey measures completing a survey over the synthetic database: saving the
// answers and completing (score, roll-ups, samples) in their transactions. Each iteration
// reaches the customer of a fresh task first, untimed.
func BenchmarkCompleteSurvey(b *testing.B) {
	sb := newScoreBench(b)
	ctx := context.Background()
	var tenantID, agentID, storeID, customerID int64
	err := sb.db.Pool.QueryRow(ctx, `SELECT tenant_id FROM login_emails WHERE email = $1`, synthetic.Logins[3].Email(1)).Scan(&tenantID)
	if err != nil {
		b.Fatal(err)
	}
	tx, err := sb.db.BeginTenant(ctx, tenantID)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback(ctx)
	err = tx.QueryRow(ctx, `SELECT u.id, (SELECT min(id) FROM stores WHERE tenant_id = $1),
		(SELECT min(id) FROM customers WHERE tenant_id = $1) FROM users u WHERE u.tenant_id = $1 AND u.email = $2`,
		tenantID, synthetic.Logins[3].Email(1)).Scan(&agentID, &storeID, &customerID)
	if err != nil {
		b.Fatal(err)
	}
	rows, err := tx.Query(ctx, `
		INSERT INTO follow_up_tasks (tenant_id, store_id, customer_id, reason, source_key, survey_kind, due_from, due_until, expires_on)
		SELECT $1, $2, $3, 'service_survey', 'bench-' || $4::text || '-' || g, 'csi', current_date, current_date, current_date + 7
		FROM generate_series(1, $5::int) g RETURNING id`, tenantID, storeID, customerID, strconv.FormatInt(time.Now().UnixNano(), 10), b.N)
	if err != nil {
		b.Fatal(err)
	}
	var tasks []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		tasks = append(tasks, id)
	}
	if err := tx.Commit(ctx); err != nil {
		b.Fatal(err)
	}
	svc := &followups.Service{DB: sb.db, Now: time.Now}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for _, task := range tasks {
		b.StopTimer()
		if err := svc.RecordAttempt(ctx, tenantID, agentID, task, followups.Attempt{Outcome: followups.Reached}); err != nil {
			b.Fatal(err)
		}
		sv, err := svc.SurveyOf(ctx, tenantID, task)
		if err != nil {
			b.Fatal(err)
		}
		q, _, err := (&surveys.Service{DB: sb.db}).Get(ctx, tenantID, sv.QuestionnaireID)
		if err != nil {
			b.Fatal(err)
		}
		answers := topAnswers(q)
		b.StartTimer()
		start := time.Now()
		if err := svc.SaveAnswers(ctx, tenantID, agentID, task, answers); err != nil {
			b.Fatal(err)
		}
		if err := svc.Complete(ctx, tenantID, agentID, task, followups.Completion{}); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	reportTimes(b, times)
}

// topAnswers answers every scored question of q with its scale's top.
func topAnswers(q surveys.Questionnaire) []followups.Answer {
	var out []followups.Answer
	for _, it := range q.Items {
		v := map[surveys.Scale]int{surveys.Five: 5, surveys.Ten: 10, surveys.YesNo: 1}[it.Scale]
		if v > 0 {
			out = append(out, followups.Answer{ItemID: it.ID, Value: &v})
		}
	}
	return out
}
