package scores

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/a-h/templ"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/web/views/components"
)

// FocusForm is the form that adds a focus item to a weekly or monthly report, as typed, with
// what was found wrong with it.
type FocusForm struct {
	StoreID      int64             `form:"store_id"`
	Kind         string            `form:"kind"`
	Period       string            `form:"period"`
	Start        string            `form:"start"`
	DepartmentID int64             `form:"department_id"`
	ItemShort    string            `form:"item_short"`
	Note         string            `form:"note"`
	Errs         components.Errors `form:"-"`
}

// Focus is the focus item the form names; a start that is not a date is none.
func (f FocusForm) Focus() scores.Focus {
	start, _ := time.Parse(time.DateOnly, f.Start)
	return scores.Focus{StoreID: f.StoreID, Kind: f.Kind, Period: scores.Period(f.Period), Start: start,
		DepartmentID: f.DepartmentID, ItemShort: f.ItemShort, Note: f.Note}
}

// focusName names a focus item: its kind, department and question.
func focusName(ctx context.Context, f scores.Focus) string {
	name := i18n.T(ctx, "surveys.kind_"+f.Kind) + " · " + components.DepartmentName(ctx, f.DeptKind, f.DeptName)
	if f.ItemShort != "" {
		name += " · " + components.Local(ctx, f.ItemShort, f.ItemEN)
	}
	return name
}

// focusDepartments are the departments a focus item may name: those on the report's boards.
func focusDepartments(ctx context.Context, r scores.Report) []components.Option {
	opts := []components.Option{{Value: "", Label: "—"}}
	seen := map[int64]bool{}
	for _, k := range r.Kinds {
		for _, d := range k.Board.Departments {
			if !seen[d.ID] {
				seen[d.ID] = true
				opts = append(opts, components.Option{Value: strconv.FormatInt(d.ID, 10), Label: deptName(ctx, d)})
			}
		}
	}
	return opts
}

// focusQuestions are the questions a focus item may name, each with its kind and department, after
// the choice of none (the whole department).
func focusQuestions(ctx context.Context, r scores.Report) []components.Option {
	names := map[int64]string{}
	for _, k := range r.Kinds {
		for _, d := range k.Board.Departments {
			names[d.ID] = deptName(ctx, d)
		}
	}
	opts := []components.Option{{Value: "", Label: i18n.T(ctx, "scores.focus_whole_department")}}
	for _, qn := range r.Meeting.Questions {
		label := fmt.Sprintf("%s · %s · %s", i18n.T(ctx, "surveys.kind_"+qn.Kind), names[qn.DepartmentID],
			components.Local(ctx, qn.NameZH, qn.NameEN))
		opts = append(opts, components.Option{Value: qn.NameZH, Label: label})
	}
	return opts
}

// kindOptions are the kinds of survey a focus item may be about: CSI and SSI, which
// improvement actions follow.
func kindOptions(ctx context.Context) []components.Option {
	var opts []components.Option
	for _, k := range []string{"csi", "ssi"} {
		opts = append(opts, components.Option{Value: k, Label: i18n.T(ctx, "surveys.kind_"+k)})
	}
	return opts
}

// followedScore is a figure then and now, "93.1 → 96.0".
func followedScore(then, now string) string { return then + " → " + now }

// itemScoreText is a question's score with one decimal, or a dash without an answer.
func itemScoreText(it scores.ItemScore) string {
	if it.Answers == 0 {
		return "—"
	}
	return pct(it.Score)
}

// boardOf is the report's board of the kind.
func boardOf(r scores.Report, kind string) scores.Board {
	for _, k := range r.Kinds {
		if k.Board.Kind == kind {
			return k.Board
		}
	}
	return scores.Board{}
}

// focusActionHref opens a new improvement action from a focus item of the report's period.
func focusActionHref(q Query, f scores.Focus) templ.SafeURL {
	q.Kind = f.Kind
	return actionHref(q, f.DepartmentID, f.Start, f.ItemShort)
}

func actionPage(id int64) templ.SafeURL { return templ.SafeURL(fmt.Sprintf("/actions/%d", id)) }

func removeFocus(id int64) templ.SafeURL {
	return templ.SafeURL(fmt.Sprintf("/scores/focus/%d/delete", id))
}
