package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/followups"
	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/links"
	"github.com/csidesk/csidesk/internal/orders"
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
		if err := callDue(ctx, fs, qs, r, tenantID, agents, string(surveys.Event)); err != nil {
			return err
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

// linkCustomers are the demo customers who get their surveys as links, each after a service
// visit of their own, so that the links leave the agents' calls as they are.
var linkCustomers = []string{"韩梅", "郭涛", "罗敏", "梁伟", "宋佳", "谢磊", "唐红", "冯刚", "邓丽", "曹阳"}

// seedLinks sends the demo's survey links through the same service the call screen uses, each
// on its own clock: once, linkStories, with the customers' side walked as they say; and at every
// seeding one link sent an hour ago and still open, whose address it returns for a newcomer to
// answer in a browser. Each goes to a customer of linkCustomers after a service visit closed
// the day before it was sent. The messages are marked sent and delivered.
func seedLinks(ctx context.Context, db *postgres.DB, tenantID int64, publicURL string, now time.Time) (string, error) {
	bundle, err := i18n.New()
	if err != nil {
		return "", err
	}
	clock := now
	fs := &followups.Service{DB: db, Now: func() time.Time { return clock }, Cooldown: followups.DefaultCooldown}
	ls := &links.Service{DB: db, Now: fs.Now, Bundle: bundle, Followups: fs, PublicURL: publicURL, Cooldown: fs.Cooldown}
	d, err := newLinkDemo(ctx, db, ls, tenantID)
	if err != nil {
		return "", err
	}
	if d.sent == 0 {
		if err := d.tell(ctx, now, &clock); err != nil {
			return "", err
		}
	}
	clock = now.Add(-time.Hour)
	token, err := d.send(ctx, followups.BySMS)
	if err == nil {
		err = markLinksSent(ctx, db, tenantID)
	}
	return ls.URL(token), err
}

// linkDemo sends the demo's links: to its stores in turn, as each store's agent.
type linkDemo struct {
	db       *postgres.DB
	ls       *links.Service
	tenantID int64
	stores   []int64
	agents   map[int64]int64
	// sent counts the links of the group so far.
	sent int
}

func newLinkDemo(ctx context.Context, db *postgres.DB, ls *links.Service, tenantID int64) (*linkDemo, error) {
	agents, err := storeAgents(ctx, db, tenantID)
	if err != nil {
		return nil, err
	}
	d := &linkDemo{db: db, ls: ls, tenantID: tenantID, agents: agents}
	for id := range agents {
		d.stores = append(d.stores, id)
	}
	slices.Sort(d.stores)
	n, err := postgres.One[struct{ N int }](ctx, db, tenantID, "demo.links",
		`SELECT count(*)::int FROM survey_links WHERE tenant_id = $1`)
	d.sent = n.N
	return d, err
}

// tell sends the links of linkStories, each on its clock, and walks what became of them; then
// tends them as the job would have, for the reminders and the expiries.
func (d *linkDemo) tell(ctx context.Context, now time.Time, clock *time.Time) error {
	r := rand.New(rand.NewPCG(3, 30))
	for _, st := range linkStories {
		*clock = now.AddDate(0, 0, -st.daysAgo).Add(-time.Hour)
		token, err := d.send(ctx, st.via)
		if err != nil {
			return err
		}
		*clock = clock.Add(22 * time.Hour)
		switch st.end {
		case "completed":
			err = answerDemoLink(ctx, d.ls, r, token)
		case "unsubscribed":
			err = d.ls.Unsubscribe(ctx, "demo", token)
		}
		if err != nil {
			return err
		}
	}
	for _, *clock = range []time.Time{now.AddDate(0, 0, -4), now} { // the reminders, then the expiries
		if _, err := d.ls.Tend(ctx, d.tenantID); err != nil {
			return err
		}
	}
	return nil
}

// send gives the next link customer a service visit closed the day before the link's clock,
// generates its after-sales survey (due that day), and sends it as a link by via, as the
// store's agent; it returns the link's token as the message carries it.
func (d *linkDemo) send(ctx context.Context, via followups.Via) (string, error) {
	i := d.sent
	d.sent++
	storeID := d.stores[i%len(d.stores)]
	closed := d.ls.Now().AddDate(0, 0, -1)
	rec := orders.Record{OrderNo: fmt.Sprintf("RO-LINK-%03d", i), CustomerName: linkCustomers[i%len(linkCustomers)],
		Phone: fmt.Sprintf("1590000%04d", i), VIN: fmt.Sprintf("LSVLK2180E210%04d", i), Brand: "宝马", Model: "3系",
		WorkType: "maintenance", Advisor: "孙浩", OpenedAt: closed.Add(-4 * time.Hour), ClosedAt: &closed}
	if _, err := (&orders.Service{DB: d.db, Now: d.ls.Now}).Load(ctx, d.tenantID, storeID, orders.ServiceOrders, "import",
		[]orders.Record{rec}, false); err != nil {
		return "", err
	}
	if _, err := d.ls.Followups.Generate(ctx, d.tenantID); err != nil {
		return "", err
	}
	task, err := postgres.One[struct{ ID int64 }](ctx, d.db, d.tenantID, "demo.link_task", `
		SELECT t.id FROM follow_up_tasks t JOIN service_orders o ON o.tenant_id = t.tenant_id AND o.id = t.service_order_id
		WHERE t.tenant_id = $1 AND o.order_no = $2 AND t.reason = 'service_survey'`, rec.OrderNo)
	if err != nil {
		return "", fmt.Errorf("demo.links: the survey of %s: %w", rec.OrderNo, err)
	}
	return sendDemoLink(ctx, d.db, d.ls, d.tenantID, d.agents[storeID], task.ID, via)
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
		_, err := tx.Exec(ctx, `UPDATE outbox o SET sent_at = `+later("o.created_at", "1 minute")+`, attempts = 1,
			delivery = CASE WHEN o.channel = 'sms' THEN 'delivered' ELSE '' END
			FROM survey_links l WHERE l.tenant_id = $1 AND o.tenant_id = $1 AND o.id IN (l.outbox_id, l.reminder_id)`, tenantID)
		return err
	})
}
