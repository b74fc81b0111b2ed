package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/links"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/surveys"
)

// eventDays is how far back the event surveys after closed complaints are replayed.
const eventDays = 40

// seedEventSurveys replays the event surveys of the complaints closed in the last weeks, once:
// every other day the tasks are generated, and the store's agent calls the customers due.
func seedEventSurveys(ctx context.Context, db *postgres.DB, tenantID int64, now time.Time) error {
	done, err := postgres.One[struct{ Yes bool }](ctx, db, tenantID, "demo.event_surveys",
		`SELECT EXISTS (SELECT FROM follow_up_tasks WHERE tenant_id = $1 AND reason = 'complaint_survey')`)
	if err != nil || done.Yes {
		return err
	}
	agents, err := storeAgents(ctx, db, tenantID)
	if err != nil {
		return err
	}
	clock := now.AddDate(0, 0, -eventDays)
	fs := &followups.Service{DB: db, Now: func() time.Time { return clock }, Cooldown: followups.DefaultCooldown}
	qs := &surveys.Service{DB: db}
	r := rand.New(rand.NewPCG(21, 12))
	for ; clock.Before(now.Add(-24 * time.Hour)); clock = clock.Add(historyStep) {
		if _, err := fs.Generate(ctx, tenantID); err != nil {
			return err
		}
		list, err := fs.Worklist(ctx, tenantID, followups.WorkFilter{Tab: followups.DueToday, Kind: string(surveys.Event), Limit: 100})
		if err != nil {
			return err
		}
		for _, it := range list.Items {
			if err := makeCall(ctx, fs, qs, r, tenantID, agents[it.StoreID], it); err != nil {
				return err
			}
		}
	}
	return nil
}

// linkStory is what became of one demo survey link: sent so many days ago, by SMS or e-mail, and
// then answered a day later, left to expire, or unsubscribed.
type linkStory struct {
	daysAgo int
	via     followups.Via
	end     string // "completed", "expired" or "unsubscribed"
}

// linkStories go oldest first, as the open calls they are told of.
var linkStories = []linkStory{
	{9, followups.BySMS, "expired"},
	{6, followups.BySMS, "completed"},
	{4, followups.ByEmail, "completed"},
	{3, followups.BySMS, "completed"},
	{2, followups.BySMS, "unsubscribed"},
}

var linkToken = regexp.MustCompile(`/s/([A-Za-z0-9_-]{43})`)

// linkTask is an open survey call a demo link may go for.
type linkTask struct {
	ID, StoreID int64
	Due         time.Time
}

// seedLinks sends the demo's survey links through the same service the call screen uses, each
// on its own clock: once, linkStories, with the customers' side walked as they say; and at every
// seeding one link sent an hour ago and still open, whose address it returns for a newcomer to
// answer in a browser ("" when no call is left to send one for). The messages are marked sent
// and delivered.
func seedLinks(ctx context.Context, db *postgres.DB, tenantID int64, publicURL string, now time.Time) (string, error) {
	bundle, err := i18n.New()
	if err != nil {
		return "", err
	}
	clock := now
	fs := &followups.Service{DB: db, Now: func() time.Time { return clock }, Cooldown: followups.DefaultCooldown}
	ls := &links.Service{DB: db, Now: fs.Now, Bundle: bundle, Followups: fs, PublicURL: publicURL, Cooldown: fs.Cooldown}
	agents, err := storeAgents(ctx, db, tenantID)
	if err != nil {
		return "", err
	}
	done, err := postgres.One[struct{ Yes bool }](ctx, db, tenantID, "demo.links",
		`SELECT EXISTS (SELECT FROM survey_links WHERE tenant_id = $1)`)
	if err == nil && !done.Yes {
		err = tellLinkStories(ctx, db, ls, tenantID, agents, now, &clock)
	}
	if err != nil {
		return "", err
	}
	tasks, err := linkTasks(ctx, db, tenantID, now, 1)
	if err != nil || len(tasks) == 0 {
		return "", err
	}
	clock = now.Add(-time.Hour)
	token, err := sendDemoLink(ctx, db, ls, tenantID, agents[tasks[0].StoreID], tasks[0].ID, followups.BySMS)
	if err == nil {
		err = markLinksSent(ctx, db, tenantID)
	}
	return ls.URL(token), err
}

