package scores

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Tier labels the scores at or above Min.
type Tier struct {
	Min float64
	ZH  string
	EN  string
}

// DefaultTiers label a group's scores until its administrator sets its own.
var DefaultTiers = []Tier{
	{98, "优秀", "Excellent"},
	{95, "达标", "On target"},
	{90, "预警", "Watch"},
	{0, "不达标", "Below target"},
}

// TierOf is the highest tier that score reaches; ok is false when none does.
func TierOf(tiers []Tier, score float64) (Tier, bool) {
	for _, t := range tiers { // highest first
		if score >= t.Min {
			return t, true
		}
	}
	return Tier{}, false
}

// Tiers reads the group's tiers, highest first, or the defaults.
func (s *Service) Tiers(ctx context.Context, tenantID int64) ([]Tier, error) {
	var tiers []Tier
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		tiers, err = readTiers(ctx, tx, tenantID)
		return err
	})
	return tiers, err
}

const tiersSQL = `SELECT min_points::float8, label_zh, label_en FROM score_tiers
	WHERE tenant_id = $1 ORDER BY min_points DESC`

func readTiers(ctx context.Context, tx pgx.Tx, tenantID int64) ([]Tier, error) {
	rows, _ := tx.Query(ctx, tiersSQL, tenantID)
	tiers, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Tier])
	if err != nil || len(tiers) > 0 {
		return tiers, postgres.Err("scores.Tiers", err)
	}
	return slices.Clone(DefaultTiers), nil
}

// MaxTiers is how many tiers a group may label.
const MaxTiers = 6

// TierRow is one row of the tiers form as typed: its lowest score and labels.
type TierRow struct {
	Min, ZH, EN string
}

// ParseTiers checks the tiers form: blank rows are dropped; every other row needs a lowest score
// from 0 to 100, unique, and both labels (errors keyed min_N, zh_N, en_N); at least one tier.
func ParseTiers(rows []TierRow) ([]Tier, error) {
	errs := map[string]string{}
	var tiers []Tier
	seen := map[float64]bool{}
	for i, r := range rows {
		r.Min, r.ZH, r.EN = strings.TrimSpace(r.Min), strings.TrimSpace(r.ZH), strings.TrimSpace(r.EN)
		if r.Min == "" && r.ZH == "" && r.EN == "" {
			continue
		}
		n := strconv.Itoa(i)
		min, err := strconv.ParseFloat(r.Min, 64)
		switch {
		case err != nil || min < 0 || min > 100:
			errs["min_"+n] = "validation.threshold"
		case seen[min]:
			errs["min_"+n] = "validation.tier_twice"
		}
		seen[min] = true
		for field, label := range map[string]string{"zh_": r.ZH, "en_": r.EN} {
			if label == "" {
				errs[field+n] = "validation.required"
			} else if utf8.RuneCountInString(label) > 20 {
				errs[field+n] = "validation.too_long"
			}
		}
		tiers = append(tiers, Tier{Min: min, ZH: r.ZH, EN: r.EN})
	}
	if len(tiers) == 0 && len(errs) == 0 {
		errs["min_0"] = "validation.required"
	}
	if len(errs) > 0 {
		return nil, apperr.Fields(errs)
	}
	slices.SortFunc(tiers, func(a, b Tier) int { return cmp.Compare(b.Min, a.Min) })
	return tiers, nil
}

// SaveTiers replaces the group's tiers in one transaction.
func (s *Service) SaveTiers(ctx context.Context, tenantID int64, tiers []Tier) error {
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM score_tiers WHERE tenant_id = $1`, tenantID); err != nil {
			return postgres.Err("scores.SaveTiers", err)
		}
		for _, t := range tiers {
			_, err := tx.Exec(ctx, `INSERT INTO score_tiers (tenant_id, min_points, label_zh, label_en) VALUES ($1, $2, $3, $4)`,
				tenantID, t.Min, t.ZH, t.EN)
			if err != nil {
				return postgres.Err("scores.SaveTiers", err)
			}
		}
		return changes.AnnounceGroup(ctx, tx, tenantID)
	})
}
