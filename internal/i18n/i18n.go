// Package i18n translates message keys into the user's language from the JSON catalogs in
// locales/ (one file per area and language: NAME.en.json, NAME.zh-CN.json).
package i18n

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

//go:embed locales/*.json
var catalogs embed.FS

// Languages are the supported interface languages; the first is the default.
var Languages = []string{"zh-CN", "en"}

// Bundle holds one localizer per language.
type Bundle struct {
	matcher    language.Matcher
	localizers map[string]*Localizer
}

// New loads the embedded catalogs: flat JSON objects of message keys and texts whose only
// markup is a {{.Name}} field. A language lacking a key falls back to the default language's.
func New() (*Bundle, error) {
	files, err := fs.Glob(catalogs, "locales/*.json")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	texts := map[string]map[string]string{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".json")
		lang := name[strings.IndexByte(name, '.')+1:]
		if !slices.Contains(Languages, lang) {
			return nil, fmt.Errorf("i18n: %s: want NAME.LANG.json with LANG in %v", f, Languages)
		}
		var file map[string]string
		data, err := fs.ReadFile(catalogs, f)
		if err == nil {
			err = json.Unmarshal(data, &file)
		}
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f, err)
		}
		if texts[lang] == nil {
			texts[lang] = map[string]string{}
		}
		maps.Copy(texts[lang], file)
	}
	b := &Bundle{
		matcher:    language.NewMatcher([]language.Tag{language.SimplifiedChinese, language.English}),
		localizers: map[string]*Localizer{},
	}
	for _, lang := range Languages {
		l := &Localizer{Lang: lang, messages: map[string]message{}}
		for _, from := range []string{Languages[0], lang} {
			for id, text := range texts[from] {
				m, err := parse(text)
				if err != nil {
					return nil, fmt.Errorf("i18n: %s %s: %w", from, id, err)
				}
				l.messages[id] = m
			}
		}
		b.localizers[lang] = l
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
	Lang     string
	messages map[string]message
}

// T translates id; args are name, value pairs for the message's {{.Name}} fields, and a field
// without a value reads "<no value>". An unknown key comes back as itself, which the catalog
// test prevents.
func (l *Localizer) T(id string, args ...any) string {
	m, ok := l.messages[id]
	if !ok {
		return id
	}
	if len(m) == 1 {
		return m[0]
	}
	var b strings.Builder
	for i, part := range m {
		if i%2 == 0 {
			b.WriteString(part)
		} else {
			b.WriteString(value(part, args))
		}
	}
	return b.String()
}

// message is a text cut at its fields: literal text at even places, field names at odd ones.
type message []string

// field matches a {{.Name}} field.
var field = regexp.MustCompile(`{{\s*\.([A-Za-z0-9_]+)\s*}}`)

// parse cuts text at its fields, refusing any other markup.
func parse(text string) (message, error) {
	var m message
	last := 0
	for _, at := range field.FindAllStringSubmatchIndex(text, -1) {
		m = append(m, text[last:at[0]], text[at[2]:at[3]])
		last = at[1]
	}
	m = append(m, text[last:])
	for i := 0; i < len(m); i += 2 {
		if strings.Contains(m[i], "{{") {
			return nil, fmt.Errorf("markup other than a {{.Name}} field in %q", text)
		}
	}
	return m, nil
}

// value formats the value args give the field name.
func value(name string, args []any) string {
	for i := 0; i+1 < len(args); i += 2 {
		if k, _ := args[i].(string); k != name {
			continue
		}
		switch v := args[i+1].(type) {
		case string:
			return v
		case int:
			return strconv.Itoa(v)
		default:
			return fmt.Sprint(v)
		}
	}
	return "<no value>"
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
