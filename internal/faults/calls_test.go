//go:build faults

package faults

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// write is one change the server acknowledged as saved: the customer reached, an answer given,
// or the survey completed.
type write struct {
	Task  int64
	What  string // reached, answer or completed
	Field string // an answer's question, item-N
	Value string
}

// statusError is an answer other than the one an action wants.
type statusError struct {
	Op         string
	Code, Want int
}

func (e *statusError) Error() string {
	return fmt.Sprintf("%s: Status=%d, want %d", e.Op, e.Code, e.Want)
}

// caller makes follow-up calls on the call screen, as an agent does: it records the customer
// reached, gives each answer as the page's script saves it, and completes the survey.
type caller struct {
	c    *http.Client
	base string
	// answer picks the answer to a question with these choices.
	answer func(choices []string) string
	// saved, when set, hears of every write the server acknowledged.
	saved func(write)
}

// step takes the next step of the call of task, as its call screen shows it; done says the
// survey is completed.
func (cl caller) step(task int64) (done bool, err error) {
	res, err := fetch(cl.c, http.MethodGet, fmt.Sprintf("%s/tasks/%d", cl.base, task), nil)
	switch {
	case err != nil:
		return false, err
	case res.Code != http.StatusOK:
		return false, &statusError{Op: fmt.Sprintf("GET /tasks/%d", task), Code: res.Code, Want: http.StatusOK}
	case strings.Contains(res.Body, `data-testid="survey-form"`):
		f, err := parseForm(res.Body, "survey-form")
		if err != nil {
			return false, err
		}
		return false, cl.survey(task, f)
	case strings.Contains(res.Body, `data-testid="attempt-form"`):
		return false, cl.post(task, "attempts", url.Values{"outcome": {"reached"}}, http.StatusSeeOther, write{What: "reached"})
	case strings.Contains(res.Body, `data-testid="survey-done"`):
		return true, nil
	}
	return false, fmt.Errorf("the call screen of task %d offers neither a call nor a survey", task)
}

// survey answers the questions not yet answered, one request each, and completes the survey.
func (cl caller) survey(task int64, f form) error {
	for _, name := range append(slices.Clone(f.Radios), f.Texts...) {
		if f.Values.Get(name) != "" {
			continue
		}
		v := "客户满意，无其他意见"
		if choices := f.Choices[name]; len(choices) > 0 {
			v = cl.answer(choices)
		}
		w := write{What: "answer", Field: name, Value: v}
		if err := cl.post(task, "answers", url.Values{name: {v}}, http.StatusNoContent, w, "X-Autosave", "1"); err != nil {
			return err
		}
	}
	return cl.post(task, "complete", url.Values{}, http.StatusSeeOther, write{What: "completed"})
}

// post sends a form of the call screen and, when it is answered with want, tells saved of w.
func (cl caller) post(task int64, action string, form url.Values, want int, w write, header ...string) error {
	res, err := fetch(cl.c, http.MethodPost, fmt.Sprintf("%s/tasks/%d/%s", cl.base, task, action), form, header...)
	if err != nil {
		return err
	}
	if res.Code != want {
		return &statusError{Op: fmt.Sprintf("POST /tasks/%d/%s", task, action), Code: res.Code, Want: want}
	}
	if cl.saved != nil {
		w.Task = task
		cl.saved(w)
	}
	return nil
}

// mustComplete makes the call of task through to its completed survey, on a server that stays up.
func mustComplete(t testing.TB, cl caller, task int64) {
	t.Helper()
	for range 4 {
		done, err := cl.step(task)
		if err != nil {
			t.Fatalf("call of task %d: %v", task, err)
		}
		if done {
			return
		}
	}
	t.Fatalf("call of task %d not completed after four steps", task)
}

// lowest is the answer least satisfied, which opens a complaint draft.
func lowest(choices []string) string { return slices.MinFunc(choices, byPoints) }

// anyAnswer is an answer at random.
func anyAnswer(choices []string) string { return choices[rand.IntN(len(choices))] }

func byPoints(a, b string) int {
	x, _ := strconv.Atoi(a)
	y, _ := strconv.Atoi(b)
	return x - y
}

// storeID is the id of the demo store whose name holds name (浦东, 杭州).
func storeID(t testing.TB, name string) int64 {
	t.Helper()
	var id int64
	mustQueryRow(t, `SELECT id FROM stores WHERE name LIKE '%' || $1 || '%'`, []any{name}, &id)
	return id
}

// openCalls lists up to n open follow-up calls with a survey (of kind, or either) in a store,
// held by nobody, oldest first.
func openCalls(t testing.TB, store int64, kind string, n int) []int64 {
	t.Helper()
	rows, _ := suite.Super.Pool.Query(context.Background(), `
		SELECT id FROM follow_up_tasks
		WHERE store_id = $1 AND status = 'open' AND claimed_by IS NULL
		  AND survey_kind <> '' AND ($2 = '' OR survey_kind = $2)
		ORDER BY id LIMIT $3`, store, kind, n)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < n {
		t.Fatalf("store %d has %d open calls of kind %q, want %d", store, len(ids), kind, n)
	}
	return ids
}
