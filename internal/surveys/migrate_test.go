package surveys_test

import (
	"context"
	"testing"

	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/surveys"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestMigration_ItemNames: the items of a store from before short names (here the former
// default wording, with its asides) are named from their wording when the database upgrades,
// within the length a name may have.
func TestMigration_ItemNames(t *testing.T) {
	if pgtest.Citus() {
		t.Skip("the down migrations lay the change-notice triggers again, which a distributed table refuses")
	}
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	m, err := postgres.NewMigrator(db.OwnerURL)
	testkit.Must(t, err)
	defer m.Close()
	tenantID, storeID := newStore(t, db)
	var latest int
	testkit.Must(t, db.Owner.Pool.QueryRow(ctx, `SELECT version FROM schema_migrations`).Scan(&latest))
	testkit.Must(t, m.Down(latest-13)) // to the version before short names
	items := []struct{ zh, en, element, wantZH, wantEN string }{
		{"请问您对服务顾问的服务态度和讲解是否满意？比如维修前是否向您说明了要做的项目。", "How satisfied were you with your service advisor's manner and explanations — for example?",
			"perceived_quality", "服务顾问的服务态度和讲解", "Service advisor's…"},
		{"（本次没有钣金喷漆项目则跳过）请问您对这次钣金喷漆的质量是否满意？", "(Skip if there was no body or paint work on this visit.) How satisfied were you with the body and paint work — does the colour match?",
			"perceived_quality", "钣金喷漆的质量", "Body and paint work"},
		{"请问这次的维修保养是否一次就做好了，车开回去以后一切正常？", "Was the work done right first time — has the car been running normally?",
			"perceived_quality", "维修保养是否一次就做好了", "Was the work done right…"},
		{"总体来说，您对这次在我店的维修保养服务是否满意？", "Overall, how satisfied are you with this service visit?", "satisfaction", "总体满意度", "Overall satisfaction"},
		{"最后，您对我们的售后服务还有其他意见或建议吗？", "Lastly, is there anything else you would like to tell us?", "",
			"我们的售后服务还有其他…", "Is there anything else…"},
		{"交车以后，您的销售顾问有没有主动联系过您？", "Since the handover, has your sales consultant been in touch?", "perceived_quality",
			"销售顾问有没有主动联系…", "Has your sales…"},
		{"服务顾问态度", "Advisor", "", "服务顾问态度", "Advisor"},
	}
	tx, err := db.Owner.BeginTenant(ctx, tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	testkit.Must(t, pgtest.SetBefore25(ctx, tx, tenantID))
	var qid, deptID int64
	testkit.Must(t, tx.QueryRow(ctx, `SELECT q.id, min(i.department_id) FROM questionnaires q JOIN questionnaire_items i ON i.questionnaire_id = q.id
		WHERE q.tenant_id = $1 AND q.kind = 'csi' GROUP BY q.id`, tenantID).Scan(&qid, &deptID))
	_, err = tx.Exec(ctx, `DELETE FROM questionnaire_items WHERE tenant_id = $1 AND questionnaire_id = $2`, tenantID, qid)
	testkit.Must(t, err)
	for i, it := range items {
		_, err := tx.Exec(ctx, `INSERT INTO questionnaire_items (tenant_id, questionnaire_id, store_id, position, text_zh, text_en,
			scale, weight, department_id, element) VALUES ($1, $2, $3, $4, $5, $6, 'five', 1, $7, $8)`,
			tenantID, qid, storeID, i+1, it.zh, it.en, deptID, it.element)
		testkit.Must(t, err)
	}
	testkit.Must(t, tx.Commit(ctx))

	testkit.Must(t, m.Up())
	q := current(t, &surveys.Service{DB: db.App}, tenantID, surveys.CSI)
	for i, it := range items {
		if got := q.Items[i]; got.NameZH != it.wantZH || got.NameEN != it.wantEN {
			t.Errorf("item %d: names %q, %q, want %q, %q", i+1, got.NameZH, got.NameEN, it.wantZH, it.wantEN)
		}
	}
}
