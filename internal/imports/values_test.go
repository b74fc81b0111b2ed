package imports_test

import (
	"context"
	"strings"
	"testing"

	"github.com/csidesk/csidesk/internal/apperr"
	"github.com/csidesk/csidesk/internal/imports"
	"github.com/csidesk/csidesk/internal/orders"
	"github.com/csidesk/csidesk/internal/tabular"
	"github.com/csidesk/csidesk/internal/tenancy"
	"github.com/csidesk/csidesk/internal/testkit"
)

// overhaulCSV has two orders of a work type the product does not know, 大修, and one it does.
const overhaulCSV = `工单号,客户姓名,手机号码,车架号,车牌号,维修类型,开单时间,结算时间,服务顾问,结算金额
RO-1,张伟,13800000001,LSVAG2180E2100001,粤B10001,大修,2026-05-01 09:00,2026-05-01 12:00,王芳,680.00
RO-2,李娜,13800000002,LSVAG2180E2100002,粤B10002,保养,2026-05-02 09:00,2026-05-02 17:30,王芳,1280.50
RO-3,王强,13800000003,LSVAG2180E2100003,粤B10003, 大修 ,2026-05-03 09:00,2026-05-03 11:00,赵敏,560
`

// TestImport_ValueMapping: a GBK file's unknown work type is listed with its rows and rejects
// them until the store maps it; mapped, the rows load as that work type, and the store's next
// file uses the choice without asking.
func TestImport_ValueMapping(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	im := f.upload(t, "工单.csv", gbk(t, overhaulCSV))
	first := f.run(t, im.ID, func() error { return f.svc.Preview(ctx, f.tenantID, im.ID, im.Mapping) })
	want := imports.Code{Field: "work_type", Code: "大修", Rows: 2}
	if len(first.Codes) != 1 || first.Codes[0] != want || first.Rejected != 2 {
		t.Fatalf("Codes=%+v Rejected=%d, want %+v rejecting 2 rows", first.Codes, first.Rejected, want)
	}
	mapped := f.run(t, im.ID, func() error {
		return f.svc.MapValues(ctx, f.tenantID, im.ID, []imports.Choice{{Field: "work_type", Code: "大修", Value: "repair"}})
	})
	if mapped.Status != imports.Previewed || mapped.Rejected != 0 || mapped.Counts.Created != 3 {
		t.Fatalf("after mapping: Status=%v Rejected=%d Counts=%+v, want 3 rows to create", mapped.Status, mapped.Rejected, mapped.Counts)
	}
	if mapped.Values["work_type"]["大修"] != "repair" || len(mapped.Codes) != 1 {
		t.Errorf("Values=%v Codes=%+v, want 大修 remembered as repair and still listed", mapped.Values, mapped.Codes)
	}
	f.run(t, im.ID, func() error { return f.svc.Commit(ctx, f.tenantID, im.ID) })
	if got := workTypes(t, f); got["RO-1"] != "repair" || got["RO-3"] != "repair" || got["RO-2"] != "maintenance" {
		t.Errorf("work types=%v, want RO-1 and RO-3 repair", got)
	}

	next := f.upload(t, "工单-2.csv", gbk(t, strings.ReplaceAll(overhaulCSV, "RO-", "RO-B")))
	again := f.run(t, next.ID, func() error { return f.svc.Preview(ctx, f.tenantID, next.ID, next.Mapping) })
	if again.Rejected != 0 || again.Counts.Created != 3 {
		t.Errorf("next file: Rejected=%d Counts=%+v, want the remembered value applied", again.Rejected, again.Counts)
	}

	forgotten := f.run(t, next.ID, func() error {
		return f.svc.MapValues(ctx, f.tenantID, next.ID, []imports.Choice{{Field: "work_type", Code: "大修", Value: ""}})
	})
	if forgotten.Rejected != 2 || len(forgotten.Values["work_type"]) != 0 {
		t.Errorf("left unmapped: Rejected=%d Values=%v, want the code forgotten and its rows rejected", forgotten.Rejected, forgotten.Values)
	}
}

func TestImport_ValueMappingBadInput(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	im := f.upload(t, "工单.csv", gbk(t, overhaulCSV))
	f.run(t, im.ID, func() error { return f.svc.Preview(ctx, f.tenantID, im.ID, im.Mapping) })
	tests := []struct {
		name   string
		choice imports.Choice
		want   string
	}{
		{"UnknownValue", imports.Choice{Field: "work_type", Code: "大修", Value: "overhaul"}, "imports.value_choice"},
		{"NotCoded", imports.Choice{Field: "customer_name", Code: "大修", Value: "repair"}, "validation.choice"},
		{"NoCode", imports.Choice{Field: "work_type", Code: " ", Value: "repair"}, "validation.required"},
		{"LongCode", imports.Choice{Field: "work_type", Code: strings.Repeat("大", 101), Value: "repair"}, "validation.too_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok := imports.Choice{Field: "work_type", Code: "小修", Value: "repair"}
			err := f.svc.MapValues(ctx, f.tenantID, im.ID, []imports.Choice{ok, tt.choice})
			if e, isApp := apperr.As(err); !isApp || e.Fields[imports.ValueKey(1)] != tt.want || len(e.Fields) != 1 {
				t.Fatalf("err=%v, want %s at the second choice only", err, tt.want)
			}
			if got := f.get(t, im.ID); got.Status != imports.Previewed || len(got.Values) != 0 {
				t.Errorf("Status=%v Values=%v, want nothing saved and the import as it was", got.Status, got.Values)
			}
		})
	}
	t.Run("NotPreviewed", func(t *testing.T) {
		other := f.upload(t, "工单-2.csv", gbk(t, overhaulCSV))
		err := f.svc.MapValues(ctx, f.tenantID, other.ID, []imports.Choice{{Field: "work_type", Code: "大修", Value: "repair"}})
		if !apperr.Is(err, apperr.Conflict) || len(f.get(t, other.ID).Values) != 0 {
			t.Errorf("err=%v, want a conflict and nothing saved before the file was checked", err)
		}
	})
}

