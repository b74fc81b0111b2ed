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

	"github.com/csidesk/csidesk/internal/app"
	"github.com/csidesk/csidesk/internal/config"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/synthetic"
	"github.com/jackc/pgx/v5"
)

// benchGroups is how many synthetic groups the score benchmarks log in to.
const benchGroups = 10

// scoreBench is a server over the synthetic database (`make bench-scores` prepares it) with a
// logged-in general manager of each group and the stores each one sees. A server that listens
// for changes keeps what it reads; one that does not reads everything afresh.
type scoreBench struct {
	e      *env
	db     *postgres.DB
	gms    []*client
	stores [][]string
}

var storeOption = regexp.MustCompile(`<option value="(\d+)"`)

func newScoreBench(b *testing.B, listening bool) *scoreBench {
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
	a, err := app.New(config.Config{SessionIdle: 2 * time.Hour, SessionMax: 12 * time.Hour}, db,
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	e := &env{t: b, Srv: a.Server, HTTP: httptest.NewServer(a.Server), clock: time.Now()}
	b.Cleanup(e.HTTP.Close)
	if listening {
		watch(b, a)
	}
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
// at 32 concurrent clients, each request for a random group, store, kind and period: first with
// nothing else happening, then while agents complete surveys in every group, ten a second in all,
// each of which makes its store's boards be read afresh.
func BenchmarkScorePages(b *testing.B) {
	sb := newScoreBench(b, true)
	for _, writes := range []bool{false, true} {
		for _, page := range []string{"/scores", "/scores/trends"} {
			name := page
			if writes {
				name += "/with-surveys-completed"
			}
			b.Run(name, func(b *testing.B) {
				if writes {
					stop := sb.completeWhile(b, 100*time.Millisecond)
					defer stop()
				}
				sb.pages(b, page)
			})
		}
	}
}

// BenchmarkScorePagesAfresh measures the score pages on a server that reads every board afresh,
// as each first visit after a change does.
func BenchmarkScorePagesAfresh(b *testing.B) {
	sb := newScoreBench(b, false)
	for _, page := range []string{"/scores", "/scores/trends"} {
		b.Run(page, func(b *testing.B) { sb.pages(b, page) })
	}
}

// pages requests page b.N times from 32 concurrent clients and reports the times.
func (sb *scoreBench) pages(b *testing.B, page string) {
	kinds, periods := []string{"csi", "ssi"}, []string{"week", "month"}
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
}

// completeWhile completes a survey every interval, in each group in turn, until stop is called.
func (sb *scoreBench) completeWhile(b *testing.B, every time.Duration) (stop func()) {
	agents := make([]*agent, benchGroups)
	for g := range agents {
		agents[g] = newAgent(b, sb.db, g+1, 200)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for n := 0; ; n++ {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			a := agents[n%len(agents)]
			if len(a.tasks) == 0 {
				continue
			}
			task := a.tasks[0]
			a.tasks = a.tasks[1:]
			answers, err := a.reach(ctx, task)
			if err == nil {
				err = a.complete(ctx, task, answers)
			}
			if err != nil && ctx.Err() == nil {
				b.Errorf("completing a survey: %v", err)
				return
			}
		}
	}()
	return func() {
		cancel()
		<-done
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

// agent is the customer-service agent of a synthetic group with fresh survey tasks for a
// customer of the group's first store.
type agent struct {
	svc               *followups.Service
	db                *postgres.DB
	tenantID, agentID int64
	tasks             []int64
}

func newAgent(b *testing.B, db *postgres.DB, group, tasks int) *agent {
	b.Helper()
	ctx := context.Background()
	a := &agent{svc: &followups.Service{DB: db, Now: time.Now}, db: db}
	email := synthetic.Logins[3].Email(group)
	if err := db.Pool.QueryRow(ctx, `SELECT tenant_id FROM login_emails WHERE email = $1`, email).Scan(&a.tenantID); err != nil {
		b.Fatal(err)
	}
	tx, err := db.BeginTenant(ctx, a.tenantID)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback(ctx)
	var storeID, customerID int64
	err = tx.QueryRow(ctx, `SELECT u.id, (SELECT min(id) FROM stores WHERE tenant_id = $1),
		(SELECT min(id) FROM customers WHERE tenant_id = $1) FROM users u WHERE u.tenant_id = $1 AND u.email = $2`,
		a.tenantID, email).Scan(&a.agentID, &storeID, &customerID)
	if err != nil {
		b.Fatal(err)
	}
	// one row a statement: Citus would pull an INSERT … SELECT into a table with an identity
	// column to the coordinator, which row-level security forbids
	batch := &pgx.Batch{}
	run, today := strconv.FormatInt(time.Now().UnixNano(), 10), time.Now().Truncate(24*time.Hour)
	for g := range tasks {
		batch.Queue(`
			INSERT INTO follow_up_tasks (tenant_id, store_id, customer_id, reason, source_key, survey_kind, due_from, due_until, expires_on)
			VALUES ($1, $2, $3, 'service_survey', $4, 'csi', $5, $5, $6) RETURNING id`,
			a.tenantID, storeID, customerID, "bench-"+run+"-"+strconv.Itoa(g), today, today.AddDate(0, 0, 7)).QueryRow(func(row pgx.Row) error {
			var id int64
			err := row.Scan(&id)
			a.tasks = append(a.tasks, id)
			return err
		})
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		b.Fatal(err)
	}
	return a
}

// reach records that the customer of a task answered, and returns the top answer to every
// scored question of its survey.
func (a *agent) reach(ctx context.Context, task int64) ([]followups.Answer, error) {
	if err := a.svc.RecordAttempt(ctx, a.tenantID, a.agentID, task, followups.Attempt{Outcome: followups.Reached}); err != nil {
		return nil, err
	}
	sv, err := a.svc.SurveyOf(ctx, a.tenantID, task)
	if err != nil {
		return nil, err
	}
	q, _, err := (&surveys.Service{DB: a.db}).Get(ctx, a.tenantID, sv.QuestionnaireID)
	if err != nil {
		return nil, err
	}
	var out []followups.Answer
	for _, it := range q.Items {
		v := map[surveys.Scale]int{surveys.Five: 5, surveys.Ten: 10, surveys.YesNo: 1}[it.Scale]
		if v > 0 {
			out = append(out, followups.Answer{ItemID: it.ID, Value: &v})
		}
	}
	return out, nil
}

// complete saves the answers and completes the survey (score, roll-ups, samples), each in its
// transaction, as the call screen does.
func (a *agent) complete(ctx context.Context, task int64, answers []followups.Answer) error {
	if err := a.svc.SaveAnswers(ctx, a.tenantID, a.agentID, task, answers); err != nil {
		return err
	}
	return a.svc.Complete(ctx, a.tenantID, a.agentID, task, followups.Completion{})
}

// BenchmarkCompleteSurvey measures completing a survey over the synthetic database: saving the
// answers and completing in their transactions. Reaching the customer of each task comes first,
// untimed.
func BenchmarkCompleteSurvey(b *testing.B) {
	sb := newScoreBench(b, false)
	ctx := context.Background()
	a := newAgent(b, sb.db, 1, b.N)
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for _, task := range a.tasks {
		b.StopTimer()
		answers, err := a.reach(ctx, task)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if err := a.complete(ctx, task, answers); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	reportTimes(b, times)
}
