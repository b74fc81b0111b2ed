package scores

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/csidesk/csidesk/internal/postgres"
)

// StoreFigure is one store in the group view: its score over every department for a period
// and the one before, its sample, and its weakest department.
type StoreFigure struct {
	Store      Store
	Now, Prev  Figure
	Sample     Sample
	Weakest    Department // Figures[0] is its figure; ID 0 when no department has one
	WeakestSet bool
}

// groupRow is one store and department of the group view.
type groupRow struct {
	Store
	DeptID         *int64
	DeptKind       *string
	DeptName       *string
	Weight, Points float64
	Surveys        int
	PrevW, PrevP   float64
	NowN, PrevN    int
	Required       int
	Attempted      int
	Reached        int
	Completed      int
}

// groupSQL reads every store of the group with its departments' figures of kind $2 in the
// roll-ups of period $3: those starting from $4 to before $6 are the period's, those from $5 to
// before $4 the period before's (a quarter's are its months'); with the store's survey counts
// and its sample of the period.
const groupSQL = `
	WITH r AS (
		SELECT store_id, department_id,
		       coalesce(sum(weight_sum) FILTER (WHERE period_start >= $4), 0)::float8 AS w,
		       coalesce(sum(points_sum) FILTER (WHERE period_start >= $4), 0)::float8 AS p,
		       coalesce(sum(surveys) FILTER (WHERE period_start >= $4), 0)::int AS surveys,
		       coalesce(sum(weight_sum) FILTER (WHERE period_start < $4), 0)::float8 AS pw,
		       coalesce(sum(points_sum) FILTER (WHERE period_start < $4), 0)::float8 AS pp
		FROM score_rollups WHERE tenant_id = $1 AND period = $3 AND period_start >= $5 AND period_start < $6 AND kind = $2
		GROUP BY 1, 2),
	n AS (
		SELECT store_id, coalesce(sum(surveys) FILTER (WHERE period_start >= $4), 0)::int AS now,
		       coalesce(sum(surveys) FILTER (WHERE period_start < $4), 0)::int AS prev
		FROM score_survey_counts WHERE tenant_id = $1 AND period = $3 AND period_start >= $5 AND period_start < $6 AND kind = $2
		GROUP BY 1),
	s AS (
		SELECT store_id, sum(required)::int AS required, sum(attempted)::int AS attempted,
		       sum(reached)::int AS reached, sum(completed)::int AS completed
		FROM sample_rollups WHERE tenant_id = $1 AND kind = $2 AND period = $3 AND period_start >= $4 AND period_start < $6
		GROUP BY 1)
	SELECT st.id, st.name, st.time_zone, st.ssi_threshold::float8, st.csi_threshold::float8, st.min_sample, st.event_in_csi,
	       d.id, d.kind, d.name, coalesce(r.w, 0), coalesce(r.p, 0), coalesce(r.surveys, 0),
	       coalesce(r.pw, 0), coalesce(r.pp, 0), coalesce(n.now, 0), coalesce(n.prev, 0),
	       coalesce(s.required, 0), coalesce(s.attempted, 0), coalesce(s.reached, 0), coalesce(s.completed, 0)
	FROM stores st
	LEFT JOIN r ON r.store_id = st.id
	LEFT JOIN n ON n.store_id = st.id
	LEFT JOIN departments d ON d.tenant_id = $1 AND d.id = r.department_id
	LEFT JOIN s ON s.store_id = st.id
	WHERE st.tenant_id = $1
	ORDER BY st.name, st.id`

// ReadGroup reads every store of the group for one kind and period: the stores judged (with at
// least their minimum sample) best first, then those with too few surveys, then those without
// a score. A store's weakest department is the lowest of those it judges.
func (s *Service) ReadGroup(ctx context.Context, tenantID int64, kind string, p Period, start time.Time) ([]StoreFigure, error) {
	rows, err := postgres.List[groupRow](ctx, s.DB, tenantID, "scores.ReadGroup", groupSQL, kind, p.rolledUp(), start, p.Add(start, -1), p.Add(start, 1))
	if err != nil {
		return nil, err
	}
	var out []StoreFigure
	for _, r := range rows {
		if n := len(out); n == 0 || out[n-1].Store.ID != r.Store.ID {
			out = append(out, StoreFigure{Store: r.Store, Now: Figure{Surveys: r.NowN}, Prev: Figure{Surveys: r.PrevN},
				Sample: Sample{StoreID: r.Store.ID, StoreName: r.Store.Name, Kind: kind, Required: r.Required,
					Attempted: r.Attempted, Reached: r.Reached, Completed: r.Completed}})
		}
		out[len(out)-1].add(kind, r)
	}
	slices.SortStableFunc(out, func(a, b StoreFigure) int { return a.compare(kind, b) })
	return out, nil
}

// add takes in one department's figures of the store.
func (sf *StoreFigure) add(kind string, r groupRow) {
	f := Figure{Weight: r.Weight, Points: r.Points, Surveys: r.Surveys}
	sf.Now.add(Figure{Weight: f.Weight, Points: f.Points})
	sf.Prev.add(Figure{Weight: r.PrevW, Points: r.PrevP})
	if v := sf.Store.JudgeFigure(kind, f); r.DeptID == nil || (v != Below && v != OnTarget) {
		return
	}
	score, _ := f.Score()
	if low, _ := sf.Weakest.figure().Score(); !sf.WeakestSet || score < low {
		sf.Weakest = Department{ID: *r.DeptID, Kind: *r.DeptKind, Name: *r.DeptName, Figures: []Figure{f}}
		sf.WeakestSet = true
	}
}

// rank orders the verdicts of the group view: judged stores, then too few, then none.
var rank = map[Verdict]int{OnTarget: 0, Below: 0, TooFew: 1, NoScore: 2}

// compare orders two stores of the group view: by rank, then best score first.
func (sf StoreFigure) compare(kind string, other StoreFigure) int {
	ra, rb := rank[sf.Store.JudgeFigure(kind, sf.Now)], rank[other.Store.JudgeFigure(kind, other.Now)]
	if ra != rb {
		return cmp.Compare(ra, rb)
	}
	sa, _ := sf.Now.Score()
	sb, _ := other.Now.Score()
	return cmp.Compare(sb, sa)
}

func (d Department) figure() Figure {
	if len(d.Figures) == 0 {
		return Figure{}
	}
	return d.Figures[0]
}
