package scores

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
)

// Void voids the completed survey of a task in one transaction: its answers leave every score
// and sample they counted in, and who voided it, when and why stay on the survey. A survey is
// voided once, and only with a reason of at most 500 characters.
func (s *Service) Void(ctx context.Context, tenantID, userID, taskID int64, reason string, now time.Time) error {
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		return void(ctx, tx, tenantID, userID, taskID, reason, now)
	})
}

// void voids the completed survey of a task in tx.
func void(ctx context.Context, tx pgx.Tx, tenantID, userID, taskID int64, reason string, now time.Time) error {
	var surveyID int64
	var status string
	err := tx.QueryRow(ctx, `SELECT id, status FROM surveys WHERE tenant_id = $1 AND task_id = $2 FOR UPDATE`,
		tenantID, taskID).Scan(&surveyID, &status)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return apperr.New(apperr.NotFound, "error.not_found")
	case err != nil:
		return postgres.Err("scores.Void", err)
	case status != "completed":
		return apperr.New(apperr.Conflict, "error.not_completed")
	}
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n == 0 || n > 500 {
		return apperr.Fields(map[string]string{"reason": "error.void_reason"})
	}
	if err := Add(ctx, tx, tenantID, surveyID, -1); err != nil {
		return err
	}
	if err := Count(ctx, tx, tenantID, Completed, -1, taskID); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE surveys SET status = 'voided', voided_by = $3, voided_at = $4, void_reason = $5
		WHERE tenant_id = $1 AND id = $2`, tenantID, surveyID, userID, now, reason)
	return postgres.Err("scores.Void", err)
}
