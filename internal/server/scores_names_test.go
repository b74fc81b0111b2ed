package server_test

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/scores"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/testkit"
)

// itemLinkRe is an item of a score page's item table, by the name it shows.
var itemLinkRe = regexp.MustCompile(`data-testid="item">\s*([^<]*?)\s*</a>`)

// shortNames are the short names of group A's CSI items in lang, and the start of each
// item's question, which no score page or workbook shows.
func shortNames(t *testing.T, e *env, lang string) (names, questions []string) {
	t.Helper()
	for _, it := range questionnaire(t, e, e.A.IDs["{questionnaireID}"]).Items {
		name, text := it.NameZH, it.TextZH
		if lang == "en" {
			name, text = it.NameEN, it.TextEN
		}
		names, questions = append(names, html.EscapeString(name)), append(questions, html.EscapeString(text[:min(len(text), 24)]))
	}
	return names, questions
}

// TestScores_ItemShortNames: the drill-down, the weekly report and its workbook list items by
// their short names in the reader's language, never by the whole question.
func TestScores_ItemShortNames(t *testing.T) {
	e := newEnv(t)
	completeServiceSurveys(t, e, []string{"吴磊", "冯子轩", "周洁"}, variedAnswers)
	week := scores.WeekStart(e.now(), shanghai(t)).Format(time.DateOnly)
	for _, lang := range languages {
		c := e.loginSpeaking(e.A.Emails[auth.CSManager], lang)
		names, questions := shortNames(t, e, lang)
		pages := map[string]string{
			"drill-down": c.get("/scores/drill?kind=csi&period=week&start=" + week).Body,
			"report":     between(c.get("/scores/report?period=week&start="+week).Body, `data-testid="report-csi"`, `data-testid="report-ssi"`),
		}
		for page, body := range pages {
			shown := itemLinkRe.FindAllStringSubmatch(body, -1)
			if len(shown) < 5 {
				t.Errorf("%s %s: %d items, want the scored items", lang, page, len(shown))
			}
			for _, m := range shown {
				if !slices.Contains(names, m[1]) {
					t.Errorf("%s %s: item %q, want a short name of %q", lang, page, m[1], names)
				}
			}
			for _, q := range questions {
				if strings.Contains(body, q) {
					t.Errorf("%s %s: shows the question %q", lang, page, q)
				}
			}
		}
		f, _ := workbookOf(t, c.get("/scores/report.xlsx?period=week&start="+week))
		sheet := f.GetSheetList()[0]
		_, row := cellAt(t, f, sheet, catalog(t, lang).T("scores.lowest_items"))
		rows, err := f.GetRows(sheet)
		testkit.Must(t, err)
		for _, r := range rows[row+1 : row+1+scores.ReportItems] {
			if len(r) == 0 || !slices.Contains(names, html.EscapeString(r[0])) {
				t.Errorf("%s workbook: lowest item %q, want a short name", lang, r)
			}
		}
	}
}

// TestComplaint_LowAnswerShortName: the complaint a call opens names its low answer by the
// item's short name, in the reader's language.
func TestComplaint_LowAnswerShortName(t *testing.T) {
	e := newEnv(t)
	answerAll(t, e, e.A, e.A.IDs["{taskID}"]) // the first item answered 1
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, e.A.TenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var id int64
	var first surveys.Item
	testkit.Must(t, tx.QueryRow(ctx, `SELECT c.id, i.name_zh, i.name_en, i.text_zh FROM complaints c
		JOIN questionnaire_items i ON i.tenant_id = c.tenant_id AND i.id = (c.details->'low'->0->>'item_id')::bigint
		WHERE c.tenant_id = $1 AND c.survey_id IS NOT NULL`, e.A.TenantID).Scan(&id, &first.NameZH, &first.NameEN, &first.TextZH))
	for _, lang := range languages {
		page := e.loginSpeaking(e.A.Emails[auth.CSManager], lang).get(fmt.Sprintf("/complaints/%d", id)).Body
		name := map[string]string{"zh-CN": first.NameZH, "en": first.NameEN}[lang]
		if !strings.Contains(page, html.EscapeString(name)) || strings.Contains(page, first.TextZH[:12]) {
			t.Errorf("%s: complaint page lacks the short name %q or shows the question", lang, name)
		}
	}
}
