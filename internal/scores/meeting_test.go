package scores_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestFocus_Validate: a focus item needs a store, a kind, a weekly or monthly period, its start and a
// department; its question and note have a length.
func TestFocus_Validate(t *testing.T) {
	ok := scores.Focus{StoreID: 1, Kind: "csi", Period: scores.Week, Start: day("2026-11-23"), DepartmentID: 1}
	long := string(make([]rune, scores.FocusNoteMax+1))
	for _, tc := range []struct {
		name  string
		edit  func(*scores.Focus)
		field string
	}{
		{"OK", func(*scores.Focus) {}, ""},
		{"ErrStore", func(f *scores.Focus) { f.StoreID = 0 }, "store_id"},
		{"ErrKind", func(f *scores.Focus) { f.Kind = "nps" }, "kind"},
		{"ErrQuarter", func(f *scores.Focus) { f.Period = scores.Quarter }, "period"},
		{"ErrStart", func(f *scores.Focus) { f.Start = time.Time{} }, "start"},
		{"ErrDepartment", func(f *scores.Focus) { f.DepartmentID = 0 }, "department_id"},
		{"ErrNote", func(f *scores.Focus) { f.Note = long }, "note"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := ok
			tc.edit(&f)
			err := f.Validate()
			e, _ := apperr.As(err)
			switch {
			case tc.field == "" && err != nil:
				t.Errorf("Validate=%v, want nil", err)
			case tc.field != "" && (e == nil || e.Fields[tc.field] == ""):
				t.Errorf("Validate=%v, want an error at %s", err, tc.field)
			}
		})
	}
}

