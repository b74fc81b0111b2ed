// Package i18n translates message keys into the user's language from the JSON catalogs in
// locales/ (one file per area and language: NAME.en.json, NAME.zh-CN.json).
package i18n

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.json
var catalogs embed.FS

// Languages are the supported interface languages; the first is the default.
var Languages = []string{"zh-CN", "en"}

// Bundle holds every catalog and one localizer per language.
type Bundle struct {
	matcher    language.Matcher
	localizers map[string]*Localizer
}

// New loads the embedded catalogs.
func New() (*Bundle, error) {
	gb := goi18n.NewBundle(language.Chinese)
	gb.RegisterUnmarshalFunc("json", json.Unmarshal)
	files, err := fs.Glob(catalogs, "locales/*.json")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	for _, f := range files {
		if _, err := gb.LoadMessageFileFS(catalogs, f); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f, err)
		}
	}
	b := &Bundle{
		matcher:    language.NewMatcher([]language.Tag{language.SimplifiedChinese, language.English}),
		localizers: map[string]*Localizer{},
	}
	for _, lang := range Languages {
		b.localizers[lang] = &Localizer{Lang: lang, l: goi18n.NewLocalizer(gb, lang)}
	}
	return b, nil
}

// Localizer returns the localizer for lang, or for the default language when lang is unknown.
func (b *Bundle) Localizer(lang string) *Localizer {
	if l, ok := b.localizers[lang]; ok {
		return l
	}
	return b.localizers[Languages[0]]
}

// Match picks the supported language that best fits an Accept-Language header.
func (b *Bundle) Match(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Languages[0]
	}
	_, i, conf := b.matcher.Match(tags...)
	if conf == language.No {
		return Languages[0]
	}
	return Languages[i]
}

// Localizer translates message keys into one language.
type Localizer struct {
	// Lang is the language tag, "zh-CN" or "en".
	Lang string
	l    *goi18n.Localizer
	// plain holds the translations of messages asked for without arguments, by key: a page
	// asks for the same few hundred labels on every request.
	plain sync.Map
}

// T translates id; args are name, value pairs for the message's {{.Name}} fields. An unknown key
// comes back as itself, which the catalog test prevents.
func (l *Localizer) T(id string, args ...any) string {
	if len(args) == 0 {
		if s, ok := l.plain.Load(id); ok {
			return s.(string)
		}
		s, ok := l.localize(id, nil)
		if ok {
			l.plain.Store(id, s)
		}
		return s
	}
	data := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		data[fmt.Sprint(args[i])] = args[i+1]
	}
	s, _ := l.localize(id, data)
	return s
}

// localize translates id, or returns it and false when the catalog lacks it; only known
// messages are kept in plain, so however many keys a request makes up, it stays small.
func (l *Localizer) localize(id string, data map[string]any) (string, bool) {
	s, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return id, false
	}
	return s, true
}

type ctxKey struct{}

// With returns a context that carries l.
func With(ctx context.Context, l *Localizer) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// From returns the context's localizer; views are always rendered with one.
func From(ctx context.Context) *Localizer {
	l, _ := ctx.Value(ctxKey{}).(*Localizer)
	return l
}

// T translates id in the context's language.
func T(ctx context.Context, id string, args ...any) string {
	if l := From(ctx); l != nil {
		return l.T(id, args...)
	}
	return id
}
