package imports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/auth"
	"github.com/csidesk/csidesk/internal/imports"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/pgtest"
	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// fixture is a dealer group with a store and a user, and the import service over it.
type fixture struct {
	svc                       *imports.Service
	db                        *pgtest.DB
	tenantID, storeID, userID int64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newGroup(t, pgtest.MustOpenDB(t), "瑞丰")
}

// newGroup is a fixture of a dealer group named name in db.
func newGroup(t *testing.T, db *pgtest.DB, name string) *fixture {
	t.Helper()
	ctx := context.Background()
	tenantID, err := tenancy.CreateTenant(ctx, db.Owner, name)
	testkit.Must(t, err)
	st := tenancy.NewStore()
	st.Name = name + "一店"
	testkit.Must(t, (&tenancy.Service{DB: db.App}).CreateStore(ctx, tenantID, &st))
	userID, err := auth.NewService(db.App, time.Hour, time.Hour).CreateUser(ctx, tenantID,
		auth.NewUser{Email: "cs@" + name + ".example.com", Name: "客服经理", Locale: "zh-CN", Password: "correct-horse"})
	testkit.Must(t, err)
	now := func() time.Time { return time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC) }
	return &fixture{svc: &imports.Service{DB: db.App, Now: now}, db: db, tenantID: tenantID, storeID: st.ID, userID: userID}
}

const serviceOrdersCSV = `工单号,客户姓名,手机号码,车架号,车牌号,维修类型,开单时间,结算时间,服务顾问,结算金额
RO-1,张伟,13800000001,LSVAG2180E2100001,粤B10001,保养,2026-05-01 09:00,2026-05-01 12:00,王芳,680.00
RO-2,李娜,13800000002,LSVAG2180E2100002,粤B10002,维修,2026-05-02 09:00,2026-05-02 17:30,王芳,1280.50
RO-3,王强,1380000,LSVAG2180E2100003,粤B10003,保养,2026-05-03 09:00,2026-05-03 11:00,赵敏,560
RO-1,张伟,13800000001,LSVAG2180E2100001,粤B10001,保养,2026-05-01 09:00,2026-05-01 12:00,王芳,680.00
`

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	testkit.Must(t, err)
	return b
}

// run does what the server does for an action: mark it, then run it.
func (f *fixture) run(t *testing.T, id int64, mark func() error) imports.Import {
	t.Helper()
	ctx := context.Background()
	testkit.Must(t, mark())
	testkit.Must(t, f.svc.Run(ctx, f.tenantID, id))
	im, err := f.svc.Get(ctx, f.tenantID, id)
	testkit.Must(t, err)
	return im
}

func (f *fixture) upload(t *testing.T, name string, content []byte) imports.Import {
	t.Helper()
	ctx := context.Background()
	id, err := f.svc.Create(ctx, f.tenantID, f.userID, imports.Upload{StoreID: f.storeID, Kind: orders.ServiceOrders,
		Encoding: tabular.Auto, FileName: name, Content: content})
	testkit.Must(t, err)
	im, err := f.svc.Get(ctx, f.tenantID, id)
	testkit.Must(t, err)
	return im
}

func TestImport_GBKFilePreviewCommitReimport(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	im := f.upload(t, "工单.csv", gbk(t, serviceOrdersCSV))
	if im.Encoding != tabular.GB18030 || im.Header[0] != "工单号" {
		t.Fatalf("Encoding=%v Header=%v, want GB18030 and the Chinese header", im.Encoding, im.Header)
	}
	if im.Mapping["phone"] != "手机号码" || im.Mapping["amount"] != "结算金额" {
		t.Errorf("Mapping=%v, want the columns guessed from their headers", im.Mapping)
	}
	previewed := f.run(t, im.ID, func() error { return f.svc.Preview(ctx, f.tenantID, im.ID, im.Mapping) })
	if previewed.Status != imports.Previewed || previewed.Counts.Created != 2 || previewed.Rejected != 2 {
		t.Fatalf("preview: Status=%v Counts=%+v Rejected=%d, want previewed, 2 created, 2 rejected",
			previewed.Status, previewed.Counts, previewed.Rejected)
	}
	if r := previewed.Sample[0]; r.Line != 4 || r.Errors[0].Field != "phone" || r.Errors[0].Value != "1380000" {
		t.Errorf("first reject=%+v, want line 4's phone", r)
	}
	if r := previewed.Sample[1]; r.Errors[0].Key != "imports.duplicate_order_no" || r.Errors[0].First != 2 {
		t.Errorf("second reject=%+v, want the duplicate of line 2", r)
	}
	if n := countRows(t, f, "service_orders"); n != 0 {
		t.Fatalf("service orders after preview=%d, want 0", n)
	}
	done := f.run(t, im.ID, func() error { return f.svc.Commit(ctx, f.tenantID, im.ID) })
	if done.Status != imports.Done || done.Counts.Created != 2 || countRows(t, f, "service_orders") != 2 {
		t.Fatalf("commit: Status=%v Counts=%+v, want done with 2 created", done.Status, done.Counts)
	}
	if err := f.svc.Commit(ctx, f.tenantID, im.ID); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("second commit err=%v, want a conflict", err)
	}
	if err := f.svc.Preview(ctx, f.tenantID, im.ID, im.Mapping); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("preview after the commit err=%v, want a conflict", err)
	}
	again := f.upload(t, "工单.csv", gbk(t, serviceOrdersCSV))
	f.run(t, again.ID, func() error { return f.svc.Preview(ctx, f.tenantID, again.ID, again.Mapping) })
	redone := f.run(t, again.ID, func() error { return f.svc.Commit(ctx, f.tenantID, again.ID) })
	if c := redone.Counts; c.Created != 0 || c.Updated != 0 || c.Unchanged != 2 || countRows(t, f, "service_orders") != 2 {
		t.Errorf("re-import: Counts=%+v, want 2 unchanged and nothing new", c)
	}
	var csv bytes.Buffer
	testkit.Must(t, f.svc.WriteRejects(ctx, f.tenantID, im.ID, &csv, func(k string, _ ...any) string { return k }))
	if lines := strings.Split(strings.TrimSpace(csv.String()), "\n"); len(lines) != 3 || !strings.Contains(lines[1], "1380000") {
		t.Errorf("rejects file=%q, want a header and the two rejected rows", csv.String())
	}
}

