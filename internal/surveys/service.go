package surveys

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Service reads and changes questionnaires, always within one tenant.
type Service struct {
	DB  *postgres.DB
	Now func() time.Time
}

// Summary is the newest version of one store's questionnaire of one kind; ID is 0 when the store
// has none yet.
type Summary struct {
	StoreID   int64
	StoreName string
	Kind      Kind
	ID        int64
	Version   int
	Items     int
	Frozen    bool
}

// Overview lists, for every store and kind, the newest questionnaire.
func (s *Service) Overview(ctx context.Context, tenantID int64) ([]Summary, error) {
	return postgres.List[Summary](ctx, s.DB, tenantID, "surveys.Overview", `
		SELECT st.id, st.name, k.kind, coalesce(q.id, 0), coalesce(q.version, 0),
		       (SELECT count(*) FROM questionnaire_items i WHERE i.tenant_id = $1 AND i.questionnaire_id = q.id)::int,
		       coalesce(q.frozen, false)
		FROM stores st
		CROSS JOIN (VALUES ('ssi'), ('csi')) k(kind)
		LEFT JOIN LATERAL (
			SELECT id, version, frozen FROM questionnaires q
			WHERE q.tenant_id = $1 AND q.store_id = st.id AND q.kind = k.kind
			ORDER BY version DESC LIMIT 1) q ON true
		WHERE st.tenant_id = $1
		ORDER BY st.name, k.kind DESC`)
}

// Get returns one questionnaire version with its items and script, and whether it is the newest
// version (the only one that may change).
func (s *Service) Get(ctx context.Context, tenantID, id int64) (Questionnaire, bool, error) {
	var q Questionnaire
	var latest bool
	err := s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) (err error) {
		q, latest, err = get(ctx, tx, tenantID, id)
		return err
	})
	if err != nil {
		return q, false, err
	}
	return q, latest, nil
}

func get(ctx context.Context, tx pgx.Tx, tenantID, id int64) (Questionnaire, bool, error) {
	var q Questionnaire
	var latest bool
	err := tx.QueryRow(ctx, `
		SELECT id, store_id, kind, version, frozen, created_at,
		       version = (SELECT max(version) FROM questionnaires l
		                  WHERE l.tenant_id = q.tenant_id AND l.store_id = q.store_id AND l.kind = q.kind)
		FROM questionnaires q WHERE tenant_id = $1 AND id = $2`, tenantID, id,
	).Scan(&q.ID, &q.StoreID, &q.Kind, &q.Version, &q.Frozen, &q.CreatedAt, &latest)
	if err != nil {
		return q, false, postgres.Err("surveys.Get", err)
	}
	rows, _ := tx.Query(ctx, `
		SELECT i.id, i.position, i.name_zh, i.name_en, i.text_zh, i.text_en, i.stale, i.scale, i.weight::float8,
		       i.mandatory, i.department_id, d.kind, i.element, i.work_types
		FROM questionnaire_items i
		JOIN departments d ON d.tenant_id = i.tenant_id AND d.id = i.department_id
		WHERE i.tenant_id = $1 AND i.questionnaire_id = $2 ORDER BY i.position`, tenantID, id)
	if q.Items, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Item]); err != nil {
		return q, false, postgres.Err("surveys.Get: items", err)
	}
	rows, _ = tx.Query(ctx, `
		SELECT kind, text_zh, text_en FROM script_sections WHERE tenant_id = $1 AND questionnaire_id = $2
		ORDER BY array_position(ARRAY['greeting', 'identity_check', 'closing', 'silence', 'bad_line', 'dialect'], kind)`,
		tenantID, id)
	if q.Sections, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Section]); err != nil {
		return q, false, postgres.Err("surveys.Get: script", err)
	}
	return q, latest, nil
}

// errNotLatest refuses a change to a version that a newer one has replaced.
var errNotLatest = apperr.New(apperr.Conflict, "error.not_latest_version")

// QuestionnaireTx reads a questionnaire version in the caller's transaction.
func QuestionnaireTx(ctx context.Context, tx pgx.Tx, tenantID, id int64) (Questionnaire, error) {
	q, _, err := get(ctx, tx, tenantID, id)
	return q, err
}
