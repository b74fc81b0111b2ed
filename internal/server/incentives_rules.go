package server

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/incentives"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/web/views/components"
	views "github.com/csidesk/csidesk/web/views/incentives"
)

// rulesEditors admits to the rules those who edit them (editsRules); others get 403.
func (s *Server) rulesEditors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, err := s.editsRules(r)
		switch {
		case err != nil:
			s.fail(w, r, err)
		case !ok:
			s.renderStatus(w, r, http.StatusForbidden)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// editsRules reports whether the request's person edits the group's rules: its administrators,
// and its general managers while the rules in force let them (Rules.GMsMayEdit).
func (s *Server) editsRules(r *http.Request) (bool, error) {
	p := principal(r)
	if p.HasWhole(auth.Admin) || !mayEditIncentives.heldBy(p) {
		return p.HasWhole(auth.Admin), nil
	}
	inForce, _, err := s.incentives.InForce(r.Context(), p.TenantID, s.thisMonth())
	return inForce.Rules.GMsMayEdit, err
}

// thisMonth is the month now in the group's default zone, from which a new version of the rules
// is offered.
func (s *Server) thisMonth() time.Time {
	return scores.MonthStart(s.now(), tenancy.Location(tenancy.DefaultTimeZone))
}

// handleIncentiveRules serves GET /incentives/rules: the rules in force and every version, with
// the form of a new version prefilled with the rules in force (SPEC §6's example before there
// are any), from this month.
func (s *Server) handleIncentiveRules(w http.ResponseWriter, r *http.Request) {
	month := s.thisMonth()
	inForce, ok, err := s.incentives.InForce(r.Context(), principal(r).TenantID, month)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rules := incentives.ExampleRules()
	if ok {
		rules = inForce.Rules
	}
	s.renderRules(w, r, http.StatusOK, views.FormOf(rules, month), nil)
}

// renderRules renders the rules page with the form as given and its field errors.
func (s *Server) renderRules(w http.ResponseWriter, r *http.Request, code int, f views.RulesForm, errs components.Errors) {
	ctx, tenantID := r.Context(), principal(r).TenantID
	versions, err := s.incentives.RuleSets(ctx, tenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	inForce, _, err := s.incentives.InForce(ctx, tenantID, s.thisMonth())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, code, views.Rules(s.shell(w, r, "incentives.rules_title"),
		views.RulesPage{InForce: inForce, Versions: versions, Form: f.WithBlankRows(), Errs: errs,
			Admin: principal(r).HasWhole(auth.Admin)}))
}

// handleIncentiveRulesSave serves POST /incentives/rules: a new version of the group's rules.
// Text that is not a number or an amount, and rules the domain refuses (overlapping bands,
// negative amounts, percentages over 100, a locked month), come back at their fields (422),
// and nothing is saved.
func (s *Server) handleIncentiveRulesSave(w http.ResponseWriter, r *http.Request) {
	if err := postedText(r); err != nil {
		if errs := fieldErrors(err); errs != nil {
			s.renderRules(w, r, http.StatusUnprocessableEntity, rulesForm(r.PostForm), errs)
			return
		}
		s.fail(w, r, err)
		return
	}
	f := rulesForm(r.PostForm)
	month, rules, errs := parseRules(f)
	if !principal(r).HasWhole(auth.Admin) {
		rules.GMsMayEdit = true // a general manager edits only while allowed, and cannot change that
	}
	if len(errs) == 0 {
		_, err := s.incentives.SaveRules(r.Context(), principal(r).TenantID, principal(r).UserID, month, rules, f.Note)
		if errs = fieldErrors(err); err != nil && errs == nil {
			s.fail(w, r, err)
			return
		}
	}
	if len(errs) > 0 {
		s.renderRules(w, r, http.StatusUnprocessableEntity, f, errs)
		return
	}
	s.redirect(w, r, "/incentives/rules", "flash.incentive_rules_saved")
}

// rulesForm reads the posted rules as typed: each list's rows until the first index not posted.
func rulesForm(form url.Values) views.RulesForm {
	f := views.RulesForm{EffectiveMonth: form.Get("effective_month"), RedLineFine: form.Get("red_line_fine_fen"),
		Note: form.Get("note"), GMsMayEdit: form.Get("gms_may_edit") == "true"}
	field := func(list string, i int, name string) (string, bool) {
		v, ok := form[fmt.Sprintf("%s.%d.%s", list, i, name)]
		if !ok {
			return "", false
		}
		return strings.TrimSpace(v[0]), true
	}
	for i := 0; ; i++ {
		from, ok := field("below_national", i, "from")
		if !ok {
			break
		}
		b := views.BandRow{From: from}
		b.To, _ = field("below_national", i, "to")
		b.Manager, _ = field("below_national", i, "manager_fen")
		b.Owner, _ = field("below_national", i, "owner_fen")
		f.Below = append(f.Below, b)
	}
	for i := 0; ; i++ {
		from, ok := field("above_national", i, "from")
		if !ok {
			break
		}
		b := views.BandRow{From: from}
		b.To, _ = field("above_national", i, "to")
		b.Reward, _ = field("above_national", i, "reward_fen")
		f.Above = append(f.Above, b)
	}
	for i := 0; form.Has(fmt.Sprintf("complaint_cuts.%d", i)); i++ {
		f.Cuts = append(f.Cuts, strings.TrimSpace(form.Get(fmt.Sprintf("complaint_cuts.%d", i))))
	}
	return f
}

// decimal is a number as a form takes it: digits with an optional fraction, and a sign, so that
// a negative one gets the rules' own message.
var decimal = regexp.MustCompile(`^-?[0-9]{1,12}(\.[0-9]{1,4})?$`)

// yuanText is an amount in yuan, to the fen.
var yuanText = regexp.MustCompile(`^(-?)([0-9]{1,12})(?:\.([0-9]{1,2}))?$`)

// ruleParser reads a rules form's text into numbers, keeping an error per field.
type ruleParser struct{ errs components.Errors }

// number reads a number of points or a percentage; blank is 0, or an error when required.
func (p ruleParser) number(name, text string, required bool) float64 {
	text = strings.TrimSpace(text)
	switch {
	case text == "" && required:
		p.errs[name] = "validation.required"
	case text == "":
	case !decimal.MatchString(text):
		p.errs[name] = "validation.number"
	default:
		v, _ := strconv.ParseFloat(text, 64)
		return v
	}
	return 0
}

// yuan reads an amount in yuan as fen, exactly: "500.5" is 50050; blank is 0.
func (p ruleParser) yuan(name, text string) incentives.Fen {
	text = strings.ReplaceAll(strings.TrimSpace(text), ",", "")
	if text == "" {
		return 0
	}
	m := yuanText.FindStringSubmatch(text)
	if m == nil {
		p.errs[name] = "incentives.amount_invalid"
		return 0
	}
	whole, _ := strconv.ParseInt(m[2], 10, 64)
	cents, _ := strconv.ParseInt((m[3] + "00")[:2], 10, 64)
	fen := incentives.Fen(whole*100 + cents)
	if m[1] == "-" {
		return -fen
	}
	return fen
}

// parseRules reads the form into the effective month and the rules; rows left blank at the end
// of a list are no rows.
func parseRules(f views.RulesForm) (time.Time, incentives.Rules, components.Errors) {
	p := ruleParser{errs: components.Errors{}}
	month, err := time.Parse(views.MonthLayout, strings.TrimSpace(f.EffectiveMonth))
	if err != nil {
		p.errs["effective_month"] = "incentives.effective_first"
	}
	r := incentives.Rules{RedLineFineFen: p.yuan("red_line_fine_fen", f.RedLineFine), GMsMayEdit: f.GMsMayEdit}
	for i, b := range trimBlank(f.Below) {
		at := func(field string) string { return fmt.Sprintf("below_national.%d.%s", i, field) }
		r.BelowNational = append(r.BelowNational, incentives.Band{From: p.number(at("from"), b.From, true), To: p.number(at("to"), b.To, false),
			ManagerFen: p.yuan(at("manager_fen"), b.Manager), OwnerFen: p.yuan(at("owner_fen"), b.Owner)})
	}
	for i, b := range trimBlank(f.Above) {
		at := func(field string) string { return fmt.Sprintf("above_national.%d.%s", i, field) }
		r.AboveNational = append(r.AboveNational, incentives.Band{From: p.number(at("from"), b.From, true), To: p.number(at("to"), b.To, false),
			RewardFen: p.yuan(at("reward_fen"), b.Reward)})
	}
	cuts := f.Cuts
	for len(cuts) > 0 && cuts[len(cuts)-1] == "" {
		cuts = cuts[:len(cuts)-1]
	}
	for i, c := range cuts {
		r.ComplaintCuts = append(r.ComplaintCuts, p.number(fmt.Sprintf("complaint_cuts.%d", i), c, true))
	}
	return month, r, p.errs
}

// trimBlank is the rows without the blank ones at the end.
func trimBlank(rows []views.BandRow) []views.BandRow {
	for len(rows) > 0 && rows[len(rows)-1].Blank() {
		rows = rows[:len(rows)-1]
	}
	return rows
}
