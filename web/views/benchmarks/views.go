// Package benchmarks renders the benchmark pages: the gap view per store and quarter (one store,
// or every store held side by side) with its workbook, the results import with its column
// mapping and dry run, entry and correction of a result with its history, and the group's item
// catalogue.
package benchmarks

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/a-h/templ"

	"github.com/csidesk/csidesk/internal/benchmarks"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/components"
)

// Tabs says which of the benchmark pages the reader may open besides the gap view.
type Tabs struct {
	Import bool // importing and entering results
	Items  bool // the item catalogue
}

// programmeName names a programme in the reader's language.
func programmeName(ctx context.Context, p benchmarks.Programme) string {
	return i18n.T(ctx, "benchmarks.programme."+string(p))
}

func programmeOptions(ctx context.Context) []components.Option {
	out := make([]components.Option, len(benchmarks.Programmes))
	for i, p := range benchmarks.Programmes {
		out[i] = components.Option{Value: string(p), Label: programmeName(ctx, p)}
	}
	return out
}

func storeOptions(stores []tenancy.Store) []components.Option {
	out := make([]components.Option, len(stores))
	for i, st := range stores {
		out[i] = components.Option{Value: fmt.Sprint(st.ID), Label: st.Name}
	}
	return out
}

// storeName is the name of the store of id among stores.
func storeName(stores []tenancy.Store, id int64) string {
	if i := slices.IndexFunc(stores, func(st tenancy.Store) bool { return st.ID == id }); i >= 0 {
		return stores[i].Name
	}
	return ""
}

// gapText writes a gap with its sign ("+4", "−2.5", "0"), "—" without one.
func gapText(g *float64) string {
	switch {
	case g == nil:
		return "—"
	case *g > 0:
		return "+" + benchmarks.Format(g)
	case *g < 0:
		return "−" + benchmarks.Format(new(-*g))
	}
	return "0"
}

// below reports whether a gap is negative: the figure is red.
func below(g *float64) bool { return g != nil && *g < 0 }

func gapHref(storeID int64, q time.Time) templ.SafeURL {
	return templ.SafeURL(fmt.Sprintf("/benchmarks?store=%d&quarter=%s", storeID, benchmarks.QuarterLabel(q)))
}

// storeGapHref is a store's gap view of its latest quarter.
func storeGapHref(storeID int64) templ.SafeURL {
	return templ.SafeURL(fmt.Sprintf("/benchmarks?store=%d", storeID))
}

func resultHref(id int64) templ.SafeURL {
	return templ.SafeURL(fmt.Sprintf("/benchmarks/results/%d", id))
}

func actionHref(id int64) templ.SafeURL { return templ.SafeURL(fmt.Sprintf("/actions/%d", id)) }

// newActionHref opens the new improvement action form from a store's result.
func newActionHref(storeID, resultID int64) templ.SafeURL {
	return templ.SafeURL(fmt.Sprintf("/actions/new?store=%d&source=benchmark&result=%d", storeID, resultID))
}

// newResultHref opens the entry form on a store, item and quarter.
func newResultHref(storeID, itemID int64, q time.Time) templ.SafeURL {
	v := url.Values{"store": {fmt.Sprint(storeID)}}
	if itemID != 0 {
		v.Set("item", fmt.Sprint(itemID))
	}
	if !q.IsZero() {
		v.Set("quarter", benchmarks.QuarterLabel(q))
	}
	return templ.SafeURL("/benchmarks/results/new?" + v.Encode())
}

func when(t time.Time) string {
	return t.In(tenancy.Location(tenancy.DefaultTimeZone)).Format("2006-01-02 15:04")
}

// departmentKindName names a department kind, "—" for none.
func departmentKindName(ctx context.Context, k tenancy.DepartmentKind) string {
	if k == "" {
		return "—"
	}
	return i18n.T(ctx, "department."+string(k))
}

func departmentKindOptions(ctx context.Context) []components.Option {
	out := []components.Option{{Value: "", Label: i18n.T(ctx, "benchmarks.no_department")}}
	for _, k := range tenancy.DepartmentKinds {
		out = append(out, components.Option{Value: string(k), Label: i18n.T(ctx, "department."+string(k))})
	}
	return out
}

// itemsOf are the items of a programme.
func itemsOf(items []benchmarks.Item, p benchmarks.Programme) []benchmarks.Item {
	var out []benchmarks.Item
	for _, it := range items {
		if it.Programme == p {
			out = append(out, it)
		}
	}
	return out
}

func encodingOptions(ctx context.Context) []components.Option {
	return []components.Option{
		{Value: string(tabular.Auto), Label: i18n.T(ctx, "imports.encoding_auto")},
		{Value: string(tabular.UTF8), Label: "UTF-8"},
		{Value: string(tabular.GB18030), Label: "GBK / GB18030"},
	}
}

func importHref(id int64) templ.SafeURL {
	return templ.SafeURL(fmt.Sprintf("/benchmarks/imports/%d", id))
}

// columnLabel names a field of a results file, marked when it is required.
func columnLabel(ctx context.Context, c benchmarks.Column) string {
	if c.Required {
		return i18n.T(ctx, "benchmarks.column."+c.Name) + " *"
	}
	return i18n.T(ctx, "benchmarks.column."+c.Name)
}

// upTo is the first n of list.
func upTo[T any](list []T, n int) []T { return list[:min(n, len(list))] }

// figuresLine writes a result's figures on one line: "86.5 · national 85 · regional 84 · rank 3".
func figuresLine(ctx context.Context, f benchmarks.Figures) string {
	return i18n.T(ctx, "benchmarks.figures", "Score", benchmarks.Format(&f.Score), "National", benchmarks.Format(f.National),
		"Regional", benchmarks.Format(f.Regional), "Rank", rankText(f.Rank))
}

// rankText writes a rank, "—" without one.
func rankText(r *int) string {
	if r == nil {
		return "—"
	}
	return fmt.Sprint(*r)
}

// ownText writes the store's own survey score with one decimal, as the score pages do.
func ownText(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
