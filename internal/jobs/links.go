package jobs

import (
	"context"
	"time"

	"github.com/csidesk/csidesk/internal/links"
)

// LinksInterval is how often every group's survey links are tended: the links of tasks whose
// rule sends one fall due by the day, and reminders and expiries by the hour.
const LinksInterval = 15 * time.Minute

// TendLinksArgs asks for every group's survey links to be tended (links.Service.Tend).
type TendLinksArgs struct{}

// Kind names the job.
func (TendLinksArgs) Kind() string { return "survey_links.tend" }

// tendLinks tends one group's links and counts what it did.
func tendLinks(svc *links.Service) func(ctx context.Context, tenantID int64) (int, error) {
	return func(ctx context.Context, tenantID int64) (int, error) {
		r, err := svc.Tend(ctx, tenantID)
		return r.Sent + r.FellBack + r.Reminded + r.Expired, err
	}
}
