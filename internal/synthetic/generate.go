package synthetic

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// Tally is what one kind of statement did over a run: the rows it wrote and the time it took
// (summed over the workers).
type Tally struct {
	Rows int64
	Time time.Duration
}

// generator writes the raw rows of the groups, chunk by chunk, and keeps the tallies.
type generator struct {
	owner *postgres.DB
	o     Options
	mu    sync.Mutex
	tally map[string]Tally
}

// add counts rows and time for one kind of statement.
func (g *generator) add(step string, rows int64, d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	t := g.tally[step]
	t.Rows += rows
	t.Time += d
	g.tally[step] = t
}

// closedEvents is how many closed events make n completed surveys: one in eleven is never
// reached.
func closedEvents(n int) int { return n + n/10 }

// openEvents is how many calls are still open at the end: about three days' worth.
func openEvents(closed, weeks int) int { return 3 * closed / (7 * weeks) }

// fill writes a group's raw rows in chunks of o.Chunk events, one transaction each, and returns
// how many rows it wrote.
func (g *generator) fill(ctx context.Context, gr group) (int64, error) {
	if err := freeze(ctx, g.owner, gr.ID); err != nil {
		return 0, err
	}
	var rows int64
	closed := closedEvents(gr.Surveys)
	for lo, end := 0, closed+openEvents(closed, g.o.Weeks); lo < end; lo += g.o.Chunk {
		n, err := g.chunk(ctx, gr, lo, min(lo+g.o.Chunk, end))
		if err != nil {
			return rows, fmt.Errorf("synthetic: %s, events %d–%d: %w", GroupName(gr.No), lo, min(lo+g.o.Chunk, end), err)
		}
		rows += n
	}
	return rows, nil
}

// freeze marks the group's questionnaires as used by surveys, as the first reached call does.
func freeze(ctx context.Context, owner *postgres.DB, tenantID int64) error {
	tx, err := owner.BeginTenant(ctx, tenantID)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `UPDATE questionnaires SET frozen = true WHERE tenant_id = $1`, tenantID); err != nil {
		return postgres.Err("synthetic.freeze", err)
	}
	if err := changes.AnnounceGroup(ctx, tx, tenantID); err != nil { // the kept questionnaires
		return err
	}
	return tx.Commit(ctx)
}

// step is one statement of a chunk: the tables it fills, its SQL, and the temporary table to
// analyse after it (the planner knows nothing of a fresh one).
type step struct {
	tables, sql, analyze string
}

var steps = []step{
	{"(events)", eventsSQL, "syn_ev"},
	{"(questions)", itemsSQL, "syn_items"},
	{"customers+vehicles", customersSQL, "syn_cv"},
	{"deliveries+service_orders", ordersSQL, "syn_ord"},
	{"follow_up_tasks", tasksSQL, "syn_task"},
	{"call_attempts", attemptsSQL, ""},
	{"surveys", surveysSQL, "syn_sv"},
	{"survey_answers", answerRowsSQL, ""},
}

// chunk writes events lo to hi-1 of a group in one transaction and returns the rows written.
func (g *generator) chunk(ctx context.Context, gr group, lo, hi int) (int64, error) {
	tx, err := g.owner.BeginTenant(ctx, gr.ID)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	// The planner misjudges the temporary tables and the inserts' RETURNING badly enough to
	// compile some statements just in time, which costs more than it saves.
	if _, err := tx.Exec(ctx, `SET LOCAL work_mem = '256MB'; SET LOCAL jit = off; `+tempTablesSQL); err != nil {
		return 0, postgres.Err("synthetic.chunk: temporary tables", err)
	}
	args := g.args(gr, lo, hi)
	var rows int64
	for _, s := range steps {
		start := time.Now()
		tag, err := tx.Exec(ctx, s.sql, args)
		if err == nil && s.analyze != "" {
			_, err = tx.Exec(ctx, `ANALYZE `+s.analyze)
		}
		if err != nil {
			return 0, postgres.Err("synthetic.chunk: "+s.tables, err)
		}
		n := rowsOf(s, tag.RowsAffected())
		g.add(s.tables, n, time.Since(start))
		rows += n
	}
	return rows, tx.Commit(ctx)
}

// rowsOf is how many table rows a step wrote, from the rows it put in its temporary table:
// a customer comes with a car, and the temporary tables of the first steps are no table rows.
func rowsOf(s step, n int64) int64 {
	switch s.tables {
	case "(events)", "(questions)":
		return 0
	case "customers+vehicles":
		return 2 * n
	}
	return n
}

// args are the named arguments of a chunk's statements.
func (g *generator) args(gr group, lo, hi int) pgx.NamedArgs {
	a := pgx.NamedArgs{
		"tenant": gr.ID, "lo": lo, "hi": hi, "closed_end": closedEvents(gr.Surveys),
		"stores": gr.Stores, "store_brands": gr.Brands, "store_regions": gr.Regions, "agent": gr.AgentID,
		"now": g.o.Now, "zone": tenancy.DefaultTimeZone, "weeks": g.o.Weeks, "ssi_percent": ssiPercent,
	}
	maps.Copy(a, catalogArgs())
	return a
}

// ssiPercent is the share of events that are deliveries (SSI); the rest are service orders.
const ssiPercent = 30
