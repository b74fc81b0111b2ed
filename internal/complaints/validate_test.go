package complaints

import (
	"testing"

	"github.com/csidesk/csidesk/internal/apperr"
)

// TestInput_Validate: what each action needs is refused at its field without it: the reason a
// plan is sent back, and the GM's confirmation of a void; a dismissal needs no confirmation.
func TestInput_Validate(t *testing.T) {
	tests := []struct {
		name  string
		act   Action
		in    Input
		field string // "" when allowed
	}{
		{"SendBackWithoutReason", ActSendBack, Input{}, "note"},
		{"SendBack", ActSendBack, Input{Note: "方案未说明赔偿金额"}, ""},
		{"UpholdUnconfirmed", ActDecideAppeal, Input{Yes: true, Note: "申诉成立"}, "confirm_void"},
		{"UpholdConfirmed", ActDecideAppeal, Input{Yes: true, ConfirmVoid: true, Note: "申诉成立"}, ""},
		{"Dismiss", ActDecideAppeal, Input{Note: "证据不足"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.in.validate(tt.act)
			e, _ := apperr.As(err)
			switch {
			case tt.field == "" && err != nil:
				t.Errorf("err=%v, want allowed", err)
			case tt.field != "" && (e == nil || e.Fields[tt.field] == ""):
				t.Errorf("err=%v, want an error at %s", err, tt.field)
			}
		})
	}
}

// TestForm_ValidateFromCall: a form a call opened may be dispatched without a description, since
// its low answers say what happened; any other form needs one.
func TestForm_ValidateFromCall(t *testing.T) {
	f := Form{Departments: []int64{1}, CategoryID: 2, Severity: Grievance}
	if err := f.validate(false, true); err != nil {
		t.Errorf("from a call: err=%v, want allowed", err)
	}
	if e, _ := apperr.As(f.validate(false, false)); e == nil || e.Fields["description"] != "validation.required" {
		t.Errorf("not from a call: err=%v, want the description required", e)
	}
}
