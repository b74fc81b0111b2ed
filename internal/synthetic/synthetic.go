// Package synthetic fills a database with dealer groups of realistic volume for measuring the
// score pages: stores made as the application makes them, one user per role, and years of
// customers, orders, follow-up calls and completed surveys with their answers, written by
// set-based SQL, after which the score and sample roll-ups are rebuilt from the raw rows.
package synthetic

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
)

// Options say how much to make.
type Options struct {
	// Surveys is the number of completed surveys over all groups; about a tenth as many calls
	// more are never reached.
	Surveys int
	// Tenants is the number of dealer groups, and Stores the number of stores over all of them.
	Tenants, Stores int
	// Weeks is how far back the surveys go.
	Weeks int
	// Chunk is the number of events (orders) written per transaction.
	Chunk int
	// Parallel is how many groups are written at once.
	Parallel int
	// Now is the moment the data ends at.
	Now time.Time
}

// Validate checks that the options make sense together.
func (o Options) Validate() error {
	switch {
	case o.Tenants < 1 || o.Tenants > 99:
		return errors.New("synthetic: -tenants must be between 1 and 99")
	case o.Stores < o.Tenants:
		return errors.New("synthetic: -stores must be at least -tenants")
	case o.Surveys < o.Tenants:
		return errors.New("synthetic: -surveys must be at least -tenants")
	case o.Weeks < 1 || o.Weeks > 520:
		return errors.New("synthetic: -weeks must be between 1 and 520")
	case o.Chunk < 5 || o.Chunk%5 != 0:
		return errors.New("synthetic: the chunk must be a positive multiple of 5 events")
	case o.Parallel < 1:
		return errors.New("synthetic: parallel must be at least 1")
	}
	return nil
}

// Result says what a run made.
type Result struct {
	// Groups are the tenant ids of the groups, in order.
	Groups []int64
	// Tally is the rows and time per kind of statement.
	Tally map[string]Tally
	// Rebuilt is what the roll-up rebuild found per group.
	Rebuilt []scores.Rebuilt
}

// Seed creates the synthetic groups and their data: owner writes (as the schema owner), app
// rebuilds the roll-ups (as the application). It refuses a database that has synthetic groups
// already, and reports progress to out.
func Seed(ctx context.Context, owner, app *postgres.DB, o Options, out io.Writer) (Result, error) {
	var res Result
	if err := o.Validate(); err != nil {
		return res, err
	}
	if err := refuseExisting(ctx, owner); err != nil {
		return res, err
	}
	start := time.Now()
	groups, err := createGroups(ctx, owner, o)
	if err != nil {
		return res, err
	}
	for _, g := range groups {
		res.Groups = append(res.Groups, g.ID)
	}
	fmt.Fprintf(out, "created %d groups with %d stores and %d users in %.1f s\n",
		len(groups), o.Stores, len(groups)*len(Logins), time.Since(start).Seconds())
	if res.Tally, err = write(ctx, owner, groups, o, out); err != nil {
		return res, err
	}
	fmt.Fprintf(out, "raw rows written in %.1f s (%.0f surveys/s)\n", time.Since(start).Seconds(),
		float64(o.Surveys)/time.Since(start).Seconds())
	printTally(out, res.Tally)
	if res.Rebuilt, err = finish(ctx, owner, app, groups, o.Parallel, out); err != nil {
		return res, err
	}
	if err := SeedComplaints(ctx, owner, o.Now, out); err != nil {
		return res, err
	}
	fmt.Fprintf(out, "done in %.1f min\n", time.Since(start).Minutes())
	printLogins(out, o.Tenants)
	return res, nil
}

