package customers

import (
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/testkit"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"13812345678", "13812345678", true},
		{"138 1234 5678", "13812345678", true},
		{"138-1234-5678", "13812345678", true},
		{"+86 138 1234 5678", "13812345678", true},
		{"008613812345678", "13812345678", true},
		{"８６１３８１２３４５６７８", "13812345678", true}, // full-width digits with the country code
		{"(0755) 8888-6666", "075588886666", true},
		{"010-12345678", "01012345678", true},
		{"+1 415 555 0100", "14155550100", true},
		{"12812345678", "12812345678", false}, // no mobile number starts 12
		{"1381234567", "1381234567", false},   // ten digits
		{"138123456789", "138123456789", false},
		{"138-1234-567x", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizePhone(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizePhone(%q)=%q,%v, want %q,%v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{"13812345678": "138****5678", "075588886666": "075****6666",
		"5551234": "55****34", "123": "****", "": ""} {
		if got := MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q)=%q, want %q", in, got, want)
		}
	}
}

func TestNormalizeVIN(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"LSVAG2180E2100001", "LSVAG2180E2100001", true},
		{" lsvag2180e2100001 ", "LSVAG2180E2100001", true},
		{"WBA8E9G50GNT12345", "WBA8E9G50GNT12345", true},
		{"LSVAG2180E210000", "LSVAG2180E210000", false},     // 16 characters
		{"LSVAG2180E21000011", "LSVAG2180E21000011", false}, // 18
		{"LSVAG2180E210000I", "LSVAG2180E210000I", false},   // I looks like 1
		{"LSVAG2180E210000O", "LSVAG2180E210000O", false},   // O looks like 0
		{"LSVAG2180E210000Q", "LSVAG2180E210000Q", false},
		{"LSVAG2180E21000-1", "LSVAG2180E21000-1", false},
	}
	for _, tt := range tests {
		got, ok := NormalizeVIN(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeVIN(%q)=%q,%v, want %q,%v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if got := NormalizePlate(" 粤b·12345 "); got != "粤B12345" {
		t.Errorf("NormalizePlate=%q, want 粤B12345", got)
	}
}

func TestCustomer_Validate(t *testing.T) {
	today := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	young, old := today.AddDate(-15, 0, 0), today.AddDate(-111, 0, 0)
	ok := today.AddDate(-40, 0, 0)
	tests := []struct {
		name   string
		change func(*Customer)
		want   map[string]string
	}{
		{"OK", func(c *Customer) { c.BirthDate = &ok }, nil},
		{"ErrName", func(c *Customer) { c.Name = "" }, map[string]string{"name": "validation.required"}},
		{"ErrPhone", func(c *Customer) { c.Phone = "12345" }, map[string]string{"phone": "validation.phone"}},
		{"ErrTooYoung", func(c *Customer) { c.BirthDate = &young }, map[string]string{"birth_date": "validation.birth_date"}},
		{"ErrTooOld", func(c *Customer) { c.BirthDate = &old }, map[string]string{"birth_date": "validation.birth_date"}},
		{"ErrNoReason", func(c *Customer) { c.DoNotContact = true }, map[string]string{"dnc_reason": "validation.dnc_reason"}},
		{"ErrGender", func(c *Customer) { c.Gender = "x" }, map[string]string{"gender": "validation.choice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Customer{Name: "张伟", Phone: "13812345678", Gender: "male", ContactTime: "any", Consent: true, Language: "zh-CN"}
			tt.change(&c)
			err := c.Validate(today)
			var got map[string]string
			if err != nil {
				got = testkit.Fields(t, err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("errors=%v, want %v", got, tt.want)
			}
			for f, k := range tt.want {
				if got[f] != k {
					t.Errorf("errors[%s]=%q, want %q", f, got[f], k)
				}
			}
		})
	}
}
