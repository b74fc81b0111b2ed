package server_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/improve"
	"github.com/csidesk/csidesk/internal/testkit"
)

// TestActions_EvidenceUpload: the owner adds a photo with a note, which the page lists and
// serves back as an attachment; a file over 5 MiB, a file whose content is not what its name
// says, and a program are refused at the file field with nothing added; an agent who neither
// owns nor manages the action is refused.
func TestActions_EvidenceUpload(t *testing.T) {
	e := newEnv(t)
	owner := e.login(e.A.Emails[auth.Staff])
	photo := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{7}, 2048)...)
	res := owner.uploadTo(actionPath(e.A, "/evidence"), map[string]string{"note": "培训后的接待流程照片"}, "接待.png", photo)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("upload: Status=%d, want 303; body %.300s", res.Code, res.Body)
	}
	page := owner.get(actionPath(e.A)).Body
	if n := strings.Count(page, `data-testid="evidence-item"`); n != 2 || !strings.Contains(page, "培训后的接待流程照片") {
		t.Fatalf("evidence listed=%d, want the seeded file and the photo", n)
	}
	m := regexp.MustCompile(`href="(/actions/\d+/evidence/\d+)" data-testid="evidence-file">接待.png<`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the page does not link the photo")
	}
	file := owner.get(m[1])
	if file.Code != 200 || file.Header.Get("Content-Type") != "image/png" || file.Body != string(photo) ||
		!strings.HasPrefix(file.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("download: Status=%d, %q, %q, %d bytes; want the photo as an attachment", file.Code,
			file.Header.Get("Content-Type"), file.Header.Get("Content-Disposition"), len(file.Body))
	}
	for _, tt := range []struct {
		name    string
		content []byte
		want    string
	}{
		{"large.pdf", append([]byte("%PDF-1.4\n"), make([]byte, improve.MaxEvidenceBytes)...), "larger than 5 MB"},
		{"fake.png", []byte("not a picture at all"), "whose content matches their name"},
		{"setup.exe", []byte("MZ\x90\x00\x03"), "whose content matches their name"},
	} {
		res := owner.uploadTo(actionPath(e.A, "/evidence"), nil, tt.name, tt.content)
		if msg := between(res.Body, `data-testid="error-file">`, "<"); res.Code != 422 || !strings.Contains(msg, tt.want) {
			t.Errorf("%s: Status=%d, message %q; want 422 with %q", tt.name, res.Code, msg, tt.want)
		}
	}
	if n := strings.Count(owner.get(actionPath(e.A)).Body, `data-testid="evidence-item"`); n != 2 {
		t.Errorf("evidence after the refusals=%d, want 2", n)
	}
	as := auth.NewService(e.DB.App, time.Hour, time.Hour)
	agentID, err := as.CreateUser(context.Background(), e.A.TenantID, auth.NewUser{Email: "agent-only@example.com", Name: "坐席", Locale: "en", Password: password})
	testkit.Must(t, err)
	testkit.Must(t, as.AddMembership(context.Background(), e.A.TenantID, &auth.Membership{UserID: agentID, Role: auth.Agent, StoreID: e.A.StoreID}))
	agent := e.login("agent-only@example.com")
	if res := agent.uploadTo(actionPath(e.A, "/evidence"), map[string]string{"note": "x"}, "", nil); res.Code != http.StatusForbidden {
		t.Errorf("an agent: Status=%d, want 403", res.Code)
	}
	if strings.Contains(agent.get(actionPath(e.A)).Body, `data-testid="evidence-form"`) {
		t.Errorf("the agent is offered the evidence form")
	}
}

// TestActions_EvidenceIsolation: another store's people of the group, and another group's, get
// neither the action's evidence nor its upload; staff of another department of the store do not
// either.
func TestActions_EvidenceIsolation(t *testing.T) {
	e := newScopedEnv(t)
	file := actionPath(e.A, fmt.Sprintf("/evidence/%d", e.A.IDs["{evidenceID}"]))
	for _, email := range []string{e.A2.Emails[auth.Staff], e.A2.Emails[auth.GM], e.B.Emails[auth.Admin], e.B.Emails[auth.Staff]} {
		c := e.login(email)
		if res := c.get(file); res.Code != http.StatusNotFound {
			t.Errorf("%s downloading A's evidence: Status=%d, want 404", email, res.Code)
		}
		if res := c.uploadTo(actionPath(e.A, "/evidence"), map[string]string{"note": "x"}, "", nil); res.Code != http.StatusNotFound {
			t.Errorf("%s adding evidence to A's action: Status=%d, want 404", email, res.Code)
		}
	}
	as := auth.NewService(e.DB.App, time.Hour, time.Hour)
	other, err := as.CreateUser(context.Background(), e.A.TenantID, auth.NewUser{Email: "spare-staff@example.com", Name: "备用", Locale: "en", Password: password})
	testkit.Must(t, err)
	testkit.Must(t, as.AddMembership(context.Background(), e.A.TenantID,
		&auth.Membership{UserID: other, Role: auth.Staff, StoreID: e.A.StoreID, DepartmentID: e.A.SpareDepartment}))
	if res := e.login("spare-staff@example.com").get(file); res.Code != http.StatusNotFound {
		t.Errorf("staff of another department: Status=%d, want 404", res.Code)
	}
	if res := e.login(e.A.Emails[auth.Agent]).get(file); res.Code != http.StatusOK || res.Body != string(pdfEvidence) {
		t.Errorf("A's agent: Status=%d, want the file", res.Code)
	}
}
