package followups_test

import (
	"context"
	"regexp"
	"slices"
	"testing"

	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestStatuses_MatchSchema: the task and survey status constants are exactly the values the
// CHECK constraints on follow_up_tasks.status and surveys.status allow, so that Go and the
// database cannot drift apart.
func TestStatuses_MatchSchema(t *testing.T) {
	db := pgtest.MustOpenDB(t)
	tasks := make([]string, len(followups.TaskStatuses))
	for i, s := range followups.TaskStatuses {
		tasks[i] = string(s)
	}
	surveys := make([]string, len(followups.SurveyStatuses))
	for i, s := range followups.SurveyStatuses {
		surveys[i] = string(s)
	}
	for table, want := range map[string][]string{"follow_up_tasks": tasks, "surveys": surveys} {
		got := allowedStatuses(t, db, table)
		slices.Sort(got)
		want = slices.Clone(want)
		slices.Sort(want)
		if !slices.Equal(got, want) || len(slices.Compact(slices.Clone(want))) != len(want) {
			t.Errorf("%s.status: the CHECK allows %q, the constants are %q", table, got, want)
		}
	}
}

// statusCheck matches the constraint that lists a table's statuses, as pg_get_constraintdef
// renders it: CHECK ((status = ANY (ARRAY['open'::text, …]))).
var (
	statusCheck = regexp.MustCompile(`^CHECK \(\(status = ANY \(\(?ARRAY\[(.*)\]\)?(::text\[\])?\)\)\)$`)
	quoted      = regexp.MustCompile(`'((?:[^']|'')*)'::text`)
)

// allowedStatuses reads the values the CHECK constraint on table.status allows.
func allowedStatuses(t *testing.T, db *pgtest.DB, table string) []string {
	t.Helper()
	rows, err := db.Owner.Pool.Query(context.Background(), `
		SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
		WHERE c.conrelid = $1::regclass AND c.contype = 'c'`, table)
	testkit.Must(t, err)
	defer rows.Close()
	var found []string
	for rows.Next() {
		var def string
		testkit.Must(t, rows.Scan(&def))
		m := statusCheck.FindStringSubmatch(def)
		if m == nil {
			continue
		}
		if found != nil {
			t.Fatalf("%s: more than one CHECK lists the statuses", table)
		}
		found = []string{}
		for _, q := range quoted.FindAllStringSubmatch(m[1], -1) {
			found = append(found, q[1])
		}
	}
	testkit.Must(t, rows.Err())
	if len(found) == 0 {
		t.Fatalf("%s: no CHECK constraint lists the statuses", table)
	}
	return found
}
