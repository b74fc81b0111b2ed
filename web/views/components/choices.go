package components

import (
	"context"
	"fmt"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
)

// Choices lists the answers of a scale: the numbers, or yes and no.
func Choices(ctx context.Context, sc surveys.Scale) []Option {
	if sc == surveys.YesNo {
		return []Option{{Value: "1", Label: i18n.T(ctx, "surveys.yes")}, {Value: "0", Label: i18n.T(ctx, "surveys.no")}}
	}
	var out []Option
	for v := 1; v <= scores.Max(sc); v++ {
		out = append(out, Option{Value: fmt.Sprint(v), Label: fmt.Sprint(v)})
	}
	return out
}
