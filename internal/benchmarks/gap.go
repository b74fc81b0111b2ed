package benchmarks

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
)

// TrendQuarters is how many quarters an item's trend shows, the chosen one last.
const TrendQuarters = 4

// Gap is the stores' results of a quarter against the national and regional averages, item by
// item, per programme: one store, or every store held side by side.
type Gap struct {
	StoreIDs []int64 // the stores, in the order of each item's cells
	Quarter  time.Time
	// Quarters are the quarters the stores have results for, newest first.
	Quarters   []time.Time
	Programmes []ProgrammeGap
}

// ProgrammeGap is a programme's items, worst gap first.
type ProgrammeGap struct {
	Programme Programme
	Items     []ItemGap
}

// ItemGap is an item's result in each store.
type ItemGap struct {
	Item  Item
	Cells []Cell
}

// Cell is a store's result for an item in the quarter (ResultID 0: none), its trend over the
// last TrendQuarters quarters, the action opened for it, and the store's own figure for the
// questionnaire item it is linked to.
type Cell struct {
	ResultID int64
	Figures
	Trend    []Point
	ActionID int64
	// Own is the store's own score of the linked questionnaire item in the quarter, from
	// OwnAnswers answers; nil without one.
	Own        *float64
	OwnAnswers int
}

// Point is a quarter's score in a trend; nil for a quarter without a result.
type Point struct {
	Quarter time.Time
	Score   *float64
}

// result is a row of the stores' results.
type result struct {
	ID       int64
	StoreID  int64
	Item     Item
	Quarter  time.Time
	Figures  Figures
	ActionID int64
}

