//go:build faults

package faults

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// formulas are customer names a spreadsheet would take for formulas.
var formulas = []string{`=HYPERLINK("http://x","y")`, "+SUM(1,2)", "-2+3", "@SUM(A1:A2)"}

// TestImportRejects_FormulasEscaped: a deliveries file whose rows have customer names starting
// with =, +, - and @ and a phone number too short is previewed; every row is rejected, and the
// rejected rows download with each such name behind a single quote, so that a spreadsheet shows
// the name instead of running it.
func TestImportRejects_FormulasEscaped(t *testing.T) {
	srv := startServer(t, suite)
	c := login(t, srv.URL, demo("csm"), demoPassword)
	res := upload(t, c, srv.URL, storeID(t, "浦东"), deliveriesWith(t, formulas))
	imp := srv.URL + res.Header.Get("Location")
	mapping := formOf(t, c, imp, "mapping-form")
	if res := mustFetch(t, c, http.MethodPost, srv.URL+mapping.Action, mapping.Values); res.Code != http.StatusSeeOther {
		t.Fatalf("preview: Status=%d, want 303", res.Code)
	}
	res = mustFetch(t, c, http.MethodGet, imp+"/rejects", nil)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff"))).ReadAll()
	if res.Code != http.StatusOK || err != nil || len(rows) != len(formulas)+1 {
		t.Fatalf("rejects download: Status=%d err=%v rows=%d, want the header and %d rows:\n%s", res.Code, err, len(rows), len(formulas), res.Body)
	}
	name := slices.Index(rows[0], "客户姓名")
	if name < 0 {
		t.Fatalf("rejects header %q lacks 客户姓名", rows[0])
	}
	for i, f := range formulas {
		if got := rows[i+1][name]; got != "'"+f {
			t.Errorf("rejected name %q downloads as %q, want %q", f, got, "'"+f)
		}
	}
}

// deliveriesWith is a deliveries file with one row per customer name, each with a phone number
// too short to load.
func deliveriesWith(t *testing.T, names []string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"交车单号", "客户姓名", "手机号码", "车架号", "车牌号", "品牌", "车型", "交车日期", "销售顾问"})
	for i, n := range names {
		w.Write([]string{fmt.Sprintf("JCFAULT%03d", i), n, "123", fmt.Sprintf("LSVAG2180P27990%02d", i), "", "大众", "朗逸", "2026-11-16", "刘洋"})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// upload posts a deliveries file on the import page's upload form, as a multipart form; the
// answer is a 303 to the new import.
func upload(t *testing.T, c *http.Client, base string, store int64, file []byte) response {
	t.Helper()
	res := postUpload(t, c, base, store, "deliveries.csv", file)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("upload: Status=%d, want 303; body %.300s", res.Code, res.Body)
	}
	return res
}
