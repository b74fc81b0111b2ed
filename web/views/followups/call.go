package followups

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/web/views/components"
)

func contains(kinds []surveys.SectionKind, k surveys.SectionKind) bool {
	return slices.Contains(kinds, k)
}

// fillScript puts the call's customer, store, agent, date and vehicle into a script section.
func fillScript(ctx context.Context, sec surveys.Section, p CallPage) string {
	vehicle := ""
	for _, v := range p.Vehicles {
		if v.ID == p.Task.VehicleID || vehicle == "" {
			vehicle = strings.TrimSpace(v.Brand + " " + v.Model + " " + v.Plate)
		}
	}
	return strings.NewReplacer("{customer}", p.Customer.Name, "{store}", p.Task.StoreName, "{agent}", p.AgentName,
		"{date}", eventDate(p), "{vehicle}", vehicle).Replace(components.Local(ctx, sec.TextZH, sec.TextEN))
}

// eventDate is the day the call is about: the service visit or the delivery.
func eventDate(p CallPage) string {
	if len(p.ServiceOrders) > 0 && p.Task.Survey == "csi" {
		return p.ServiceOrders[0].OpenedAt.Format("2006-01-02")
	}
	if len(p.Deliveries) > 0 {
		return p.Deliveries[0].DeliveredOn.Format("2006-01-02")
	}
	return p.Task.DueFrom.Format("2006-01-02")
}

// choicesFor lists the answers of a scale: the numbers, or yes and no.
func choicesFor(ctx context.Context, sc surveys.Scale) []components.Option {
	if sc == surveys.YesNo {
		return []components.Option{{Value: "1", Label: i18n.T(ctx, "surveys.yes")}, {Value: "0", Label: i18n.T(ctx, "surveys.no")}}
	}
	var out []components.Option
	for v := 1; v <= scores.Max(sc); v++ {
		out = append(out, components.Option{Value: fmt.Sprint(v), Label: fmt.Sprint(v)})
	}
	return out
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
