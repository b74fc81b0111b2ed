package server_test

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/imports"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/internal/testkit"
)

// importersOnly answers code to the roles that import, 403 to other users and sends visitors
// to the login page. The fixture's agent also holds the spare customer-service manager role.
func importersOnly(code int) expect { return only(code, auth.Agent, auth.CSManager, auth.Admin) }

func init() {
	maps.Copy(routeExpectations, map[string]expect{
		"GET /imports":                     importersOnly(200),
		"POST /imports":                    importersOnly(400), // an empty urlencoded post is no upload
		"GET /imports/{importID}":          importersOnly(200),
		"POST /imports/{importID}/preview": importersOnly(422),
		"POST /imports/{importID}/values":  importersOnly(303), // back to the file, not checked yet
		"POST /imports/{importID}/commit":  importersOnly(303),
		"GET /imports/{importID}/rejects":  importersOnly(200),
	})
	groupSeeds = append(groupSeeds, seedImport)
}

// seedImport gives a group an uploaded file waiting for its columns.
func seedImport(e *env, g *group) {
	svc := &imports.Service{DB: e.DB.App, Now: e.now}
	id, err := svc.Create(context.Background(), g.TenantID, g.Users[auth.Admin], imports.Upload{
		StoreID: g.StoreID, Kind: orders.ServiceOrders, Encoding: tabular.Auto, FileName: "orders.csv",
		Content: []byte("工单号,手机号码\nRO-1,13800000001\n")})
	testkit.Must(e.t, err)
	g.IDs["{importID}"] = id
}

// upload posts a file to the import form as a browser would.
func (c *client) upload(fields map[string]string, name string, content []byte) response {
	return c.uploadTo("/imports", fields, name, content)
}

// uploadTo posts a file with fields to the form at path as a browser would.
func (c *client) uploadTo(path string, fields map[string]string, name string, content []byte) response {
	c.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.HTTP.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func exampleFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../web/static/examples/" + name)
	testkit.Must(t, err)
	return b
}

// mappingOf reads the column choices the mapping form shows as selected.
func mappingOf(body string, k orders.Kind) url.Values {
	form := url.Values{}
	for _, f := range orders.Fields(k) {
		start := strings.Index(body, `name="`+f.Name+`"`)
		if start < 0 {
			continue
		}
		sel := body[start:]
		sel = sel[:strings.Index(sel, "</select>")]
		if i := strings.Index(sel, `selected`); i >= 0 {
			v := sel[strings.LastIndex(sel[:i], `value="`)+7:]
			form.Set(f.Name, v[:strings.Index(v, `"`)])
		}
	}
	return form
}

