package followups

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/complaints/call"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
)

// DefaultDissatisfied is the most points an answer may have and still open a complaint, unless
// the store sets another: 2 of 5, 4 of 10, or no. A neutral 3 of 5 (一般) is a score to improve,
// not a grievance to handle within hours.
const DefaultDissatisfied = 40

// callComplaint gathers, answer by answer, what a completed survey tells the complaint it may
// open: the answers at or below the store's level (low), whether one of them opens a complaint
// by itself, and the customer's own words.
type callComplaint struct {
	level float64
	low   []call.LowAnswer
	opens bool
	words []string
}

// newCallComplaint starts gathering a survey's complaint at the store's complaint level: the points at
// or below which an answer opens one.
func newCallComplaint(ctx context.Context, tx pgx.Tx, tenantID, storeID int64) (callComplaint, error) {
	var cc callComplaint
	err := tx.QueryRow(ctx, `SELECT dissatisfied_points FROM stores WHERE tenant_id = $1 AND id = $2`,
		tenantID, storeID).Scan(&cc.level)
	return cc, postgres.Err("followups.Complete: store", err)
}

// take takes in one answer. A free-text answer is the customer's words. A scored answer at or
// below the level is low and shown on the complaint; it opens one unless it is a "no" to a
// yes/no item that is not about complaints: the script asks the agent to note what went wrong
// there, and a customer with a grievance says so at the complaint item ("were you happy with
// every part?"), which opens one.
func (cc *callComplaint) take(it surveys.Item, a Answer) {
	if it.Scale == surveys.Text {
		if w := strings.TrimSpace(a.Text); w != "" {
			cc.words = append(cc.words, w)
		}
		return
	}
	p, ok := scores.Points(it.Scale, a.Value)
	if !ok || p > cc.level {
		return
	}
	cc.low = append(cc.low, call.NewLowAnswer(it, *a.Value, p))
	cc.opens = cc.opens || it.Scale != surveys.YesNo || it.Element == surveys.Complaint
}

// openComplaint opens, in tx, the complaint a survey's answers or the agent's flag call for: in
// the customer's words (their free-text answers, then the agent's note) with the low answers
// kept beside them; then the complaint workflow starts its clock and suggests the departments
// and the category the low answers speak of.
func (s *Service) openComplaint(ctx context.Context, tx pgx.Tx, tenantID, agentID, surveyID int64, cc callComplaint, c Completion, now time.Time) error {
	words := strings.TrimSpace(strings.Join(append(cc.words, strings.TrimSpace(c.Note)), "\n"))
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO complaints (tenant_id, store_id, customer_id, vehicle_id, service_order_id, delivery_id, survey_id,
		                        description, details, created_by, created_at, opened_at)
		SELECT $1, s.store_id, s.customer_id, t.vehicle_id, t.service_order_id, t.delivery_id, s.id, $3, $4, NULLIF($5::bigint, 0), $6, $6
		FROM surveys s JOIN follow_up_tasks t ON t.tenant_id = s.tenant_id AND t.id = s.task_id
		WHERE s.tenant_id = $1 AND s.id = $2 RETURNING id`,
		tenantID, surveyID, clip(words, 4000), call.Details{Low: cc.low, Flagged: c.Flagged}, agentID, now).Scan(&id)
	if err != nil {
		return postgres.Err("followups.Complete: complaint", err)
	}
	if s.OnComplaint == nil {
		return nil
	}
	return s.OnComplaint(ctx, tx, tenantID, id, agentID, now)
}

// clip cuts s to at most n characters, as the column's length check counts them.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
