// Package components holds the small view pieces pages share: form fields, pager, badges.
package components

import (
	"context"

	"github.com/csidesk/csidesk/internal/i18n"
)

// Errors maps a form field's name to the catalog key of its message.
type Errors map[string]string

// Option is one choice of a select; Label is already translated.
type Option struct {
	Value string
	Label string
}

// Input describes a text-like form field.
type Input struct {
	Name     string
	LabelKey string
	Type     string
	Value    string
	Required bool
	Max      int
	HintKey  string
	Auto     string
}

// Local picks the text of the reader's language from a pair kept in both, such as a question.
func Local(ctx context.Context, zh, en string) string {
	if l := i18n.From(ctx); l != nil && l.Lang == "en" {
		return en
	}
	return zh
}
