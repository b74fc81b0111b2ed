package imports

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/a-h/templ"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/imports"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/components"
)

func importHref(id int64) templ.SafeURL { return templ.SafeURL(fmt.Sprintf("/imports/%d", id)) }

func when(t time.Time) string {
	if loc, err := time.LoadLocation(tenancy.DefaultTimeZone); err == nil {
		t = t.In(loc)
	}
	return t.Format("2006-01-02 15:04")
}

// loaded is what a finished import created and updated; nothing before it is done.
func loaded(im imports.Import) string {
	if im.Status != imports.Done {
		return "—"
	}
	return fmt.Sprint(im.Counts.Created + im.Counts.Updated)
}

func storeOptions(stores []tenancy.Store) []components.Option {
	out := make([]components.Option, len(stores))
	for i, st := range stores {
		out[i] = components.Option{Value: fmt.Sprint(st.ID), Label: st.Name}
	}
	return out
}

func kindOptions(ctx context.Context) []components.Option {
	out := make([]components.Option, len(orders.Kinds))
	for i, k := range orders.Kinds {
		out[i] = components.Option{Value: string(k), Label: i18n.T(ctx, "kind."+string(k))}
	}
	return out
}

func encodingOptions(ctx context.Context) []components.Option {
	return []components.Option{
		{Value: string(tabular.Auto), Label: i18n.T(ctx, "imports.encoding_auto")},
		{Value: string(tabular.UTF8), Label: "UTF-8"},
		{Value: string(tabular.GB18030), Label: "GBK / GB18030"},
	}
}

// columnOptions offers the file's columns for a field, after "not in the file", each with the
// values of its first rows.
func columnOptions(ctx context.Context, header []string, samples [][]string) []components.Option {
	out := []components.Option{{Value: "", Label: i18n.T(ctx, "imports.no_column")}}
	for i, h := range header {
		label := h
		if vs := columnSamples(samples, i); len(vs) > 0 {
			label = i18n.T(ctx, "imports.column_samples", "Column", h, "Samples", strings.Join(vs, i18n.T(ctx, "imports.sample_sep")))
		}
		out = append(out, components.Option{Value: h, Label: label})
	}
	return out
}

// columnSamples lists the different values that the sample rows have in column i.
func columnSamples(samples [][]string, i int) []string {
	var out []string
	for _, row := range samples {
		if i < len(row) && strings.TrimSpace(row[i]) != "" && !slices.Contains(out, row[i]) {
			out = append(out, row[i])
		}
	}
	return out
}

// valueOptions offers a coded field's values, after "leave unmapped".
func valueOptions(ctx context.Context, k orders.Kind, field string) []components.Option {
	out := []components.Option{{Value: "", Label: i18n.T(ctx, "imports.value_none")}}
	for _, f := range orders.CodedFields(k) {
		if f.Field != field {
			continue
		}
		for _, v := range f.Values {
			out = append(out, components.Option{Value: v, Label: i18n.T(ctx, field+"."+v)})
		}
	}
	return out
}

// unmapped counts the codes of an import that have no value yet.
func unmapped(im imports.Import) int {
	n := 0
	for _, c := range im.Codes {
		if im.Values[c.Field][c.Code] == "" {
			n++
		}
	}
	return n
}

// valueErrors says whether errs are the value-mapping form's.
func valueErrors(errs components.Errors) bool {
	for k := range errs {
		if strings.HasPrefix(k, "value-") {
			return true
		}
	}
	return false
}

// fieldLabel names a record field, marked when it is required.
func fieldLabel(ctx context.Context, f orders.Field) string {
	if f.Required {
		return i18n.T(ctx, "field."+f.Name) + " *"
	}
	return i18n.T(ctx, "field."+f.Name)
}

// problem says what is wrong with a value of a rejected row, naming its field once.
func problem(ctx context.Context, e imports.FieldError) string {
	return imports.Problem(e, func(key string, args ...any) string { return i18n.T(ctx, key, args...) })
}

// pairs turns message arguments into the name, value list i18n.T takes.
func pairs(args map[string]any) []any {
	out := make([]any, 0, 2*len(args))
	for k, v := range args {
		out = append(out, k, v)
	}
	return out
}
