package complaints

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/csidesk/csidesk/internal/apperr"
)

// validate checks a form's fields; opening also needs the customer. A form a follow-up call
// opened may go without a description when the call's low answers say what happened.
func (f *Form) validate(opening, fromCall bool) error {
	f.Description = strings.TrimSpace(f.Description)
	errs := map[string]string{}
	if opening && f.CustomerID == 0 {
		errs["customer_id"] = "validation.required"
	}
	if opening && !slices.Contains(Channels, f.Channel) {
		errs["channel"] = "validation.choice"
	}
	if len(f.Departments) == 0 {
		errs["departments"] = "validation.complaint_departments"
	}
	if f.CategoryID == 0 {
		errs["category_id"] = "validation.required"
	}
	if !slices.Contains(Severities, f.Severity) {
		errs["severity"] = "validation.choice"
	}
	switch n := utf8.RuneCountInString(f.Description); {
	case n == 0 && !fromCall:
		errs["description"] = "validation.required"
	case n > 4000:
		errs["description"] = "validation.too_long"
	}
	if len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return nil
}

// validate checks what an action needs: a note for the steps that record what was said or
// decided (a plan sent back, the reason), a plan for the plan, the GM's confirmation of a void,
// and at most 4,000 characters.
func (in Input) validate(act Action) error {
	errs := map[string]string{}
	switch act {
	case ActContact, ActInstruct, ActRevisit, ActSendBack, ActAppeal, ActReviewAppeal, ActDecideAppeal:
		if in.Note == "" {
			errs["note"] = "validation.required"
		}
	case ActPlan:
		if in.Plan == "" {
			errs["plan"] = "validation.required"
		}
	case ActPause:
		if in.ReasonID == 0 {
			errs["reason_id"] = "validation.required"
		}
	}
	if act == ActDecideAppeal && in.Yes && !in.ConfirmVoid {
		errs["confirm_void"] = "validation.confirm_void"
	}
	if utf8.RuneCountInString(in.Note) > 4000 {
		errs["note"] = "validation.too_long"
	}
	if utf8.RuneCountInString(in.Plan) > 4000 {
		errs["plan"] = "validation.too_long"
	}
	if len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return nil
}
