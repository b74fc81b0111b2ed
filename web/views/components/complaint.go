package components

import (
	"context"
	"strings"

	"github.com/csidesk/csidesk/internal/complaints/call"
)

// ComplaintGist is what a complaint is about, for its line in a customer's history: the
// customer's words, else the short names of the items the call that opened it found low
// ("服务态度 · 维修质量"), in the reader's language.
func ComplaintGist(ctx context.Context, description string, d call.Details) string {
	if description != "" {
		return description
	}
	names := make([]string, len(d.Low))
	for i, a := range d.Low {
		names[i] = Local(ctx, a.NameZH, a.NameEN)
	}
	return strings.Join(names, " · ")
}
