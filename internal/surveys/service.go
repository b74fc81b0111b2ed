package surveys

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/changes"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Service reads and changes questionnaires, always within one tenant.
type Service struct {
	DB  *postgres.DB
	Now func() time.Time
	// Kept, if set, keeps the versions Version reads.
	Kept *changes.Memo[Questionnaire]
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
		CROSS JOIN unnest($2::text[]) WITH ORDINALITY k(kind, n)
		LEFT JOIN LATERAL (
			SELECT id, version, frozen FROM questionnaires q
			WHERE q.tenant_id = $1 AND q.store_id = st.id AND q.kind = k.kind
			ORDER BY version DESC LIMIT 1) q ON true
		WHERE st.tenant_id = $1
		ORDER BY st.name, k.n`, Kinds)
}

// Get returns one questionnaire version with its items and script, and whether it is the newest
// version (the only one that may change), in one round trip.
func (s *Service) Get(ctx context.Context, tenantID, id int64) (Questionnaire, bool, error) {
	var q Questionnaire
	var latest bool
	err := s.DB.ReadBatch(ctx, tenantID, func(b *pgx.Batch) { queueGet(b, tenantID, id) },
		func(br pgx.BatchResults) (err error) { q, latest, err = readGet(br); return err })
	return q, latest, err
}

// Version returns questionnaire version id, of store storeID, as Get reads it. With Kept set it
// is kept until the store announces a change (every edit of a version, its items, its script or
// a department does, and so does a version's freezing); the value may then be shared: read it
// only.
func (s *Service) Version(ctx context.Context, tenantID, storeID, id int64) (Questionnaire, error) {
	read := func() (Questionnaire, error) {
		q, _, err := s.Get(ctx, tenantID, id)
		return q, err
	}
	if s.Kept == nil {
		return read()
	}
	key := fmt.Sprintf("%d %d %s", tenantID, id, postgres.ScopeOf(ctx).Key())
	return s.Kept.Get(key, tenantID, []int64{storeID}, read)
}

// get reads a questionnaire version in the caller's transaction, as Get does.
func get(ctx context.Context, tx pgx.Tx, tenantID, id int64) (q Questionnaire, latest bool, err error) {
	err = postgres.TxBatch(ctx, tx, func(b *pgx.Batch) { queueGet(b, tenantID, id) },
		func(br pgx.BatchResults) (err error) { q, latest, err = readGet(br); return err })
	return q, latest, err
}

// queueGet queues the reads of questionnaire version id: the version, its items and its
// script; readGet reads them.
func queueGet(b *pgx.Batch, tenantID, id int64) {
	b.Queue(`
		SELECT id, store_id, kind, version, frozen, created_at,
		       version = (SELECT max(version) FROM questionnaires l
		                  WHERE l.tenant_id = $1 AND l.store_id = q.store_id AND l.kind = q.kind)
		FROM questionnaires q WHERE tenant_id = $1 AND id = $2`, tenantID, id)
	b.Queue(`
		SELECT i.id, i.position, i.name_zh, i.name_en, i.text_zh, i.text_en, i.stale, i.scale, i.weight::float8,
		       i.mandatory, i.department_id, d.kind, i.element, i.work_types
		FROM questionnaire_items i
		JOIN departments d ON d.tenant_id = i.tenant_id AND d.id = i.department_id
		WHERE i.tenant_id = $1 AND i.questionnaire_id = $2 ORDER BY i.position`, tenantID, id)
	b.Queue(`
		SELECT kind, text_zh, text_en FROM script_sections WHERE tenant_id = $1 AND questionnaire_id = $2
		ORDER BY array_position(ARRAY['greeting', 'identity_check', 'closing', 'silence', 'bad_line', 'dialect'], kind)`,
		tenantID, id)
}

// readGet reads the answers of queueGet.
func readGet(br pgx.BatchResults) (Questionnaire, bool, error) {
	var q Questionnaire
	var latest bool
	err := br.QueryRow().Scan(&q.ID, &q.StoreID, &q.Kind, &q.Version, &q.Frozen, &q.CreatedAt, &latest)
	if err != nil {
		return q, false, postgres.Err("surveys.Get", err)
	}
	rows, _ := br.Query()
	if q.Items, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Item]); err != nil {
		return q, false, postgres.Err("surveys.Get: items", err)
	}
	rows, _ = br.Query()
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
