package server

import (
	"io"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/csidesk/csidesk/internal/benchmarks"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
	views "github.com/csidesk/csidesk/web/views/benchmarks"
)

// registerBenchmarkRoutes registers the benchmark pages.
func (s *Server) registerBenchmarkRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayReadBenchmarks))
		r.Get("/benchmarks", s.handleGap)
		r.Get("/benchmarks.xlsx", s.handleGap)
		r.Get("/benchmarks/results/{benchmarkResultID}", s.handleResult)
	})
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayImportBenchmarks))
		r.Get("/benchmarks/imports", s.handleBenchmarkImports)
		r.Post("/benchmarks/imports", s.handleBenchmarkUpload)
		r.Get("/benchmarks/imports/{benchmarkImportID}", s.handleBenchmarkImport)
		r.Post("/benchmarks/imports/{benchmarkImportID}/mapping", s.handleBenchmarkMapping)
		r.Post("/benchmarks/imports/{benchmarkImportID}/commit", s.handleBenchmarkCommit)
		r.Get("/benchmarks/results/new", s.handleResultNew)
		r.Post("/benchmarks/results", s.handleResultCreate)
		r.Post("/benchmarks/results/{benchmarkResultID}", s.handleResultCorrect)
	})
	r.Group(func(r chi.Router) {
		r.Use(s.require(mayEditBenchmarkItems))
		r.Get("/benchmarks/items", s.handleBenchmarkItems)
		r.Post("/benchmarks/items", s.handleBenchmarkItemCreate)
		r.Get("/benchmarks/items/{benchmarkItemID}", s.handleBenchmarkItem)
		r.Post("/benchmarks/items/{benchmarkItemID}", s.handleBenchmarkItemUpdate)
	})
}

// benchmarkTabs says which benchmark pages the request's person may open besides the gaps.
func benchmarkTabs(r *http.Request) views.Tabs {
	p := principal(r)
	return views.Tabs{Import: mayImportBenchmarks.heldBy(p), Items: mayEditBenchmarkItems.heldBy(p)}
}

// handleGap serves GET /benchmarks?store=&quarter=: a store's results of a quarter against the
// averages (store=0: every store held, side by side), printable; /benchmarks.xlsx is the same
// as a workbook.
func (s *Server) handleGap(w http.ResponseWriter, r *http.Request) {
	p, err := s.gapPage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		name, fallback := views.GapFile(r.Context(), p)
		s.sendWorkbook(w, r, name, fallback, func(out io.Writer) error { return views.GapExcel(r.Context(), out, p) })
		return
	}
	s.render(w, r, http.StatusOK, views.Gaps(s.shell(w, r, "benchmarks.title"), p))
}

// gapPage reads the gap view the request asks for: the store (or all held) and the quarter, by
// default the latest with results, else the last complete one; a single store's linked items
// get its own figures beside them.
func (s *Server) gapPage(r *http.Request) (views.GapPage, error) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	stores, storeID, err := s.pickStore(r, true)
	if err != nil {
		return views.GapPage{}, err
	}
	ids := []int64{storeID}
	if storeID == 0 {
		ids = storeIDs(stores)
	}
	quarter, _ := benchmarks.ParseQuarter(r.URL.Query().Get("quarter"))
	g, err := s.benchmarks.Gaps(ctx, tenantID, ids, quarter)
	if err != nil {
		return views.GapPage{}, err
	}
	now := s.now().In(tenancy.Location(storeOf(stores, ids[0]).TimeZone))
	if g.Quarter.IsZero() {
		g.Quarter = scores.Quarter.LastComplete(scores.Date(now, now.Location()))
	}
	if storeID != 0 {
		if err := s.ownFigures(r, &g, storeID); err != nil {
			return views.GapPage{}, err
		}
	}
	p := views.GapPage{Stores: stores, StoreID: storeID, Gap: g, Act: map[int64]bool{}, Tabs: benchmarkTabs(r), Now: now}
	for _, id := range ids {
		p.Act[id] = may(r, mayManageActions, id)
	}
	return p, nil
}

// ownFigures puts the store's own item scores of the quarter, as its drill-down has them,
// beside the items linked to questionnaire items.
func (s *Server) ownFigures(r *http.Request, g *benchmarks.Gap, storeID int64) error {
	for _, kind := range g.LinkedKinds() {
		d, err := s.scores.ReadDrill(r.Context(), principal(r).TenantID,
			scores.Key{StoreID: storeID, Kind: kind, Period: scores.Quarter, Start: g.Quarter}, 0)
		if err != nil {
			return err
		}
		g.SetOwn(0, kind, d.Items)
	}
	return nil
}

// storeIDs are the ids of the stores.
func storeIDs(stores []tenancy.Store) []int64 {
	out := make([]int64, len(stores))
	for i, st := range stores {
		out[i] = st.ID
	}
	return out
}
