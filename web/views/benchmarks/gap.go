package benchmarks

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/csidesk/csidesk/internal/benchmarks"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/tenancy"
)

// GapPage is the gap view: a store's results of a quarter against the national and regional
// averages, or every store held side by side (StoreID 0).
type GapPage struct {
	Stores  []tenancy.Store // the stores held, for the picker
	StoreID int64
	Gap     benchmarks.Gap
	// Act holds the stores where the reader may open an improvement action.
	Act  map[int64]bool
	Tabs Tabs
	Now  time.Time
}

// Shown are the stores the page shows, in the order of each item's cells.
func (p GapPage) Shown() []tenancy.Store {
	out := make([]tenancy.Store, len(p.Gap.StoreIDs))
	for i, id := range p.Gap.StoreIDs {
		out[i] = tenancy.Store{ID: id, Name: storeName(p.Stores, id)}
	}
	return out
}

// Scope names what the page's figures cover: the store (or every store held) and the quarter.
func (p GapPage) Scope(ctx context.Context) string {
	stores := i18n.T(ctx, "benchmarks.all_stores")
	if p.StoreID != 0 {
		stores = storeName(p.Stores, p.StoreID)
	}
	if p.Gap.Quarter.IsZero() {
		return stores
	}
	return stores + " · " + benchmarks.QuarterLabel(p.Gap.Quarter)
}

// gapQuery is the page's filters as a query, for its workbook.
func gapQuery(p GapPage) string {
	v := url.Values{"store": {fmt.Sprint(p.StoreID)}}
	if !p.Gap.Quarter.IsZero() {
		v.Set("quarter", benchmarks.QuarterLabel(p.Gap.Quarter))
	}
	return v.Encode()
}

// quarterChoices are the quarters to pick from: those with results, and the one shown, newest
// first.
func quarterChoices(g benchmarks.Gap) []time.Time {
	out := slices.Clone(g.Quarters)
	if !g.Quarter.IsZero() && !slices.ContainsFunc(out, g.Quarter.Equal) {
		out = append(out, g.Quarter)
		slices.SortFunc(out, func(a, b time.Time) int { return b.Compare(a) })
	}
	return out
}