func TestImport_RemembersMapping(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	file := strings.Replace(serviceOrdersCSV, "结算金额", "Fee", 1)
	im := f.upload(t, "orders.csv", []byte(file))
	if im.Mapping["amount"] != "" {
		t.Fatalf("Mapping[amount]=%q, want no guess for an unknown header", im.Mapping["amount"])
	}
	im.Mapping["amount"] = "Fee"
	f.run(t, im.ID, func() error { return f.svc.Preview(ctx, f.tenantID, im.ID, im.Mapping) })
	next := f.upload(t, "orders-2.csv", []byte(file))
	if next.Mapping["amount"] != "Fee" {
		t.Errorf("next file's Mapping[amount]=%q, want the store's saved choice", next.Mapping["amount"])
	}
}

func TestImport_BadInput(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	t.Run("MissingColumn", func(t *testing.T) {
		im := f.upload(t, "orders.csv", []byte("工单号,手机号码\nRO-1,13800000001\n"))
		err := f.svc.Preview(ctx, f.tenantID, im.ID, im.Mapping)
		if e, ok := apperr.As(err); !ok || e.Fields["vin"] != "imports.column_required" {
			t.Errorf("err=%v, want the VIN column required", err)
		}
	})
	t.Run("NotASpreadsheet", func(t *testing.T) {
		_, err := f.svc.Create(ctx, f.tenantID, f.userID, imports.Upload{StoreID: f.storeID, Kind: orders.ServiceOrders,
			Encoding: tabular.Auto, FileName: "photo.xlsx", Content: []byte("PK\x03\x04 not really a zip")})
		if !apperr.Is(err, apperr.Invalid) {
			t.Errorf("err=%v, want invalid", err)
		}
	})
	t.Run("WrongEncodingMidFileWritesNothing", func(t *testing.T) {
		content := append([]byte(strings.SplitAfterN(serviceOrdersCSV, "\n", 3)[0]+strings.SplitAfterN(serviceOrdersCSV, "\n", 3)[1]),
			gbk(t, "RO-9,王强,13800000009,LSVAG2180E2100009,粤B10009,保养,2026-05-03 09:00,,赵敏,560\n")...)
		im, err := f.svc.Create(ctx, f.tenantID, f.userID, imports.Upload{StoreID: f.storeID, Kind: orders.ServiceOrders,
			Encoding: tabular.UTF8, FileName: "mixed.csv", Content: content})
		testkit.Must(t, err)
		got, _ := f.svc.Get(ctx, f.tenantID, im)
		failed := f.run(t, im, func() error { return f.svc.Preview(ctx, f.tenantID, im, got.Mapping) })
		if failed.Status != imports.Failed || failed.ErrorKey != "tabular.error.encoding" || failed.ErrorArgs["Line"] != float64(3) {
			t.Errorf("Status=%v ErrorKey=%v ErrorArgs=%v, want failed with the encoding error at line 3",
				failed.Status, failed.ErrorKey, failed.ErrorArgs)
		}
		if n := countRows(t, f, "customers"); n != 0 {
			t.Errorf("customers=%d, want 0", n)
		}
	})
}

func countRows(t *testing.T, f *fixture, table string) int {
	t.Helper()
	ctx := context.Background()
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	var n int
	testkit.Must(t, tx.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&n))
	return n
}

