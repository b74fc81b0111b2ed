//go:build faults

package faults

import (
	"bytes"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/csidesk/csidesk/internal/i18n"
	"github.com/csidesk/csidesk/internal/imports"
	"github.com/csidesk/csidesk/internal/tabular/badfiles"
)

// maxPeakRSS is the most memory the server may hold through the corpus of hostile files.
const maxPeakRSS = 300 << 20

// refusal is what the user is told of a file of the corpus: a message key and its arguments,
// on the upload form (at upload) or on the import's page (at preview); no key for the valid
// files, which preview with no row rejected.
type refusal struct {
	key       string
	args      []any
	atPreview bool
}

// refusals are what each file of the corpus gets. The files whose trouble lies past their header
// are taken at upload and refused at preview: the whole file for a line that cannot be read, the
// rows with a NUL byte one by one, naming the column.
var refusals = map[string]refusal{
	"valid.csv":           {},
	"valid.xlsx":          {},
	"empty.csv":           {key: "imports.file_empty"},
	"random.xlsx":         {key: "tabular.error.format"},
	"truncated.xlsx":      {key: "tabular.error.format"},
	"sst-bomb.xlsx":       {key: "tabular.error.xlsx_shared_strings", args: []any{"MiB", 16}},
	"sheet-bomb.xlsx":     {key: "tabular.error.xlsx_sheets", args: []any{"MiB", 128}},
	"styles-bomb.xlsx":    {key: "tabular.error.xlsx_part", args: []any{"Part", "xl/styles.xml", "MiB", 1}},
	"parts-bomb.xlsx":     {key: "tabular.error.xlsx_parts", args: []any{"Max", 1000}},
	"oversize.csv":        {key: "imports.file_too_large", args: []any{"MiB", imports.MaxFileBytes >> 20}},
	"wide.csv":            {key: "tabular.error.too_many_columns", args: []any{"Line", 1, "Max", 200}},
	"long-line.csv":       {key: "tabular.error.record_too_long", args: []any{"Line", 2, "MiB", 4}, atPreview: true},
	"mixed-encodings.csv": {key: "tabular.error.encoding", args: []any{"Line", 2002, "Encoding", "UTF-8", "Other", "GBK"}, atPreview: true},
	"nul-cells.csv":       {key: "imports.bad_text", atPreview: true},
}

// TestImport_BadFiles: the customer-service manager uploads each file of the hostile corpus
// (badfiles) through the server, previewing those it takes, then four bombs at once. Each bad
// file is refused with its message in the page, in the user's language (the demo users read
// Chinese), and never a 500; the valid CSV and XLSX exports preview; and the server's memory
// stays under 300 MiB throughout.
func TestImport_BadFiles(t *testing.T) {
	srv := startServer(t, suite)
	c := login(t, srv.URL, demo("csm"), demoPassword)
	files, err := badfiles.Write(t.TempDir(), imports.MaxFileBytes)
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	zh := bundle.Localizer("zh-CN")
	store := storeID(t, "浦东")
	paths := map[string]string{}
	for _, f := range files {
		want, ok := refusals[f.Name]
		if !ok {
			t.Fatalf("no refusal for %s (%s)", f.Name, f.About)
		}
		paths[f.Name] = f.Path
		t.Run(f.Name, func(t *testing.T) {
			res := uploadFile(t, c, srv.URL, store, f.Name, f.Path)
			if want.key == "" || want.atPreview {
				page := previewed(t, c, srv.URL, res)
				checkPreview(t, page, want, zh)
				return
			}
			checkRefused(t, res, zh.T(want.key, want.args...))
		})
	}
	t.Run("four bombs at once", func(t *testing.T) {
		var wg sync.WaitGroup
		for _, name := range []string{"sst-bomb.xlsx", "sheet-bomb.xlsx", "styles-bomb.xlsx", "parts-bomb.xlsx"} {
			wg.Go(func() {
				want := refusals[name]
				checkRefused(t, uploadFile(t, c, srv.URL, store, name, paths[name]), zh.T(want.key, want.args...))
			})
		}
		wg.Wait()
	})
	peak := srv.PeakRSS()
	t.Logf("server's peak RSS through the corpus: %d MiB", peak>>20)
	if peak > maxPeakRSS {
		t.Errorf("peak RSS=%d MiB, want at most %d MiB", peak>>20, maxPeakRSS>>20)
	}
}