func TestImports_ExampleFileEndToEnd(t *testing.T) {
	e := newEnv(t)
	cs := e.login(e.A.Emails[auth.CSManager])
	fields := map[string]string{"store_id": fmt.Sprint(e.A.StoreID), "kind": "service_orders", "encoding": "auto"}
	res := cs.upload(fields, "service-orders-gbk.csv", exampleFile(t, "service-orders-gbk.csv"))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("upload: Status=%d, want 303; body %.500s", res.Code, res.Body)
	}
	page := cs.get(res.Header.Get("Location"))
	form := mappingOf(page.Body, orders.ServiceOrders)
	if form.Get("order_no") != "工单号" || form.Get("amount") != "结算金额" {
		t.Fatalf("guessed mapping=%v, want the GBK headers decoded and matched", form)
	}
	res = cs.post(res.Header.Get("Location")+"/preview", form)
	preview := cs.get(res.Header.Get("Location"))
	for _, want := range []string{`data-testid="count-created">28<`, `data-testid="count-rejected">2<`, "LSVAG2180N2O00512", "1380013"} {
		if !strings.Contains(preview.Body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	importURL := res.Header.Get("Location")
	rejects := cs.get(importURL + "/rejects")
	if rejects.Code != 200 || strings.Count(strings.TrimSpace(rejects.Body), "\n") != 2 || !strings.Contains(rejects.Body, "车架号") {
		t.Errorf("rejects download: Status=%d body=%q, want the header and two rows", rejects.Code, rejects.Body)
	}
	if res := cs.post(importURL+"/commit", nil); res.Code != http.StatusSeeOther {
		t.Fatalf("commit: Status=%d, want 303", res.Code)
	}
	if done := cs.get(importURL); !strings.Contains(done.Body, `data-testid="count-created">28<`) || !strings.Contains(done.Body, "status_done") && !strings.Contains(done.Body, "Imported") {
		t.Errorf("after commit: want 28 created and the import done; body %.300s", done.Body)
	}
	if res := cs.post(importURL+"/commit", nil); res.Code != http.StatusSeeOther {
		t.Errorf("second commit: Status=%d, want 303 back with a message", res.Code)
	}
	if found := cs.get("/customers?q=" + url.QueryEscape("LSVAG2180N2500001")); !strings.Contains(found.Body, "customers-table") {
		t.Errorf("imported vehicle's customer not found by VIN")
	}
	if made, shown := countWhere(t, e, e.A, "follow_up_tasks", ofOrders("RO2026%")), sumTasks(cs.get(importURL).Body); made != shown {
		t.Errorf("follow-up tasks: made %d, the result shows %d, want the commit to make those it shows", made, shown)
	}
}

func TestImports_BadUploads(t *testing.T) {
	e := newEnv(t)
	cs := e.login(e.A.Emails[auth.CSManager])
	fields := map[string]string{"store_id": fmt.Sprint(e.A.StoreID), "kind": "service_orders", "encoding": "auto"}
	t.Run("NoFile", func(t *testing.T) {
		if res := cs.upload(fields, "", nil); res.Code != 422 || !strings.Contains(res.Body, `data-testid="error-file"`) {
			t.Errorf("Status=%d, want 422 asking for a file", res.Code)
		}
	})
	t.Run("WrongEncoding", func(t *testing.T) {
		utf8 := maps.Clone(fields)
		utf8["encoding"] = "utf-8"
		res := cs.upload(utf8, "orders.csv", exampleFile(t, "service-orders-gbk.csv"))
		if res.Code != 422 || !strings.Contains(res.Body, `data-testid="file-error"`) {
			t.Errorf("Status=%d, want 422 with the encoding message", res.Code)
		}
	})
	t.Run("OtherGroupsStore", func(t *testing.T) {
		other := maps.Clone(fields)
		other["store_id"] = fmt.Sprint(e.B.StoreID)
		if res := cs.upload(other, "orders.csv", exampleFile(t, "service-orders-gbk.csv")); res.Code != http.StatusNotFound {
			t.Errorf("Status=%d, want 404: another group's store is not there", res.Code)
		}
	})
	t.Run("TooLarge", func(t *testing.T) {
		big := bytes.Repeat([]byte("x"), imports.MaxFileBytes+2<<20)
		if res := cs.upload(fields, "big.csv", big); res.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("Status=%d, want 413", res.Code)
		}
	})
	t.Run("OverTheLimit", func(t *testing.T) {
		big := bytes.Repeat([]byte("x"), imports.MaxFileBytes+1)
		if res := cs.upload(fields, "big.csv", big); res.Code != 422 || !strings.Contains(res.Body, `data-testid="error-file"`) {
			t.Errorf("Status=%d, want 422 saying the file is too large", res.Code)
		}
	})
	t.Run("InterruptedUpload", func(t *testing.T) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("store_id", fmt.Sprint(e.A.StoreID))
		fw, _ := mw.CreateFormFile("file", "orders.csv")
		fw.Write(exampleFile(t, "service-orders-gbk.csv"))
		cut := body.Bytes()[:body.Len()-200] // the connection dropped before the closing boundary
		req, _ := http.NewRequest(http.MethodPost, e.HTTP.URL+"/imports", bytes.NewReader(cut))
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if res := cs.do(req); res.Code != http.StatusBadRequest {
			t.Errorf("Status=%d, want 400", res.Code)
		}
		if n := countRows(t, e, e.A, "imports"); n != 1 {
			t.Errorf("imports=%d, want only the fixture's: nothing of an interrupted upload is kept", n)
		}
	})
	t.Run("MissingColumns", func(t *testing.T) {
		res := cs.post(path("/imports/{importID}/preview", e.A), url.Values{"order_no": {"工单号"}, "phone": {"手机号码"}})
		if res.Code != 422 || !strings.Contains(res.Body, `data-testid="error-vin"`) {
			t.Errorf("Status=%d, want 422 at the VIN", res.Code)
		}
	})
}

// TestImports_AgentRefused: an agent with no other role may edit customers but not import.
func TestImports_AgentRefused(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	as := auth.NewService(e.DB.App, time.Hour, time.Hour)
	id, err := as.CreateUser(ctx, e.A.TenantID, auth.NewUser{Email: "only-agent@example.com", Name: "Agent", Locale: "en", Password: password})
	testkit.Must(t, err)
	testkit.Must(t, as.AddMembership(ctx, e.A.TenantID, &auth.Membership{UserID: id, Role: auth.Agent, StoreID: e.A.StoreID}))
	c := e.login("only-agent@example.com")
	if res := c.get("/imports"); res.Code != http.StatusForbidden {
		t.Errorf("GET /imports: Status=%d, want 403", res.Code)
	}
	if res := c.get(path("/customers/{customerID}/edit", e.A)); res.Code != http.StatusOK {
		t.Errorf("GET customer edit: Status=%d, want 200", res.Code)
	}
	if res := c.get("/customers"); strings.Contains(res.Body, `href="/imports"`) {
		t.Errorf("the agent's menu offers imports, want it hidden")
	}
}

// TestImports_Interrupted: an import marked as running that no process runs (its process died,
// and its lock with it) shows as interrupted at once, on its page and in the list, with its
// columns to start it again.
func TestImports_Interrupted(t *testing.T) {
	e := newEnv(t)
	cs := e.login(e.A.Emails[auth.CSManager])
	testkit.Must(t, e.DB.App.InTenantTx(context.Background(), e.A.TenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `UPDATE imports SET status = 'committing', heartbeat_at = now()
			WHERE tenant_id = $1 AND id = $2`, e.A.TenantID, e.A.IDs["{importID}"])
		return err
	}))
	page := cs.get(path("/imports/{importID}", e.A))
	for _, want := range []string{`data-testid="import-stalled"`, `data-testid="mapping-form"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("import page lacks %s", want)
		}
	}
	if list := cs.get("/imports"); !strings.Contains(list.Body, `class="badge off" data-testid="import-status"`) {
		t.Errorf("import list shows no interrupted import")
	}
}
