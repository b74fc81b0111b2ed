package followups

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/a-h/templ"

	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/components"
)

// WorklistQuery is the query of a worklist tab with its filters. The call screen carries it,
// so that after a call it offers the next one of the same tab.
func WorklistQuery(f followups.WorkFilter) url.Values {
	q := url.Values{"tab": {string(f.Tab)}, "store": {fmt.Sprint(f.StoreID)}, "kind": {f.Kind},
		"department": {string(f.Department)}}
	if f.Unassigned {
		q.Set("assigned", "none")
	}
	return q
}

// WithWorklist is a path with the query of a worklist tab, when there is one.
func WithWorklist(path string, f *followups.WorkFilter) string {
	if f == nil {
		return path
	}
	return path + "?" + WorklistQuery(*f).Encode()
}

func withQuery(path string, f *followups.WorkFilter) templ.SafeURL {
	return templ.SafeURL(WithWorklist(path, f))
}

func kindKey(k string) string {
	if k == "" {
		return "all"
	}
	return k
}

// storeTime shows a moment in a store's time zone, as its people live it.
func storeTime(t time.Time, zone, layout string) string {
	return t.In(tenancy.Location(zone)).Format(layout)
}

// dueText says when a task is due, in words for today and the days around it.
func dueText(ctx context.Context, it followups.WorkItem) string {
	switch {
	case it.CallBackAt != nil:
		return i18n.T(ctx, "worklist.call_back_at", "Time", storeTime(*it.CallBackAt, it.TimeZone, "15:04"))
	case it.Today.After(it.DueUntil):
		return i18n.T(ctx, "worklist.overdue_days", "Days", int(it.Today.Sub(it.DueUntil).Hours()/24))
	}
	return i18n.T(ctx, "worklist.due_until", "Date", it.DueUntil.Format("01-02"))
}

// rowWords are the words every row of the worklist repeats, translated once for the page rather
// than once per row: the page's fifty rows spent a good part of its time looking them up.
type rowWords struct {
	attempts, triedToday, me, assignedToMe, claim, continueCall, assign, nobody string
	reasons                                                                     map[followups.Reason]string
}

func newRowWords(ctx context.Context) *rowWords {
	w := &rowWords{attempts: i18n.T(ctx, "worklist.attempts"), triedToday: i18n.T(ctx, "worklist.tried_today"),
		me: i18n.T(ctx, "worklist.me"), claim: i18n.T(ctx, "worklist.claim"), continueCall: i18n.T(ctx, "worklist.continue"),
		assign: i18n.T(ctx, "worklist.assign"), nobody: i18n.T(ctx, "worklist.nobody"), reasons: map[followups.Reason]string{}}
	w.assignedToMe = i18n.T(ctx, "worklist.assigned_to", "Name", w.me)
	for _, r := range followups.Reasons {
		w.reasons[r] = i18n.T(ctx, "reason."+string(r))
	}
	return w
}

// reason names a call's reason.
func (w *rowWords) reason(ctx context.Context, r followups.Reason) string {
	if name, ok := w.reasons[r]; ok {
		return name
	}
	return i18n.T(ctx, "reason."+string(r))
}

func surveyOptions(ctx context.Context) []components.Option {
	return []components.Option{{Value: "", Label: i18n.T(ctx, "rules.no_survey")},
		{Value: "csi", Label: "CSI"}, {Value: "ssi", Label: "SSI"}, {Value: "event", Label: i18n.T(ctx, "worklist.kind_event")}}
}

// errsFor gives a rule's form its errors when the refused change was to it.
func errsFor(p RulesPage, r followups.Rule) components.Errors {
	if p.Bad == r.Reason {
		return p.Errs
	}
	return nil
}

// percent is part of whole in whole percent, or nothing when whole is 0.
func percent(part, whole int) string {
	if whole == 0 {
		return ""
	}
	return fmt.Sprintf("%d %%", part*100/whole)
}

// countText shows a tab's size, "999+" when it reached the cap.
func countText(n int) string {
	if n >= followups.WorkCap {
		return fmt.Sprintf("%d+", followups.WorkCap-1)
	}
	return fmt.Sprint(n)
}
