package orders

import (
	"maps"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	want := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, in := range []string{"2026-05-01", "2026/05/01", "2026-5-1", "2026/5/1", "2026.05.01",
		"20260501", "2026年5月1日", " 2026-05-01 ", "2026-05-01 14:30", "2026-05-01T14:30:00+08:00"} {
		got, ok := ParseDate(in)
		if !ok || !got.Equal(want) {
			t.Errorf("ParseDate(%q)=%v,%v, want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "2026-13-01", "2026-02-30", "05/01/2026", "yesterday", "2026"} {
		if got, ok := ParseDate(in); ok {
			t.Errorf("ParseDate(%q)=%v, want refused", in, got)
		}
	}
}

func TestParseTime(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2026-05-01 14:30", time.Date(2026, 5, 1, 14, 30, 0, 0, sh)},
		{"2026/5/1 9:05:07", time.Date(2026, 5, 1, 9, 5, 7, 0, sh)},
		{"2026-05-01T14:30", time.Date(2026, 5, 1, 14, 30, 0, 0, sh)},
		{"2026-05-01", time.Date(2026, 5, 1, 0, 0, 0, 0, sh)},
		{"2026-05-01T06:30:00Z", time.Date(2026, 5, 1, 6, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got, ok := ParseTime(tt.in, sh)
		if !ok || !got.Equal(tt.want) {
			t.Errorf("ParseTime(%q)=%v,%v, want %v", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{"2026-05-01 25:00", "2026-05-01 noon", "tomorrow"} {
		if got, ok := ParseTime(in, sh); ok {
			t.Errorf("ParseTime(%q)=%v, want refused", in, got)
		}
	}
}

func TestParseAmountMileageWorkType(t *testing.T) {
	amounts := map[string]int64{"1280.50": 128050, "1,280.5": 128050, "¥88": 8800, "0": 0, "12.345": 1235}
	for in, want := range amounts {
		if got, ok := ParseAmount(in); !ok || got != want {
			t.Errorf("ParseAmount(%q)=%v,%v, want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"-5", "abc", "", "1e12"} {
		if got, ok := ParseAmount(in); ok {
			t.Errorf("ParseAmount(%q)=%v, want refused", in, got)
		}
	}
	if got, ok := ParseMileage("12,345km"); !ok || got != 12345 {
		t.Errorf("ParseMileage=%v,%v, want 12345", got, ok)
	}
	if _, ok := ParseMileage("-1"); ok {
		t.Errorf("ParseMileage(-1) accepted, want refused")
	}
	works := map[string]string{"保养": "maintenance", "Repair": "repair", "钣喷": "body_paint",
		"索赔": "warranty", "精品加装": "accessory", "body_paint": "body_paint"}
	for in, want := range works {
		if got, ok := ParseWorkType(in); !ok || got != want {
			t.Errorf("ParseWorkType(%q)=%v,%v, want %v", in, got, ok, want)
		}
	}
	if _, ok := ParseWorkType("洗车"); ok {
		t.Errorf("ParseWorkType(洗车) accepted, want refused")
	}
}

func TestParseRecord(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, sh)
	valid := map[string]string{
		"order_no": "RO-1", "customer_name": "张伟", "phone": "138 1234 5678", "vin": "lsvag2180e2100001",
		"plate": "粤B·12345", "work_type": "保养", "opened_at": "2026-05-01 09:00", "closed_at": "2026-05-01 17:30",
		"amount": "¥1,280.50", "mileage": "12000", "delivered_on": "2026-05-02",
	}
	tests := []struct {
		name   string
		kind   Kind
		change map[string]string
		want   FieldErrors
	}{
		{"OK service order", ServiceOrders, nil, FieldErrors{}},
		{"OK delivery", Deliveries, nil, FieldErrors{}},
		{"missing", ServiceOrders, map[string]string{"order_no": "", "opened_at": ""},
			FieldErrors{"order_no": "validation.required", "opened_at": "validation.required"}},
		{"bad vin and phone", Deliveries, map[string]string{"vin": "LSVAG2180E210000I", "phone": "12345"},
			FieldErrors{"vin": "validation.vin", "phone": "validation.phone"}},
		{"bad dates", ServiceOrders, map[string]string{"opened_at": "2026-05-01 09:00", "closed_at": "2026-04-30"},
			FieldErrors{"closed_at": "validation.closed_before_opened"}},
		{"future delivery", Deliveries, map[string]string{"delivered_on": "2026-07-01"},
			FieldErrors{"delivered_on": "validation.date_range"}},
		{"unknown work type", ServiceOrders, map[string]string{"work_type": "洗车"},
			FieldErrors{"work_type": "validation.work_type"}},
		{"not a date", Deliveries, map[string]string{"delivered_on": "next week"},
			FieldErrors{"delivered_on": "validation.date"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := maps.Clone(valid)
			maps.Copy(fields, tt.change)
			r, errs := ParseRecord(tt.kind, func(f string) string { return fields[f] }, sh, today)
			if !maps.Equal(errs, tt.want) {
				t.Fatalf("errors=%v, want %v", errs, tt.want)
			}
			if len(tt.want) == 0 && (r.Phone != "13812345678" || r.VIN != "LSVAG2180E2100001" || r.Plate != "粤B12345") {
				t.Errorf("record=%+v, want normalized phone, VIN and plate", r)
			}
		})
	}
}
