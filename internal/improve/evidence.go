package improve

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/postgres"
)

// MaxEvidenceBytes bounds an evidence file: a photo or a scanned sign-in sheet.
const MaxEvidenceBytes = 5 << 20

// fileType is a kind of file evidence may be: the content type it is served as, and the type
// net/http sniffs from its first bytes (Office files are ZIP archives).
type fileType struct {
	serve, sniffed string
}

// fileTypes are the evidence files taken, by extension.
var fileTypes = map[string]fileType{
	".jpg":  {"image/jpeg", "image/jpeg"},
	".jpeg": {"image/jpeg", "image/jpeg"},
	".png":  {"image/png", "image/png"},
	".pdf":  {"application/pdf", "application/pdf"},
	".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
	".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
}

// NewEvidence is evidence of an action's effect as a person adds it: a note, a file, or both.
type NewEvidence struct {
	Note     string
	FileName string // "" without a file
	Content  []byte
}

// Validate reports what is wrong at its field: nothing given, a note too long, a file too large,
// or a file that is not a photo, a PDF or an Office document by both its name and its content.
// It returns the content type the file is served as.
func (e *NewEvidence) Validate() (string, error) {
	e.Note = strings.TrimSpace(e.Note)
	f := map[string]string{}
	if utf8.RuneCountInString(e.Note) > 2000 {
		f["note"] = "validation.too_long"
	}
	if e.Note == "" && e.FileName == "" {
		f["note"] = "improve.error.evidence_empty"
	}
	t, known := fileTypes[strings.ToLower(filepath.Ext(e.FileName))]
	switch {
	case e.FileName == "":
	case len(e.Content) > MaxEvidenceBytes:
		f["file"] = "improve.error.file_too_large"
	case len(e.Content) == 0:
		f["file"] = "improve.error.file_empty"
	case !known || http.DetectContentType(e.Content) != t.sniffed || utf8.RuneCountInString(e.FileName) > 255:
		f["file"] = "improve.error.file_type"
	}
	if len(f) > 0 {
		return "", apperr.Fields(f)
	}
	return t.serve, nil
}

// AddEvidence adds evidence to an open action, as who: its owner or a manager of it. The
// evidence is an event of the action, in the same transaction.
func (s *Service) AddEvidence(ctx context.Context, tenantID int64, who Actor, id int64, e NewEvidence) error {
	contentType, err := e.Validate()
	if err != nil {
		return err
	}
	return s.DB.InTenantTx(ctx, tenantID, func(tx pgx.Tx) error {
		a, err := lock(ctx, tx, tenantID, id)
		if err != nil {
			return err
		}
		if err := Check(a, StepEvidence, who); err != nil {
			return err
		}
		var file, size, content any
		if e.FileName != "" {
			file, size, content = e.FileName, len(e.Content), e.Content
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO improvement_evidence (tenant_id, store_id, action_id, user_id, note, file_name, content_type, file_size,
			                                  content, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, NULLIF($7, ''), $8, $9, $10)`,
			tenantID, a.StoreID, a.ID, who.UserID, e.Note, file, contentType, size, content, s.Now())
		if err != nil {
			return postgres.Err("improve.AddEvidence", err)
		}
		return record(ctx, tx, tenantID, who.UserID, s.Now(), a, []change{{field: "evidence", after: evidenceText(e)}})
	})
}

// evidenceText is how the timeline records evidence: its file's name, else its note.
func evidenceText(e NewEvidence) string {
	if e.FileName != "" {
		return e.FileName
	}
	return e.Note
}

// Evidence is one piece of evidence of an action's effect, without its file's content.
type Evidence struct {
	ID       int64
	Person   string
	Note     string
	FileName string
	Size     int
	At       time.Time
}

// EvidenceOf lists an action's evidence, oldest first.
func (s *Service) EvidenceOf(ctx context.Context, tenantID, id int64) ([]Evidence, error) {
	return postgres.List[Evidence](ctx, s.DB, tenantID, "improve.EvidenceOf", `
		SELECT e.id, u.name, e.note, coalesce(e.file_name, ''), coalesce(e.file_size, 0), e.created_at
		FROM improvement_evidence e
		JOIN improvement_actions a ON a.tenant_id = e.tenant_id AND a.id = e.action_id
		JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.user_id
		WHERE e.tenant_id = $1 AND e.action_id = $2
		ORDER BY e.id`, id)
}

// File is an evidence file to download.
type File struct {
	Name        string
	ContentType string
	Content     []byte
}

// EvidenceFile reads the file of one piece of an action's evidence. Evidence of an action the
// reader does not see, or without a file, is not found.
func (s *Service) EvidenceFile(ctx context.Context, tenantID, actionID, evidenceID int64) (File, error) {
	return postgres.One[File](ctx, s.DB, tenantID, "improve.EvidenceFile", `
		SELECT e.file_name, e.content_type, e.content
		FROM improvement_evidence e
		JOIN improvement_actions a ON a.tenant_id = e.tenant_id AND a.id = e.action_id
		WHERE e.tenant_id = $1 AND e.action_id = $2 AND e.id = $3 AND e.content IS NOT NULL`, actionID, evidenceID)
}
