package improve

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/scores"
)

// Plan is what people write of an action: the weakness and the figures it is measured by, its
// department, the cause, the measure, its owner and its due date.
type Plan struct {
	DepartmentID  int64 // 0: none
	Weakness      string
	Baseline      *float64
	Target        *float64
	CauseAnalysis string
	Measure       string
	OwnerID       int64     // 0: none yet
	DueOn         time.Time // zero: none yet
}

// Normalize trims the text fields.
func (p *Plan) Normalize() {
	p.Weakness = strings.TrimSpace(p.Weakness)
	p.CauseAnalysis = strings.TrimSpace(p.CauseAnalysis)
	p.Measure = strings.TrimSpace(p.Measure)
}

// Validate reports every field wrong in itself, with a message key. A due date set now may not
// lie before today, the store's date.
func (p Plan) Validate(today time.Time, dueSet bool) error {
	f := map[string]string{}
	switch {
	case p.Weakness == "":
		f["weakness"] = "validation.required"
	case utf8.RuneCountInString(p.Weakness) > 500:
		f["weakness"] = "validation.too_long"
	}
	for field, text := range map[string]string{"cause_analysis": p.CauseAnalysis, "action": p.Measure} {
		if utf8.RuneCountInString(text) > 4000 {
			f[field] = "validation.too_long"
		}
	}
	for field, v := range map[string]*float64{"baseline": p.Baseline, "target": p.Target} {
		if v != nil && (math.IsNaN(*v) || *v < 0 || *v > 1000) {
			f[field] = "improve.error.figure"
		}
	}
	if dueSet && !p.DueOn.IsZero() && p.DueOn.Before(today) {
		f["due_on"] = "improve.error.due_past"
	}
	if len(f) > 0 {
		return apperr.Fields(f)
	}
	return nil
}

// names are what a plan's department and owner are shown as in the timeline.
type names struct {
	Department, Owner string
}

// checkPlace refuses, at their fields, a department that is not the store's (or, for a
// department manager, not theirs) and an owner who holds no role in the store; it returns how
// the timeline names them.
func checkPlace(ctx context.Context, tx pgx.Tx, tenantID, storeID int64, who Actor, p Plan) (names, error) {
	var n names
	err := tx.QueryRow(ctx, `
		SELECT coalesce((SELECT kind || ':' || name FROM departments WHERE tenant_id = $1 AND store_id = $2 AND id = $3), ''),
		       coalesce((SELECT name FROM users WHERE tenant_id = $1 AND id = $4 AND active AND EXISTS (
		                 SELECT FROM memberships m WHERE m.tenant_id = $1 AND m.user_id = $4
		                   AND (m.store_id IS NULL OR m.store_id = $2))), '')`,
		tenantID, storeID, p.DepartmentID, p.OwnerID).Scan(&n.Department, &n.Owner)
	if err != nil {
		return n, postgres.Err("improve.checkPlace", err)
	}
	f := map[string]string{}
	switch {
	case p.DepartmentID != 0 && n.Department == "":
		f["department_id"] = "validation.choice"
	case !who.ManagesStore(storeID) && !who.heads(p.DepartmentID):
		f["department_id"] = "improve.error.department_not_yours"
	}
	if p.OwnerID != 0 && n.Owner == "" {
		f["owner_id"] = "improve.error.owner"
	}
	if len(f) > 0 {
		return n, apperr.Fields(f)
	}
	return n, nil
}

// Sources are where a person opens an action from; the others open by themselves.
var Sources = []Source{FromScore, FromBenchmark, FromComplaint, ByHand}

// validCause refuses a figure an action opened by hand cannot stand for.
func validCause(c Cause) error {
	ok := slices.Contains(Sources, c.Source) && slices.Contains([]string{"", "ssi", "csi"}, c.Kind) &&
		(c.Period == "" || slices.Contains(scores.Periods, scores.Period(c.Period))) &&
		(c.Source != FromScore || c.Kind != "" && c.Period != "" && !c.PeriodStart.IsZero()) &&
		(c.Source != FromBenchmark || c.ResultID != 0) && utf8.RuneCountInString(c.ItemShort) <= 100
	if !ok {
		return apperr.Fields(map[string]string{"source": "error.invalid"})
	}
	return nil
}

// Create opens an action by hand from what it was opened from (c: its source and figure) with
// its plan, as who, a manager of its store or of its department; today is the store's date.
func (s *Service) Create(ctx context.Context, tenantID int64, who Actor, c Cause, p Plan, today time.Time) (int64, error) {
	p.Normalize()
	if err := validCause(c); err != nil {
		return 0, err
	}
	if err := p.Validate(today, true); err != nil {
		return 0, err
	}
	c.Key, c.DepartmentID, c.Weakness, c.Baseline, c.Target = "", p.DepartmentID, p.Weakness, p.Baseline, p.Target
	c.CauseAnalysis, c.Measure, c.OwnerID, c.DueOn = p.CauseAnalysis, p.Measure, p.OwnerID, p.DueOn
	var id int64
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		if _, err := checkPlace(ctx, tx, tenantID, c.StoreID, who, p); err != nil {
			return err
		}
		var err error
		id, _, err = Open(ctx, tx, tenantID, who.UserID, s.Now(), c)
		return err
	})
	return id, err
}

// Edit saves the plan of an open action, as who, a manager of it: every field it changes is an
// event, in the same transaction.
func (s *Service) Edit(ctx context.Context, tenantID int64, who Actor, id int64, p Plan) error {
	p.Normalize()
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		a, err := lock(ctx, tx, tenantID, id)
		if err != nil {
			return err
		}
		if err := Check(a, StepEdit, who); err != nil {
			return err
		}
		today := scores.Date(s.Now(), a.Location())
		if err := p.Validate(today, !sameDate(a.DueOn, p.DueOn)); err != nil {
			return err
		}
		n, err := checkPlace(ctx, tx, tenantID, a.StoreID, who, p)
		if err != nil {
			return err
		}
		return record(ctx, tx, tenantID, who.UserID, s.Now(), a, planChanges(a, p, n))
	})
}

// planChanges are the fields of a that p changes.
func planChanges(a Action, p Plan, n names) []change {
	var out []change
	add := func(column string, value any, before, after string) {
		if before != after {
			out = append(out, change{column: column, field: column, value: value, before: before, after: after})
		}
	}
	add("weakness", p.Weakness, a.Weakness, p.Weakness)
	add("department_id", nullID(p.DepartmentID), departmentText(a), n.Department)
	add("baseline", p.Baseline, figureText(a.Baseline), figureText(p.Baseline))
	add("target", p.Target, figureText(a.Target), figureText(p.Target))
	add("cause_analysis", p.CauseAnalysis, a.CauseAnalysis, p.CauseAnalysis)
	add("action", p.Measure, a.Measure, p.Measure)
	add("owner_id", nullID(p.OwnerID), a.OwnerName, n.Owner)
	add("due_on", date(p.DueOn), dateText(a.DueOn), dateText(optional(p.DueOn)))
	return out
}

// departmentText is how the timeline records a department: its kind and its name.
func departmentText(a Action) string {
	if a.DepartmentID == 0 {
		return ""
	}
	return a.DeptKind + ":" + a.DeptName
}

// figureText writes a figure as the timeline records it; "" for none.
func figureText(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func dateText(d *time.Time) string {
	if d == nil {
		return ""
	}
	return d.Format(time.DateOnly)
}

func sameDate(d *time.Time, t time.Time) bool { return dateText(d) == dateText(optional(t)) }

// optional is a date that may be unset: nil for the zero time.
func optional(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// nullID is an id for a column that may be NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
