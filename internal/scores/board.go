package scores

import (
	"context"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/postgres"
)

// Figure is a department's (or the store's) roll-up for one period.
type Figure struct {
	Weight  float64
	Points  float64
	Surveys int
}

// Score is Σ(weight × points) / Σ weight; ok is false without a scored answer.
func (f Figure) Score() (score float64, ok bool) {
	if f.Weight <= 0 {
		return 0, false
	}
	return f.Points / f.Weight, true
}

func (f *Figure) add(g Figure) {
	f.Weight += g.Weight
	f.Points += g.Points
	f.Surveys += g.Surveys
}

// Department is one row of a scoreboard: a department of the store and its figure for each of
// the board's periods.
type Department struct {
	ID      int64
	Kind    string
	Name    string
	Figures []Figure
}

// Board is a store's scoreboard for one kind of survey: its departments across the latest
// periods (oldest first), the store as a whole, and each period's sample.
type Board struct {
	Store       Store
	Kind        string
	Period      Period
	Starts      []time.Time
	Departments []Department
	Total       []Figure // the store over all its departments, from the store's survey counts
	Samples     []Sample
	Tiers       []Tier
}

// Key names one figure: a store's department (0: every department), kind and period.
type Key struct {
	StoreID      int64
	DepartmentID int64
	Kind         string
	Period       Period
	Start        time.Time
}

func first(boards []Board, err error) (Board, error) {
	if err != nil {
		return Board{}, err
	}
	return boards[0], nil
}