// TestFocus_FollowedOnTheNextReport: a focus item chosen for a week is kept with that week's
// report, refused at its field when its question is not its department's or it is chosen twice;
// the next week's report shows it with the department's and the question's figures of both
// weeks (hand-computed) and the improvement actions opened from it since it was chosen, not
// those opened before, from elsewhere or for another question; removed, it is gone.
func TestFocus_FollowedOnTheNextReport(t *testing.T) {
	f := newScoreFixture(t)
	ctx := context.Background()
	svc := scores.NewService(f.db.App, nil)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	// Week of 23 November: after-sales (2×40 + 50) / 3, item 1 at 40.
	f.complete(t, f.shanghai, time.Date(2026, 11, 24, 10, 0, 0, 0, sh), map[int]int{1: 2, 2: 5})
	// Week of 30 November: after-sales 100, item 1 at 100.
	f.complete(t, f.shanghai, time.Date(2026, 12, 1, 10, 0, 0, 0, sh), map[int]int{1: 5, 2: 10})
	before := openAction(t, f, "题1", improve.FromScore) // opened before the focus was chosen
	focus := scores.Focus{StoreID: f.shanghai.id, Kind: "csi", Period: scores.Week, Start: day("2026-11-25"),
		DepartmentID: f.shanghai.after, ItemShort: "题4", Note: "服务态度"}
	if _, err := svc.AddFocus(ctx, f.tenantID, f.userID, focus); fieldOf(err, "item_short") != "scores.focus_not_department" {
		t.Errorf("a sales question for after-sales: err=%v, want it refused at the question", err)
	}
	focus.DepartmentID = f.newYork.after
	if _, err := svc.AddFocus(ctx, f.tenantID, f.userID, focus); fieldOf(err, "department_id") == "" {
		t.Errorf("another store's department: err=%v, want it refused at the department", err)
	}
	focus.DepartmentID, focus.ItemShort = f.shanghai.after, "题1"
	id, err := svc.AddFocus(ctx, f.tenantID, f.userID, focus)
	testkit.Must(t, err)
	if _, err := svc.AddFocus(ctx, f.tenantID, f.userID, focus); fieldOf(err, "item_short") != "scores.focus_twice" {
		t.Errorf("chosen twice: err=%v, want it refused at the question", err)
	}
	opened := openAction(t, f, "题1", improve.FromScore)
	openAction(t, f, "题2", improve.FromScore)
	openAction(t, f, "题1", improve.FromComplaint)

	week := scores.Key{StoreID: f.shanghai.id, Kind: "csi", Period: scores.Week, Start: day("2026-11-23")}
	r, err := svc.ReadReport(ctx, f.tenantID, week)
	testkit.Must(t, err)
	if len(r.Meeting.Chosen) != 1 || r.Meeting.Chosen[0].ID != id || r.Meeting.Chosen[0].Note != "服务态度" ||
		r.Meeting.Chosen[0].ItemEN != "Item 1" || len(r.Meeting.Followed) != 0 {
		t.Fatalf("the week's report: chosen %+v, followed %+v, want the focus item alone", r.Meeting.Chosen, r.Meeting.Followed)
	}
	week.Start = day("2026-11-30")
	r, err = svc.ReadReport(ctx, f.tenantID, week)
	testkit.Must(t, err)
	if len(r.Meeting.Chosen) != 0 || len(r.Meeting.Followed) != 1 {
		t.Fatalf("the next week's report: chosen %+v, followed %+v, want last week's focus item followed", r.Meeting.Chosen, r.Meeting.Followed)
	}
	fl := r.Meeting.Followed[0]
	then, _ := fl.Department[0].Score()
	now, _ := fl.Department[1].Score()
	if math.Abs(then-130.0/3) > 1e-9 || math.Abs(now-100) > 1e-9 || fl.Item[0].Score != 40 || fl.Item[1].Score != 100 ||
		fl.Item[0].Answers != 1 || fl.Item[1].Answers != 1 {
		t.Errorf("followed: department %.4f → %.4f, item %+v → %+v; want 43.3333 → 100 and 40 → 100", then, now, fl.Item[0], fl.Item[1])
	}
	if len(fl.Actions) != 1 || fl.Actions[0].ID != opened || fl.Actions[0].ID == before || fl.Actions[0].Stage != "plan" {
		t.Errorf("actions %+v, want only #%d, opened from the focus item's question since it was chosen", fl.Actions, opened)
	}
	if _, err := svc.RemoveFocus(ctx, f.tenantID, id); err != nil {
		t.Fatalf("remove: %v", err)
	}
	if _, err := svc.RemoveFocus(ctx, f.tenantID, id); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("removed twice: err=%v, want not found", err)
	}
	if r, _ = svc.ReadReport(ctx, f.tenantID, week); len(r.Meeting.Followed) != 0 {
		t.Errorf("followed after the removal %+v, want none", r.Meeting.Followed)
	}
}

// TestFocus_QuarterHasNoMeeting: a quarter's report reads no meeting.
func TestFocus_QuarterHasNoMeeting(t *testing.T) {
	f := newScoreFixture(t)
	r, err := scores.NewService(f.db.App, nil).ReadReport(context.Background(), f.tenantID,
		scores.Key{StoreID: f.shanghai.id, Period: scores.Quarter, Start: day("2026-10-01")})
	testkit.Must(t, err)
	if len(r.Kinds) != 2 || r.Meeting.Questions != nil {
		t.Errorf("quarter's report: %d kinds, meeting %+v; want both kinds and no meeting", len(r.Kinds), r.Meeting)
	}
}

// openAction opens an improvement action for Shanghai's after-sales question item, and returns it.
func openAction(t *testing.T, f *scoreFixture, item string, source improve.Source) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	testkit.Must(t, f.db.App.InTenantTx(ctx, f.tenantID, func(tx pgx.Tx) (err error) {
		id, _, err = improve.Open(ctx, tx, f.tenantID, f.userID, time.Now(), improve.Cause{Source: source, StoreID: f.shanghai.id,
			DepartmentID: f.shanghai.after, Kind: "csi", Period: "week", ItemShort: item, Weakness: item + " 得分低"})
		return err
	}))
	return id
}

// fieldOf is the message key err carries for a form field, or "".
func fieldOf(err error, field string) string {
	if e, ok := apperr.As(err); ok {
		return e.Fields[field]
	}
	return ""
}
