package scores

import (
	"context"
	"slices"

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
func Tiers(ctx context.Context, db *postgres.DB, tenantID int64) ([]Tier, error) {
	tiers, err := postgres.List[Tier](ctx, db, tenantID, "scores.Tiers",
		`SELECT min_points::float8, label_zh, label_en FROM score_tiers WHERE tenant_id = $1 ORDER BY min_points DESC`)
	if err != nil || len(tiers) > 0 {
		return tiers, err
	}
	return slices.Clone(DefaultTiers), nil
}