// readBoards reads several boards of n periods afresh, with the group's tiers, in one round trip.
// A board touches periods × departments roll-up rows, never the surveys.
func (s *Service) readBoards(ctx context.Context, tenantID int64, n int, keys ...Key) ([]Board, error) {
	boards := make([]Board, len(keys))
	for i, k := range keys {
		boards[i] = Board{Kind: k.Kind, Period: k.Period}
		first := k.Period.Add(k.Start, 1-n)
		for j := range n {
			boards[i].Starts = append(boards[i].Starts, k.Period.Add(first, j))
		}
	}
	var tiers []Tier
	err := s.DB.ReadBatch(ctx, tenantID, func(b *pgx.Batch) {
		b.Queue(tiersSQL, tenantID)
		for i, k := range keys {
			window := []any{tenantID, k.StoreID, k.Kind, k.Period.rolledUp(), boards[i].Starts[0], k.Period.last(k.Start)}
			b.Queue(storeSQL, tenantID, k.StoreID)
			b.Queue(departmentsSQL, window...)
			b.Queue(countsWindowSQL, window...)
			b.Queue(samplesWindowSQL, window...)
		}
	}, func(br pgx.BatchResults) error {
		rows, _ := br.Query()
		var err error
		if tiers, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Tier]); err != nil {
			return postgres.Err("scores.ReadBoards: tiers", err)
		}
		for i := range boards {
			if err := boards[i].read(br); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(tiers) == 0 {
		tiers = slices.Clone(DefaultTiers)
	}
	for i := range boards {
		boards[i].Tiers = tiers
	}
	return boards, nil
}

// read reads a board's store, departments, survey counts and samples from a batch, in the order
// ReadBoards queued them.
func (b *Board) read(br pgx.BatchResults) error {
	if err := b.Store.scan(br.QueryRow()); err != nil {
		return postgres.Err("scores.ReadBoards: store", err)
	}
	if err := b.readDepartments(br); err != nil {
		return err
	}
	b.Total = make([]Figure, len(b.Starts))
	for _, d := range b.Departments {
		for i, f := range d.Figures {
			b.Total[i].add(Figure{Weight: f.Weight, Points: f.Points})
		}
	}
	if err := b.readCounts(br); err != nil {
		return err
	}
	return b.readSamples(br)
}

// departmentsSQL reads the departments of store $2 that have a figure of kind $3 in the roll-ups
// of period $4 starting from $5 to $6, or an item in the store's newest questionnaire of the
// kind, with their figures.
const departmentsSQL = `
	WITH r AS (
		SELECT department_id, period_start, weight_sum, points_sum, surveys FROM score_rollups
		WHERE tenant_id = $1 AND period = $4 AND period_start BETWEEN $5 AND $6 AND store_id = $2 AND kind = $3),
	shown AS (
		SELECT department_id FROM r
		UNION SELECT i.department_id FROM questionnaire_items i
		WHERE i.tenant_id = $1 AND i.scale <> 'text' AND i.questionnaire_id =
		      (SELECT id FROM questionnaires WHERE tenant_id = $1 AND store_id = $2 AND kind = $3
		       ORDER BY version DESC LIMIT 1))
	SELECT d.id, d.kind, d.name, r.period_start, coalesce(r.weight_sum, 0)::float8,
	       coalesce(r.points_sum, 0)::float8, coalesce(r.surveys, 0)
	FROM shown JOIN departments d ON d.tenant_id = $1 AND d.id = shown.department_id
	LEFT JOIN r ON r.department_id = d.id
	ORDER BY d.kind, d.name, d.id`

func (b *Board) readDepartments(br pgx.BatchResults) error {
	rows, err := br.Query()
	if err != nil {
		return postgres.Err("scores.ReadBoards: departments", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d Department
		var start *time.Time
		var f Figure
		if err := rows.Scan(&d.ID, &d.Kind, &d.Name, &start, &f.Weight, &f.Points, &f.Surveys); err != nil {
			return err
		}
		if n := len(b.Departments); n == 0 || b.Departments[n-1].ID != d.ID {
			d.Figures = make([]Figure, len(b.Starts))
			b.Departments = append(b.Departments, d)
		}
		if i := b.index(start); i >= 0 {
			b.Departments[len(b.Departments)-1].Figures[i].add(f)
		}
	}
	return postgres.Err("scores.ReadBoards: departments", rows.Err())
}

const countsWindowSQL = `SELECT period_start, surveys FROM score_survey_counts
	WHERE tenant_id = $1 AND store_id = $2 AND kind = $3 AND period = $4 AND period_start BETWEEN $5 AND $6`

// readCounts reads how many surveys gave the store's figure of each period: a quarter's are its
// months', since a survey counts in one month only.
func (b *Board) readCounts(br pgx.BatchResults) error {
	rows, err := br.Query()
	if err != nil {
		return postgres.Err("scores.ReadBoards: counts", err)
	}
	defer rows.Close()
	for rows.Next() {
		var start time.Time
		var n int
		if err := rows.Scan(&start, &n); err != nil {
			return err
		}
		if i := b.index(&start); i >= 0 {
			b.Total[i].Surveys += n
		}
	}
	return postgres.Err("scores.ReadBoards: counts", rows.Err())
}

const samplesWindowSQL = `SELECT period_start, required, attempted, reached, completed FROM sample_rollups
	WHERE tenant_id = $1 AND store_id = $2 AND kind = $3 AND period = $4 AND period_start BETWEEN $5 AND $6`

func (b *Board) readSamples(br pgx.BatchResults) error {
	b.Samples = make([]Sample, len(b.Starts))
	rows, err := br.Query()
	if err != nil {
		return postgres.Err("scores.ReadBoards: samples", err)
	}
	defer rows.Close()
	for rows.Next() {
		var start time.Time
		s := Sample{StoreID: b.Store.ID, StoreName: b.Store.Name, Kind: b.Kind}
		if err := rows.Scan(&start, &s.Required, &s.Attempted, &s.Reached, &s.Completed); err != nil {
			return err
		}
		if i := b.index(&start); i >= 0 {
			b.Samples[i] = s.plus(b.Samples[i])
		}
	}
	return postgres.Err("scores.ReadBoards: samples", rows.Err())
}

// index is the column of the period that holds a roll-up starting on start (a quarter's column
// holds its three months), or -1.
func (b *Board) index(start *time.Time) int {
	for i, s := range b.Starts {
		if start != nil && !start.Before(s) && start.Before(b.Period.Add(s, 1)) {
			return i
		}
	}
	return -1
}
