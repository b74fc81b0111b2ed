// Package links sends a follow-up's survey to the customer as a link by SMS or e-mail, and serves
// the customer's side of it: the page read and answered by the link's token alone, which holds
// no customer data and is stored only as its hash.
package links

import (
	"time"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/surveys"
)

// Survey is the customer's survey as its page shows it.
type Survey struct {
	StoreName string
	Brand     string
	// Language is the link's language, "zh-CN" or "en".
	Language string
	Kind     surveys.Kind
	// Items are the questions asked, in order; Answers the customer's answers so far.
	Items     []surveys.Item
	Answers   map[int64]followups.Answer
	ExpiresAt time.Time
}

// ErrGone is what an unknown, expired, completed or unsubscribed link gets, alike.
var ErrGone = apperr.New(apperr.NotFound, "links.gone")
