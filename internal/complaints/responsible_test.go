package complaints_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/complaints"
	"github.com/csidesk/csidesk/internal/testkit"
)

// closeForm takes a general complaint from dispatch to the GM's final approval.
func (f *fixture) closeForm(t *testing.T, id int64) {
	t.Helper()
	f.act(t, "head", id, complaints.ActContact, complaints.Input{Note: "已致电客户"})
	f.act(t, "head", id, complaints.ActPlan, complaints.Input{Plan: "免费复检并更换张紧轮"})
	f.act(t, "head", id, complaints.ActSign, complaints.Input{})
	f.act(t, "agent", id, complaints.ActRevisit, complaints.Input{Yes: true, Note: "客户满意"})
	f.act(t, "gm", id, complaints.ActApprove, complaints.Input{Note: "同意结案"})
}

// name names the responsible person of a form for who, and returns what the service said.
func (f *fixture) name(who string, id, person int64) error {
	return f.svc.Act(context.Background(), f.tenantID, f.people[who], id, complaints.ActResponsible,
		complaints.Input{ResponsibleID: person, Note: "客户指名投诉"})
}

// responsibleEvents are the form's timeline events naming its responsible person, as
// "from→to" by name.
func (f *fixture) responsibleEvents(t *testing.T, id int64) []string {
	t.Helper()
	events, err := f.svc.Timeline(context.Background(), f.tenantID, id)
	testkit.Must(t, err)
	var out []string
	for _, e := range events {
		if e.Action == string(complaints.ActResponsible) {
			out = append(out, fmt.Sprintf("%v→%v", e.Detail["from_name"], e.Detail["to_name"]))
		}
	}
	return out
}

// TestResponsible_NameChangeClear: the department head names the staff member the complaint is
// against, the GM changes it to the head, customer service clears it; each change is a
// timeline event from one person to the other, and the form shows who is named.
func TestResponsible_NameChangeClear(t *testing.T) {
	f := newFixture(t)
	id := f.open(t, complaints.General)
	staff, head := f.people["staff"].UserID, f.people["head"].UserID
	testkit.Must(t, f.name("head", id, staff))
	if c := f.get(t, id); c.ResponsibleID != staff || c.ResponsibleName != "staff" {
		t.Fatalf("ResponsibleID=%d (%q), want %d (staff)", c.ResponsibleID, c.ResponsibleName, staff)
	}
	testkit.Must(t, f.name("gm", id, head))
	testkit.Must(t, f.name("agent", id, 0))
	if c := f.get(t, id); c.ResponsibleID != 0 || c.Status != complaints.Dispatched {
		t.Errorf("after clearing: ResponsibleID=%d, status %s; want none, the form where it was", c.ResponsibleID, c.Status)
	}
	if got := fmt.Sprint(f.responsibleEvents(t, id)); got != "[→staff staff→head head→]" {
		t.Errorf("events %s, want [→staff staff→head head→]", got)
	}
}

// TestResponsible_Refused: a person of another department, the one already named, no one when
// no one is named, someone who is not a head, customer service or the GM, a form still to be
// dispatched and a closed form are refused, and nothing is written.
func TestResponsible_Refused(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.open(t, complaints.General)
	staff := f.people["staff"].UserID
	testkit.Must(t, f.name("head", id, staff))
	for _, tc := range []struct {
		name, who string
		person    int64
		field     string
		code      apperr.Code
	}{
		{"OtherDepartment", "head", f.people["sales_head"].UserID, "validation.complaint_responsible", ""},
		{"SamePerson", "head", staff, "validation.complaint_responsible_same", ""},
		{"Stranger", "head", 999999, "validation.complaint_responsible", ""},
		{"ErrNotHead", "staff", f.people["head"].UserID, "", apperr.Forbidden},
		{"ErrOtherHead", "sales_head", f.people["head"].UserID, "", apperr.Forbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := f.name(tc.who, id, tc.person)
			if tc.field != "" {
				if got := testkit.Fields(t, err)["responsible_id"]; got != tc.field {
					t.Errorf("responsible_id=%q, want %q", got, tc.field)
				}
			} else if !apperr.Is(err, tc.code) {
				t.Errorf("err=%v, want %v", err, tc.code)
			}
			if c := f.get(t, id); c.ResponsibleID != staff || len(f.responsibleEvents(t, id)) != 1 {
				t.Errorf("ResponsibleID=%d with %d events, want staff and one event", c.ResponsibleID, len(f.responsibleEvents(t, id)))
			}
		})
	}
	t.Run("NoOneNamed", func(t *testing.T) {
		other := f.open(t, complaints.General)
		if got := testkit.Fields(t, f.name("head", other, 0))["responsible_id"]; got != "validation.required" {
			t.Errorf("responsible_id=%q, want validation.required", got)
		}
	})
	t.Run("ErrEnded", func(t *testing.T) {
		f.closeForm(t, id)
		err := f.svc.Act(ctx, f.tenantID, f.people["gm"], id, complaints.ActResponsible, complaints.Input{ResponsibleID: f.people["head"].UserID})
		if !apperr.Is(err, apperr.Conflict) || f.get(t, id).ResponsibleID != staff {
			t.Errorf("err=%v, want a conflict and staff still named", err)
		}
	})
}

// TestReadStats_Responsible: the month's statistics count per person the complaints closed with
// the GM's final approval in the month that were against them, with their employee number; a
// voided complaint, one still open and one closed the next month do not count.
func TestReadStats_Responsible(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	as := auth.NewService(f.db.App, time.Hour, time.Hour)
	staff, head := f.people["staff"].UserID, f.people["head"].UserID
	testkit.Must(t, as.UpdateUser(ctx, f.tenantID, head, staff, auth.UserUpdate{Email: "staff@example.com", Name: "staff",
		Locale: "zh-CN", Active: true, EmployeeNo: "HZ-0042"}))
	named := func(person int64) int64 {
		id := f.open(t, complaints.General)
		testkit.Must(t, f.name("head", id, person))
		return id
	}
	f.closeForm(t, named(staff))
	f.closeForm(t, named(staff))
	voided := named(staff)
	f.act(t, "staff", voided, complaints.ActAppeal, complaints.Input{Note: "异响系客户自行加装配件所致"})
	f.act(t, "head", voided, complaints.ActReviewAppeal, complaints.Input{Note: "情况属实"})
	f.act(t, "gm", voided, complaints.ActDecideAppeal, complaints.Input{Yes: true, ConfirmVoid: true, Note: "申诉成立"})
	named(head) // still open
	nextMonth := named(head)
	f.now = f.now.AddDate(0, 0, 10) // 4 December
	f.closeForm(t, nextMonth)

	st, err := f.svc.ReadStats(ctx, f.tenantID, f.storeID, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	testkit.Must(t, err)
	if got := fmt.Sprint(st.Responsible); got != fmt.Sprintf("[{%d staff HZ-0042 2}]", staff) {
		t.Errorf("November %s, want staff (HZ-0042) twice", got)
	}
	st, err = f.svc.ReadStats(ctx, f.tenantID, f.storeID, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	testkit.Must(t, err)
	if got := fmt.Sprint(st.Responsible); got != fmt.Sprintf("[{%d head  1}]", head) {
		t.Errorf("December %s, want head once", got)
	}
}
