package improve_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/postgres"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// Files of each kind as their first bytes make them.
var (
	pngFile  = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{1}, 64)...)
	jpegFile = append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), bytes.Repeat([]byte{2}, 64)...)
	pdfFile  = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	zipFile  = append([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), bytes.Repeat([]byte{3}, 64)...)
)

// TestEvidence_Validate: a note, or a photo, PDF or Office file up to 5 MiB whose content is
// what its name says; anything else is refused at its field.
func TestEvidence_Validate(t *testing.T) {
	tests := []struct {
		name  string
		e     improve.NewEvidence
		field string
		serve string
	}{
		{"note", improve.NewEvidence{Note: "培训签到表已归档"}, "", ""},
		{"photo", improve.NewEvidence{FileName: "现场.JPG", Content: jpegFile}, "", "image/jpeg"},
		{"png", improve.NewEvidence{FileName: "board.png", Content: pngFile}, "", "image/png"},
		{"pdf", improve.NewEvidence{FileName: "签到表.pdf", Content: pdfFile, Note: "12 月培训"}, "", "application/pdf"},
		{"xlsx", improve.NewEvidence{FileName: "sign-in.xlsx", Content: zipFile}, "", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"docx", improve.NewEvidence{FileName: "plan.docx", Content: zipFile}, "", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"nothing", improve.NewEvidence{Note: "  "}, "note", ""},
		{"too large", improve.NewEvidence{FileName: "big.pdf", Content: append(pdfFile, make([]byte, improve.MaxEvidenceBytes)...)}, "file", ""},
		{"text named png", improve.NewEvidence{FileName: "fake.png", Content: []byte("hello, not a picture")}, "file", ""},
		{"program", improve.NewEvidence{FileName: "run.exe", Content: []byte("MZ\x90\x00")}, "file", ""},
		{"pdf named jpg", improve.NewEvidence{FileName: "scan.jpg", Content: pdfFile}, "file", ""},
		{"empty file", improve.NewEvidence{FileName: "empty.png"}, "file", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			serve, err := tt.e.Validate()
			want := []string(nil)
			if tt.field != "" {
				want = []string{tt.field}
			}
			if got := fieldsOf(err); !slices.Equal(got, want) || serve != tt.serve {
				t.Errorf("Validate=%q, %v; want %q at %v", serve, err, tt.serve, want)
			}
		})
	}
}

// TestEvidence_AddAndRead: the owner and the managers add evidence, which is an event; other
// staff may not. The file is read back whole, and not at all from another store's scope or
// another group.
func TestEvidence_AddAndRead(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.create("cs")
	testkit.Must(t, f.svc.AddEvidence(ctx, f.tenantID, f.actor("owner"), id, improve.NewEvidence{Note: "签到表", FileName: "签到表.pdf", Content: pdfFile}))
	testkit.Must(t, f.svc.AddEvidence(ctx, f.tenantID, f.actor("head"), id, improve.NewEvidence{Note: "等待时间缩短"}))
	stranger := f.actor("owner")
	stranger.UserID = f.users["cs"] + 1000
	if err := f.svc.AddEvidence(ctx, f.tenantID, stranger, id, improve.NewEvidence{Note: "x"}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("staff who do not own it: err=%v, want forbidden", err)
	}
	list, err := f.svc.EvidenceOf(ctx, f.tenantID, id)
	testkit.Must(t, err)
	if len(list) != 2 || list[0].FileName != "签到表.pdf" || list[0].Size != len(pdfFile) || list[0].Person != "owner" || list[1].Note != "等待时间缩短" {
		t.Fatalf("evidence=%+v, want the file then the note", list)
	}
	file, err := f.svc.EvidenceFile(ctx, f.tenantID, id, list[0].ID)
	testkit.Must(t, err)
	if file.Name != "签到表.pdf" || file.ContentType != "application/pdf" || !bytes.Equal(file.Content, pdfFile) {
		t.Errorf("file=%q %q (%d bytes), want the PDF", file.Name, file.ContentType, len(file.Content))
	}
	if _, err := f.svc.EvidenceFile(ctx, f.tenantID, id, list[1].ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("the note's file: err=%v, want not found", err)
	}
	if got := f.events(id); got[len(got)-1] != "evidence →等待时间缩短" || got[len(got)-2] != "evidence →签到表.pdf" {
		t.Errorf("events=%v, want the evidence", got)
	}
	ts := &tenancy.Service{DB: f.db.App}
	other := tenancy.NewStore()
	other.Name = "杭州店"
	testkit.Must(t, ts.CreateStore(ctx, f.tenantID, &other))
	elsewhere := postgres.WithScope(ctx, postgres.StoreScope(other.ID))
	if _, err := f.svc.EvidenceFile(elsewhere, f.tenantID, id, list[0].ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("from another store: err=%v, want not found", err)
	}
	otherGroup, err := tenancy.CreateTenant(ctx, f.db.Owner, "华星")
	testkit.Must(t, err)
	if _, err := f.svc.EvidenceFile(ctx, otherGroup, id, list[0].ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("from another group: err=%v, want not found", err)
	}
	if list, err := f.svc.EvidenceOf(elsewhere, f.tenantID, id); err != nil || len(list) != 0 {
		t.Errorf("evidence from another store=%v, %v, want none", list, err)
	}
}

// TestEvidence_DepartmentScope: staff of another department of the store see neither the
// action nor its file.
func TestEvidence_DepartmentScope(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.create("cs")
	testkit.Must(t, f.svc.AddEvidence(ctx, f.tenantID, f.actor("owner"), id, improve.NewEvidence{FileName: "a.png", Content: pngFile}))
	list, err := f.svc.EvidenceOf(ctx, f.tenantID, id)
	testkit.Must(t, err)
	sales := postgres.WithScope(ctx, postgres.Scope{Departments: []int64{f.sales}, DepartmentStores: []int64{f.store.ID}})
	if _, err := f.svc.Get(sales, f.tenantID, id); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("the action from sales: err=%v, want not found", err)
	}
	if _, err := f.svc.EvidenceFile(sales, f.tenantID, id, list[0].ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("the file from sales: err=%v, want not found", err)
	}
	after := postgres.WithScope(ctx, postgres.Scope{Departments: []int64{f.after}, DepartmentStores: []int64{f.store.ID}})
	if _, err := f.svc.EvidenceFile(after, f.tenantID, id, list[0].ID); err != nil {
		t.Errorf("the file from after-sales: err=%v, want it", err)
	}
}