// write writes the groups' raw rows, o.Parallel groups at once, reporting each when done, and
// returns the tallies.
func write(ctx context.Context, owner *postgres.DB, groups []group, o Options, out io.Writer) (map[string]Tally, error) {
	gen := &generator{owner: owner, o: o, tally: map[string]Tally{}}
	var mu sync.Mutex
	err := each(ctx, groups, o.Parallel, func(g group) error {
		t := time.Now()
		rows, err := gen.fill(ctx, g)
		d := time.Since(t).Seconds()
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(out, "%s: %d surveys, %d rows in %.1f s (%.0f rows/s, %.0f surveys/s)\n",
			GroupName(g.No), g.Surveys, rows, d, float64(rows)/d, float64(g.Surveys)/d)
		return err
	})
	return gen.tally, err
}

// createGroups creates the groups, sharing the stores and surveys out as evenly as they go.
func createGroups(ctx context.Context, owner *postgres.DB, o Options) ([]group, error) {
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return nil, err
	}
	groups := make([]group, o.Tenants)
	for i := range groups {
		stores := o.Stores/o.Tenants + btoi(i < o.Stores%o.Tenants)
		if groups[i], err = createGroup(ctx, owner, i+1, stores, hash); err != nil {
			return nil, err
		}
		groups[i].Surveys = o.Surveys/o.Tenants + btoi(i < o.Surveys%o.Tenants)
	}
	return groups, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// each runs fn for every item, at most parallel at once, and returns the first error.
func each[T any](ctx context.Context, items []T, parallel int, fn func(T) error) error {
	work := make(chan T)
	errs := make(chan error, len(items))
	var wg sync.WaitGroup
	for range min(parallel, len(items)) {
		wg.Go(func() {
			for it := range work {
				errs <- fn(it)
			}
		})
	}
	for _, it := range items {
		if ctx.Err() != nil {
			break
		}
		work <- it
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}

// printTally shows where the time went, slowest statement first.
func printTally(out io.Writer, tally map[string]Tally) {
	var names []string
	var total time.Duration
	for name, t := range tally {
		names = append(names, name)
		total += t.Time
	}
	sort.Slice(names, func(i, j int) bool { return tally[names[i]].Time > tally[names[j]].Time })
	fmt.Fprintln(out, "time per statement (summed over workers):")
	for _, name := range names {
		t := tally[name]
		fmt.Fprintf(out, "  %-28s %11d rows %8.1f s %4.0f %% %10.0f rows/s\n", name, t.Rows, t.Time.Seconds(),
			100*t.Time.Seconds()/total.Seconds(), float64(t.Rows)/t.Time.Seconds())
	}
}

// printLogins lists the users of the first group and how the others' addresses go.
func printLogins(out io.Writer, tenants int) {
	fmt.Fprintf(out, "Synthetic groups %q to %q. Log in with any of these (password %s),\n"+
		"t01 standing for the group's number:\n", GroupName(1), GroupName(tenants), Password)
	for _, l := range Logins {
		fmt.Fprintf(out, "  %-28s %s (%s)\n", l.Email(1), l.Name, l.Role)
	}
}

// ParseFlags reads the options of `csidesk seed synthetic` from args, with the defaults of the
// speed target: 5,000,000 surveys across 10 groups and 50 stores over two years.
func ParseFlags(args []string, now time.Time) (Options, error) {
	o := Options{Now: now}
	fs := flag.NewFlagSet("seed synthetic", flag.ContinueOnError)
	fs.IntVar(&o.Surveys, "surveys", 5_000_000, "completed surveys over all groups")
	fs.IntVar(&o.Tenants, "tenants", 10, "dealer groups")
	fs.IntVar(&o.Stores, "stores", 50, "stores over all groups")
	fs.IntVar(&o.Weeks, "weeks", 104, "weeks the surveys go back")
	fs.IntVar(&o.Chunk, "chunk", 50_000, "events (orders) per transaction, a multiple of 5")
	fs.IntVar(&o.Parallel, "parallel", 2, "groups written at once")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("seed synthetic: unexpected argument %q", fs.Arg(0))
	}
	return o, o.Validate()
}
