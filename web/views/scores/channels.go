package scores

import (
	"context"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
)

// kindNote says how the store counts the event survey, where it bears on a page of the kind:
// an event survey is judged against the CSI red line, and counts in CSI where the store says
// so; "" for SSI, and for CSI kept apart.
func kindNote(ctx context.Context, st scores.Store, kind string) string {
	switch {
	case kind == string(surveys.Event) && st.EventInCSI:
		return sentences(ctx, i18n.T(ctx, "channels.event_line"), i18n.T(ctx, "channels.event_in_csi"))
	case kind == string(surveys.Event):
		return i18n.T(ctx, "channels.event_line")
	case kind == string(surveys.CSI) && st.EventInCSI:
		return i18n.T(ctx, "channels.csi_with_event")
	}
	return ""
}

// splitColumns are a split's columns: each channel, then all of them.
func splitColumns() []string {
	return append(append([]string{}, scores.Channels...), scores.AllChannels)
}

// channelName names a channel of a split, or all of them.
func channelName(ctx context.Context, channel string) string {
	if channel == scores.AllChannels {
		return i18n.T(ctx, "channels.all")
	}
	return i18n.T(ctx, "channels."+channel)
}

// channelTestID marks a split's column for tests.
func channelTestID(channel string) string {
	if channel == scores.AllChannels {
		return "split-all"
	}
	return "split-" + channel
}

// agentName is who asked a survey's questions: the agent, or the customer through a link.
func agentName(ctx context.Context, sv scores.SurveyRow) string {
	if sv.Agent == "" {
		return i18n.T(ctx, "channels.customer_link")
	}
	return sv.Agent
}
