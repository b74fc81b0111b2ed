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

// Labelled turns codes into options labelled from the catalog: the code's key is prefix followed
// by the code.
func Labelled[T ~string](ctx context.Context, prefix string, codes []T) []Option {
	out := make([]Option, len(codes))
	for i, c := range codes {
		out[i] = Option{Value: string(c), Label: i18n.T(ctx, prefix+string(c))}
	}
	return out
}
