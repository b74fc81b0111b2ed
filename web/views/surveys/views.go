// Package surveys renders the questionnaire pages: the overview per store and kind, one
// version with its items and call script, the forms that change them, and the agent's preview.
package surveys

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/components"
)

// QuestionnairePage is one questionnaire version as its page shows it.
type QuestionnairePage struct {
	Q surveys.Questionnaire
	// Latest says this is the newest version, the only one that may change.
	Latest    bool
	StoreName string
	Depts     []tenancy.Department
}

func qHref(id int64, rest string) templ.SafeURL {
	return templ.SafeURL(fmt.Sprintf("/questionnaires/%d%s", id, rest))
}

func deptName(ctx context.Context, depts []tenancy.Department, id int64) string {
	for _, d := range depts {
		if d.ID == id {
			return components.DepartmentName(ctx, string(d.Kind), d.Name)
		}
	}
	return ""
}

func deptOptions(ctx context.Context, depts []tenancy.Department) []components.Option {
	out := make([]components.Option, len(depts))
	for i, d := range depts {
		out[i] = components.Option{Value: fmt.Sprint(d.ID), Label: components.DepartmentName(ctx, string(d.Kind), d.Name)}
	}
	return out
}

func scaleOptions(ctx context.Context) []components.Option {
	out := make([]components.Option, len(surveys.Scales))
	for i, sc := range surveys.Scales {
		out[i] = components.Option{Value: string(sc), Label: i18n.T(ctx, "surveys.scale_"+string(sc))}
	}
	return out
}

func elementOptions(ctx context.Context) []components.Option {
	out := []components.Option{{Value: "", Label: i18n.T(ctx, "surveys.element_none")}}
	for _, e := range surveys.Elements {
		out = append(out, components.Option{Value: string(e), Label: i18n.T(ctx, "surveys.element_"+string(e))})
	}
	return out
}

func weightText(w float64) string { return strconv.FormatFloat(w, 'f', -1, 64) }

// answers lists what an agent may answer on a scale, for the preview.
func answers(ctx context.Context, sc surveys.Scale) []string {
	switch sc {
	case surveys.Five:
		return []string{"1", "2", "3", "4", "5"}
	case surveys.Ten:
		return []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}
	case surveys.YesNo:
		return []string{i18n.T(ctx, "surveys.yes"), i18n.T(ctx, "surveys.no")}
	}
	return nil
}

// sectionsOf lists every part of the script in order, empty where the questionnaire has none.
func sectionsOf(q surveys.Questionnaire) []surveys.Section {
	out := make([]surveys.Section, len(surveys.SectionKinds))
	for i, k := range surveys.SectionKinds {
		out[i].Kind = k
		for _, sec := range q.Sections {
			if sec.Kind == k {
				out[i] = sec
			}
		}
	}
	return out
}

// workTypesText lists work types in the reader's language: "钣喷、维修", "Body & paint, Repair".
func workTypesText(ctx context.Context, types []string) string {
	names := make([]string, len(types))
	for i, w := range types {
		names[i] = i18n.T(ctx, "work_type."+w)
	}
	return strings.Join(names, components.Local(ctx, "、", ", "))
}

// staleKey is the badge of an item whose text in lang may be out of date, or "".
func staleKey(lang surveys.Lang) string {
	switch lang {
	case surveys.ZH:
		return "surveys.stale_zh"
	case surveys.EN:
		return "surveys.stale_en"
	}
	return ""
}

// staleNoteKey is the note above a text in lang that may be out of date.
func staleNoteKey(lang surveys.Lang) string {
	if lang == surveys.ZH {
		return "surveys.stale_zh_note"
	}
	return "surveys.stale_en_note"
}

// moves are the buttons that move an item one place up (by -1) or down (by 1): the key of
// their label, the word of their test id, and their arrow.
var moves = map[int]struct{ Key, Word, Arrow string }{
	-1: {"surveys.move_up", "up", "↑"},
	1:  {"surveys.move_down", "down", "↓"},
}
