//go:build faults

package faults

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// outage is how long PostgreSQL stays down.
const outage = 5 * time.Second

// TestPostgresRestart_UnderLoad: while people of both stores keep loading pages, PostgreSQL
// stops for five seconds and starts again. Meanwhile every page answers at once, with itself
// or with 503 and Retry-After: never the login page, a cleared session cookie or a 500. Then
// the same sessions work, and a survey completed through another server after the restart
// shows on this server's scoreboard: nothing kept from before is served stale.
func TestPostgresRestart_UnderLoad(t *testing.T) {
	srv := startServer(t, suite)
	readers := []*reader{
		{who: "agent", page: "/worklist"}, {who: "agent2", page: "/customers"},
		{who: "csm", page: "/scores"}, {who: "gm", page: "/complaints"},
	}
	for _, r := range readers {
		r.c = login(t, srv.URL, demo(r.who), demoPassword)
		r.url = srv.URL + r.page
		if res := mustFetch(t, r.c, http.MethodGet, r.url, nil); res.Code != http.StatusOK {
			t.Fatalf("%s %s: Status=%d, want 200", r.who, r.page, res.Code)
		}
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for _, r := range readers {
		wg.Go(func() { r.run(stop) })
	}
	time.Sleep(500 * time.Millisecond) // the pages load before the outage
	restartPostgres(t)
	recovered := waitRecovered(readers, 20*time.Second)
	close(stop)
	wg.Wait()
	unavailable := 0
	for _, r := range readers {
		for bad, n := range r.bad {
			t.Errorf("%s %s during the restart, %d times: %s", r.who, r.page, n, bad)
		}
		unavailable += r.unavailable
	}
	if unavailable == 0 {
		t.Error("no page answered 503 while PostgreSQL was down: the outage met no request")
	}
	if !recovered {
		t.Fatal("the sessions did not load their pages again within 20 s of the restart")
	}
	for _, r := range readers {
		if res := mustFetch(t, r.c, http.MethodGet, r.url, nil); res.Code != http.StatusOK {
			t.Errorf("%s %s after the restart: Status=%d, want 200 with the same session", r.who, r.page, res.Code)
		}
	}
	scoreChangeShows(t, readers[2])
}

// restartPostgres stops the cluster for the outage and starts it again.
func restartPostgres(t *testing.T) {
	t.Helper()
	began := time.Now()
	if err := suite.Stop(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(outage - time.Since(began))
	if err := suite.Start(); err != nil {
		t.Fatal(err)
	}
	t.Logf("PostgreSQL was down for %v", time.Since(began).Round(time.Millisecond))
}

// reader loads one page again and again with its session, and notes every answer that is
// neither the page nor a 503 asking to try again later.
type reader struct {
	who, page, url string
	c              *http.Client
	mu             sync.Mutex
	unavailable    int            // 503s
	lastOK         time.Time      // the last time the page loaded
	bad            map[string]int // how often each wrong answer came
}

func (r *reader) run(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		res, err := fetch(r.c, http.MethodGet, r.url, nil)
		r.note(res, err)
		time.Sleep(20 * time.Millisecond)
	}
}

func (r *reader) note(res response, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case err != nil:
		r.wrong(err.Error())
	case res.Code == http.StatusOK:
		r.lastOK = time.Now()
	case res.Code == http.StatusServiceUnavailable && res.Header.Get("Retry-After") != "":
		r.unavailable++
	default:
		r.wrong(fmt.Sprintf("Status=%d Location=%q Retry-After=%q", res.Code,
			res.Header.Get("Location"), res.Header.Get("Retry-After")))
	}
	if c := res.cookie("csidesk_session"); c != nil && (c.Value == "" || c.MaxAge < 0) {
		r.wrong(fmt.Sprintf("Status=%d cleared the session cookie", res.Code))
	}
}

// wrong notes a wrong answer; r.mu is held.
func (r *reader) wrong(what string) {
	if r.bad == nil {
		r.bad = map[string]int{}
	}
	r.bad[what]++
}

// waitRecovered waits until every reader's page has loaded since now.
func waitRecovered(readers []*reader, limit time.Duration) bool {
	since := time.Now()
	for deadline := since.Add(limit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		all := true
		for _, r := range readers {
			r.mu.Lock()
			all = all && r.lastOK.After(since)
			r.mu.Unlock()
		}
		if all {
			return true
		}
	}
	return false
}

// scoreboard is the scoreboard table of the reader's score page.
func scoreboard(t *testing.T, r *reader) string {
	t.Helper()
	res := mustFetch(t, r.c, http.MethodGet, r.url, nil)
	start := strings.Index(res.Body, `data-testid="scoreboard"`)
	if res.Code != http.StatusOK || start < 0 {
		t.Fatalf("GET %s: Status=%d, want 200 with the scoreboard", r.page, res.Code)
	}
	table := res.Body[start:]
	return table[:strings.Index(table, "</table>")]
}

// scoreChangeShows reads the reader's scoreboard, which its server may keep, completes a survey
// of its store through a second server, and waits for the reader's scoreboard to show it.
func scoreChangeShows(t *testing.T, r *reader) {
	t.Helper()
	before := scoreboard(t, r)
	other := startServer(t, suite)
	cl := caller{c: login(t, other.URL, demo("agent"), demoPassword), base: other.URL, answer: lowest}
	mustComplete(t, cl, openCalls(t, storeID(t, "浦东"), "csi", 1)[0])
	for deadline := time.Now().Add(10 * time.Second); scoreboard(t, r) == before; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the scoreboard still shows the scores from before the survey 10 s after it was completed: a stale kept page")
		}
	}
}