// TestImport_HostileCells: a customer name holding a NUL byte never reaches PostgreSQL: its row
// is refused naming the column, in the preview and in the rejected rows, where the NUL shows as
// U+FFFD; a name a spreadsheet would run as a formula downloads behind a single quote.
func TestImport_HostileCells(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	file := strings.SplitAfter(serviceOrdersCSV, "\n")[0] +
		"RO-1,张\x00伟,13800000001,LSVAG2180E2100001,粤B10001,保养,2026-05-01 09:00,2026-05-01 12:00,王芳,680.00\n" +
		`RO-2,"=HYPERLINK(""http://x"",""y"")",123,LSVAG2180E2100002,粤B10002,维修,2026-05-02 09:00,2026-05-02 17:30,王芳,1280.50` + "\n" +
		"RO-3,王强,13800000003,LSVAG2180E2100003,粤B10003,保养,2026-05-03 09:00,2026-05-03 11:00,赵敏,560\n"
	im := f.upload(t, "orders.csv", []byte(file))
	previewed := f.run(t, im.ID, func() error { return f.svc.Preview(ctx, f.tenantID, im.ID, im.Mapping) })
	if previewed.Status != imports.Previewed || previewed.Counts.Created != 1 || previewed.Rejected != 2 {
		t.Fatalf("preview: Status=%v Counts=%+v Rejected=%d, want previewed, 1 created, 2 rejected",
			previewed.Status, previewed.Counts, previewed.Rejected)
	}
	want := imports.FieldError{Field: "customer_name", Key: "imports.bad_text", Value: "张\uFFFD伟"}
	if r := previewed.Sample[0]; r.Line != 2 || len(r.Errors) != 1 || r.Errors[0] != want {
		t.Errorf("first reject=%+v, want line 2: %+v", r, want)
	}
	rows := rejects(t, f, im.ID)
	wantRows := [][]string{
		{"2", "RO-1", "张\uFFFD伟", "field.customer_name: imports.bad_text"},
		{"3", "RO-2", `'=HYPERLINK("http://x","y")`, "field.phone: validation.phone"},
	}
	for i, w := range wantRows {
		got := rows[i+1]
		if got[0] != w[0] || got[1] != w[1] || got[2] != w[2] || got[len(got)-1] != w[3] {
			t.Errorf("rejects row %d=%q, want line, order, name and problem %q", i+1, got, w)
		}
	}
	done := f.run(t, im.ID, func() error { return f.svc.Commit(ctx, f.tenantID, im.ID) })
	if done.Status != imports.Done || countRows(t, f, "service_orders") != 1 {
		t.Errorf("commit: Status=%v Counts=%+v, want done with the one valid row", done.Status, done.Counts)
	}
}

// rejects downloads an import's rejected rows, message keys for text, and reads the CSV back.
func rejects(t *testing.T, f *fixture, id int64) [][]string {
	t.Helper()
	var b bytes.Buffer
	testkit.Must(t, f.svc.WriteRejects(context.Background(), f.tenantID, id, &b, func(k string, _ ...any) string { return k }))
	text, ok := strings.CutPrefix(b.String(), "\ufeff")
	if !ok {
		t.Fatalf("rejects file %q, want a byte order mark first", b.String())
	}
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	testkit.Must(t, err)
	return rows
}

// TestImport_InterruptedAtOnce: a running import shows as interrupted as soon as the process
// running it is gone, its connection and lock with it, and may start again; while a process
// holds it, it shows as running and nothing else may run it.
func TestImport_InterruptedAtOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	im := f.upload(t, "工单.csv", gbk(t, serviceOrdersCSV))
	testkit.Must(t, f.svc.Preview(ctx, f.tenantID, im.ID, im.Mapping))
	if got := f.get(t, im.ID); !got.Stalled() {
		t.Errorf("marked and not run: Stalled=false, want true: no process runs it")
	}
	crash, err := f.svc.Hold(ctx, im.ID)
	testkit.Must(t, err)
	if got := f.get(t, im.ID); !got.Held || got.Stalled() {
		t.Errorf("held: Held=%v Stalled=%v, want running", got.Held, got.Stalled())
	}
	if err := f.svc.Preview(ctx, f.tenantID, im.ID, im.Mapping); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("preview while held: err=%v, want a conflict", err)
	}
	if err := f.svc.Run(ctx, f.tenantID, im.ID); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("second run: err=%v, want a conflict", err)
	}
	testkit.Must(t, crash())
	start := time.Now()
	for got := f.get(t, im.ID); !got.Stalled(); got = f.get(t, im.ID) {
		if time.Since(start) > 5*time.Second {
			t.Fatalf("still running 5 s after its connection dropped, want interrupted at once")
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("interrupted %v after the connection dropped", time.Since(start))
	again := f.run(t, im.ID, func() error { return f.svc.Preview(ctx, f.tenantID, im.ID, im.Mapping) })
	if again.Status != imports.Previewed || again.Stalled() {
		t.Errorf("started again: Status=%v Stalled=%v, want previewed", again.Status, again.Stalled())
	}
}

func (f *fixture) get(t *testing.T, id int64) imports.Import {
	t.Helper()
	im, err := f.svc.Get(context.Background(), f.tenantID, id)
	testkit.Must(t, err)
	return im
}
