package server_test

import (
	"strings"
	"testing"
)

// TestAPI_TextRefused: a string the database cannot store, sent as \u0000 or as bytes that are
// not UTF-8, is an invalid record pointed at its value, in the caller's language, and nothing
// of the batch is saved.
func TestAPI_TextRefused(t *testing.T) {
	e := newEnv(t)
	_, secret := newAPIKey(t, e, e.A)
	nul := serviceOrder(1)
	nul["customer_name"] = "a\x00b" // encoded as "a\u0000b"
	body := batch(nul, serviceOrder(2), serviceOrder(3))
	// json.Marshal would replace the byte, so it goes into the first two records by hand.
	body = strings.Replace(body, `"advisor":"王芳"`, "\"advisor\":\"a\xffb\"", 2)
	if !strings.Contains(body, `a\u0000b`) || strings.Count(body, "a\xffb") != 2 {
		t.Fatalf("body %q, want \\u0000 in the first record and a byte 0xff in the first two", body)
	}
	before := tableCounts(t, e, e.A)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			p := decodeProblem(t, e.push("/api/v1/service-orders", secret, body, "Accept-Language", lang), 422)
			l := catalog(t, lang)
			if p.Type != "https://csidesk.cn/problems/invalid-records" || p.Detail != l.T("api.invalid.detail", "Count", 2) {
				t.Errorf("type=%q detail=%q, want invalid-records saying %q", p.Type, p.Detail, l.T("api.invalid.detail", "Count", 2))
			}
			want := []string{"/records/0/customer_name", "/records/0/advisor", "/records/1/advisor"}
			if len(p.Errors) != len(want) {
				t.Fatalf("errors=%+v, want %v", p.Errors, want)
			}
			for i, fe := range p.Errors {
				if fe.Pointer != want[i] || fe.Detail != l.T("validation.text_invalid") {
					t.Errorf("errors[%d]=%+v, want %s saying %q", i, fe, want[i], l.T("validation.text_invalid"))
				}
			}
		})
	}
	checkAdded(t, e, e.A, before, nil)
}

// TestAPI_MalformedAt: the problem of a body that is not JSON names the byte where it breaks.
func TestAPI_MalformedAt(t *testing.T) {
	e := newEnv(t)
	_, secret := newAPIKey(t, e, e.A)
	valid := batch(serviceOrder(1))
	tests := []struct {
		name   string
		body   string
		offset int
	}{
		{"ErrEmpty", "", 0},
		{"ErrNotJSON", "order_no,vin\nRO1,LSVAG2180E2000001\n", 1},
		{"ErrMissingValue", `{"records": [}`, 14},
		{"ErrTrailingComma", `{"records": [{"order_no": "RO1",]}`, 33},
		{"ErrRawNul", "{\"records\": [{\"a\": \"\x00\"}]}", 21},
		{"ErrTruncated", valid[:40], 40},
		{"ErrTrailingData", valid + "{}", len(valid)},
	}
	before := tableCounts(t, e, e.A)
	l := catalog(t, "en")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := decodeProblem(t, e.push("/api/v1/service-orders", secret, tt.body, "Accept-Language", "en"), 400)
			if want := l.T("api.malformed.detail", "Offset", tt.offset); p.Type != "https://csidesk.cn/problems/malformed-json" || p.Detail != want {
				t.Errorf("type=%q detail=%q, want malformed-json saying %q", p.Type, p.Detail, want)
			}
		})
	}
	checkAdded(t, e, e.A, before, nil)
}
