package scores

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Meeting is what a weekly or monthly report keeps of its meetings: the focus items chosen for
// its period, those chosen for the period before with their figures then and now, and the
// questions a focus item may name.
type Meeting struct {
	Chosen    []Focus
	Followed  []Followed
	Questions []Question
}

// Followed is a focus item of the period before, followed up on the next report: the
// department's figure and the question's score in the period it was chosen for ([0]) and in the
// report's ([1]), and the improvement actions opened from it since it was chosen.
type Followed struct {
	Focus
	Department [2]Figure
	Item       [2]ItemScore // Answers 0: no answer in that period
	Actions    []FocusAction
}

// FocusAction is an improvement action opened from a focus item: of its store, department and
// question, from a score or a red line, on or after the day it was chosen.
type FocusAction struct {
	FocusID  int64
	ID       int64
	Stage    string
	Weakness string
}

// Question is a scored question of the store's newest questionnaire of a kind, which a focus
// item may name.
type Question struct {
	Kind         string
	DepartmentID int64
	NameZH       string
	NameEN       string
}

// focusSQL reads the focus items of store $2 chosen for the periods $3 starting on $4 or $5.
const focusSQL = `
	SELECT f.id, f.store_id, f.kind, f.period, f.period_start, coalesce(f.department_id, 0), f.item_short, f.note,
	       coalesce(d.kind, ''), coalesce(d.name, ''),
	       coalesce((SELECT i.name_en FROM questionnaire_items i
	                 JOIN questionnaires q ON q.tenant_id = $1 AND q.id = i.questionnaire_id AND q.kind = f.kind
	                 WHERE i.tenant_id = $1 AND i.store_id = f.store_id AND i.name_zh = f.item_short
	                 ORDER BY q.version DESC LIMIT 1), f.item_short),
	       coalesce(u.name, ''), f.created_at
	FROM meeting_focus f
	LEFT JOIN departments d ON d.tenant_id = $1 AND d.id = f.department_id
	LEFT JOIN users u ON u.tenant_id = $1 AND u.id = f.chosen_by
	WHERE f.tenant_id = $1 AND f.store_id = $2 AND f.period = $3 AND f.period_start IN ($4, $5)
	ORDER BY f.kind, d.kind, d.name, f.item_short, f.id`

// focusActionsSQL reads the improvement actions opened from the focus items of store $2 chosen
// for the period $3 starting on $4.
const focusActionsSQL = `
	SELECT f.id, a.id, a.stage, a.weakness
	FROM meeting_focus f
	JOIN improvement_actions a ON a.tenant_id = $1 AND a.store_id = f.store_id AND a.department_id = f.department_id
	     AND a.item_short = f.item_short AND a.source IN ('score', 'red_line') AND a.created_at >= f.created_at
	WHERE f.tenant_id = $1 AND f.store_id = $2 AND f.period = $3 AND f.period_start = $4
	ORDER BY f.id, a.id`

// questionsSQL reads the scored questions of store $2's newest questionnaire of each kind a
// focus item may be about: CSI and SSI, which improvement actions follow.
const questionsSQL = `
	SELECT q.kind, i.department_id, i.name_zh, i.name_en
	FROM questionnaires q JOIN questionnaire_items i ON i.tenant_id = $1 AND i.questionnaire_id = q.id
	WHERE q.tenant_id = $1 AND q.store_id = $2 AND q.kind IN ('csi', 'ssi') AND i.scale <> 'text' AND i.weight > 0
	  AND q.version = (SELECT max(version) FROM questionnaires WHERE tenant_id = $1 AND store_id = $2 AND kind = q.kind)
	ORDER BY q.kind, i.position`

// readMeeting reads the meeting of the report r (its kinds read): the focus items of its period
// and of the one before, followed up with the report's figures and the questions' scores.
func (s *Service) readMeeting(ctx context.Context, tenantID int64, r Report) (Meeting, error) {
	k := r.Key
	prev := k.Period.Add(k.Start, -1)
	var m Meeting
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		m = Meeting{}
		focus, err := collect[Focus](ctx, tx, focusSQL, tenantID, k.StoreID, k.Period, k.Start, prev)
		if err != nil {
			return err
		}
		actions, err := collect[FocusAction](ctx, tx, focusActionsSQL, tenantID, k.StoreID, k.Period, prev)
		if err != nil {
			return err
		}
		if m.Questions, err = collect[Question](ctx, tx, questionsSQL, tenantID, k.StoreID); err != nil {
			return err
		}
		before := map[string][]ItemScore{} // the questions' scores of the period before, by kind
		for _, f := range focus {
			if f.Start.Equal(k.Start) {
				m.Chosen = append(m.Chosen, f)
				continue
			}
			if _, read := before[f.Kind]; !read && f.ItemShort != "" {
				if before[f.Kind], err = itemScores(ctx, tx, tenantID, Key{StoreID: k.StoreID, Kind: f.Kind, Period: k.Period, Start: prev}); err != nil {
					return err
				}
			}
			m.Followed = append(m.Followed, follow(r, f, before[f.Kind], actions))
		}
		return nil
	})
	return m, err
}

// follow is a focus item of the period before r's with its figures then and in r's period (the
// department's from r's board, the question's from before and r's items), and the actions
// opened from it.
func follow(r Report, f Focus, before []ItemScore, actions []FocusAction) Followed {
	fl := Followed{Focus: f}
	for _, a := range actions {
		if a.FocusID == f.ID {
			fl.Actions = append(fl.Actions, a)
		}
	}
	for _, rk := range r.Kinds {
		if rk.Board.Kind != f.Kind {
			continue
		}
		for _, d := range rk.Board.Departments {
			if d.ID == f.DepartmentID {
				fl.Department = [2]Figure{d.Figures[0], d.Figures[1]}
			}
		}
		if f.ItemShort != "" {
			fl.Item = [2]ItemScore{itemNamed(before, f.ItemShort), itemNamed(rk.Items, f.ItemShort)}
		}
	}
	return fl
}

// itemScores are the scores of every question of the store in the period of k, lowest first.
func itemScores(ctx context.Context, tx pgx.Tx, tenantID int64, k Key) ([]ItemScore, error) {
	args, err := drillArgs(ctx, tx, tenantID, k)
	if err != nil {
		return nil, err
	}
	return collect[ItemScore](ctx, tx, drillQuery(itemsSQL), args...)
}

// itemNamed is the score of the question with the short name, or none.
func itemNamed(items []ItemScore, nameZH string) ItemScore {
	for _, it := range items {
		if it.NameZH == nameZH {
			return it
		}
	}
	return ItemScore{NameZH: nameZH}
}
