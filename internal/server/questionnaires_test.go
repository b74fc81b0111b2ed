package server_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/testkit"
)

// questionnaireEditors answers code to the roles that build questionnaires (the fixture's agent
// also holds the spare customer-service manager role), 403 to other users and sends visitors to
// the login page.
func questionnaireEditors(code int) expect {
	return only(code, auth.CSManager, auth.Admin, auth.Agent)
}

func init() {
	maps.Copy(routeExpectations, map[string]expect{
		"GET /questionnaires":                                            questionnaireEditors(200),
		"POST /questionnaires/defaults":                                  questionnaireEditors(400),
		"GET /questionnaires/{questionnaireID}":                          questionnaireEditors(200),
		"GET /questionnaires/{questionnaireID}/preview":                  questionnaireEditors(200),
		"POST /questionnaires/{questionnaireID}/items":                   questionnaireEditors(422),
		"GET /questionnaires/{questionnaireID}/items/{position}/edit":    questionnaireEditors(200),
		"POST /questionnaires/{questionnaireID}/items/{position}":        questionnaireEditors(422),
		"POST /questionnaires/{questionnaireID}/items/{position}/delete": questionnaireEditors(303),
		"POST /questionnaires/{questionnaireID}/items/{position}/move":   questionnaireEditors(400),
		"GET /questionnaires/{questionnaireID}/script/edit":              questionnaireEditors(200),
		"POST /questionnaires/{questionnaireID}/script":                  questionnaireEditors(303),
	})
	groupSeeds = append(groupSeeds, seedQuestionnaires)
}

// seedQuestionnaires gives a group's store its default questionnaires.
func seedQuestionnaires(e *env, g *group) {
	svc := &surveys.Service{DB: e.DB.App, Now: e.now}
	ctx := context.Background()
	testkit.Must(e.t, svc.EnsureDefaults(ctx, g.TenantID, g.StoreID))
	list, err := svc.Overview(ctx, g.TenantID)
	testkit.Must(e.t, err)
	for _, q := range list {
		if q.Kind == surveys.CSI && q.StoreID == g.StoreID {
			g.IDs["{questionnaireID}"] = q.ID
		}
	}
	g.IDs["{position}"] = 1
}

func TestQuestionnaires_EditFlow(t *testing.T) {
	e := newEnv(t)
	cs := e.login(e.A.Emails[auth.CSManager])
	base := path("/questionnaires/{questionnaireID}", e.A)
	page := cs.get(base)
	if page.Code != 200 || !strings.Contains(page.Body, `data-testid="items"`) || !strings.Contains(page.Body, `data-testid="script"`) {
		t.Fatalf("questionnaire page: Status=%d, want its items and script", page.Code)
	}
	item := url.Values{"name_zh": {"休息区茶点"}, "name_en": {"Lounge refreshments"},
		"text_zh": {"请问您对休息区的茶点是否满意？"}, "text_en": {"How satisfied were you with the refreshments in the lounge?"},
		"scale": {"five"}, "weight": {"250"}, "department_id": {fmt.Sprint(e.A.DepartmentID)}, "mandatory": {"true"}}
	if res := cs.post(base+"/items", item); res.Code != 422 || !strings.Contains(res.Body, `data-testid="error-weight"`) {
		t.Errorf("weight 250: Status=%d, want 422 at the weight", res.Code)
	}
	item.Set("weight", "0.5")
	if res := cs.post(base+"/items", item); res.Code != http.StatusSeeOther || res.Header.Get("Location") != base {
		t.Fatalf("add: Status=%d Location=%q, want 303 to the same version", res.Code, res.Header.Get("Location"))
	}
	if page := cs.get(base); !strings.Contains(page.Body, "请问您对休息区的茶点是否满意？") && !strings.Contains(page.Body, "refreshments") {
		t.Errorf("the new question is not listed")
	}
	freeze(t, e, e.A.TenantID, e.A.IDs["{questionnaireID}"])
	res := cs.post(base+"/items/1", url.Values{"name_zh": {"改过"}, "name_en": {"Changed"}, "text_zh": {"改过的问题"}, "text_en": {"A changed question"},
		"scale": {"five"}, "weight": {"1"}, "department_id": {fmt.Sprint(e.A.DepartmentID)}})
	next := res.Header.Get("Location")
	if res.Code != http.StatusSeeOther || next == base {
		t.Fatalf("edit of a frozen version: Status=%d Location=%q, want 303 to a new version", res.Code, next)
	}
	if page := cs.get(next); !strings.Contains(page.Body, "v2") || !strings.Contains(page.Body, "A changed question") {
		t.Errorf("version 2 lacks the change")
	}
	old := cs.get(base)
	if strings.Contains(old.Body, "A changed question") || strings.Contains(old.Body, `data-testid="item-form"`) {
		t.Errorf("version 1 changed or still offers editing")
	}
	if res := cs.post(base+"/items/1", url.Values{"text_zh": {"x"}, "text_en": {"x"}, "scale": {"five"}, "weight": {"1"},
		"department_id": {fmt.Sprint(e.A.DepartmentID)}}); res.Code != http.StatusSeeOther {
		t.Errorf("edit of a replaced version: Status=%d, want 303 back with a message", res.Code)
	}
	if preview := cs.get(next + "/preview"); !strings.Contains(preview.Body, `data-testid="preview-items"`) {
		t.Errorf("preview lacks the questions")
	}
}

// freeze marks a questionnaire version as used by a survey.
func freeze(t *testing.T, e *env, tenantID, id int64) {
	t.Helper()
	ctx := context.Background()
	tx, err := e.DB.App.BeginTenant(ctx, tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `UPDATE questionnaires SET frozen = true WHERE tenant_id = $1 AND id = $2`, tenantID, id)
	testkit.Must(t, err)
	testkit.Must(t, tx.Commit(ctx))
}