// postUpload posts content on the upload form as a deliveries file named name, as a browser
// does, and returns the answer, whatever it is.
func postUpload(t *testing.T, c *http.Client, base string, store int64, name string, content []byte) response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range map[string]string{"store_id": fmt.Sprint(store), "kind": "deliveries", "encoding": "auto"} {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, base+"/imports", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := do(c, req)
	if err != nil {
		t.Errorf("upload %s: %v", name, err)
	}
	return res
}

// uploadFile posts the file of the corpus at path, named name.
func uploadFile(t *testing.T, c *http.Client, base string, store int64, name, path string) response {
	t.Helper()
	content, err := os.ReadFile(path)
	if err != nil {
		t.Error(err)
		return response{}
	}
	return postUpload(t, c, base, store, name, content)
}

// checkRefused fails t unless the upload was answered with the upload form again (422),
// telling the user message.
func checkRefused(t *testing.T, res response, message string) {
	t.Helper()
	if res.Code != http.StatusUnprocessableEntity {
		t.Errorf("upload: Status=%d, want 422 with the upload form; body %.300s", res.Code, res.Body)
		return
	}
	if !strings.Contains(res.Body, `data-testid="upload-form"`) || !strings.Contains(html.UnescapeString(res.Body), message) {
		t.Errorf("upload: the page does not say %q; body %.2000s", message, res.Body)
	}
}

// previewed previews the import an upload made, with the columns it guessed, and returns its
// page once the preview has ended.
func previewed(t *testing.T, c *http.Client, base string, upload response) string {
	t.Helper()
	if upload.Code != http.StatusSeeOther {
		t.Fatalf("upload: Status=%d, want 303 to the import; body %.300s", upload.Code, upload.Body)
	}
	imp := base + upload.Header.Get("Location")
	mapping := formOf(t, c, imp, "mapping-form")
	if res := mustFetch(t, c, http.MethodPost, base+mapping.Action, mapping.Values); res.Code != http.StatusSeeOther {
		t.Fatalf("preview: Status=%d, want 303; body %.300s", res.Code, res.Body)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		page := mustFetch(t, c, http.MethodGet, imp, nil)
		if page.Code != http.StatusOK {
			t.Fatalf("import page: Status=%d, want 200", page.Code)
		}
		if !strings.Contains(page.Body, `data-testid="import-progress"`) {
			return html.UnescapeString(page.Body)
		}
		if time.Now().After(deadline) {
			t.Fatalf("preview still running after 30 s")
		}
	}
}

// checkPreview fails t unless the preview's page shows what the file gets: its counts with no
// row rejected (a valid file), its rows rejected with the message (NUL bytes), or the message
// that the file could not be read.
func checkPreview(t *testing.T, page string, want refusal, l *i18n.Localizer) {
	t.Helper()
	switch {
	case want.key == "":
		if !strings.Contains(page, `data-testid="import-counts"`) || !strings.Contains(page, `data-testid="count-rejected">0<`) {
			t.Errorf("preview of a valid file: want its counts with no row rejected; body %.2000s", page)
		}
	case want.key == "imports.bad_text":
		if !strings.Contains(page, `data-testid="count-rejected">100<`) || !strings.Contains(page, l.T(want.key)) {
			t.Errorf("preview: want 100 rows rejected for %q; body %.2000s", l.T(want.key), page)
		}
	default:
		message := l.T(want.key, want.args...)
		if !strings.Contains(page, `data-testid="import-error"`) || !strings.Contains(page, message) {
			t.Errorf("preview: want the import failed, saying %q; body %.2000s", message, page)
		}
	}
}
