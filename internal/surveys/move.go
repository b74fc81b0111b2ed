package surveys

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
)

// MoveItem moves the item at position of questionnaire id one place up (by -1) or down (by 1),
// swapping it with its neighbour, in one transaction. It returns the id of the version that
// changed.
func (s *Service) MoveItem(ctx context.Context, tenantID, userID, id int64, position, by int) (int64, error) {
	to := position + by
	if by != -1 && by != 1 {
		return 0, apperr.New(apperr.Invalid, "status.400.title")
	}
	return s.change(ctx, tenantID, userID, id, func(tx pgx.Tx, q Questionnaire) error {
		if position < 1 || to < 1 || position > len(q.Items) || to > len(q.Items) {
			return apperr.New(apperr.Invalid, "status.400.title")
		}
		// one statement: the deferrable position key is checked once both rows moved
		_, err := tx.Exec(ctx, `
			UPDATE questionnaire_items SET position = CASE WHEN position = $3 THEN $4 ELSE $3 END
			WHERE tenant_id = $1 AND questionnaire_id = $2 AND position IN ($3, $4)`, tenantID, q.ID, position, to)
		return postgres.Err("surveys.MoveItem", err)
	})
}