// linkTasks lists, oldest first, up to n open survey calls due by now whose customer may be
// contacted and had no survey in the last week.
func linkTasks(ctx context.Context, db *postgres.DB, tenantID int64, now time.Time, n int) ([]linkTask, error) {
	return postgres.List[linkTask](ctx, db, tenantID, "demo.link_tasks", `
		SELECT t.id, t.store_id, t.due_from FROM follow_up_tasks t
		JOIN customers c ON c.tenant_id = t.tenant_id AND c.id = t.customer_id AND c.consent AND NOT c.do_not_contact
		WHERE t.tenant_id = $1 AND t.status = 'open' AND t.survey_kind IN ('csi', 'ssi') AND t.due_from <= $2::date
		  AND NOT EXISTS (SELECT FROM surveys s WHERE s.tenant_id = $1 AND s.customer_id = t.customer_id
		                    AND s.started_at > $2::date - 8)
		ORDER BY t.due_from, t.id LIMIT $3`, now, n)
}

// tellLinkStories sends the links of linkStories, each on its clock, and walks what became of
// them; then tends them as the job would have, for the reminders and the expiries.
func tellLinkStories(ctx context.Context, db *postgres.DB, ls *links.Service, tenantID int64, agents map[int64]int64,
	now time.Time, clock *time.Time) error {
	tasks, err := linkTasks(ctx, db, tenantID, now, len(linkStories))
	if err != nil || len(tasks) < len(linkStories) {
		return fmt.Errorf("demo.links: %d open survey calls, want %d: %w", len(tasks), len(linkStories), err)
	}
	r := rand.New(rand.NewPCG(3, 30))
	for i, st := range linkStories {
		// sent so many days ago, or on the day the call fell due if that came later
		*clock = now.AddDate(0, 0, -st.daysAgo).Add(-time.Hour)
		if due := tasks[i].Due.Add(2 * time.Hour); clock.Before(due) && due.Before(now) { // 10:00 in Shanghai
			*clock = due
		}
		token, err := sendDemoLink(ctx, db, ls, tenantID, agents[tasks[i].StoreID], tasks[i].ID, st.via)
		if err != nil {
			return err
		}
		*clock = clock.Add(22 * time.Hour)
		switch st.end {
		case "completed":
			err = answerDemoLink(ctx, ls, r, token)
		case "unsubscribed":
			err = ls.Unsubscribe(ctx, "demo", token)
		}
		if err != nil {
			return err
		}
	}
	for _, *clock = range []time.Time{now.AddDate(0, 0, -4), now} { // the reminders, then the expiries
		if _, err := ls.Tend(ctx, tenantID); err != nil {
			return err
		}
	}
	return nil
}

// sendDemoLink sends a task's link as the store's agent, by e-mail to an address the customer
// gave, and returns its token as the message carries it.
func sendDemoLink(ctx context.Context, db *postgres.DB, ls *links.Service, tenantID, agentID, taskID int64, via followups.Via) (string, error) {
	err := db.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE customers c SET email = 'customer' || c.id || '@example.com'
			FROM follow_up_tasks t WHERE t.tenant_id = $1 AND t.id = $2 AND c.tenant_id = $1 AND c.id = t.customer_id AND $3`,
			tenantID, taskID, via == followups.ByEmail)
		return err
	})
	if err == nil {
		err = ls.Send(ctx, tenantID, agentID, taskID, via)
	}
	if err != nil {
		return "", err
	}
	body, err := postgres.One[struct{ Body string }](ctx, db, tenantID, "demo.link_message", `
		SELECT o.body FROM survey_links l JOIN outbox o ON o.tenant_id = l.tenant_id AND o.id = l.outbox_id
		WHERE l.tenant_id = $1 AND l.task_id = $2`, taskID)
	m := linkToken.FindStringSubmatch(body.Body)
	if err != nil || m == nil {
		return "", fmt.Errorf("demo.links: no link in %q: %w", body.Body, err)
	}
	return m[1], nil
}

// answerDemoLink answers a link's survey as a customer would, and submits it.
func answerDemoLink(ctx context.Context, ls *links.Service, r *rand.Rand, token string) error {
	sv, err := ls.Open(ctx, "demo", token)
	if err != nil {
		return err
	}
	q := surveys.Questionnaire{Kind: sv.Kind, Items: sv.Items}
	if err := ls.Answer(ctx, "demo", token, answers(r, q, false)); err != nil {
		return err
	}
	return ls.Complete(ctx, "demo", token)
}

// markLinksSent marks the demo links' messages sent and delivered, a minute after they were
// written.
func markLinksSent(ctx context.Context, db *postgres.DB, tenantID int64) error {
	return db.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE outbox o SET sent_at = o.created_at + interval '1 minute', attempts = 1,
			delivery = CASE o.channel WHEN 'sms' THEN 'delivered' ELSE '' END
			FROM survey_links l WHERE l.tenant_id = $1 AND o.tenant_id = $1 AND o.id IN (l.outbox_id, l.reminder_id)`, tenantID)
		return err
	})
}