// Gaps reads the stores' gaps for the quarter; a zero quarter is the latest they have results
// for (still zero when they have none).
func (s *Service) Gaps(ctx context.Context, tenantID int64, storeIDs []int64, quarter time.Time) (Gap, error) {
	g := Gap{StoreIDs: storeIDs, Quarter: quarter}
	var list []result
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT DISTINCT quarter FROM benchmark_results WHERE tenant_id = $1 AND store_id = ANY($2)
			ORDER BY quarter DESC`, tenantID, storeIDs)
		var err error
		if g.Quarters, err = pgx.CollectRows(rows, pgx.RowTo[time.Time]); err != nil {
			return postgres.Err("benchmarks.Gaps: quarters", err)
		}
		if g.Quarter.IsZero() && len(g.Quarters) > 0 {
			g.Quarter = g.Quarters[0]
		}
		list, err = readResults(ctx, tx, tenantID, storeIDs, scores.Quarter.Add(g.Quarter, 1-TrendQuarters), g.Quarter)
		return err
	})
	if err != nil {
		return Gap{}, err
	}
	g.build(list)
	return g, nil
}

// readResults reads the stores' results of the quarters from first to last, with the latest
// action opened for each that the reader sees.
func readResults(ctx context.Context, tx pgx.Tx, tenantID int64, storeIDs []int64, first, last time.Time) ([]result, error) {
	rows, _ := tx.Query(ctx, `
		SELECT r.id, r.store_id, i.id, i.programme, i.name, i.item_short, coalesce(i.department_kind, ''), r.quarter,
		       r.score::float8, r.national::float8, r.regional::float8, r.rank,
		       coalesce((SELECT max(a.id) FROM improvement_actions a WHERE a.tenant_id = $1 AND a.result_id = r.id), 0)
		FROM benchmark_results r JOIN benchmark_items i ON i.tenant_id = $1 AND i.id = r.item_id
		WHERE r.tenant_id = $1 AND r.store_id = ANY($2) AND r.quarter BETWEEN $3 AND $4`, tenantID, storeIDs, first, last)
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (result, error) {
		var r result
		f, it := &r.Figures, &r.Item
		err := row.Scan(&r.ID, &r.StoreID, &it.ID, &it.Programme, &it.Name, &it.ItemShort, &it.DepartmentKind, &r.Quarter,
			&f.Score, &f.National, &f.Regional, &f.Rank, &r.ActionID)
		return r, err
	})
	return list, postgres.Err("benchmarks.Gaps", err)
}

// build sorts the results into programmes and items: every item with a result in the quarter,
// with its trend in each store.
func (g *Gap) build(list []result) {
	items := map[int64]*ItemGap{}
	var order []*ItemGap
	for _, r := range list {
		if r.Quarter.Equal(g.Quarter) && items[r.Item.ID] == nil {
			ig := &ItemGap{Item: r.Item, Cells: make([]Cell, len(g.StoreIDs))}
			for i := range ig.Cells {
				ig.Cells[i].Trend = g.trendQuarters()
			}
			items[r.Item.ID], order = ig, append(order, ig)
		}
	}
	for _, r := range list {
		if ig := items[r.Item.ID]; ig != nil {
			g.place(ig, r)
		}
	}
	for _, p := range Programmes {
		pg := ProgrammeGap{Programme: p}
		for _, ig := range order {
			if ig.Item.Programme == p {
				pg.Items = append(pg.Items, *ig)
			}
		}
		if len(pg.Items) > 0 {
			slices.SortFunc(pg.Items, func(a, b ItemGap) int {
				return cmp.Or(cmp.Compare(a.worst(), b.worst()), strings.Compare(a.Item.Name, b.Item.Name))
			})
			g.Programmes = append(g.Programmes, pg)
		}
	}
}

// trendQuarters are the quarters of a trend, without scores yet.
func (g *Gap) trendQuarters() []Point {
	out := make([]Point, TrendQuarters)
	for i := range out {
		out[i].Quarter = scores.Quarter.Add(g.Quarter, i+1-TrendQuarters)
	}
	return out
}

// place puts a result in its store's cell of the item: in the trend, and as the cell's result
// when it is the quarter's.
func (g *Gap) place(ig *ItemGap, r result) {
	i := slices.Index(g.StoreIDs, r.StoreID)
	if i < 0 {
		return
	}
	c := &ig.Cells[i]
	for k := range c.Trend {
		if c.Trend[k].Quarter.Equal(r.Quarter) {
			c.Trend[k].Score = &r.Figures.Score
		}
	}
	if r.Quarter.Equal(g.Quarter) {
		c.ResultID, c.Figures, c.ActionID = r.ID, r.Figures, r.ActionID
	}
}

// worst is the item's largest shortfall in any store, against either average: the order of
// the gap view. An item without an average to compare with comes last.
func (ig ItemGap) worst() float64 {
	w := math.Inf(1)
	for _, c := range ig.Cells {
		for _, gap := range []*float64{c.Gap(c.National), c.Gap(c.Regional)} {
			if c.ResultID != 0 && gap != nil {
				w = math.Min(w, *gap)
			}
		}
	}
	return w
}

// SetOwn puts the own figures of the store in column i beside the items linked to them: items
// are the store's item scores of the quarter in its surveys of kind. A programme that may take
// either kind keeps the first kind's figure found.
func (g *Gap) SetOwn(i int, kind string, items []scores.ItemScore) {
	for _, pg := range g.Programmes {
		if !slices.Contains(pg.Programme.SurveyKinds(), kind) {
			continue
		}
		for _, ig := range pg.Items {
			c := &ig.Cells[i]
			if c.Own != nil || ig.Item.ItemShort == "" {
				continue
			}
			for _, is := range items {
				if strings.EqualFold(is.NameZH, ig.Item.ItemShort) || strings.EqualFold(is.NameEN, ig.Item.ItemShort) {
					c.Own, c.OwnAnswers = &is.Score, is.Answers
					break
				}
			}
		}
	}
}

// LinkedKinds are the survey kinds whose item scores the gap's linked items stand beside, in
// the order SetOwn takes them: after-sales first.
func (g Gap) LinkedKinds() []string {
	var out []string
	for _, kind := range []string{"csi", "ssi"} {
		for _, pg := range g.Programmes {
			if slices.Contains(pg.Programme.SurveyKinds(), kind) && linked(pg.Items) && !slices.Contains(out, kind) {
				out = append(out, kind)
			}
		}
	}
	return out
}

// linked reports whether any of the items is linked to a questionnaire item.
func linked(items []ItemGap) bool {
	return slices.ContainsFunc(items, func(ig ItemGap) bool { return ig.Item.ItemShort != "" })
}
