package surveys

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/csidesk/csidesk/internal/apperr"
)

// Normalize trims an item's texts.
func (it *Item) Normalize() {
	it.TextZH, it.TextEN = strings.TrimSpace(it.TextZH), strings.TrimSpace(it.TextEN)
}

// Validate checks an item as a questionnaire editor entered it.
func (it *Item) Validate() error {
	errs := map[string]string{}
	for field, text := range map[string]string{"text_zh": it.TextZH, "text_en": it.TextEN} {
		switch {
		case text == "":
			errs[field] = "validation.required"
		case utf8.RuneCountInString(text) > 500:
			errs[field] = "validation.too_long"
		}
	}
	if !slices.Contains(Scales, it.Scale) {
		errs["scale"] = "validation.choice"
	}
	switch {
	case it.Weight < 0 || it.Weight > 100:
		errs["weight"] = "validation.weight"
	case it.Scale == Text && it.Weight != 0:
		errs["weight"] = "validation.text_weight"
	}
	if it.Element != NoElement && !slices.Contains(Elements, it.Element) {
		errs["element"] = "validation.choice"
	}
	if it.DepartmentID == 0 {
		errs["department_id"] = "validation.required"
	}
	if len(errs) > 0 {
		return apperr.Fields(errs)
	}
	return nil
}
