package followups

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/links"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/components"
)

func contains(kinds []surveys.SectionKind, k surveys.SectionKind) bool {
	return slices.Contains(kinds, k)
}

// fillScript puts the call's facts (scriptFacts) into a script section in the reader's language.
func fillScript(ctx context.Context, sec surveys.Section, facts followups.ScriptFacts) string {
	return followups.FillScript(components.Local(ctx, sec.TextZH, sec.TextEN), facts)
}

// scriptFacts are the call's facts in the reader's language.
func scriptFacts(ctx context.Context, p CallPage) followups.ScriptFacts {
	zh, en := followups.Salutation(p.Customer.Name, p.Customer.Gender)
	f := followups.ScriptFacts{Customer: components.Local(ctx, zh, en), Store: p.Task.StoreName, Agent: p.Agent}
	vehicleID := p.Task.VehicleID
	if o := subjectOrder(p); o != nil {
		vehicleID = o.VehicleID
		f.Date = spokenDate(ctx, o.OpenedAt.In(tenancy.Location(o.TimeZone)))
		f.OrderNo, f.Work, f.Advisor = o.OrderNo, i18n.T(ctx, workKeys[o.WorkType]), o.Advisor
	} else if d := subjectDelivery(p); d != nil {
		vehicleID = d.VehicleID
		f.Date, f.OrderNo, f.Advisor = spokenDate(ctx, d.DeliveredOn), d.OrderNo, d.SalesConsultant
	}
	for _, v := range p.Vehicles {
		if v.ID == vehicleID {
			f.Vehicle = strings.TrimSpace(v.Brand + " " + v.Model + " " + v.Plate)
		}
	}
	return f
}

// workKeys name the work of a service order as a script says it ("做了保养", "came in for
// maintenance"), by work type.
var workKeys = map[string]string{
	"maintenance": "script.work_maintenance", "repair": "script.work_repair", "body_paint": "script.work_body_paint",
	"warranty": "script.work_warranty", "accessory": "script.work_accessory",
}

// spokenDate is a date as an agent reads it out: 2026年10月30日, 30 October 2026.
func spokenDate(ctx context.Context, d time.Time) string {
	return components.Local(ctx, d.Format("2006年1月2日"), d.Format("2 January 2006"))
}

// subjectOrder is the service order the call is about, or nil.
func subjectOrder(p CallPage) *orders.ServiceOrder {
	i := slices.IndexFunc(p.ServiceOrders, func(o orders.ServiceOrder) bool { return o.ID == p.Task.ServiceOrderID })
	if p.Task.ServiceOrderID == 0 || i < 0 {
		return nil
	}
	return &p.ServiceOrders[i]
}

// subjectDelivery is the delivery the call is about, or nil.
func subjectDelivery(p CallPage) *orders.Delivery {
	i := slices.IndexFunc(p.Deliveries, func(d orders.Delivery) bool { return d.ID == p.Task.DeliveryID })
	if p.Task.DeliveryID == 0 || i < 0 {
		return nil
	}
	return &p.Deliveries[i]
}

// atStore shows a moment of the call in its store's time zone.
func atStore(p CallPage, t time.Time, layout string) string {
	return storeTime(t, p.Task.TimeZone, layout)
}

// linkRecipient is where a link went, as the viewer may see it.
func linkRecipient(p CallPage, l links.Sent) string {
	if l.Channel == "sms" {
		return p.Access.Phone(l.Recipient)
	}
	return p.Access.Email(l.Recipient)
}

// attemptText is one attempt as the call's history lists it: when, what came of it (with the
// time agreed for a call-back) and who made it, in the store's time zone.
func attemptText(ctx context.Context, p CallPage, a followups.Attempt) string {
	out := atStore(p, a.At, "01-02 15:04") + " · " + i18n.T(ctx, "outcome."+string(a.Outcome))
	if a.CallBackAt != nil {
		out += " " + atStore(p, *a.CallBackAt, "01-02 15:04")
	}
	return out + " · " + a.AgentName
}

func answerValue(p CallPage, it surveys.Item) string {
	if a, ok := p.Survey.Answers[it.ID]; ok && a.Value != nil {
		return fmt.Sprint(*a.Value)
	}
	return ""
}

func answerText(p CallPage, it surveys.Item) string { return p.Survey.Answers[it.ID].Text }

// givenAnswer is an answer as the customer gave it: the value out of the scale's top, yes or
// no, the words, or a dash.
func givenAnswer(ctx context.Context, it surveys.Item, a followups.Answer) string {
	switch {
	case it.Scale == surveys.Text:
		return a.Text
	case a.Value == nil:
		return "—"
	case it.Scale == surveys.YesNo && *a.Value == 1:
		return i18n.T(ctx, "surveys.yes")
	case it.Scale == surveys.YesNo:
		return i18n.T(ctx, "surveys.no")
	}
	return fmt.Sprintf("%d / %d", *a.Value, scores.Max(it.Scale))
}

// skippedText says which questions are not asked since they do not apply to the order's work,
// by their short names in the reader's language.
func skippedText(ctx context.Context, p CallPage) string {
	names := make([]string, len(p.Skipped))
	for i, it := range p.Skipped {
		names[i] = components.Local(ctx, it.NameZH, it.NameEN)
	}
	list := strings.Join(names, components.Local(ctx, "、", ", "))
	if p.Task.WorkType == "" {
		return i18n.T(ctx, "call.skipped_no_order", "Names", list)
	}
	return i18n.T(ctx, "call.skipped", "Work", i18n.T(ctx, "work_type."+p.Task.WorkType), "Names", list)
}