// TestImport_ValuesPerStore: one store's values never apply to another store's files, nor one
// group's to another's.
func TestImport_ValuesPerStore(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	im := f.upload(t, "工单.csv", gbk(t, overhaulCSV))
	f.run(t, im.ID, func() error { return f.svc.Preview(ctx, f.tenantID, im.ID, im.Mapping) })
	f.run(t, im.ID, func() error {
		return f.svc.MapValues(ctx, f.tenantID, im.ID, []imports.Choice{{Field: "work_type", Code: "大修", Value: "repair"}})
	})

	st := tenancy.NewStore()
	st.Name = "瑞丰二店"
	testkit.Must(t, (&tenancy.Service{DB: f.db.App}).CreateStore(ctx, f.tenantID, &st))
	id, err := f.svc.Create(ctx, f.tenantID, f.userID, imports.Upload{StoreID: st.ID, Kind: orders.ServiceOrders,
		Encoding: tabular.Auto, FileName: "工单.csv", Content: gbk(t, overhaulCSV)})
	testkit.Must(t, err)
	mapping := f.get(t, id).Mapping
	second := f.run(t, id, func() error { return f.svc.Preview(ctx, f.tenantID, id, mapping) })
	if second.Rejected != 2 || len(second.Values) != 0 {
		t.Errorf("second store: Rejected=%d Values=%v, want the first store's choice unused", second.Rejected, second.Values)
	}

	other := newGroup(t, f.db, "华晨")
	theirs := other.upload(t, "工单.csv", gbk(t, overhaulCSV))
	got := other.run(t, theirs.ID, func() error { return other.svc.Preview(ctx, other.tenantID, theirs.ID, theirs.Mapping) })
	if got.Rejected != 2 || len(got.Values) != 0 {
		t.Errorf("other group: Rejected=%d Values=%v, want no value of another group", got.Rejected, got.Values)
	}
	if _, err := f.svc.Get(ctx, f.tenantID, theirs.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another group's import: err=%v, want not found", err)
	}
}

// TestImport_SampleRows: an upload keeps its file's first three rows for the column mapping.
func TestImport_SampleRows(t *testing.T) {
	f := newFixture(t)
	im := f.upload(t, "工单.csv", gbk(t, overhaulCSV+"RO-4,赵敏,13800000004,LSVAG2180E2100004,粤B10004,保养,2026-05-04 09:00,,赵敏,1\n"))
	if len(im.Samples) != 3 || im.Samples[0][5] != "大修" || im.Samples[2][0] != "RO-3" {
		t.Errorf("Samples=%q, want the first three rows", im.Samples)
	}
}

func TestDescribe_NamesTheFieldOnce(t *testing.T) {
	msgs := map[string]string{"field.vin": "车架号（VIN）", "validation.vin": "车架号（VIN）应为 17 位字母和数字（不含 I、O、Q）。",
		"field.mileage": "里程", "validation.mileage": "请输入 0 至 3,000,000 之间的公里数。",
		"field.phone": "Phone", "validation.phone": "Enter a valid phone number."}
	t9n := func(k string, _ ...any) string { return msgs[k] }
	r := imports.Reject{Line: 2, Errors: []imports.FieldError{
		{Field: "vin", Key: "validation.vin"}, {Field: "mileage", Key: "validation.mileage"}, {Field: "phone", Key: "validation.phone"}}}
	want := "车架号（VIN）应为 17 位字母和数字（不含 I、O、Q）。; 里程: 请输入 0 至 3,000,000 之间的公里数。; Enter a valid phone number."
	if got := imports.Describe(r, t9n); got != want {
		t.Errorf("Describe=%q, want %q", got, want)
	}
}

// workTypes reads the work type of each service order by its number.
func workTypes(t *testing.T, f *fixture) map[string]string {
	t.Helper()
	ctx := context.Background()
	tx, err := f.db.App.BeginTenant(ctx, f.tenantID)
	testkit.Must(t, err)
	defer tx.Rollback(ctx)
	rows, err := tx.Query(ctx, `SELECT order_no, work_type FROM service_orders`)
	testkit.Must(t, err)
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var no, wt string
		testkit.Must(t, rows.Scan(&no, &wt))
		out[no] = wt
	}
	return out
}
